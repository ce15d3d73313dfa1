package io.purertc.rtp;

/**
 * Extends a counter that wraps at 2^bits to a 64-bit value, taking each new value to be the one
 * nearest to the highest value seen so far: up to half the range ahead is forward, more than that
 * is a late packet from behind. The first value maps to itself.
 */
// RFC 3550 §A.1 (the half-range rule behind extended sequence numbers)
final class WrapAroundUnwrapper {

    private final long range;
    private final long mask;
    private boolean started;
    private long highestValue;
    private long highestUnwrapped;

    WrapAroundUnwrapper(int bits) {
        this.range = 1L << bits;
        this.mask = range - 1;
    }

    long unwrap(long value) {
        if ((value & ~mask) != 0) {
            throw new IllegalArgumentException("value must be 0.." + mask + ", got " + value);
        }
        if (!started) {
            started = true;
            highestValue = value;
            highestUnwrapped = value;
            return value;
        }
        long ahead = (value - highestValue) & mask;
        if (ahead > range / 2) {
            return highestUnwrapped + ahead - range;
        }
        highestValue = value;
        highestUnwrapped += ahead;
        return highestUnwrapped;
    }
}
