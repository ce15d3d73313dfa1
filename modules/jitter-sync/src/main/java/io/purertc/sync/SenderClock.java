package io.purertc.sync;

import io.purertc.rtp.NtpTime;
import java.util.OptionalLong;

/**
 * One received stream's RTP clock mapped to its sender's wall clock, learnt from the (NTP, RTP)
 * timestamp pairs of the stream's sender reports, so that each frame can be given the time the
 * sender captured it.
 *
 * <p>The mapping is a least-squares line through the last {@value #MAX_REPORTS} pairs; its slope is
 * the sender's real RTP clock rate, so a sender whose media clock drifts against its wall clock is
 * followed. With a single pair the nominal clock rate stands in for the slope.
 *
 * <p>A pair is used only if it lies ahead of the newest kept pair in both NTP and RTP time and
 * within {@value #TOLERANCE_MILLIS} ms plus {@value #TOLERANCE_PPM} ppm of the elapsed time of where
 * the line puts it. Anything else is rejected: an exact repeat of the newest pair, a step back, a
 * jump off the line. A rejected pair is remembered as a possible restart; if the next report
 * agrees with it (ahead of it, and at the nominal rate within the same tolerance) while still
 * missing the line, the sender has restarted its clocks: the history is dropped, counted as a
 * reset, and the line starts again from those two. A single corrupt report therefore never costs
 * the history, and a real restart costs one report.
 *
 * <p>RTP timestamps are placed within 2<sup>31</sup> ticks of the newest kept report (13 hours at
 * 90 kHz), by signed difference rather than a {@link io.purertc.rtp.TimestampUnwrapper}, so that a
 * rejected report or a query moves nothing. Memory is fixed: {@value #MAX_REPORTS} pairs and one
 * candidate. Not thread-safe: one thread at a time.
 */
// RFC 3550 §6.4.1 (the NTP/RTP timestamp pair of a sender report)
public final class SenderClock {

    /** Sender reports the line is fitted through. */
    static final int MAX_REPORTS = 20;
    static final long TOLERANCE_MILLIS = 100;
    static final long TOLERANCE_PPM = 1000;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MICRO = 1_000L;
    private static final long RTP_MASK = 0xFFFF_FFFFL;
    /** Keeps a far extrapolation of a hostile mapping inside {@code long} micros. */
    private static final double MAX_OFFSET_MICROS = 0x1p52;

    /**
     * @param reportsUsed sender reports in the current or an earlier line
     * @param reportsRejected sender reports never used (repeats, steps back, jumps off the line)
     * @param resets times the sender restarted its clocks and the line started again
     * @param clockRateHz the sender's RTP clock rate as measured against its wall clock; the nominal
     *     rate until two reports are in
     * @param residualMicros root mean square distance of the kept reports from the line
     */
    public record Stats(long reportsUsed, long reportsRejected, long resets, double clockRateHz,
            double residualMicros) {
    }

    private final double nominalNanosPerTick;
    // a ring of the kept pairs, oldest first from start; ticks are RTP timestamps extended past wraps
    private final long[] reportNanos = new long[MAX_REPORTS];
    private final long[] reportTicks = new long[MAX_REPORTS];
    private int start;
    private int count;
    // the line, relative to the newest kept pair so that doubles keep nanosecond precision
    private double meanTicks;
    private double meanNanos;
    private double nanosPerTick;
    private double residualMicros;

    private boolean hasCandidate;
    private long candidateNanos;
    private long candidateRtp;

    private long reportsUsed;
    private long reportsRejected;
    private long resets;

    /**
     * @param nominalClockRate the stream's RTP clock rate in Hz as negotiated (48000, 90000 ...)
     * @throws IllegalArgumentException if it is not positive
     */
    public SenderClock(int nominalClockRate) {
        if (nominalClockRate <= 0) {
            throw new IllegalArgumentException("RTP clock rate must be positive: " + nominalClockRate);
        }
        this.nominalNanosPerTick = (double) NANOS_PER_SECOND / nominalClockRate;
        this.nanosPerTick = nominalNanosPerTick;
    }

    /**
     * Learns from one sender report.
     *
     * @param ntpTimestamp the report's 64-bit NTP timestamp (see {@link NtpTime})
     * @param rtpTimestamp the report's RTP timestamp, 0..2<sup>32</sup>-1
     * @return whether the report now shapes the mapping
     * @throws IllegalArgumentException if {@code rtpTimestamp} is out of range
     */
    public boolean onSenderReport(long ntpTimestamp, long rtpTimestamp) {
        checkRtp(rtpTimestamp);
        long nanos = NtpTime.toUnixNanos(ntpTimestamp);
        if (count == 0) {
            restartWith(nanos, rtpTimestamp);
            return true;
        }
        long ticks = extend(rtpTimestamp);
        if (nanos == newestNanos() && ticks == newestTicks()) {
            reportsRejected++;
            return false;
        }
        if (ticks > newestTicks() && nanos > newestNanos() && nearLine(nanos, ticks)) {
            keep(nanos, ticks);
            hasCandidate = false;
            return true;
        }
        if (hasCandidate && agreesWithCandidate(nanos, rtpTimestamp)) {
            resets++;
            reportsRejected--;
            restartWith(candidateNanos, candidateRtp);
            keep(nanos, candidateRtp + (int) (rtpTimestamp - candidateRtp));
            return true;
        }
        hasCandidate = true;
        candidateNanos = nanos;
        candidateRtp = rtpTimestamp;
        reportsRejected++;
        return false;
    }

