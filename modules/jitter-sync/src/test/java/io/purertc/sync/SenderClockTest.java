package io.purertc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.rtp.NtpTime;
import java.util.function.DoubleUnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SenderClockTest {

    private static final long UNIX_START_MICROS = 1_764_000_000_000_000L;
    private static final long MASK = 0xFFFF_FFFFL;

    /**
     * A sender whose RTP clock reads {@code rtpStart + ticks(t)} at {@code t} seconds of its wall
     * clock; {@code ticks} may drift against the nominal rate.
     */
    private record Sender(long rtpStart, DoubleUnaryOperator ticks) {

        static Sender steady(long rtpStart, int rate, double ppm) {
            return new Sender(rtpStart, t -> t * rate * (1 + ppm * 1e-6));
        }

        long rtp(double seconds) {
            return (rtpStart + Math.round(ticks.applyAsDouble(seconds))) & MASK;
        }

        static long ntp(double seconds) {
            return NtpTime.fromUnixNanos(UNIX_START_MICROS * 1000 + Math.round(seconds * 1e9));
        }

        static long unixMicros(double seconds) {
            return UNIX_START_MICROS + Math.round(seconds * 1e6);
        }

        boolean report(SenderClock clock, double seconds) {
            return clock.onSenderReport(ntp(seconds), rtp(seconds));
        }
    }

    /** Feeds reports at {@code first}, {@code first + interval} ... while before {@code end}. */
    private static void reports(Sender sender, SenderClock clock, double first, double interval, double end) {
        for (double s = first; s < end; s += interval) {
            assertTrue(sender.report(clock, s), "report at " + s);
        }
    }

    private static long errorMicros(Sender sender, SenderClock clock, double seconds) {
        return Math.abs(clock.captureMicros(sender.rtp(seconds)).getAsLong() - Sender.unixMicros(seconds));
    }

    @Test
    void knowsNothingBeforeTheFirstReport() {
        SenderClock clock = new SenderClock(90_000);
        assertTrue(clock.captureMicros(12345).isEmpty());
        assertEquals(new SenderClock.Stats(0, 0, 0, 90_000, 0), clock.stats());
    }

    @Test
    void oneReportMapsAtTheNominalRate() {
        SenderClock clock = new SenderClock(90_000);
        assertTrue(clock.onSenderReport(Sender.ntp(10), 900_000));
        assertEquals(Sender.unixMicros(10), clock.captureMicros(900_000).getAsLong());
        assertEquals(Sender.unixMicros(11), clock.captureMicros(990_000).getAsLong());
        assertEquals(Sender.unixMicros(9.5), clock.captureMicros(855_000).getAsLong());
    }

    @Test
    void perfectSenderIsMappedToTheMicrosecond() {
        // reports at whole ticks (1 s = 48000 ticks), so every pair is exact to the nanosecond
        Sender sender = Sender.steady(1_000_000, 48_000, 0);
        SenderClock clock = new SenderClock(48_000);
        reports(sender, clock, 5, 1, 40);
        for (double t = 0; t < 100; t += 0.02) {
            assertTrue(errorMicros(sender, clock, t) <= 1, "frame at " + t);
        }
        assertEquals(48_000, clock.stats().clockRateHz(), 1e-6);
        assertTrue(clock.stats().residualMicros() < 1);
    }

    @Test
    void followsASenderWhoseMediaClockRunsFastOrSlow() {
        for (double ppm : new double[] {100, -100}) {
            Sender sender = Sender.steady(3_000_000_000L, 90_000, ppm);
            SenderClock clock = new SenderClock(90_000);
            for (int s = 1; s <= 600; s++) {
                assertTrue(sender.report(clock, s));
                for (double t = s; t < s + 1; t += 1 / 30.0) {
                    assertTrue(errorMicros(sender, clock, t) <= 1_000, "frame at " + t + ", " + ppm + " ppm");
                }
            }
            // the nominal rate would be 100 ppm (60 ms over these 10 minutes) off
            assertEquals(90_000 * (1 + ppm * 1e-6), clock.stats().clockRateHz(), 0.09);
        }
    }

    @Test
    void tracksADriftThatItselfWanders() {
        // the rate swings between -100 and +100 ppm every 5 minutes: ticks = rate·(t + A(1 - cos ωt)/ω)
        double omega = 2 * Math.PI / 300;
        Sender sender = new Sender(17, t -> 90_000 * (t + 100e-6 * (1 - Math.cos(omega * t)) / omega));
        SenderClock clock = new SenderClock(90_000);
        long worst = 0;
        for (int s = 1; s <= 600; s++) {
            assertTrue(sender.report(clock, s));
            for (double t = s; t < s + 1; t += 1 / 30.0) {
                worst = Math.max(worst, errorMicros(sender, clock, t));
            }
        }
        assertTrue(worst <= 1_000, "worst " + worst + " µs");
    }

    @Test
    void carriesOnAcrossTheRtpWrap() {
        // the 32-bit timestamp wraps 5 s in; frames from before the wrap are still placed right after it
        Sender sender = Sender.steady((1L << 32) - 5 * 90_000, 90_000, 0);
        SenderClock clock = new SenderClock(90_000);
        reports(sender, clock, 1, 1, 20);
        for (double t = 0; t < 25; t += 1 / 30.0) {
            assertTrue(errorMicros(sender, clock, t) <= 1, "frame at " + t);
        }
        assertEquals(19, clock.stats().reportsUsed());
        assertEquals(0, clock.stats().reportsRejected());
    }

    @Test
    void rejectsAndCountsRepeatsStepsBackAndOrderlessReports() {
        Sender sender = Sender.steady(500, 48_000, 0);
        SenderClock clock = new SenderClock(48_000);
        reports(sender, clock, 1, 1, 4);
        assertFalse(sender.report(clock, 3), "repeat of the newest");
        assertFalse(sender.report(clock, 2), "an older report, late");
        assertFalse(clock.onSenderReport(Sender.ntp(4), sender.rtp(2.5)), "RTP steps back");
        assertFalse(clock.onSenderReport(Sender.ntp(2.5), sender.rtp(4)), "NTP steps back");
        assertFalse(clock.onSenderReport(Sender.ntp(3), sender.rtp(4)), "same NTP time, later RTP");
        assertTrue(sender.report(clock, 4));
        assertEquals(4, clock.stats().reportsUsed());
        assertEquals(5, clock.stats().reportsRejected());
        assertEquals(0, clock.stats().resets());
        assertTrue(errorMicros(sender, clock, 7) <= 1);
    }

    @Test
    void oneCorruptReportCostsNothing() {
        Sender sender = Sender.steady(500, 90_000, 50);
        SenderClock clock = new SenderClock(90_000);
        reports(sender, clock, 1, 1, 10);
        assertFalse(clock.onSenderReport(Sender.ntp(10), sender.rtp(10) ^ 0x4000_0000L));
        assertTrue(sender.report(clock, 11));
        assertEquals(0, clock.stats().resets());
        assertEquals(10, clock.stats().reportsUsed());
        assertEquals(90_000 * (1 + 50e-6), clock.stats().clockRateHz(), 0.05);
    }

    @Test
    void aSenderRestartStartsTheLineAgain() {
        Sender before = Sender.steady(500, 90_000, 100);
        SenderClock clock = new SenderClock(90_000);
        reports(before, clock, 1, 1, 10);
        // a new random RTP offset, behind the old one, 10 s on
        Sender after = Sender.steady(before.rtp(0) - 3_000_000, 90_000, 0);
        assertFalse(after.report(clock, 20), "one report off the line could be corrupt");
        assertTrue(errorMicros(before, clock, 20) <= 1_000, "the old line still stands");
        assertTrue(after.report(clock, 21), "a second one agreeing with it is a restart");
        SenderClock.Stats stats = clock.stats();
        assertEquals(11, stats.reportsUsed());
        assertEquals(0, stats.reportsRejected());
        assertEquals(1, stats.resets());
        assertEquals(90_000, stats.clockRateHz(), 1e-3);
        for (double t = 19; t < 30; t += 1 / 30.0) {
            assertTrue(errorMicros(after, clock, t) <= 1, "frame at " + t);
        }
    }

    @Test
    void aWallClockStepIsARestartToo() {
        Sender sender = Sender.steady(500, 48_000, 0);
        SenderClock clock = new SenderClock(48_000);
        reports(sender, clock, 1, 1, 10);
        // the sender's NTP clock jumps 2 s ahead; RTP goes on
        assertFalse(clock.onSenderReport(Sender.ntp(12), sender.rtp(10)));
        assertTrue(clock.onSenderReport(Sender.ntp(13), sender.rtp(11)));
        assertEquals(1, clock.stats().resets());
        assertEquals(Sender.unixMicros(14), clock.captureMicros(sender.rtp(12)).getAsLong(), 1);
    }

    @Test
    void refusesTimestampsBeyond32Bits() {
        SenderClock clock = new SenderClock(8_000);
        assertThrows(IllegalArgumentException.class, () -> clock.onSenderReport(0, 1L << 32));
        assertThrows(IllegalArgumentException.class, () -> clock.captureMicros(-1));
        assertThrows(IllegalArgumentException.class, () -> new SenderClock(0));
    }

    /** Within the kept reports' span, the line is as good as the reports' own rounding to whole ticks. */
    @Property(tries = 200)
    void anySteadySenderIsMappedWithinTwoTicks(@ForAll("rates") int rate, @ForAll @LongRange(max = MASK) long rtpStart,
            @ForAll @DoubleRange(min = -300, max = 300) double ppm,
            @ForAll @DoubleRange(min = 0.1, max = 10) double interval, @ForAll @IntRange(min = 1, max = 40) int n) {
        Sender sender = Sender.steady(rtpStart, rate, ppm);
        SenderClock clock = new SenderClock(rate);
        reports(sender, clock, interval, interval, interval * (n + 0.5));
        double tick = 1e6 / rate;
        double firstKept = interval * Math.max(1, n - SenderClock.MAX_REPORTS + 1);
        for (double t = firstKept; t <= interval * n; t += interval / 7) {
            assertTrue(errorMicros(sender, clock, t) <= 2 * tick + 2, "frame at " + t);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> rates() {
        return net.jqwik.api.Arbitraries.of(8_000, 16_000, 48_000, 90_000);
    }

    @Property(tries = 300)
    void hostileReportsNeitherThrowNorGrowNorLoseCount(@ForAll long[] ntps, @ForAll @LongRange(max = MASK) long seed,
            @ForAll @LongRange(max = MASK) long frame) {
        SenderClock clock = new SenderClock(90_000);
        java.util.Random random = new java.util.Random(seed);
        for (long ntp : ntps) {
            long rtp = random.nextBoolean() ? random.nextLong(MASK + 1) : (seed + random.nextInt(1 << 20)) & MASK;
            clock.onSenderReport(ntp, rtp);
            clock.captureMicros(frame);
            assertTrue(clock.reportsKept() <= SenderClock.MAX_REPORTS);
        }
        SenderClock.Stats stats = clock.stats();
        assertEquals(ntps.length, stats.reportsUsed() + stats.reportsRejected());
        assertTrue(Double.isFinite(stats.clockRateHz()) && Double.isFinite(stats.residualMicros()));
    }
}
