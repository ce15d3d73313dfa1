package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.purertc.jitter.TestVideoStream.Arrival;
import io.purertc.jitter.TestVideoStream.Packet;

class VideoFrameBufferTest {

    private static final int PACKETS_PER_FRAME = 5;
    private static final long NETWORK_DELAY = 20_000;
    private static final long END = 60_000_000;

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    private static List<Packet> stream(int frames, int keyInterval) {
        return TestVideoStream.packets(frames, PACKETS_PER_FRAME, keyInterval, 1000, 123_456);
    }

    private static void assertIntact(SimulatedReceiver receiver) {
        for (SimulatedReceiver.Release release : receiver.released) {
            int index = release.frameIndex();
            assertArrayEquals(TestVideoStream.framePayload(index, PACKETS_PER_FRAME),
                    release.frame().frame().payload(), "frame " + index);
            assertEquals((123_456 + 3000L * index) & 0xFFFF_FFFFL, release.frame().rtpTimestamp());
            assertEquals((1000 + PACKETS_PER_FRAME * index) & 0xFFFF, release.frame().firstSequenceNumber());
            assertEquals((1000 + PACKETS_PER_FRAME * index + PACKETS_PER_FRAME - 1) & 0xFFFF,
                    release.frame().lastSequenceNumber());
        }
    }

    @Test
    void releasesFramesInOrderAsTheyComplete() {
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(TestVideoStream.constantDelay(stream(100, 30), NETWORK_DELAY), END);

        assertEquals(range(0, 100), receiver.releasedIndices());
        assertIntact(receiver);
        VideoFrameBufferStats stats = receiver.buffer.stats();
        assertEquals(100, stats.framesReceived());
        assertEquals(100, stats.framesReleased());
        assertEquals(4, stats.keyFramesReleased());
        assertEquals(500, stats.packetsReceived());
        assertEquals(0, stats.framesDropped());
        assertEquals(0, stats.bufferedPackets());
        assertEquals(0, stats.bufferedBytes());
        assertEquals(0, receiver.keyFrameRequests);
        assertTrue(receiver.released.get(0).frame().frame().keyFrame());
    }

    @Test
    void reordersPacketsWithinAFrame() {
        Random random = new Random(1);
        List<Packet> packets = stream(60, 30);
        List<Arrival> arrivals = new ArrayList<>();
        for (int frame = 0; frame < 60; frame++) {
            List<Packet> framePackets = new ArrayList<>(packets.subList(frame * PACKETS_PER_FRAME,
                    (frame + 1) * PACKETS_PER_FRAME));
            Collections.shuffle(framePackets, random);
            for (int i = 0; i < framePackets.size(); i++) {
                long arrival = frame * TestVideoStream.FRAME_INTERVAL_MICROS + i * 100L;
                arrivals.add(new Arrival(framePackets.get(i), arrival));
            }
        }
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(arrivals, END);

        assertEquals(range(0, 60), receiver.releasedIndices());
        assertIntact(receiver);
        assertEquals(0, receiver.keyFrameRequests);
    }

    @Test
    void reordersPacketsAcrossFrames() {
        // Every frame's last packet overtaken by the whole next frame.
        List<Packet> packets = stream(60, 30);
        List<Arrival> arrivals = new ArrayList<>();
        for (Packet packet : packets) {
            long delay = packet.marker() ? NETWORK_DELAY + 40_000 : NETWORK_DELAY;
            arrivals.add(new Arrival(packet, packet.sendMicros() + delay));
        }
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(arrivals, END);

        assertEquals(range(0, 60), receiver.releasedIndices());
        assertIntact(receiver);
        assertEquals(0, receiver.buffer.stats().framesDropped());
        assertEquals(0, receiver.keyFrameRequests);
    }

    @Test
    void dropsDuplicates() {
        List<Arrival> arrivals = new ArrayList<>(TestVideoStream.constantDelay(stream(40, 30), NETWORK_DELAY));
        arrivals.addAll(TestVideoStream.constantDelay(stream(40, 30), NETWORK_DELAY + 50));
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(arrivals, END);

        assertEquals(range(0, 40), receiver.releasedIndices());
        assertIntact(receiver);
        VideoFrameBufferStats stats = receiver.buffer.stats();
        // A copy 50 µs later finds its frame still buffered only if the marker had not yet come.
        assertEquals(200, stats.packetsDuplicated() + stats.packetsLate());
        assertTrue(stats.packetsDuplicated() > 0, "duplicates " + stats.packetsDuplicated());
        assertEquals(40, stats.framesReleased());
    }

