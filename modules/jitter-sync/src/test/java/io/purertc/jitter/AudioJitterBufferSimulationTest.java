package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sender of 20 ms packets behind a simulated network with jitter and loss, and a receiver
 * pulling 10 ms (or 20 ms) frames on its media clock, in simulated time.
 */
class AudioJitterBufferSimulationTest {

    private static final int PACKET_TICKS = 960;

    /** What the receiver saw at one pull. */
    private record Tick(long atMillis, AudioPull pull, AudioJitterBufferStats before, AudioJitterBufferStats after) {
    }

    /**
     * @param maxJitterMillis for a packet sent at the given millisecond, the most it may be delayed
     *     (uniformly from 0)
     */
    private static List<Tick> simulate(long seed, int seconds, LongUnaryOperator maxJitterMillis, double loss,
            int frameMillis) {
        return simulate(seed, seconds, maxJitterMillis, loss, frameMillis, millis -> 0);
    }

    /** @param extraDelayMillis the extra delay set before the pull at the given millisecond */
    private static List<Tick> simulate(long seed, int seconds, LongUnaryOperator maxJitterMillis, double loss,
            int frameMillis, LongUnaryOperator extraDelayMillis) {
        Random random = new Random(seed);
        AudioJitterBuffer buffer = new AudioJitterBuffer(new MarkerDecoder("opus"), MarkerDecoder.SAMPLE_RATE,
                AudioJitterBufferConfig.withFrame(frameMillis));
        PriorityQueue<long[]> arrivals = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        for (int i = 0; i * 20L < seconds * 1000L; i++) {
            long sentMicros = i * 20_000L;
            long jitterMicros = random.nextInt((int) maxJitterMillis.applyAsLong(i * 20L) * 1000 + 1);
            if (random.nextDouble() >= loss) {
                arrivals.add(new long[] {sentMicros + jitterMicros, i});
            }
        }
        List<Tick> ticks = new ArrayList<>();
        for (long pullMillis = 3; pullMillis < seconds * 1000L; pullMillis += frameMillis) {
            while (!arrivals.isEmpty() && arrivals.peek()[0] <= pullMillis * 1000) {
                long[] arrival = arrivals.poll();
                int index = (int) arrival[1];
                byte[] payload = MarkerDecoder.payload(index, 20, MarkerDecoder.FLAG_FEC);
                buffer.insert(payload, 0, payload.length, (1000 + index) & 0xFFFF,
                        (4_000_000_000L + (long) index * PACKET_TICKS) & 0xFFFF_FFFFL, arrival[0]);
            }
            buffer.setExtraDelay(extraDelayMillis.applyAsLong(pullMillis) * 1000);
            AudioJitterBufferStats before = buffer.stats();
            AudioPull pull = buffer.pull(pullMillis * 1000);
            ticks.add(new Tick(pullMillis, pull, before, buffer.stats()));
        }
        return ticks;
    }

    /**
     * Once playout starts it never stops, and each frame's timestamp follows the last one's but for
     * adaptation: samples removed before a frame advance its timestamp, samples inserted into a frame
     * hold back the next one's.
     */
    private static void assertContinuous(List<Tick> ticks) {
        int first = 0;
        while (ticks.get(first).pull().kind() == AudioPull.Kind.SILENCE) {
            first++;
        }
        assertTrue(first <= 10, "started at pull " + first);
        long frameTicks = ticks.get(first).pull().frame().samplesPerChannel();
        for (int i = first + 1; i < ticks.size(); i++) {
            Tick tick = ticks.get(i);
            Tick previous = ticks.get(i - 1);
            assertNotEquals(AudioPull.Kind.SILENCE, tick.pull().kind(), "silence at " + tick.atMillis() + " ms");
            long step = (tick.pull().rtpTimestamp() - previous.pull().rtpTimestamp()) & 0xFFFF_FFFFL;
            long removed = tick.after().removedSamplesForAcceleration() - tick.before().removedSamplesForAcceleration();
            long inserted = previous.after().insertedSamplesForDeceleration()
                    - previous.before().insertedSamplesForDeceleration();
            assertEquals(frameTicks + removed - inserted, step, "step at " + tick.atMillis() + " ms");
        }
    }

    private static int maxTarget(List<Tick> ticks, long fromMillis, long toMillis) {
        return ticks.stream().filter(t -> t.atMillis() >= fromMillis && t.atMillis() < toMillis)
                .mapToInt(t -> t.after().targetDelayMillis()).max().orElseThrow();
    }

