package io.purertc.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.rtp.NtpTime;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class AvSynchronizerTest {

    private static final long MINUTE = 60_000_000;
    private static final long MAX_CHANGE_MICROS_PER_SECOND = AvSynchronizer.MAX_CHANGE_MILLIS_PER_SECOND * 1000;

    private static CallSimulation call(long audioNetworkMillis, long videoNetworkMillis) {
        CallSimulation call = new CallSimulation();
        call.audioNetworkMicros = audioNetworkMillis * 1000;
        call.videoNetworkMicros = videoNetworkMillis * 1000;
        return call;
    }

    /** The extra delays never move faster than the bound, and only one stream carries one. */
    private static void assertSmoothAndOneSided(CallSimulation call) {
        long[] previous = null;
        for (long[] d : call.delayTrace) {
            assertTrue(d[1] >= 0 && d[2] >= 0 && (d[1] == 0 || d[2] == 0), "delays " + d[1] + "/" + d[2]);
            if (previous != null) {
                long elapsed = Math.min(1_000_000, Math.max(0, d[0] - previous[0]));
                long change = Math.abs((d[1] - d[2]) - (previous[1] - previous[2]));
                assertTrue(change <= MAX_CHANGE_MICROS_PER_SECOND * elapsed / 1_000_000 + 1,
                        change + " µs in " + elapsed + " µs at " + d[0]);
            }
            previous = d;
        }
    }

    private static long[] lastDelays(CallSimulation call) {
        return call.delayTrace.get(call.delayTrace.size() - 1);
    }

    private static void assertSynchronisedAfterTheFirstReports(CallSimulation call, long withinMicros) {
        long converged = call.convergedAfterMicros(15_000);
        assertTrue(converged <= call.firstReportMicros + withinMicros, "converged after " + converged + " µs");
        assertTrue(call.worstOffsetFromMicros(converged) <= 15_000);
        assertTrue(call.worstOffsetFromMicros(MINUTE / 3) <= AvSynchronizer.DEAD_BAND_MILLIS * 1000 + 1000,
                "steady state " + call.worstOffsetFromMicros(MINUTE / 3) + " µs");
        assertTrue(call.worstCaptureErrorMicros <= 1_000, "capture time " + call.worstCaptureErrorMicros + " µs off");
        assertSmoothAndOneSided(call);
    }

    @Test
    void delaysAudioWhenTheNetworkDelaysVideo150MsMore() {
        CallSimulation call = call(40, 190);
        call.run(MINUTE);
        // buffers hold audio 60 ms and video 20 ms, so audio must wait 150 - 40 = 110 ms more
        assertSynchronisedAfterTheFirstReports(call, 3_000_000);
        assertEquals(110_000, lastDelays(call)[1], 4_000);
        assertEquals(0, lastDelays(call)[2]);
        AvSynchronizer.Stats stats = call.synchronizer.stats();
        assertTrue(stats.synchronised());
        assertEquals(0, stats.offsetMs(), AvSynchronizer.DEAD_BAND_MILLIS + 1);
        assertEquals(150, stats.relativeNetworkDelayMs(), 0.01);
        assertEquals(lastDelays(call)[1] / 1000.0, stats.extraAudioDelayMs(), 0.001);
        assertEquals(0, stats.extraVideoDelayMs());
    }

    @Test
    void delaysVideoWhenTheNetworkDelaysAudio150MsMore() {
        CallSimulation call = call(190, 40);
        call.run(MINUTE);
        assertSynchronisedAfterTheFirstReports(call, 4_000_000);
        assertEquals(0, lastDelays(call)[1]);
        assertEquals(190_000, lastDelays(call)[2], 4_000);
        assertEquals(-150, call.synchronizer.stats().relativeNetworkDelayMs(), 0.01);
    }

    @Test
    void jitterTheBuffersHideDoesNotDisturbIt() {
        CallSimulation call = call(40, 190);
        call.jitterMicros = 10_000;
        call.buffersAbsorbJitter = true;
        call.run(MINUTE);
        assertSynchronisedAfterTheFirstReports(call, 3_000_000);
    }

    @Test
    void jitterThatReachesPlayoutIsAveragedOut() {
        CallSimulation call = call(40, 190);
        call.jitterMicros = 10_000;
        call.run(MINUTE);
        assertSmoothAndOneSided(call);
        // each frame is up to 10 ms early or late on its own; on average they meet
        assertEquals(0, call.meanOffsetFromMicros(MINUTE / 3), 3_000);
        assertTrue(call.worstOffsetFromMicros(MINUTE / 3) <= 15_000 + 2 * call.jitterMicros);
        long low = Long.MAX_VALUE;
        long high = 0;
        for (long[] d : call.delayTrace) {
            if (d[0] - call.delayTrace.get(0)[0] >= MINUTE / 3) {
                low = Math.min(low, d[1]);
                high = Math.max(high, d[1]);
            }
        }
        assertTrue(high - low <= 10_000, "the extra audio delay wandered " + (high - low) + " µs");
    }

    @Test
    void bigCorrectionsRespectTheRateBoundWithoutOvershoot() {
        CallSimulation call = call(0, 900);
        call.audioBufferMicros = 300_000;
        call.run(MINUTE);
        long needed = 900_000 + call.videoBufferMicros - call.audioBufferMicros;
        assertTrue(call.convergedAfterMicros(15_000) >= call.firstReportMicros
                + (needed - 15_000) * 1_000_000 / MAX_CHANGE_MICROS_PER_SECOND);
        assertSynchronisedAfterTheFirstReports(call, 20_000_000);
        for (long[] d : call.delayTrace) {
            assertTrue(d[1] <= needed + 15_000, "overshoot to " + d[1]);
        }
    }

    @Test
    void playsUnsynchronisedUntilBothStreamsHaveReports() {
        CallSimulation call = call(40, 190);
        call.run(MINUTE / 6);
        assertFalse(call.statsBeforeReports.synchronised());
        assertTrue(call.zeroBeforeReports);

        CallSimulation audioOnlyReports = call(40, 190);
        audioOnlyReports.videoReports = false;
        audioOnlyReports.run(MINUTE / 6);
        for (long[] d : audioOnlyReports.delayTrace) {
            assertTrue(d[1] == 0 && d[2] == 0);
        }
        AvSynchronizer.Stats stats = audioOnlyReports.synchronizer.stats();
        assertFalse(stats.synchronised());
        assertTrue(stats.history().isEmpty());
        assertEquals(0, stats.offsetMs());
    }

    @Test
    void holdsTheDelaysWhenVideoStops() {
        CallSimulation call = call(40, 190);
        call.videoStopsMicros = MINUTE / 3;
        call.run(MINUTE / 2);
        assertFalse(call.synchronizer.stats().synchronised());
        assertEquals(110_000, lastDelays(call)[1], 4_000);
        assertSmoothAndOneSided(call);
    }

    @Test
    void keepsAMinuteOfOffsetsOnceASecond() {
        CallSimulation call = call(40, 190);
        call.run(2 * MINUTE);
        List<AvSynchronizer.OffsetSample> history = call.synchronizer.stats().history();
        assertEquals(AvSynchronizer.HISTORY_LENGTH, history.size());
        for (int i = 1; i < history.size(); i++) {
            long gap = history.get(i).timeMicros() - history.get(i - 1).timeMicros();
            assertTrue(gap >= 1_000_000 && gap < 1_100_000, "gap " + gap);
        }
        assertEquals(0, history.get(history.size() - 1).offsetMs(), AvSynchronizer.DEAD_BAND_MILLIS + 1);
        // the newest sample is from the end of the call
        assertTrue(lastDelays(call)[0] - history.get(history.size() - 1).timeMicros() < 1_000_000);
    }

    @Property(tries = 15)
    void anyNetworkAndBuffersMeetWithin15Ms(@ForAll @IntRange(max = 400) int audioNetworkMillis,
            @ForAll @IntRange(max = 400) int videoNetworkMillis, @ForAll @IntRange(min = 20, max = 300) int audioBuffer,
            @ForAll @IntRange(min = 20, max = 300) int videoBuffer) {
        CallSimulation call = call(audioNetworkMillis, videoNetworkMillis);
        call.audioBufferMicros = audioBuffer * 1000L;
        call.videoBufferMicros = videoBuffer * 1000L;
        call.run(MINUTE);
        // at the bound of 80 ms/s, 680 ms of difference takes 8.5 s
        assertSynchronisedAfterTheFirstReports(call, 15_000_000);
    }

    @Property(tries = 300)
    void hostileInputNeitherThrowsNorGrows(@ForAll @LongRange(max = 0xFFFF_FFFFL) long seed,
            @ForAll @IntRange(max = 2000) int operations) {
        Random random = new Random(seed);
        SenderClock audioClock = new SenderClock(48_000);
        SenderClock videoClock = new SenderClock(90_000);
        AvSynchronizer synchronizer = new AvSynchronizer(audioClock, videoClock);
        long now = random.nextLong();
        for (int i = 0; i < operations; i++) {
            long rtp = random.nextLong(1L << 32);
            long time = random.nextInt(4) == 0 ? random.nextLong() : now + random.nextInt(2_000_000) - 500_000;
            switch (random.nextInt(5)) {
                case 0 -> audioClock.onSenderReport(random.nextBoolean() ? random.nextLong()
                        : NtpTime.fromUnixMicros(random.nextLong(1L << 52)), rtp);
                case 1 -> videoClock.onSenderReport(random.nextLong(), rtp);
                case 2 -> synchronizer.onAudio(rtp, time, time + random.nextInt(1_000_000));
                case 3 -> synchronizer.onVideo(rtp, random.nextLong(), time);
                default -> {
                    now = time;
                    SyncDelays delays = synchronizer.delays(now);
                    long cap = AvSynchronizer.MAX_EXTRA_DELAY_MILLIS * 1000;
                    assertTrue(delays.audioMicros() >= 0 && delays.audioMicros() <= cap);
                    assertTrue(delays.videoMicros() >= 0 && delays.videoMicros() <= cap);
                    assertTrue(delays.audioMicros() == 0 || delays.videoMicros() == 0);
                }
            }
            assertTrue(synchronizer.stats().history().size() <= AvSynchronizer.HISTORY_LENGTH);
        }
    }
}