    @Test
    void aRetransmissionWithinMaxWaitCompletesTheFrame() {
        List<Packet> packets = stream(60, 30);
        List<Arrival> arrivals = new ArrayList<>();
        Packet lost = packets.get(10 * PACKETS_PER_FRAME + 2);
        for (Packet packet : packets) {
            long delay = packet == lost ? NETWORK_DELAY + 200_000 : NETWORK_DELAY;
            arrivals.add(new Arrival(packet, packet.sendMicros() + delay));
        }
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(arrivals, END);

        assertEquals(range(0, 60), receiver.releasedIndices());
        assertIntact(receiver);
        assertEquals(0, receiver.keyFrameRequests);
        assertEquals(0, receiver.buffer.stats().framesDropped());
        // Frame 10 waited for its packet, and the frames behind it waited for frame 10.
        long frame10Released = receiver.released.get(10).atMicros();
        assertEquals(lost.sendMicros() + NETWORK_DELAY + 200_000, frame10Released);
        assertEquals(frame10Released, receiver.released.get(11).atMicros());
    }

    @Test
    void aPacketThatNeverComesDropsFramesUntilTheNextKeyFrame() {
        List<Packet> packets = new ArrayList<>(stream(90, 40));
        packets.remove(10 * PACKETS_PER_FRAME + 2);
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(TestVideoStream.constantDelay(packets, NETWORK_DELAY), END);

        List<Integer> expected = new ArrayList<>(range(0, 10));
        expected.addAll(range(40, 90));
        assertEquals(expected, receiver.releasedIndices());
        assertIntact(receiver);
        assertEquals(1, receiver.keyFrameRequests);
        VideoFrameBufferStats stats = receiver.buffer.stats();
        assertEquals(1, stats.keyFrameRequestsNeeded());
        assertEquals(30, stats.framesDropped(), "frame 10 given up, 11..39 waiting for a key frame");
        assertEquals(0, stats.bufferedPackets());
        // Frame 10 was given up maxWait past its render time (it would have arrived 20 ms after it was sent).
        SimulatedReceiver.Release firstAfter = receiver.released.get(10);
        assertEquals(40, firstAfter.frameIndex());
    }

    @Test
    void givesUpAtMaxWaitPastTheRenderTime() {
        List<Packet> packets = new ArrayList<>(stream(20, 10));
        packets.remove(5 * PACKETS_PER_FRAME + 2);
        SimulatedReceiver receiver = new SimulatedReceiver(VideoFrameBufferConfig.DEFAULT.withMaxWaitMicros(100_000));
        // Frame 5 would have been rendered when its last packet was expected: no jitter, no added delay.
        long giveUp = 5 * TestVideoStream.FRAME_INTERVAL_MICROS + 400 + NETWORK_DELAY + 100_000;
        List<Arrival> arrivals = TestVideoStream.constantDelay(packets, NETWORK_DELAY);
        List<Arrival> before = arrivals.stream().filter(a -> a.atMicros() < giveUp - 1_000).toList();
        receiver.run(before, giveUp - 1_000);
        assertEquals(0, receiver.keyFrameRequests);
        assertEquals(range(0, 5), receiver.releasedIndices());
        receiver.advanceTo(giveUp + 1_000);
        assertEquals(1, receiver.keyFrameRequests);
        receiver.run(arrivals.subList(before.size(), arrivals.size()), END);
        assertEquals(List.of(0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19), receiver.releasedIndices());
    }

