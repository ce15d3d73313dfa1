package io.purertc.srtp;

/**
 * Per-SSRC state keyed by the 32-bit SSRC with no boxing, holding at most {@code max} entries and never
 * removing one: open addressing with linear probing in a table at most half full.
 */
final class SsrcTable<T> {

    private final int[] keys;
    private final Object[] values;
    private final int mask;
    private final int max;
    private int size;

    SsrcTable(int max) {
        int capacity = Integer.highestOneBit(Math.max(1, max) * 2 - 1) << 1;
        this.keys = new int[capacity];
        this.values = new Object[capacity];
        this.mask = capacity - 1;
        this.max = max;
    }

    @SuppressWarnings("unchecked")
    T get(int ssrc) {
        for (int i = slot(ssrc); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == ssrc) {
                return (T) values[i];
            }
        }
        return null;
    }

    boolean isFull() {
        return size == max;
    }

    /** Adds state for an SSRC not yet in the table; the caller has checked {@link #isFull()}. */
    void add(int ssrc, T value) {
        int i = slot(ssrc);
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = ssrc;
        values[i] = value;
        size++;
    }

    private int slot(int ssrc) {
        int h = ssrc * 0x9E37_79B9;
        return (h ^ h >>> 16) & mask;
    }
}
