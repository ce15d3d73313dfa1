package io.purertc.codec.vp8;

import java.io.ByteArrayOutputStream;

/** RFC 6386 §7.3 boolean encoder (libvpx boolhuff.h arrangement), to build test input for the decoder. */
final class BoolEncoder {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private byte[] pending = new byte[64];
    private int length;
    private long low;
    private int range = 255;
    private int count = -24;

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
            if (((low << (offset - 1)) & 0x80000000L) != 0) {
                int x = length - 1;
                while (x >= 0 && pending[x] == (byte) 0xFF) {
                    pending[x] = 0;
                    x--;
                }
                pending[x]++;
            }
            append((int) (low >> (24 - offset)) & 0xFF);
            low = (low << offset) & 0xFFFFFF;
            shift = count;
            count -= 8;
        }
        low = (low << shift) & 0xFFFFFFFFL;
    }

    void writeFlag(boolean flag) {
        writeBool(128, flag ? 1 : 0);
    }

    void writeLiteral(int value, int bits) {
        for (int i = bits - 1; i >= 0; i--) {
            writeBool(128, (value >> i) & 1);
        }
    }

    void writeSignedLiteral(int value, int bits) {
        writeLiteral(Math.abs(value), bits);
        writeFlag(value < 0);
    }

    private void append(int b) {
        if (length == pending.length) {
            pending = java.util.Arrays.copyOf(pending, length * 2);
        }
        pending[length++] = (byte) b;
    }

    /** Flushes with 32 zero bits as libvpx's vp8_stop_encode does and returns the bytes. */
    byte[] finish() {
        for (int i = 0; i < 32; i++) {
            writeBool(128, 0);
        }
        out.write(pending, 0, length);
        return out.toByteArray();
    }
}