    /**
     * The sender's wall clock time at which a frame with this RTP timestamp was captured, as Unix
     * microseconds; frames before the first report and long after the last are extrapolated along
     * the line.
     *
     * @param rtpTimestamp 0..2<sup>32</sup>-1
     * @return empty until the first sender report
     * @throws IllegalArgumentException if {@code rtpTimestamp} is out of range
     */
    public OptionalLong captureMicros(long rtpTimestamp) {
        checkRtp(rtpTimestamp);
        if (count == 0) {
            return OptionalLong.empty();
        }
        long newest = newestNanos();
        double offsetNanos = lineNanos(extend(rtpTimestamp) - newestTicks());
        double offsetMicros = (Math.floorMod(newest, NANOS_PER_MICRO) + offsetNanos) / NANOS_PER_MICRO;
        offsetMicros = Math.max(-MAX_OFFSET_MICROS, Math.min(MAX_OFFSET_MICROS, offsetMicros));
        return OptionalLong.of(Math.floorDiv(newest, NANOS_PER_MICRO) + Math.round(offsetMicros));
    }

    public Stats stats() {
        return new Stats(reportsUsed, reportsRejected, resets, NANOS_PER_SECOND / nanosPerTick, residualMicros);
    }

    int reportsKept() {
        return count;
    }

    private void restartWith(long nanos, long rtpTimestamp) {
        count = 0;
        hasCandidate = false;
        keep(nanos, rtpTimestamp);
    }

    private void keep(long nanos, long ticks) {
        if (count == MAX_REPORTS) {
            start = (start + 1) % MAX_REPORTS;
            count--;
        }
        int slot = (start + count) % MAX_REPORTS;
        reportNanos[slot] = nanos;
        reportTicks[slot] = ticks;
        count++;
        reportsUsed++;
        fit();
    }

    private void fit() {
        long newestNanos = newestNanos();
        long newestTicks = newestTicks();
        double sumTicks = 0;
        double sumNanos = 0;
        for (int i = 0; i < count; i++) {
            int slot = (start + i) % MAX_REPORTS;
            sumTicks += reportTicks[slot] - newestTicks;
            sumNanos += reportNanos[slot] - newestNanos;
        }
        meanTicks = sumTicks / count;
        meanNanos = sumNanos / count;
        if (count == 1) {
            nanosPerTick = nominalNanosPerTick;
            residualMicros = 0;
            return;
        }
        double varianceTicks = 0;
        double covariance = 0;
        for (int i = 0; i < count; i++) {
            int slot = (start + i) % MAX_REPORTS;
            double dTicks = reportTicks[slot] - newestTicks - meanTicks;
            double dNanos = reportNanos[slot] - newestNanos - meanNanos;
            varianceTicks += dTicks * dTicks;
            covariance += dTicks * dNanos;
        }
        // ticks strictly increase along the ring, so the variance is positive
        nanosPerTick = covariance / varianceTicks;
        double squares = 0;
        for (int i = 0; i < count; i++) {
            int slot = (start + i) % MAX_REPORTS;
            double error = reportNanos[slot] - newestNanos - lineNanos(reportTicks[slot] - newestTicks);
            squares += error * error;
        }
        residualMicros = Math.sqrt(squares / count) / NANOS_PER_MICRO;
    }

    /** Nanoseconds after the newest kept report at which the line puts a tick offset from it. */
    private double lineNanos(long ticksAfterNewest) {
        return meanNanos + nanosPerTick * (ticksAfterNewest - meanTicks);
    }

    private boolean nearLine(long nanos, long ticks) {
        long elapsed = nanos - newestNanos();
        double miss = elapsed - lineNanos(ticks - newestTicks());
        return Math.abs(miss) <= tolerance(elapsed);
    }

    private boolean agreesWithCandidate(long nanos, long rtpTimestamp) {
        long elapsed = nanos - candidateNanos;
        int ticks = (int) (rtpTimestamp - candidateRtp);
        return elapsed > 0 && ticks > 0 && Math.abs(elapsed - ticks * nominalNanosPerTick) <= tolerance(elapsed);
    }

    private static double tolerance(long elapsedNanos) {
        return TOLERANCE_MILLIS * 1e6 + Math.abs((double) elapsedNanos) * TOLERANCE_PPM * 1e-6;
    }

    /** The extended value of a 32-bit RTP timestamp nearest the newest kept report. */
    private long extend(long rtpTimestamp) {
        long newest = newestTicks();
        return newest + (int) (rtpTimestamp - newest);
    }

    private long newestNanos() {
        return reportNanos[(start + count - 1) % MAX_REPORTS];
    }

    private long newestTicks() {
        return reportTicks[(start + count - 1) % MAX_REPORTS];
    }

    private static void checkRtp(long rtpTimestamp) {
        if ((rtpTimestamp & ~RTP_MASK) != 0) {
            throw new IllegalArgumentException("RTP timestamp must be 0.." + RTP_MASK + ": " + rtpTimestamp);
        }
    }
}
