package io.purertc.media;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The one media clock of a process: monotonic microseconds since the clock started, and a wall
 * clock reading fixed at that start. Every stream timestamps its media and its RTCP sender reports
 * from the same clock, so a receiver can line all streams of this process up on one wall clock
 * (RFC 3550 §6.4.1: the NTP timestamp of a sender report and its RTP timestamp are one instant).
 * Because the mapping is fixed, wall clock steps (NTP corrections, DST) never make media time jump.
 *
 * <p>Threads: immutable; safe to share.
 */
public final class MediaClock {

    private static final MediaClock SYSTEM = new MediaClock(System::nanoTime, unixMicros(Instant.now()));

    // RFC 5905 §6: NTP era 0 starts 1900-01-01; 70 years including 17 leap days before the Unix epoch.
    private static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private final LongSupplier nanoTime;
    private final long startNanos;
    private final long unixMicrosAtStart;

    /**
     * A clock over another time source, for tests and simulations.
     *
     * @param nanoTime a monotonic nanosecond counter like {@link System#nanoTime()}
     * @param unixMicrosAtStart the wall clock, in microseconds since the Unix epoch, at the
     *     moment this constructor reads {@code nanoTime}
     */
    public MediaClock(LongSupplier nanoTime, long unixMicrosAtStart) {
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.unixMicrosAtStart = unixMicrosAtStart;
    }

    /** The process-wide clock over {@link System#nanoTime()}, mapped to the wall clock at class load. */
    public static MediaClock system() {
        return SYSTEM;
    }

    /** Monotonic microseconds since this clock started; never decreases. */
    public long nowMicros() {
        return (nanoTime.getAsLong() - startNanos) / 1000;
    }

    /** The wall clock time, in microseconds since the Unix epoch, of a reading of {@link #nowMicros()}. */
    public long toUnixMicros(long monotonicMicros) {
        return unixMicrosAtStart + monotonicMicros;
    }

    /** The reading of {@link #nowMicros()} at a wall clock time in microseconds since the Unix epoch. */
    public long fromUnixMicros(long unixMicros) {
        return unixMicros - unixMicrosAtStart;
    }

    /**
     * The 64-bit NTP timestamp (RFC 5905 §6: 32-bit seconds since 1900, 32-bit fraction) of a
     * reading of {@link #nowMicros()}, as a sender report carries it.
     */
    public long toNtpTimestamp(long monotonicMicros) {
        long unix = toUnixMicros(monotonicMicros);
        long seconds = Math.floorDiv(unix, MICROS_PER_SECOND) + NTP_TO_UNIX_SECONDS;
        long micros = Math.floorMod(unix, MICROS_PER_SECOND);
        long fraction = (micros << 32) / MICROS_PER_SECOND;
        return (seconds << 32) | fraction;
    }

    /**
     * The RTP timestamp (RFC 3550 §5.1) at a reading of {@link #nowMicros()} for a stream whose
     * timestamp was {@code initialTimestamp} when the clock read 0.
     *
     * @param clockRate the codec clock in Hz (48000 for Opus, 90000 for video)
     * @param initialTimestamp the stream's random starting timestamp, 0 .. 2^32-1
     */
    public static long toRtpTimestamp(long monotonicMicros, int clockRate, long initialTimestamp) {
        return (initialTimestamp + microsToTicks(monotonicMicros, clockRate)) & 0xFFFF_FFFFL;
    }

    /** Whole clock ticks at {@code clockRate} Hz in a span of microseconds, rounded towards minus infinity. */
    public static long microsToTicks(long micros, int clockRate) {
        long seconds = Math.floorDiv(micros, MICROS_PER_SECOND);
        long rest = Math.floorMod(micros, MICROS_PER_SECOND);
        return seconds * clockRate + rest * clockRate / MICROS_PER_SECOND;
    }

    /** Microseconds in a span of clock ticks at {@code clockRate} Hz, rounded towards minus infinity. */
    public static long ticksToMicros(long ticks, int clockRate) {
        long seconds = Math.floorDiv(ticks, clockRate);
        long rest = Math.floorMod(ticks, clockRate);
        return seconds * MICROS_PER_SECOND + rest * MICROS_PER_SECOND / clockRate;
    }

    /**
     * The signed distance from RTP timestamp {@code from} to {@code to} in ticks, taking the
     * shorter way round the 32-bit wrap (RFC 3550 §5.1: timestamps wrap).
     */
    public static long rtpTimestampDelta(long from, long to) {
        return (int) (to - from);
    }

    private static long unixMicros(Instant instant) {
        return instant.getEpochSecond() * MICROS_PER_SECOND + instant.getNano() / 1000;
    }
}