    /** The first time at or after {@code fromMillis} from which on the condition holds to {@code toMillis}. */
    private static long settledAt(List<Tick> ticks, long fromMillis, long toMillis,
            java.util.function.Predicate<Tick> condition) {
        long settled = -1;
        for (Tick tick : ticks) {
            if (tick.atMillis() < fromMillis || tick.atMillis() >= toMillis) {
                continue;
            }
            if (!condition.test(tick)) {
                settled = -1;
            } else if (settled < 0) {
                settled = tick.atMillis();
            }
        }
        return settled;
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 20})
    void fortyMillisecondsOfJitterAndFivePercentLossPlayWithoutGapsAndALowTarget(int frameMillis) {
        List<Tick> ticks = simulate(9, 60, t -> 40, 0.05, frameMillis);
        assertContinuous(ticks);
        assertTrue(maxTarget(ticks, 10_000, 60_000) < 100, "target " + maxTarget(ticks, 10_000, 60_000));
        AudioJitterBufferStats stats = ticks.get(ticks.size() - 1).after();
        double concealed = (double) stats.concealedSamples() / stats.totalSamplesPulled();
        assertTrue(concealed < 0.08, "concealed " + concealed);
        assertTrue(stats.fecRecoveredSamples() > 0);
    }

    @Test
    void withoutJitterTheBufferHoldsAtMostThirtyMilliseconds() {
        List<Tick> ticks = simulate(1, 60, t -> 0, 0, 10);
        assertContinuous(ticks);
        int maxDelay = ticks.stream().mapToInt(t -> t.before().currentDelayMillis()).max().orElseThrow();
        assertTrue(maxDelay <= 30, "delay " + maxDelay);
        AudioJitterBufferStats stats = ticks.get(ticks.size() - 1).after();
        assertEquals(0, stats.concealedSamples());
        assertEquals(20, stats.targetDelayMillis());
    }

    /**
     * The A/V synchroniser holds audio back by raising its extra delay: 100 ms from 10 s to 30 s on a stream
     * without jitter. The buffered delay follows up and back down again, by quiet blocks, and never with a gap.
     */
    @Test
    void anExtraDelayHoldsTheAudioBackAndReleasesIt() {
        List<Tick> ticks = simulate(3, 50, t -> 0, 0, 10, t -> t >= 10_000 && t < 30_000 ? 100 : 0);
        assertContinuous(ticks);
        int before = maxDelay(ticks, 5_000, 10_000);
        int held = minDelay(ticks, 20_000, 30_000);
        int after = maxDelay(ticks, 40_000, 50_000);
        System.out.println("buffered delay, extra 0 / 100 / 0 ms: max " + before + ", min " + held + ", max " + after);
        assertTrue(before <= 30, "before: " + before);
        assertTrue(held >= 100, "held: " + held);
        assertTrue(after <= 30, "after: " + after);
        assertEquals(120, ticks.get(ticks.size() / 2).after().targetDelayMillis());
    }

    private static int maxDelay(List<Tick> ticks, long fromMillis, long toMillis) {
        return ticks.stream().filter(t -> t.atMillis() >= fromMillis && t.atMillis() < toMillis)
                .mapToInt(t -> t.before().currentDelayMillis()).max().orElseThrow();
    }

    private static int minDelay(List<Tick> ticks, long fromMillis, long toMillis) {
        return ticks.stream().filter(t -> t.atMillis() >= fromMillis && t.atMillis() < toMillis)
                .mapToInt(t -> t.before().currentDelayMillis()).min().orElseThrow();
    }

    @Test
    void aJitterSpikeRaisesTheTargetQuicklyAndItComesBackDownAfterwards() {
        List<Tick> ticks = simulate(5, 80, t -> t >= 20_000 && t < 40_000 ? 80 : 0, 0, 10);
        assertContinuous(ticks);
        assertTrue(maxTarget(ticks, 0, 20_000) <= 20);
        long raised = settledAt(ticks, 20_000, 40_000, t -> t.after().targetDelayMillis() >= 80);
        assertTrue(raised >= 20_000 && raised < 23_000, "raised at " + raised);
        long lowered = settledAt(ticks, 40_000, 80_000, t -> t.after().targetDelayMillis() <= 20);
        assertTrue(lowered >= 40_000 && lowered < 55_000, "lowered at " + lowered);
        AudioJitterBufferStats stats = ticks.get(ticks.size() - 1).after();
        assertTrue(stats.insertedSamplesForDeceleration() > 0);
        assertTrue(stats.removedSamplesForAcceleration() > 0);
        assertTrue(ticks.get(ticks.size() - 1).before().currentDelayMillis() <= 30);
    }
}
