package io.purertc.srtp;

/**
 * Bounds of an {@link SrtpSession}'s state.
 *
 * @param replayWindow how many indices below the highest accepted one a packet may arrive at and still be
 *     accepted once; RFC 3711 §3.3.2 asks for at least 64, and more than 2^15 would reach past what the
 *     rollover-counter estimate can tell apart
 * @param maxSsrcs how many SSRCs each of the four directions and kinds (SRTP out, SRTP in, SRTCP out,
 *     SRTCP in) keeps state for; a packet from one more SSRC fails with {@link SrtpFailure#TOO_MANY_SSRCS}
 */
// RFC 3711 §3.3.2
public record SrtpOptions(int replayWindow, int maxSsrcs) {

    /** A 64-packet replay window and 64 SSRCs per direction and kind. */
    public static final SrtpOptions DEFAULT = new SrtpOptions(64, 64);

    static final int MIN_REPLAY_WINDOW = 64;
    static final int MAX_REPLAY_WINDOW = 1 << 15;
    static final int MAX_SSRCS = 1 << 16;

    public SrtpOptions {
        if (replayWindow < MIN_REPLAY_WINDOW || replayWindow > MAX_REPLAY_WINDOW) {
            throw new IllegalArgumentException("replay window must be " + MIN_REPLAY_WINDOW + ".."
                    + MAX_REPLAY_WINDOW + ", not " + replayWindow);
        }
        if (maxSsrcs < 1 || maxSsrcs > MAX_SSRCS) {
            throw new IllegalArgumentException("max SSRCs must be 1.." + MAX_SSRCS + ", not " + maxSsrcs);
        }
    }

    public SrtpOptions withReplayWindow(int replayWindow) {
        return new SrtpOptions(replayWindow, maxSsrcs);
    }

    public SrtpOptions withMaxSsrcs(int maxSsrcs) {
        return new SrtpOptions(replayWindow, maxSsrcs);
    }
}
