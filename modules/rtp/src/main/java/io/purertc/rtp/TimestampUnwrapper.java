package io.purertc.rtp;

/**
 * Turns 32-bit RTP timestamps into a 64-bit count that keeps growing across wraps (a 90 kHz clock
 * wraps every 13 hours, and starts at a random value, so the first wrap can come at any time).
 *
 * <p>Same rule as {@link SequenceNumberUnwrapper}: the first timestamp maps to itself, later ones
 * to the extended value nearest the highest seen so far, where up to 2^31 ahead is forward.
 * One instance per stream; not thread-safe.
 */
// RFC 3550 §5.1 (timestamp), §A.1 (extension rule)
public final class TimestampUnwrapper {

    private final WrapAroundUnwrapper unwrapper = new WrapAroundUnwrapper(32);

    /** @param timestamp 0..2^32-1 */
    public long unwrap(long timestamp) {
        return unwrapper.unwrap(timestamp);
    }
}