    @Test
    void decoderFailureWaitsForAKeyFrame() {
        List<Arrival> arrivals = TestVideoStream.constantDelay(stream(70, 30), NETWORK_DELAY);
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(arrivals.subList(0, 12 * PACKETS_PER_FRAME), 12 * TestVideoStream.FRAME_INTERVAL_MICROS);
        assertFalse(receiver.buffer.waitingForKeyFrame());
        receiver.buffer.decoderFailed();
        receiver.buffer.decoderFailed();
        assertTrue(receiver.buffer.keyFrameNeeded());
        assertFalse(receiver.buffer.keyFrameNeeded(), "once per episode");
        assertTrue(receiver.buffer.waitingForKeyFrame(), "until the key frame comes");
        receiver.run(arrivals.subList(12 * PACKETS_PER_FRAME, arrivals.size()), END);
        assertFalse(receiver.buffer.waitingForKeyFrame());

        List<Integer> expected = new ArrayList<>(range(0, 12));
        expected.addAll(range(30, 70));
        assertEquals(expected, receiver.releasedIndices());
        assertEquals(18, receiver.buffer.stats().framesDropped());
        assertEquals(1, receiver.buffer.stats().keyFrameRequestsNeeded());
    }

    @Test
    void aStreamJoinedOnADeltaFrameStartsAtTheFirstKeyFrame() {
        List<Packet> packets = stream(80, 30).subList(5 * PACKETS_PER_FRAME, 80 * PACKETS_PER_FRAME);
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(TestVideoStream.constantDelay(packets, NETWORK_DELAY), END);

        assertEquals(range(30, 80), receiver.releasedIndices());
        assertEquals(25, receiver.buffer.stats().framesDropped());
        assertEquals(1, receiver.keyFrameRequests);
    }

    @Test
    void aStreamJoinedInsideAKeyFrameWaitsForTheNext() {
        List<Packet> packets = stream(80, 30).subList(2, 80 * PACKETS_PER_FRAME);
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(TestVideoStream.constantDelay(packets, NETWORK_DELAY), END);

        assertEquals(range(30, 80), receiver.releasedIndices());
        assertEquals(1, receiver.keyFrameRequests);
        assertEquals(1, receiver.depacketizer.framesDiscarded + receiver.buffer.stats().framesDropped() - 29,
                "the tail of frame 0 refused, frames 1..29 dropped as delta frames");
    }

    @Test
    void sequenceNumbersAndTimestampsWrap() {
        List<Packet> packets = TestVideoStream.packets(100, PACKETS_PER_FRAME, 30, 65_536 - 123,
                (1L << 32) - 3000 * 50);
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(TestVideoStream.constantDelay(packets, NETWORK_DELAY), END);

        assertEquals(range(0, 100), receiver.releasedIndices());
        for (SimulatedReceiver.Release release : receiver.released) {
            int index = release.frameIndex();
            assertEquals(((1L << 32) - 3000 * 50 + 3000L * index) & 0xFFFF_FFFFL, release.frame().rtpTimestamp());
            assertEquals((65_536 - 123 + PACKETS_PER_FRAME * index) & 0xFFFF, release.frame().firstSequenceNumber());
            long arrival = index * TestVideoStream.FRAME_INTERVAL_MICROS + 400 + NETWORK_DELAY;
            long held = index == 0 ? VideoFrameBuffer.START_REORDER_MICROS - 400 : 0;
            assertTrue(release.atMicros() - arrival <= held + 3_000, "frame " + index + " held across the wrap");
        }
    }

    @Test
    void paddingBetweenFramesKeepsTheChain() {
        List<Packet> packets = new ArrayList<>();
        int sequenceNumber = 0;
        for (Packet packet : stream(30, 30)) {
            packets.add(new Packet(packet.frameIndex(), packet.payload(), sequenceNumber++, packet.rtpTimestamp(),
                    packet.marker(), packet.sendMicros()));
            if (packet.marker()) {
                packets.add(new Packet(packet.frameIndex(), new byte[0], sequenceNumber++, packet.rtpTimestamp(),
                        false, packet.sendMicros() + 50));
            }
        }
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(TestVideoStream.constantDelay(packets, NETWORK_DELAY), END);

        assertEquals(range(0, 30), receiver.releasedIndices());
        assertEquals(0, receiver.buffer.stats().framesDropped());
        assertEquals(0, receiver.buffer.stats().bufferedPackets());
    }

    @Test
    void aTimestampChangeBeforeTheMarkerBreaksTheFrame() {
        List<Packet> packets = new ArrayList<>(stream(40, 20));
        Packet middle = packets.get(7 * PACKETS_PER_FRAME + 2);
        packets.set(7 * PACKETS_PER_FRAME + 2, new Packet(7, middle.payload(), middle.sequenceNumber(),
                middle.rtpTimestamp() + 1, false, middle.sendMicros()));
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(TestVideoStream.constantDelay(packets, NETWORK_DELAY), END);

        List<Integer> expected = new ArrayList<>(range(0, 7));
        expected.addAll(range(20, 40));
        assertEquals(expected, receiver.releasedIndices());
        assertEquals(1, receiver.keyFrameRequests);
    }

