package io.purertc.server;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A signaling request refused. Either one of FastRTC's failures, which its protocol answers with HTTP 200 and
 * {@code {"status":"failed","meta":{"error":"<code>"}}} (plus {@code "limit"} for a full server), or a bad
 * request, answered with HTTP 400 and {@code {"status":"failed","meta":{"error":"<code>","reason":"<message>"}}}.
 */
public final class SignalingException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why, as the {@code error} code the client reads. */
    public enum Code {
        /** No session has this {@code webrtc_id}. */
        UNKNOWN_CONNECTION("unknown_connection", false),
        /** A trickled candidate that does not parse. */
        INVALID_CANDIDATE_FORMAT("invalid_candidate_format", false),
        /** The session exists but is closed. */
        CONNECTION_CLOSED("connection_closed", false),
        /** An offer for a {@code webrtc_id} that is live already. */
        CONNECTION_ALREADY_EXISTS("connection_already_exists", false),
        /** The server holds as many sessions as it may. */
        CONCURRENCY_LIMIT_REACHED("concurrency_limit_reached", false),
        /** A session description we refuse (does not parse, no media, no ICE credentials or fingerprint ...). */
        INVALID_SDP("invalid_sdp", true),
        /** A request that is not what the protocol says: not JSON, a missing or mistyped member ... */
        INVALID_REQUEST("invalid_request", true);

        private final String error;
        private final boolean badRequest;

        Code(String error, boolean badRequest) {
            this.error = error;
            this.badRequest = badRequest;
        }

        /** The code as the reply's {@code meta.error} spells it. */
        public String error() {
            return error;
        }

        /** Whether the reply is HTTP 400 with a reason (true) or FastRTC's HTTP 200 failure (false). */
        public boolean badRequest() {
            return badRequest;
        }
    }

    private final Code code;
    private final OptionalInt limit;

    private SignalingException(Code code, String message, OptionalInt limit) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.limit = limit;
    }

    public static SignalingException unknownConnection(String webrtcId) {
        return new SignalingException(Code.UNKNOWN_CONNECTION, "no session " + webrtcId, OptionalInt.empty());
    }

    public static SignalingException invalidCandidateFormat(String reason) {
        return new SignalingException(Code.INVALID_CANDIDATE_FORMAT, reason, OptionalInt.empty());
    }

    public static SignalingException connectionClosed(String webrtcId) {
        return new SignalingException(Code.CONNECTION_CLOSED, "session " + webrtcId + " is closed",
                OptionalInt.empty());
    }

    public static SignalingException connectionAlreadyExists(String webrtcId) {
        return new SignalingException(Code.CONNECTION_ALREADY_EXISTS, "session " + webrtcId + " exists already",
                OptionalInt.empty());
    }

    public static SignalingException concurrencyLimitReached(int limit) {
        return new SignalingException(Code.CONCURRENCY_LIMIT_REACHED, "at most " + limit + " sessions",
                OptionalInt.of(limit));
    }

    /** A session description we refuse; {@code reason} is sent to the client. */
    public static SignalingException invalidSdp(String reason) {
        return new SignalingException(Code.INVALID_SDP, reason, OptionalInt.empty());
    }

    /** A request that breaks the protocol; {@code reason} is sent to the client. */
    public static SignalingException invalidRequest(String reason) {
        return new SignalingException(Code.INVALID_REQUEST, reason, OptionalInt.empty());
    }

    public Code code() {
        return code;
    }

    /** The session limit, for {@link Code#CONCURRENCY_LIMIT_REACHED}. */
    public OptionalInt limit() {
        return limit;
    }
}
