package io.purertc.codec.vp8;

// RFC 6386 §7 boolean entropy decoder, with libvpx dboolhuff.c's window refill: bytes past the end of the
// partition read as zeros (VP8_LOTS_OF_BITS), and pastEnd() is libvpx's vp8dx_bool_error.
final class BoolDecoder {

    // The window is kept below 2^56 so that signed long comparisons are unsigned ones.
    private static final int VALUE_SIZE = 56;
    private static final int LOTS_OF_BITS = 0x40000000;

    private byte[] buffer;
    private int position;
    private int end;
    private long value;
    private int count;
    private int range;

    void init(byte[] data, int offset, int length) {
        buffer = data;
        position = offset;
        end = offset + length;
        value = 0;
        count = -8;
        range = 255;
        fill();
    }

    private void fill() {
        int shift = VALUE_SIZE - 8 - (count + 8);
        // more than 16 bytes left behaves exactly like 16: the window cannot take them all
        int bitsLeft = Math.min(end - position, 16) * 8;
        int x = shift + 8 - bitsLeft;
        int loopEnd = 0;
        if (x >= 0) {
            count += LOTS_OF_BITS;
            loopEnd = x;
        }
        if (x < 0 || bitsLeft != 0) {
            while (shift >= loopEnd) {
                count += 8;
                value |= (long) (buffer[position++] & 0xFF) << shift;
                shift -= 8;
            }
        }
    }

    /** Decodes one bool whose probability of being 0 is {@code probability}/256. */
    int readBool(int probability) {
        int split = 1 + (((range - 1) * probability) >> 8);
        if (count < 0) {
            fill();
        }
        long bigSplit = (long) split << (VALUE_SIZE - 8);
        int bit;
        if (value >= bigSplit) {
            range -= split;
            value -= bigSplit;
            bit = 1;
        } else {
            range = split;
            bit = 0;
        }
        int shift = Integer.numberOfLeadingZeros(range) - 24;
        range <<= shift;
        value <<= shift;
        count -= shift;
        return bit;
    }

    boolean readFlag() {
        return readBool(128) == 1;
    }

    /** An unsigned {@code bits}-bit literal, most significant bit first (RFC 6386 §8.2). */
    int readLiteral(int bits) {
        int v = 0;
        for (int i = bits - 1; i >= 0; i--) {
            v |= readBool(128) << i;
        }
        return v;
    }

    /** A magnitude of {@code bits} bits followed by a sign bit (RFC 6386 §9.3, §9.6). */
    int readSignedLiteral(int bits) {
        int v = readLiteral(bits);
        return readFlag() ? -v : v;
    }

    /** Walks {@code tree} (RFC 6386 §8.1) with the node probabilities at {@code probs[probOffset + node/2]}. */
    int readTree(int[] tree, int[] probs, int probOffset) {
        int i = 0;
        do {
            i = tree[i + readBool(probs[probOffset + (i >> 1)])];
        } while (i > 0);
        return -i;
    }

    /** Whether bits past the end of the partition have been decoded (libvpx vp8dx_bool_error). */
    boolean pastEnd() {
        return count > VALUE_SIZE && count < LOTS_OF_BITS;
    }
}
