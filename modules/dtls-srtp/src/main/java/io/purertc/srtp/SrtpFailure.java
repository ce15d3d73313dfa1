package io.purertc.srtp;

/**
 * Why {@link SrtpSession} refused a packet. The session's methods return a length on success and
 * {@link #code()} on failure, a negative int, so a dropped packet costs neither an exception nor an
 * allocation; {@link #of(int)} turns the int back into the reason.
 */
// RFC 3711 §3.3 (the checks an SRTP receiver makes), §3.4
public enum SrtpFailure {

    /** The authentication tag did not verify: the packet was forged, corrupted, or keyed differently. */
    AUTH_FAILED,
    /** The packet's index was already accepted (RFC 3711 §3.3.2). */
    REPLAYED,
    /** The packet's index is behind the replay window, or before the stream's first packet. */
    TOO_OLD,
    /** Shorter than the fixed header plus, for a protected packet, its trailer. */
    TOO_SHORT,
    /**
     * Not a version-2 RTP or RTCP packet whose header fits, or longer than a UDP datagram can carry
     * ({@link SrtpSession#MAX_PACKET_LENGTH}).
     */
    MALFORMED,
    /** The packet's SSRC would be one more than {@link SrtpOptions#maxSsrcs()} for this direction and kind. */
    TOO_MANY_SSRCS,
    /** Protecting needs {@link SrtpSession#rtpOverhead()} or {@link SrtpSession#rtcpOverhead()} bytes after it. */
    BUFFER_TOO_SMALL,
    /** All 2^31 SRTCP indices of this SSRC are used; the session must be re-keyed (RFC 3711 §8.2). */
    KEY_EXHAUSTED;

    private static final SrtpFailure[] BY_ORDINAL = values();

    /** The negative int the session returns for this failure: -1 for the first constant, -2 for the next... */
    public int code() {
        return -1 - ordinal();
    }

    /** The failure a negative result of the session stands for. */
    public static SrtpFailure of(int result) {
        int ordinal = -1 - result;
        if (result >= 0 || ordinal >= BY_ORDINAL.length) {
            throw new IllegalArgumentException(result + " is not a failure code");
        }
        return BY_ORDINAL[ordinal];
    }
}
