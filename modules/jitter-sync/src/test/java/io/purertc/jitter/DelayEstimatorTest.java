package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DelayEstimatorTest {

    private static final int CLOCK = 48_000;

    /** Feeds {@code seconds} of 20 ms packets delayed by up to {@code jitterMillis}, uniformly. */
    private static DelayEstimator feed(DelayEstimator estimator, long seed, int seconds, int jitterMillis,
            long offsetMicros) {
        Random random = new Random(seed);
        for (int i = 0; i < seconds * 50; i++) {
            estimator.update(offsetMicros + i * 20_000L + random.nextInt(jitterMillis * 1000 + 1), i * 960L);
        }
        return estimator;
    }

    @Test
    void beforeAnyPacketTheTargetIsNetEqsStartDelay() {
        assertEquals(80, new DelayEstimator(CLOCK).targetDelayMillis());
    }

    @Test
    void withoutJitterTheTargetIsOneBucket() {
        assertEquals(20, feed(new DelayEstimator(CLOCK), 1, 10, 0, 0).targetDelayMillis());
    }

    @Test
    void uniformFortyMillisecondJitterGivesForty() {
        assertEquals(40, feed(new DelayEstimator(CLOCK), 2, 30, 40, 0).targetDelayMillis());
    }

    @Test
    void uniformEightyMillisecondJitterGivesEighty() {
        assertEquals(80, feed(new DelayEstimator(CLOCK), 3, 30, 80, 0).targetDelayMillis());
    }

    @Test
    void aFewDelayedPacketsAmongManyDoNotMoveTheNinetyFifthPercentile() {
        DelayEstimator estimator = feed(new DelayEstimator(CLOCK), 4, 10, 0, 0);
        for (int i = 500; i < 1000; i++) {
            estimator.update(i * 20_000L + (i % 50 == 0 ? 200_000 : 0), i * 960L);
        }
        assertEquals(20, estimator.targetDelayMillis());
    }

    /** The 2 s arrival window still holds fast packets (100 of them), then 426 packets of forgetting. */
    @Test
    void theTargetFallsBackWithinSecondsOnceJitterStops() {
        DelayEstimator estimator = feed(new DelayEstimator(CLOCK), 5, 20, 80, 0);
        int packets = 0;
        for (int i = 1000; estimator.targetDelayMillis() > 20; i++) {
            estimator.update(i * 20_000L + 80_000, i * 960L);
            packets++;
        }
        assertTrue(packets > 400 && packets < 600, packets + " packets");
    }

    @Property
    void theTargetDependsOnDelayDifferencesNotTheClockOffset(@ForAll @LongRange(min = -1_000_000_000_000L,
            max = 1_000_000_000_000L) long offsetMicros) {
        assertEquals(feed(new DelayEstimator(CLOCK), 6, 5, 60, 0).targetDelayMillis(),
                feed(new DelayEstimator(CLOCK), 6, 5, 60, offsetMicros).targetDelayMillis());
    }

    @Test
    void aFloodOfPacketsAtOneInstantStaysWithinTheWindowCapacity() {
        DelayEstimator estimator = new DelayEstimator(CLOCK);
        for (int i = 0; i < 100_000; i++) {
            estimator.update(1_000_000, 100_000_000L - i);
        }
        assertEquals(20, estimator.targetDelayMillis());
        estimator.update(1_000_000, 0);
        assertTrue(estimator.targetDelayMillis() >= 20);
    }
}
