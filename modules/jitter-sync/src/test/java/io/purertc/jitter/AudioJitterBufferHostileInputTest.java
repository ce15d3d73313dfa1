package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever arrives, in whatever order and shape, the buffer neither throws nor grows past its cap. */
class AudioJitterBufferHostileInputTest {

    private static final int CAP = 16;

    /** One step of a hostile stream: a packet or a pull, then time moves on. */
    record Step(boolean pull, int sequenceStep, long timestampStep, byte[] payload, long advanceMicros) {
    }

    @Provide
    Arbitrary<List<Step>> streams() {
        Arbitrary<Integer> sequenceSteps = Arbitraries.oneOf(Arbitraries.integers().between(-3, 4),
                Arbitraries.integers().between(0, 65_535), Arbitraries.of(32_768, 3_001, -101));
        Arbitrary<Long> timestampSteps = Arbitraries.oneOf(Arbitraries.of(0L, 480L, 960L, 2880L, -960L),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL), Arbitraries.of(1L << 31));
        Arbitrary<byte[]> payloads = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(12),
                Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(0, 7)).as(MarkerDecoder::payload));
        Arbitrary<Long> advances = Arbitraries.oneOf(Arbitraries.longs().between(0, 50_000),
                Arbitraries.longs().between(-20_000, 2_000_000));
        return Combinators.combine(Arbitraries.of(true, false), sequenceSteps, timestampSteps, payloads, advances)
                .as(Step::new).list().ofMaxSize(400);
    }

    @Property(tries = 300)
    void hostileStreamsNeverThrowNorExceedTheCap(@ForAll("streams") List<Step> steps,
            @ForAll("frames") int frameMillis) {
        AudioJitterBuffer buffer = new AudioJitterBuffer(new MarkerDecoder("opus"), MarkerDecoder.SAMPLE_RATE,
                new AudioJitterBufferConfig(frameMillis, 0, 500, CAP));
        int sequence = 0;
        long timestamp = 0;
        long now = 0;
        long pulls = 0;
        for (Step step : steps) {
            if (step.pull()) {
                AudioPull pull = buffer.pull(now);
                pulls++;
                assertEquals(MarkerDecoder.SAMPLE_RATE / 1000 * frameMillis, pull.frame().samplesPerChannel());
                assertTrue(pull.rtpTimestamp() >= AudioPull.NO_TIMESTAMP && pull.rtpTimestamp() <= 0xFFFF_FFFFL);
            } else {
                sequence = (sequence + step.sequenceStep()) & 0xFFFF;
                timestamp = (timestamp + step.timestampStep()) & 0xFFFF_FFFFL;
                buffer.insert(step.payload(), 0, step.payload().length, sequence, timestamp, now);
            }
            assertTrue(buffer.packetCount() <= CAP);
            now += step.advanceMicros();
        }
        AudioJitterBufferStats stats = buffer.stats();
        assertEquals(pulls * MarkerDecoder.SAMPLE_RATE / 1000 * frameMillis, stats.totalSamplesPulled());
        assertTrue(stats.currentDelayMillis() >= 0 && stats.targetDelayMillis() >= 0
                && stats.targetDelayMillis() <= 500);
        assertTrue(stats.packetsDiscarded() + stats.latePackets() <= stats.packetsReceived());
    }

    @Provide
    Arbitrary<Integer> frames() {
        return Arbitraries.of(10, 20);
    }
}
