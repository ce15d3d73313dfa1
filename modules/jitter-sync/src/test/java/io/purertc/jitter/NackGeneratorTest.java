package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NackGeneratorTest {

    private static final long MS = 1_000;
    private static final long RTT = 50 * MS;
    /** RTT plus the default retry margin. */
    private static final long RETRY = RTT + 5 * MS;

    /** A receiver with a clock: one packet per millisecond, and the NACKs due at the current time. */
    private static final class Receiver {
        final NackGenerator generator;
        long now = 1_000 * MS;

        Receiver(NackConfig config) {
            generator = new NackGenerator(config);
        }

        Receiver() {
            this(NackConfig.DEFAULT);
        }

        void receive(int... sequenceNumbers) {
            for (int seq : sequenceNumbers) {
                generator.onPacket(seq & 0xFFFF, false, false, now);
                now += MS;
            }
        }

        /** Receives {@code from} up to {@code to} (exclusive, may pass 65535) except {@code lost}. */
        void receiveRange(int from, int to, int... lost) {
            receive(IntStream.range(from, to).filter(seq -> Arrays.stream(lost).noneMatch(l -> l == seq)).toArray());
        }

        void recover(int seq) {
            generator.onPacket(seq, false, true, now);
        }

        void advance(long micros) {
            now += micros;
        }

        NackBatch batch() {
            return generator.due(now, RTT);
        }

        List<Integer> due() {
            return batch().sequenceNumbers();
        }
    }

    @Test
    void aSingleLossIsRecoveredAfterOneNack() {
        Receiver receiver = new Receiver();
        receiver.receiveRange(0, 10, 5);
        assertEquals(List.of(5), receiver.due());
        assertEquals(List.of(), receiver.due());
        receiver.advance(RTT / 2);
        receiver.recover(5);
        receiver.advance(RTT);
        assertEquals(List.of(), receiver.due());
        assertEquals(new NackGeneratorStats(1, 1, 1, 0, 0, 0), receiver.generator.stats());
    }

    @Test
    void aBurstLossIsNackedInOneBatchOldestFirst() {
        Receiver receiver = new Receiver();
        receiver.receiveRange(0, 40, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 30);
        assertEquals(List.of(10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 30), receiver.due());
        assertEquals(11, receiver.generator.stats().nackListSize());
    }

    @Test
    void aLostRetransmissionIsNackedAgainAfterOneRttAndGivenUpAfterMaxRetries() {
        Receiver receiver = new Receiver();
        receiver.receiveRange(0, 10, 5);
        assertEquals(List.of(5), receiver.due());
        for (int retry = 2; retry <= 10; retry++) {
            receiver.advance(RETRY - 1);
            assertEquals(List.of(), receiver.due(), "not before RTT + margin");
            receiver.advance(1);
            assertEquals(List.of(5), receiver.due(), "retry " + retry);
        }
        receiver.advance(RETRY - 1);
        assertEquals(List.of(), receiver.due());
        assertEquals(1, receiver.generator.stats().nackListSize(), "the last NACK's answer is still awaited");
        receiver.advance(1);
        assertEquals(new NackBatch(List.of(), true), receiver.batch(), "no key frame since: ask for one");
        assertEquals(new NackGeneratorStats(10, 10, 0, 1, 1, 0), receiver.generator.stats());
    }

    @Test
    void retriesWaitRttPlusTheMarginAndAssume100MsWithoutRtt() {
        NackGenerator generator = new NackGenerator();
        generator.onPacket(1, false, false, 0);
        generator.onPacket(3, false, false, 0);
        assertEquals(List.of(2), generator.due(0, 1_000).sequenceNumbers());
        assertEquals(List.of(), generator.due(5_999, 1_000).sequenceNumbers());
        assertEquals(List.of(2), generator.due(6_000, 1_000).sequenceNumbers());
        assertEquals(List.of(), generator.due(110_999, 0).sequenceNumbers());
        assertEquals(List.of(2), generator.due(111_000, 0).sequenceNumbers());
    }

    @Test
    void aLatePacketThatWasNeverNackedIsReorderingNotRecovery() {
        Receiver receiver = new Receiver(NackConfig.DEFAULT.withReorderingWaitMicros(10 * MS));
        int[] order = {0, 1, 3, 2, 4, 6, 5, 7, 9, 8, 10};
        for (int seq : order) {
            receiver.receive(seq);
            assertEquals(List.of(), receiver.due());
        }
        receiver.advance(RTT);
        assertEquals(List.of(), receiver.due());
        assertEquals(new NackGeneratorStats(0, 0, 0, 0, 0, 0), receiver.generator.stats());
    }

    @Test
    void withoutAReorderingWaitAPacketLateByOneIsNackedOnce() {
        Receiver receiver = new Receiver();
        receiver.receive(0, 1, 3);
        assertEquals(List.of(2), receiver.due());
        receiver.receive(2, 4);
        receiver.advance(RTT);
        assertEquals(List.of(), receiver.due());
        assertEquals(1, receiver.generator.stats().packetsRecovered());
    }

    @Test
    void theReorderingWaitDelaysOnlyTheFirstNack() {
        Receiver receiver = new Receiver(NackConfig.DEFAULT.withReorderingWaitMicros(10 * MS));
        receiver.receive(0, 1, 3);
        assertEquals(List.of(), receiver.due());
        receiver.advance(9 * MS);
        assertEquals(List.of(2), receiver.due());
        receiver.advance(RETRY);
        assertEquals(List.of(2), receiver.due());
    }

    @Test
    void duplicatesChangeNothing() {
        Receiver receiver = new Receiver();
        receiver.receive(0, 1, 1, 3, 3, 1, 0);
        assertEquals(List.of(2), receiver.due());
        assertEquals(1, receiver.generator.stats().nackListSize());
    }

    @Test
    void gapsAcrossTheSequenceWrap() {
        Receiver receiver = new Receiver();
        receiver.receiveRange(65530, 65540, 65535, 65536, 65538);
        assertEquals(List.of(65535, 0, 2), receiver.due());
        receiver.recover(0);
        receiver.recover(65535);
        receiver.advance(RETRY);
        assertEquals(List.of(2), receiver.due());
    }

    @Test
    void aJumpOf30000IsANewStartNot30000Nacks() {
        Receiver receiver = new Receiver();
        receiver.receiveRange(0, 100, 50);
        assertEquals(List.of(50), receiver.due());
        receiver.receive(30_100);
        assertEquals(new NackBatch(List.of(), false), receiver.batch());
        receiver.receive(30_101);
        NackBatch afterRestart = receiver.batch();
        assertEquals(List.of(), afterRestart.sequenceNumbers());
        assertTrue(afterRestart.keyFrameRequested());
        assertFalse(receiver.batch().keyFrameRequested());
        receiver.receiveRange(30_102, 30_110, 30_105);
        assertEquals(List.of(30_105), receiver.due());
        assertEquals(new NackGeneratorStats(2, 2, 0, 1, 1, 1), receiver.generator.stats());
    }

    @Test
    void aNewStartWithAKeyFrameNeedsNoRequest() {
        NackGenerator generator = new NackGenerator();
        generator.onPacket(100, false, false, 0);
        generator.onPacket(40_000, true, false, 0);
        generator.onPacket(40_001, false, false, 0);
        assertEquals(new NackBatch(List.of(), false), generator.due(0, RTT));
    }

    @Test
    void aStrayPacketDoesNotDisturbTheStream() {
        Receiver receiver = new Receiver();
        receiver.receiveRange(0, 50);
        receiver.receive(40_000);
        receiver.receive(20_000);
        receiver.receiveRange(50, 60, 55);
        NackBatch batch = receiver.batch();
        assertEquals(List.of(55), batch.sequenceNumbers());
        assertFalse(batch.keyFrameRequested());
    }

    @Test
    void anOverflowingListIsClearedAndAKeyFrameRequestedOnce() {
        Receiver receiver = new Receiver();
        receiver.receiveRange(0, 10);
        receiver.receive(1_511);
        NackBatch batch = receiver.batch();
        assertEquals(List.of(), batch.sequenceNumbers());
        assertTrue(batch.keyFrameRequested());
        receiver.receiveRange(1_512, 1_520);
        assertFalse(receiver.batch().keyFrameRequested());
        assertEquals(1, receiver.generator.stats().keyFrameRequests());
        assertEquals(0, receiver.generator.stats().nackListSize());
    }

    @Test
    void aKeyFrameMakesRoomWithoutARequest() {
        NackConfig config = new NackConfig(10, 5 * MS, 1_000 * MS, 100, 10_000, 0);
        NackGenerator generator = new NackGenerator(config);
        generator.onPacket(0, false, false, 0);
        generator.onPacket(61, false, false, 0);
        generator.onPacket(70, true, false, 0);
        generator.onPacket(131, false, false, 0);
        NackBatch batch = generator.due(0, RTT);
        assertEquals(IntStream.range(71, 131).boxed().toList(), batch.sequenceNumbers());
        assertFalse(batch.keyFrameRequested());
        assertEquals(60 + 8, generator.stats().packetsGivenUp(), "1..60 and 62..69 lie before the key frame");
    }

    @Test
    void packetsTooFarBehindAreGivenUp() {
        NackConfig config = new NackConfig(10, 5 * MS, 1_000 * MS, 100, 200, 0);
        Receiver receiver = new Receiver(config);
        receiver.receiveRange(0, 205, 3, 5);
        assertEquals(new NackBatch(List.of(5), true), receiver.batch());
        assertEquals(1, receiver.generator.stats().packetsGivenUp());
    }

    @Test
    void packetsTooOldInTimeAreGivenUp() {
        Receiver receiver = new Receiver(new NackConfig(100, 5 * MS, 300 * MS, 1000, 10_000, 0));
        receiver.receiveRange(0, 10, 5);
        assertEquals(List.of(5), receiver.due());
        receiver.advance(290 * MS);
        assertEquals(List.of(5), receiver.due());
        receiver.advance(15 * MS);
        assertTrue(receiver.generator.due(receiver.now, MS).keyFrameRequested());
        assertEquals(new NackGeneratorStats(2, 2, 0, 1, 1, 0), receiver.generator.stats());
    }

    @Test
    void whenTheRttIsTooLongForTheAgeLimitOneNackIsAllAndThenAKeyFrameIsAsked() {
        NackGenerator generator = new NackGenerator(new NackConfig(10, 5 * MS, 200 * MS, 1000, 10_000, 0));
        generator.onPacket(1, false, false, 0);
        generator.onPacket(3, false, false, 0);
        assertEquals(new NackBatch(List.of(2), false), generator.due(0, 300 * MS));
        assertEquals(new NackBatch(List.of(), false), generator.due(200 * MS, 300 * MS));
        assertEquals(new NackBatch(List.of(), true), generator.due(200 * MS + 1, 300 * MS));
    }

    @Test
    void aPacketGivenUpBeforeAKeyFrameNeedsNoRequest() {
        NackGenerator generator = new NackGenerator(new NackConfig(1, 5 * MS, 1_000 * MS, 1000, 10_000, 0));
        generator.onPacket(1, false, false, 0);
        generator.onPacket(3, false, false, 0);
        generator.onPacket(4, true, false, 0);
        assertEquals(List.of(2), generator.due(0, RTT).sequenceNumbers());
        assertEquals(new NackBatch(List.of(), false), generator.due(RETRY, RTT));
        assertEquals(1, generator.stats().packetsGivenUp());
    }

    @Test
    void sequenceNumbersOutsideSixteenBitsAreRejected() {
        NackGenerator generator = new NackGenerator();
        assertThrows(IllegalArgumentException.class, () -> generator.onPacket(65_536, false, false, 0));
        assertThrows(IllegalArgumentException.class, () -> generator.onPacket(-1, false, false, 0));
    }

    /** Hostile sequence numbers, flags and times: the caps hold and nothing throws. */
    @Property
    void capsHoldForAnyInput(@ForAll("arrivals") @Size(max = 400) List<Arrival> arrivals) {
        NackConfig config = new NackConfig(3, MS, 100 * MS, 50, 300, 2 * MS);
        NackGenerator generator = new NackGenerator(config);
        long now = 0;
        for (Arrival arrival : arrivals) {
            now += arrival.delayMicros();
            generator.onPacket(arrival.sequenceNumber(), arrival.keyFrame(), arrival.recovered(), now);
            assertTrue(generator.stats().nackListSize() <= 50);
            if (arrival.poll()) {
                NackBatch batch = generator.due(now, arrival.delayMicros() * 7);
                assertTrue(batch.sequenceNumbers().size() <= 50);
                assertEquals(batch.sequenceNumbers().size(), batch.sequenceNumbers().stream().distinct().count());
            }
        }
        NackGeneratorStats stats = generator.stats();
        assertTrue(stats.sequenceNumbersNacked() <= 3 * (stats.packetsRecovered() + stats.packetsGivenUp()
                + stats.nackListSize()));
    }

    record Arrival(int sequenceNumber, boolean keyFrame, boolean recovered, long delayMicros, boolean poll) {
    }

    /** One arrival as a step from the previous sequence number. */
    record Step(int delta, boolean keyFrame, boolean recovered, long delayMicros, boolean poll) {
    }

    /** Mostly a stream moving forward with losses and reordering, with wild jumps mixed in. */
    @Provide
    Arbitrary<List<Arrival>> arrivals() {
        Arbitrary<Integer> deltas = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(-3, 5)),
                Tuple.of(2, Arbitraries.integers().between(-400, 400)),
                Tuple.of(1, Arbitraries.integers().between(-65_535, 65_535)));
        Arbitrary<Step> steps = Combinators.combine(deltas, Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.longs().between(0, 20 * MS), Arbitraries.of(true, false)).as(Step::new);
        return steps.list().ofMaxSize(400).map(list -> {
            List<Arrival> arrivals = new ArrayList<>();
            int seq = 0;
            for (Step step : list) {
                seq = (seq + step.delta()) & 0xFFFF;
                arrivals.add(new Arrival(seq, step.keyFrame(), step.recovered(), step.delayMicros(), step.poll()));
            }
            return arrivals;
        });
    }
}
