package io.purertc.rtcp;

import java.util.List;

/** Checks that values handed to a record's constructor fit the wire fields they will fill. */
final class Fields {

    /** RFC 3550 §6.4.1: a 5-bit count limits the blocks, chunks or SSRCs of one packet. */
    static final int MAX_COUNT = 31;

    private Fields() {
    }

    static long u32(String name, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + " is a 32-bit unsigned field: " + value);
        }
        return value;
    }

    static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must lie in [" + min + ", " + max + "]: " + value);
        }
        return value;
    }

    static <T> List<T> list(String name, List<T> values, int maxSize) {
        List<T> copy = List.copyOf(values);
        if (copy.size() > maxSize) {
            throw new IllegalArgumentException(name + " holds at most " + maxSize + ": " + copy.size());
        }
        return copy;
    }

    static List<Long> ssrcs(String name, List<Long> values, int maxSize) {
        List<Long> copy = list(name, values, maxSize);
        for (long ssrc : copy) {
            u32(name, ssrc);
        }
        return copy;
    }

    /** Fails unless a packet of {@code length} bytes fits its 16-bit length field. */
    static void fits(String packet, int length) {
        if (length > Wire.MAX_LENGTH) {
            throw new IllegalArgumentException(packet + " of " + length + " bytes exceeds the RTCP length field");
        }
    }

    static byte[] words(String name, byte[] bytes) {
        if (bytes.length % 4 != 0) {
            throw new IllegalArgumentException(name + " must be whole 32-bit words: " + bytes.length + " bytes");
        }
        return bytes;
    }
}
