package io.purertc.server;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * FastRTC's signaling protocol on a {@link SessionRegistry}: turns request bodies and query parameters into
 * registry calls and their results into replies. Every refusal is a {@link SignalingException}; nothing here
 * trusts a member to exist or to have the type the protocol gives it.
 */
final class Signaling {

    /** The modes {@code /webrtc/server-offer} takes, FastRTC's modality names. */
    static final Set<String> MODES = Set.of("audio", "video", "audio-video");

    private static final int MAX_WEBRTC_ID = 128;
    private static final int MAX_LINE_INDEX = 0xFFFF;

    private final SessionRegistry registry;
    private final int maxSessions;
    private final SecureRandom random = new SecureRandom();
    private final Object admission = new Object();
    /** Sessions admitted whose registry call has not returned yet; guarded by {@link #admission}. */
    private int opening;

    Signaling(SessionRegistry registry, int maxSessions) {
        this.registry = registry;
        this.maxSessions = maxSessions;
    }

    /** {@code POST /webrtc/offer}: an offer, an answer to our offer, or a trickled candidate. */
    Reply post(byte[] body) throws SignalingException {
        Map<?, ?> message = object(body);
        switch (string(message, "type")) {
            case "offer": {
                String webrtcId = webrtcId(message.get("webrtc_id"));
                String sdp = string(message, "sdp");
                String answer = admit(() -> registry.offer(webrtcId, sdp));
                return Reply.json(HttpResponseStatus.OK, new Answer(answer, "answer"));
            }
            case "answer":
                registry.answer(webrtcId(message.get("webrtc_id")), string(message, "sdp"));
                return Reply.SUCCESS;
            case "ice-candidate":
                addCandidate(webrtcId(message.get("webrtc_id")), message.get("candidate"));
                return Reply.SUCCESS;
            default:
                throw SignalingException.invalidRequest("type must be \"offer\", \"answer\" or \"ice-candidate\"");
        }
    }

    /** {@code GET /webrtc/candidates?webrtc_id=}: our candidates trickled since the answer. */
    Reply candidates(Map<String, List<String>> query) throws SignalingException {
        return Reply.json(HttpResponseStatus.OK, registry.localCandidates(webrtcId(parameter(query, "webrtc_id"))));
    }

    /** {@code GET /webrtc/stats?webrtc_id=}: our stats of one session. */
    Reply stats(Map<String, List<String>> query) throws SignalingException {
        return Reply.json(HttpResponseStatus.OK, registry.stats(webrtcId(parameter(query, "webrtc_id"))));
    }

    /** {@code GET /webrtc/server-offer?mode=}: a new session in which we offer, under a fresh id. */
    Reply serverOffer(Map<String, List<String>> query) throws SignalingException {
        String mode = parameter(query, "mode");
        if (!MODES.contains(mode)) {
            throw SignalingException.invalidRequest("mode must be audio, video or audio-video");
        }
        byte[] id = new byte[12];
        random.nextBytes(id);
        String webrtcId = HexFormat.of().formatHex(id);
        String sdp = admit(() -> registry.serverOffer(webrtcId, mode));
        Map<String, String> reply = new LinkedHashMap<>();
        reply.put("webrtc_id", webrtcId);
        reply.put("sdp", sdp);
        return Reply.json(HttpResponseStatus.OK, reply);
    }

    /** Opens a session unless the server is full (FastRTC's {@code concurrency_limit_reached}). */
    private String admit(Opening open) throws SignalingException {
        synchronized (admission) {
            if (registry.size() + opening >= maxSessions) {
                throw SignalingException.concurrencyLimitReached(maxSessions);
            }
            opening++;
        }
        try {
            return open.call();
        } finally {
            synchronized (admission) {
                opening--;
            }
        }
    }

    private void addCandidate(String webrtcId, Object value) throws SignalingException {
        if (!(value instanceof Map)) {
            throw SignalingException.invalidRequest("candidate must be an object");
        }
        Map<?, ?> candidate = (Map<?, ?>) value;
        Object text = candidate.get("candidate");
        if (!(text instanceof String)) {
            throw SignalingException.invalidRequest("candidate.candidate must be a string");
        }
        Object mid = candidate.get("sdpMid");
        if (mid != null && !(mid instanceof String)) {
            throw SignalingException.invalidRequest("candidate.sdpMid must be a string or null");
        }
        registry.addCandidate(webrtcId, (String) text, (String) mid, lineIndex(candidate.get("sdpMLineIndex")));
    }

    /** W3C {@code RTCIceCandidateInit.sdpMLineIndex}: an unsigned short or null. */
    private static OptionalInt lineIndex(Object value) throws SignalingException {
        if (value == null) {
            return OptionalInt.empty();
        }
        if (value instanceof BigDecimal) {
            try {
                int index = ((BigDecimal) value).intValueExact();
                if (index >= 0 && index <= MAX_LINE_INDEX) {
                    return OptionalInt.of(index);
                }
            } catch (ArithmeticException e) {
                // not an integer, or far out of range: refused below
            }
        }
        throw SignalingException.invalidRequest("candidate.sdpMLineIndex must be an integer from 0 to 65535 or null");
    }

    private static Map<?, ?> object(byte[] body) throws SignalingException {
        if (body.length == 0) {
            throw SignalingException.invalidRequest("empty body; expected a JSON object");
        }
        Object value;
        try {
            value = Json.parse(body);
        } catch (JsonException e) {
            throw SignalingException.invalidRequest(e.getMessage());
        }
        if (!(value instanceof Map)) {
            throw SignalingException.invalidRequest("expected a JSON object");
        }
        return (Map<?, ?>) value;
    }

    private static String string(Map<?, ?> message, String name) throws SignalingException {
        Object value = message.get(name);
        if (!(value instanceof String)) {
            throw SignalingException.invalidRequest(name + (value == null ? " is missing" : " must be a string"));
        }
        return (String) value;
    }

    private static String parameter(Map<String, List<String>> query, String name) throws SignalingException {
        List<String> values = query.get(name);
        if (values == null || values.size() != 1) {
            throw SignalingException.invalidRequest("expected one query parameter " + name);
        }
        return values.get(0);
    }

    /** A client's session id: FastRTC's clients make short random ASCII strings. */
    private static String webrtcId(Object value) throws SignalingException {
        if (value instanceof String) {
            String id = (String) value;
            if (!id.isEmpty() && id.length() <= MAX_WEBRTC_ID && id.chars().allMatch(c -> c > ' ' && c < 0x7F)) {
                return id;
            }
        }
        throw SignalingException.invalidRequest("webrtc_id must be a string of 1 to " + MAX_WEBRTC_ID
                + " visible ASCII characters");
    }

    /** FastRTC's answer body. */
    record Answer(String sdp, String type) {
    }

    @FunctionalInterface
    private interface Opening {
        String call() throws SignalingException;
    }
}
