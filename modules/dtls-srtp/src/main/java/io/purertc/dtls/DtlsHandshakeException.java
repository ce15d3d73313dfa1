package io.purertc.dtls;

/** Why a DTLS handshake ended without keys; the message says what was expected and what came. */
public final class DtlsHandshakeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The cause, by kind, for stats and for tests. */
    public enum Reason {
        /** No handshake within the configured time-out. */
        TIMEOUT,
        /** The peer's certificate does not match the remote description's {@code a=fingerprint}. */
        FINGERPRINT_MISMATCH,
        /** The peer presented no certificate, so there was nothing to check against the fingerprint. */
        NO_PEER_CERTIFICATE,
        /** The peer did not negotiate extended_master_secret, without which keys must not be exported. */
        NO_EXTENDED_MASTER_SECRET,
        /** No SRTP protection profile both sides support, or a use_srtp answer breaking RFC 5764. */
        NO_COMMON_SRTP_PROFILE,
        /** No cipher suite or signature algorithm both sides support. */
        NO_COMMON_ALGORITHM,
        /** The peer aborted with a fatal alert. */
        PEER_ALERT,
        /** This endpoint was closed first. */
        CLOSED,
        /** The executor refused to run the handshake. */
        OVERLOADED,
        /** Any other breach of the protocol, as bctls reported it. */
        PROTOCOL
    }

    private final Reason reason;

    DtlsHandshakeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
