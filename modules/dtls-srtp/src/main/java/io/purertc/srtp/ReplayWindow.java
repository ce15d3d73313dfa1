package io.purertc.srtp;

import java.util.Arrays;

/**
 * The replay list of one SSRC: the highest index accepted and a bitmap of which of the {@code size} indices
 * at and below it were accepted. An index above the highest is new; one {@code size} or more below is too old
 * to tell; one in between is new unless its bit is set. Bit i mod capacity stands for index i, so moving the
 * window forward clears bits instead of shifting them.
 */
// RFC 3711 §3.3.2
final class ReplayWindow {

    private final int size;
    private final long[] bits;
    private final int capacity;
    private long highest = -1;

    ReplayWindow(int size) {
        this.size = size;
        this.bits = new long[(size + 63) >>> 6];
        this.capacity = bits.length << 6;
    }

    /** Null when {@code index} may be accepted, else why not. */
    SrtpFailure check(long index) {
        if (index > highest) {
            return null;
        }
        if (highest - index >= size) {
            return SrtpFailure.TOO_OLD;
        }
        return isSet(index) ? SrtpFailure.REPLAYED : null;
    }

    /** Marks {@code index} received; call only for an index {@link #check} allowed and whose packet verified. */
    void accept(long index) {
        if (index > highest) {
            if (highest < 0 || index - highest >= capacity) {
                Arrays.fill(bits, 0L);
            } else {
                for (long skipped = highest + 1; skipped < index; skipped++) {
                    bits[word(skipped)] &= ~bit(skipped);
                }
            }
            highest = index;
        }
        bits[word(index)] |= bit(index);
    }

    private boolean isSet(long index) {
        return (bits[word(index)] & bit(index)) != 0;
    }

    private int word(long index) {
        return (int) ((index % capacity) >>> 6);
    }

    private static long bit(long index) {
        return 1L << index;
    }
}
