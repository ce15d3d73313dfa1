package io.purertc.codec.vp8;

import java.util.Arrays;

// RFC 6386 §7.3 boolean entropy encoder, arranged as libvpx boolhuff.h vp8_encode_bool: the exact inverse of
// BoolDecoder. The low end of the interval is kept as an unsigned 32-bit int; a carry out of it ripples back
// through the bytes already written.
final class BoolEncoder {

    // libvpx vp8_prob_cost: -log2(p / 256) in 1/256 bits, for rate estimates
    private static final int[] COST = new int[256];

    static {
        for (int p = 1; p < 256; p++) {
            COST[p] = (int) Math.round(-Math.log(p / 256.0) / Math.log(2) * 256);
        }
        COST[0] = COST[1];
    }

    private byte[] buffer = new byte[4096];
    private int position;
    private int low;
    private int range;
    private int count;

    BoolEncoder() {
        reset();
    }

    /** Starts a new partition, keeping the buffer. */
    void reset() {
        position = 0;
        low = 0;
        range = 255;
        count = -24;
    }

    /** The cost in 1/256 bits of coding {@code bit} where 0 has probability {@code probability}/256. */
    static int cost(int probability, int bit) {
        return COST[bit == 0 ? probability : 256 - probability];
    }

    void writeBool(int probability, int bit) {
        int split = 1 + (((range - 1) * probability) >> 8);
        if (bit != 0) {
            low += split;
            range -= split;
        } else {
            range = split;
        }
        int shift = Integer.numberOfLeadingZeros(range) - 24;
        range <<= shift;
        count += shift;
        if (count >= 0) {
            int offset = shift - count;
            if ((low << (offset - 1)) < 0) {
                int x = position - 1;
                while (x >= 0 && buffer[x] == (byte) 0xFF) {
                    buffer[x] = 0;
                    x--;
                }
                buffer[x]++;
            }
            if (position == buffer.length) {
                buffer = Arrays.copyOf(buffer, position * 2);
            }
            buffer[position++] = (byte) (low >>> (24 - offset));
            low = (low << offset) & 0xFFFFFF;
            shift = count;
            count -= 8;
        }
        low <<= shift;
    }

    void writeFlag(boolean flag) {
        writeBool(128, flag ? 1 : 0);
    }

    /** An unsigned {@code bits}-bit literal, most significant bit first (RFC 6386 §8.2). */
    void writeLiteral(int value, int bits) {
        for (int i = bits - 1; i >= 0; i--) {
            writeBool(128, (value >> i) & 1);
        }
    }

    /** A magnitude of {@code bits} bits followed by a sign bit (RFC 6386 §9.3, §9.6). */
    void writeSignedLiteral(int value, int bits) {
        writeLiteral(Math.abs(value), bits);
        writeFlag(value < 0);
    }

    /** Pads with 32 zero bits as libvpx's vp8_stop_encode does and returns the partition's length in bytes. */
    int stop() {
        for (int i = 0; i < 32; i++) {
            writeBool(128, 0);
        }
        return position;
    }

    /** Copies the stopped partition's bytes to {@code out[offset..]}. */
    void copyTo(byte[] out, int offset) {
        System.arraycopy(buffer, 0, out, offset, position);
    }

    /** Stops and returns a copy of the partition's bytes. */
    byte[] finish() {
        return Arrays.copyOf(buffer, stop());
    }
}
