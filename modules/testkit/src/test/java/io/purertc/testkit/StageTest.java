package io.purertc.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The stage's decisions in simulated time: packets every millisecond, no sockets, no clock. */
class StageTest {

    private static final long MS = 1_000_000;
    private static final int PACKETS = 50_000;

    @Test
    void uniformJitterStaysWithinItsRange() {
        long[] delays = delays(Impairment.builder().delay(Duration.ofMillis(10))
                .uniformJitter(Duration.ofMillis(40)).jitterReorders(true).build(), 1);
        assertTrue(min(delays) >= 10 * MS && max(delays) < 50 * MS);
        assertEquals(30 * MS, mean(delays), 0.5 * MS);
    }

    @Test
    void normalJitterHasItsStandardDeviation() {
        long[] delays = delays(Impairment.builder().delay(Duration.ofMillis(50))
                .normalJitter(Duration.ofMillis(10)).jitterReorders(true).build(), 1);
        double mean = mean(delays);
        double variance = 0;
        for (long d : delays) {
            variance += (d - mean) * (d - mean) / delays.length;
        }
        assertEquals(50 * MS, mean, 0.3 * MS);
        assertEquals(10 * MS, Math.sqrt(variance), 0.3 * MS);
    }

    @Test
    void jitterWithoutReorderingNeverReleasesBeforeThePreviousPacket() {
        long[] delays = delays(Impairment.builder().uniformJitter(Duration.ofMillis(40)).build(), 1);
        for (int i = 1; i < delays.length; i++) {
            assertTrue(i * MS + delays[i] >= (i - 1) * MS + delays[i - 1], "packet " + i + " overtook");
        }
    }

    @Test
    void burstLossLosesInRunsOfTheModelsLength() {
        // good→bad 5 %, bad→good 50 %: in the bad state 1/11 of the time, runs of 2 on average
        List<Integer> runs = lossRuns(Impairment.builder().burstLoss(0.05, 0.5, 1).build(), 1);
        double lost = runs.stream().mapToInt(Integer::intValue).sum() / (double) PACKETS;
        assertEquals(1 / 11.0, lost, 0.01);
        assertEquals(2.0, runs.stream().mapToInt(Integer::intValue).average().orElse(0), 0.15);
        List<Integer> random = lossRuns(Impairment.builder().loss(1 / 11.0).build(), 1);
        assertEquals(1.1, random.stream().mapToInt(Integer::intValue).average().orElse(0), 0.05);
    }

    @Test
    void theSameSeedMakesTheSameDecisions() {
        Impairment lossy = Impairment.builder().loss(0.1).burstLoss(0.02, 0.3, 0.8).build();
        assertEquals(lossRuns(lossy, 9), lossRuns(lossy, 9));
        assertNotEquals(lossRuns(lossy, 9), lossRuns(lossy, 10));
    }

    /** Each packet's delay through a stage, for packets arriving every millisecond. */
    private static long[] delays(Impairment impairment, long seed) {
        Stage stage = new Stage(impairment);
        SplittableRandom root = new SplittableRandom(seed);
        Counters counters = new Counters();
        long[] delays = new long[PACKETS];
        for (int i = 0; i < PACKETS; i++) {
            SplittableRandom random = root.split();
            long arrival = i * MS;
            long departure = stage.enqueue(arrival, 100, random, counters);
            delays[i] = stage.release(departure, random).release() - arrival;
        }
        return delays;
    }

    /** The lengths of the runs of consecutive lost packets. */
    private static List<Integer> lossRuns(Impairment impairment, long seed) {
        Stage stage = new Stage(impairment);
        SplittableRandom root = new SplittableRandom(seed);
        Counters counters = new Counters();
        List<Integer> runs = new ArrayList<>();
        int run = 0;
        for (int i = 0; i < PACKETS; i++) {
            if (stage.enqueue(i * MS, 100, root.split(), counters) == Stage.DROPPED) {
                run++;
            } else if (run > 0) {
                runs.add(run);
                run = 0;
            }
        }
        assertEquals(runs.stream().mapToInt(Integer::intValue).sum() + run, counters.lost.get());
        return runs;
    }

    private static long min(long[] values) {
        return java.util.Arrays.stream(values).min().orElseThrow();
    }

    private static long max(long[] values) {
        return java.util.Arrays.stream(values).max().orElseThrow();
    }

    private static double mean(long[] values) {
        return java.util.Arrays.stream(values).average().orElseThrow();
    }
}
