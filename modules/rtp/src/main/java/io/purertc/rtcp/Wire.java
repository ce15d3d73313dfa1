package io.purertc.rtcp;

/** Big-endian writing of RTCP fields and the common headers every packet starts with. */
// RFC 3550 §6.4.1 (common header); RFC 4585 §6.1 (feedback header)
final class Wire {

    static final int HEADER_LENGTH = 4;
    static final int FEEDBACK_HEADER_LENGTH = 12;

    /** The 16-bit length field counts 32-bit words minus one. */
    static final int MAX_LENGTH = 0x10000 * 4;

    static final byte[] NO_BYTES = {};

    static final int SR = 200;
    static final int RR = 201;
    static final int SDES = 202;
    static final int BYE = 203;
    static final int APP = 204;
    static final int RTPFB = 205;
    static final int PSFB = 206;

    private Wire() {
    }

    /** Writes V=2, P=0, the count or FMT, the type and the length in 32-bit words minus one. */
    static int header(byte[] dst, int off, int count, int packetType, int wireLength) {
        dst[off] = (byte) (0x80 | count);
        dst[off + 1] = (byte) packetType;
        put16(dst, off + 2, wireLength / 4 - 1);
        return off + HEADER_LENGTH;
    }

    /** Writes the common header of a feedback message and the two SSRCs that follow it. */
    static int feedbackHeader(byte[] dst, int off, int fmt, int packetType, int wireLength, long senderSsrc,
            long mediaSsrc) {
        header(dst, off, fmt, packetType, wireLength);
        put32(dst, off + 4, senderSsrc);
        put32(dst, off + 8, mediaSsrc);
        return off + FEEDBACK_HEADER_LENGTH;
    }

    static void put16(byte[] dst, int off, int value) {
        dst[off] = (byte) (value >>> 8);
        dst[off + 1] = (byte) value;
    }

    static void put24(byte[] dst, int off, int value) {
        dst[off] = (byte) (value >>> 16);
        dst[off + 1] = (byte) (value >>> 8);
        dst[off + 2] = (byte) value;
    }

    static void put32(byte[] dst, int off, long value) {
        dst[off] = (byte) (value >>> 24);
        dst[off + 1] = (byte) (value >>> 16);
        dst[off + 2] = (byte) (value >>> 8);
        dst[off + 3] = (byte) value;
    }

    /** {@code length} rounded up to a whole number of 32-bit words. */
    static int padded(int length) {
        return (length + 3) & ~3;
    }
}
