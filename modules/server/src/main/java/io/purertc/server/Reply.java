package io.purertc.server;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.netty.handler.codec.http.HttpResponseStatus;

/** An HTTP response before it meets a channel: status, content type, body and any extra headers. */
record Reply(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {

    /** As FastAPI's {@code JSONResponse} labels its bodies. */
    static final String JSON = "application/json";

    /** FastRTC's answer to an accepted candidate. */
    static final Reply SUCCESS = json(HttpResponseStatus.OK, new Status("success"));

    static Reply json(HttpResponseStatus status, Object value) {
        return new Reply(status, JSON, Json.write(value).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A refusal: FastRTC's HTTP 200 shape, or HTTP 400 with the reason for a bad request. */
    static Reply failure(SignalingException e) {
        SignalingException.Code code = e.code();
        if (code.badRequest()) {
            return error(HttpResponseStatus.BAD_REQUEST, code.error(), e.getMessage());
        }
        return json(HttpResponseStatus.OK, new Failed(new Meta(code.error(), e.limit(), Optional.empty())));
    }

    /** An HTTP-level error in FastRTC's failure shape, with a reason for people reading it. */
    static Reply error(HttpResponseStatus status, String error, String reason) {
        return json(status, new Failed(new Meta(error, OptionalInt.empty(), Optional.of(reason))));
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, Map.copyOf(more));
    }

    record Status(String status) {
    }

    record Failed(String status, Meta meta) {
        Failed(Meta meta) {
            this("failed", meta);
        }
    }

    record Meta(String error, OptionalInt limit, Optional<String> reason) {
    }
}
