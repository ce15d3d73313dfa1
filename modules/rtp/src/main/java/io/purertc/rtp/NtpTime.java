package io.purertc.rtp;

import java.time.Instant;

/**
 * NTP timestamps as RTCP carries them, as plain {@code long}s so the hot path allocates nothing.
 *
 * <p>The 64-bit form is 32 bits of seconds since 1900-01-01T00:00Z and 32 bits of fraction. It
 * holds no era number, so writing is modulo 2<sup>32</sup> seconds and reading places the value
 * in the window 1968-01-20 .. 2104-02-26: seconds with the top bit set are era 0, the rest era 1.
 * The compact form is the middle 32 bits (16 bits of seconds, 16 of fraction) that LSR, DLSR
 * and round-trip times use; differences of compact values are taken modulo 2<sup>32</sup>.
 */
// RFC 5905 §6 (formats, eras); RFC 4330 §3 (the 1968-2104 window); RFC 3550 §4 (compact form)
public final class NtpTime {

    /** Seconds from the NTP prime epoch 1900-01-01 to the Unix epoch 1970-01-01. */
    public static final long UNIX_EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long ERA_SECONDS = 1L << 32;
    private static final long LOW_32 = 0xFFFF_FFFFL;
    private static final long COMPACT_MAX_MICROS = (LOW_32 * MICROS_PER_SECOND) >> 16;

    private NtpTime() {
    }

    /** The NTP timestamp of a Unix time in nanoseconds, fraction rounded to the nearest 2<sup>-32</sup> s. */
    public static long fromUnixNanos(long unixNanos) {
        return fromParts(Math.floorDiv(unixNanos, NANOS_PER_SECOND), Math.floorMod(unixNanos, NANOS_PER_SECOND),
                NANOS_PER_SECOND);
    }

    /** The NTP timestamp of a Unix time in microseconds, fraction rounded to the nearest 2<sup>-32</sup> s. */
    public static long fromUnixMicros(long unixMicros) {
        return fromParts(Math.floorDiv(unixMicros, MICROS_PER_SECOND), Math.floorMod(unixMicros, MICROS_PER_SECOND),
                MICROS_PER_SECOND);
    }

    /** The NTP timestamp of an instant, fraction rounded to the nearest 2<sup>-32</sup> s. */
    public static long fromInstant(Instant instant) {
        return fromParts(instant.getEpochSecond(), instant.getNano(), NANOS_PER_SECOND);
    }

    /** Unix time in nanoseconds of an NTP timestamp, rounded to the nearest nanosecond. */
    public static long toUnixNanos(long ntp) {
        return unixSeconds(ntp) * NANOS_PER_SECOND + subseconds(ntp, NANOS_PER_SECOND);
    }

    /** Unix time in microseconds of an NTP timestamp, rounded to the nearest microsecond. */
    public static long toUnixMicros(long ntp) {
        return unixSeconds(ntp) * MICROS_PER_SECOND + subseconds(ntp, MICROS_PER_SECOND);
    }

    /** The instant of an NTP timestamp, rounded to the nearest nanosecond. */
    public static Instant toInstant(long ntp) {
        return Instant.ofEpochSecond(unixSeconds(ntp), subseconds(ntp, NANOS_PER_SECOND));
    }

    /** The compact (16.16) form: the middle 32 bits of a 64-bit NTP timestamp, as LSR carries it. */
    public static long compact(long ntp) {
        return (ntp >>> 16) & LOW_32;
    }

    /** A compact (16.16) duration in microseconds, rounded to the nearest microsecond. */
    public static long compactToMicros(long compact) {
        return ((compact & LOW_32) * MICROS_PER_SECOND + (1L << 15)) >>> 16;
    }

    /**
     * A duration in microseconds as a compact (16.16) value, rounded to the nearest 1/65536 s and
     * held at the largest compact value for durations beyond it (as DLSR needs).
     */
    public static long compactFromMicros(long micros) {
        if (micros < 0) {
            throw new IllegalArgumentException("a compact NTP duration is not negative: " + micros);
        }
        if (micros >= COMPACT_MAX_MICROS) {
            return LOW_32;
        }
        return ((micros << 16) + MICROS_PER_SECOND / 2) / MICROS_PER_SECOND;
    }

    /**
     * {@code later - earlier} for compact values, modulo 2<sup>32</sup> and read as signed, so a
     * difference across the 18-hour wrap of the compact seconds comes out right.
     */
    public static long compactDifference(long later, long earlier) {
        return (int) (later - earlier);
    }

    private static long fromParts(long unixSeconds, long subseconds, long unitsPerSecond) {
        // below 2^32: a micro- or nanosecond is coarser than 2^-32 s, so rounding never carries
        long fraction = ((subseconds << 32) + unitsPerSecond / 2) / unitsPerSecond;
        return ((unixSeconds + UNIX_EPOCH_OFFSET_SECONDS) << 32) | fraction;
    }

    private static long unixSeconds(long ntp) {
        long seconds = ntp >>> 32;
        if (seconds < ERA_SECONDS / 2) {
            seconds += ERA_SECONDS;
        }
        return seconds - UNIX_EPOCH_OFFSET_SECONDS;
    }

    private static long subseconds(long ntp, long unitsPerSecond) {
        return ((ntp & LOW_32) * unitsPerSecond + (1L << 31)) >>> 32;
    }
}