    /** Frames 0..19, then a second after the sender restarted its stream at other sequence numbers. */
    private static SimulatedReceiver restart(int frames, int keyInterval, int firstSequenceNumber) {
        List<Arrival> arrivals = new ArrayList<>(TestVideoStream.constantDelay(stream(20, 30), NETWORK_DELAY));
        for (Packet packet : TestVideoStream.packets(frames, PACKETS_PER_FRAME, keyInterval, firstSequenceNumber,
                900_000)) {
            arrivals.add(new Arrival(packet, packet.sendMicros() + NETWORK_DELAY + 1_000_000));
        }
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(arrivals, END);
        return receiver;
    }

    @Test
    void aJumpWiderThanTheWindowStartsOver() {
        SimulatedReceiver receiver = restart(20, 30, 30_000);

        assertEquals(40, receiver.released.size());
        assertEquals(1, receiver.buffer.stats().resets());
        assertEquals(0, receiver.keyFrameRequests);
        assertEquals(30_000, receiver.released.get(20).frame().firstSequenceNumber());
    }

    @Test
    void aSenderRestartingBehindTheOldSequenceNumbersIsFollowedAfterARunOfLatePackets() {
        SimulatedReceiver receiver = restart(40, 10, 500);

        VideoFrameBufferStats stats = receiver.buffer.stats();
        assertEquals(1, stats.resets());
        assertEquals(VideoFrameBuffer.RESTART_RUN - 1, stats.packetsLate());
        // The run ate the first six frames and the first packet of the seventh; the next key frame is frame 10.
        List<Integer> expected = new ArrayList<>(range(0, 20));
        expected.addAll(range(10, 40));
        assertEquals(expected, receiver.releasedIndices());
    }

    @Test
    void aStrayPacketFromLongAgoIsLate() {
        List<Packet> packets = stream(600, 30);
        List<Arrival> arrivals = new ArrayList<>(TestVideoStream.constantDelay(packets, NETWORK_DELAY));
        Packet old = packets.get(3);
        arrivals.add(new Arrival(old, 19_000_000));
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(arrivals, END);

        assertEquals(range(0, 600), receiver.releasedIndices());
        assertEquals(1, receiver.buffer.stats().packetsLate());
        assertEquals(0, receiver.buffer.stats().resets());
    }

    @Test
    void packetsOfReleasedFramesAreLate() {
        List<Packet> packets = stream(10, 30);
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(TestVideoStream.constantDelay(packets, NETWORK_DELAY), END);
        Packet old = packets.get(12);
        receiver.buffer.insert(old.payload(), 0, old.payload().length, old.sequenceNumber(), old.rtpTimestamp(),
                old.marker(), END);
        assertEquals(1, receiver.buffer.stats().packetsLate());
        assertEquals(0, receiver.buffer.stats().bufferedPackets());
    }

    @Test
    void callerErrorsAreIllegalArguments() {
        VideoFrameBuffer buffer = new VideoFrameBuffer(new StartBitDepacketizer(), VideoFrameBufferConfig.DEFAULT);
        byte[] payload = new byte[10];
        assertThrows(IllegalArgumentException.class, () -> buffer.insert(payload, 5, 6, 0, 0, true, 0));
        assertThrows(IllegalArgumentException.class, () -> buffer.insert(payload, -1, 2, 0, 0, true, 0));
        assertThrows(IllegalArgumentException.class, () -> buffer.insert(payload, 0, 2, 65_536, 0, true, 0));
        assertThrows(IllegalArgumentException.class, () -> buffer.insert(payload, 0, 2, 0, 1L << 32, true, 0));
        assertThrows(IllegalArgumentException.class, () -> buffer.setExtraDelay(-1));
        assertThrows(IllegalArgumentException.class, () -> VideoFrameBufferConfig.DEFAULT.withMaxWaitMicros(-1));
        assertEquals(0, buffer.stats().packetsReceived());
    }
}
