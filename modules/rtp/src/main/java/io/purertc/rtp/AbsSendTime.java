package io.purertc.rtp;

/**
 * The sender's clock when a packet left, for receive-side bandwidth estimation: 24 bits of
 * 6.18 fixed-point seconds, so it wraps every 64 s and resolves about 3.8 µs. The sender stamps
 * it just before sending, hence {@link #write} in place.
 */
// webrtc.org/experiments/rtp-hdrext/abs-send-time
public final class AbsSendTime {

    public static final String URI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final int LENGTH = 3;

    private static final int MASK = 0xFF_FFFF;
    /** The 6.18 value is bits 14..37 of a 32.32 NTP time: 6 integer and 18 fraction bits. */
    private static final int NTP_SHIFT = 14;
    private static final long WRAP_MICROS = 64_000_000L;
    private static final int FRACTION_BITS = 18;

    private AbsSendTime() {
    }

    /** The 24-bit value. @throws MalformedPacketException unless {@code length} is 3 */
    public static int read(byte[] buf, int offset, int length) throws MalformedPacketException {
        ExtensionLength.require(offset, length, LENGTH, "abs-send-time");
        return BigEndian.u24(buf, offset);
    }

    /** Writes the 24-bit {@code value} to {@code dst[offset, offset + 3)}. */
    public static void write(int value, byte[] dst, int offset) {
        if ((value & ~MASK) != 0) {
            throw new IllegalArgumentException("abs-send-time is a 24-bit value, got " + value);
        }
        BigEndian.putU24(dst, offset, value);
    }

    public static byte[] toBytes(int value) {
        byte[] bytes = new byte[LENGTH];
        write(value, bytes, 0);
        return bytes;
    }

    /** The value for a 64-bit NTP time (RFC 5905 §6: 32.32 seconds since 1900). */
    public static int fromNtp(long ntpTime) {
        return (int) (ntpTime >>> NTP_SHIFT) & MASK;
    }

    /** The NTP time of {@code value} modulo 64 s: only bits 14..37 can be set. */
    public static long toNtp(int value) {
        return (long) (value & MASK) << NTP_SHIFT;
    }

    /** The value for a time in microseconds on any clock; the fraction below 2^-18 s is dropped. */
    public static int fromMicros(long micros) {
        return (int) ((Math.floorMod(micros, WRAP_MICROS) << FRACTION_BITS) / 1_000_000L);
    }

    /**
     * The time of {@code value} in microseconds modulo 64 s, rounded up so that
     * {@code fromMicros(toMicros(v)) == v}.
     */
    public static long toMicros(int value) {
        long scaled = (value & MASK) * 1_000_000L;
        return (scaled + (1 << FRACTION_BITS) - 1) >>> FRACTION_BITS;
    }
}
