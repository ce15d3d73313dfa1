package io.purertc.peer;

import java.util.Objects;

/** A session description or candidate we refuse, with the rule it breaks (RFC 8829 §5.8 and §5.9 checks). */
public final class InvalidDescriptionException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What is wrong, in words signaling can return to the client. */
    public enum Reason {
        /** The SDP does not parse (RFC 8866). */
        MALFORMED_SDP,
        /** No {@code m=} line, or none that this peer can use. */
        NO_MEDIA,
        /** No {@code ice-ufrag}/{@code ice-pwd} for the transport (RFC 8839 §5.4). */
        MISSING_ICE_CREDENTIALS,
        /** No {@code fingerprint} for the transport (RFC 8122 §5). */
        MISSING_FINGERPRINT,
        /** An RTP section without {@code rtcp-mux}, which WebRTC requires (RFC 8834 §4.5). */
        MISSING_RTCP_MUX,
        /** The sections do not share one BUNDLE transport (RFC 8843). */
        BUNDLE_MISMATCH,
        /** The {@code setup} attributes leave no DTLS role (RFC 8842 §5). */
        INVALID_SETUP,
        /** A candidate that does not parse or names no section (RFC 8839 §5.1). */
        INVALID_CANDIDATE,
        /** The description does not fit the signaling state, such as an answer with no offer out. */
        WRONG_STATE
    }

    private final Reason reason;

    public InvalidDescriptionException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public InvalidDescriptionException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
