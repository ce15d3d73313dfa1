package io.purertc.rtp;

/**
 * Turns 16-bit RTP sequence numbers into a 64-bit count that keeps growing across wraps, so that
 * loss, reordering and NACK bookkeeping can compare and subtract them plainly.
 *
 * <p>The first sequence number maps to itself. Each later one maps to the extended value nearest
 * to the highest seen so far: up to 32768 ahead counts as new, more than that as a reordered
 * packet from behind (which may map below the first value, even below zero, when it predates it
 * across a wrap). Late packets do not move the reference. A jump of more than half the range, such
 * as a sender restart, therefore reads as a step back; detecting restarts is the receiver
 * statistics' job (RFC 3550 §A.1 MAX_DROPOUT). One instance per stream; not thread-safe.
 */
// RFC 3550 §A.1
public final class SequenceNumberUnwrapper {

    private final WrapAroundUnwrapper unwrapper = new WrapAroundUnwrapper(16);

    /** @param sequenceNumber 0..65535 */
    public long unwrap(int sequenceNumber) {
        return unwrapper.unwrap(sequenceNumber);
    }
}
