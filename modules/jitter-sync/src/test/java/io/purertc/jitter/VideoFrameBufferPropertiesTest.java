package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

import io.purertc.jitter.SimulatedReceiver.Release;
import io.purertc.jitter.TestVideoStream.Arrival;
import io.purertc.jitter.TestVideoStream.Packet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class VideoFrameBufferPropertiesTest {

    private static final int PACKETS_PER_FRAME = 4;
    private static final VideoFrameBufferConfig SMALL = new VideoFrameBufferConfig(64, 65_536, 200_000, 0, 1_000_000,
            0.998, 64, 2.0, 100_000);

    /**
     * Whatever arrives — sequence numbers near each other or anywhere, timestamps steady or wild, random
     * markers, headers and lengths, duplicates — the buffer neither throws nor holds more than its caps,
     * and what it releases starts at a key frame and keeps to decode order: a delta frame follows the frame
     * released before it, with nothing but padding between.
     */
    @Property(tries = 200)
    void hostileInputStaysWithinTheCaps(@ForAll long seed, @ForAll boolean wild) {
        Random random = new Random(seed);
        VideoFrameBuffer buffer = new VideoFrameBuffer(new StartBitDepacketizer(), SMALL);
        int sequenceNumber = random.nextInt(65_536);
        long timestamp = random.nextLong() & 0xFFFF_FFFFL;
        long now = random.nextLong() >> 2;
        ReleasedVideoFrame previous = null;
        boolean[] padding = new boolean[65_536];
        for (int i = 0; i < 2000; i++) {
            if (wild || random.nextInt(50) == 0) {
                sequenceNumber = random.nextInt(65_536);
                timestamp = random.nextLong() & 0xFFFF_FFFFL;
            } else {
                sequenceNumber = (sequenceNumber + random.nextInt(7) - 2) & 0xFFFF;
                timestamp = (timestamp + (random.nextInt(4) == 0 ? random.nextInt(6000) - 1000 : 0)) & 0xFFFF_FFFFL;
            }
            byte[] payload = new byte[random.nextInt(random.nextInt(100) == 0 ? 40_000 : 1500)];
            int offset = payload.length == 0 ? 0 : random.nextInt(payload.length);
            if (offset < payload.length) {
                payload[offset] = (byte) random.nextInt(256);
            }
            padding[sequenceNumber] |= offset == payload.length;
            now += random.nextInt(40_000);
            buffer.insert(payload, offset, payload.length - offset, sequenceNumber, timestamp, random.nextBoolean(),
                    now + random.nextInt(1000) - 500);
            switch (random.nextInt(20)) {
                case 0 -> buffer.decoderFailed();
                case 1 -> buffer.setExtraDelay(random.nextInt(2_000_000));
                case 2 -> buffer.keyFrameNeeded();
                default -> { }
            }
            long wakeup = buffer.nextWakeupMicros(now);
            assertTrue(wakeup >= now);
            Optional<ReleasedVideoFrame> released;
            while ((released = buffer.poll(now)).isPresent()) {
                ReleasedVideoFrame frame = released.get();
                assertTrue(frame.frame().keyFrame() || previous != null && onlyPaddingBetween(previous, frame, padding),
                        "a delta frame follows the frame released before it");
                previous = frame;
            }
            VideoFrameBufferStats stats = buffer.stats();
            assertTrue(stats.bufferedPackets() <= SMALL.maxPackets(), "packets " + stats.bufferedPackets());
            assertTrue(stats.bufferedBytes() <= SMALL.maxBytes(), "bytes " + stats.bufferedBytes());
            assertTrue(stats.bufferedPackets() >= 0 && stats.bufferedBytes() >= 0);
            assertTrue(stats.jitterMs() >= 0 && stats.jitterMs() < Double.POSITIVE_INFINITY, "" + stats.jitterMs());
            assertTrue(stats.targetDelayMs() >= 0 && stats.targetDelayMs() <= 1000, "" + stats.targetDelayMs());
        }
    }

    private static boolean onlyPaddingBetween(ReleasedVideoFrame previous, ReleasedVideoFrame frame,
            boolean[] padding) {
        int sequenceNumber = (previous.lastSequenceNumber() + 1) & 0xFFFF;
        for (int n = 0; sequenceNumber != frame.firstSequenceNumber(); n++) {
            if (!padding[sequenceNumber] || n == SMALL.maxPackets()) {
                return false;
            }
            sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
        }
        return true;
    }

    /** Packets displaced by up to 10 ms, so they overtake each other within and across frames: nothing is lost. */
    @Property(tries = 100)
    void reorderingAloneLosesNothing(@ForAll long seed, @ForAll @IntRange(max = 65_535) int firstSequenceNumber) {
        Random random = new Random(seed);
        List<Arrival> arrivals = new ArrayList<>();
        for (Packet packet : TestVideoStream.packets(100, PACKETS_PER_FRAME, 50, firstSequenceNumber,
                random.nextLong() & 0xFFFF_FFFFL)) {
            arrivals.add(new Arrival(packet, packet.sendMicros() + random.nextInt(10_000)));
        }
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(arrivals, 10_000_000);

        assertEquals(IntStream.range(0, 100).boxed().toList(), receiver.releasedIndices());
        for (Release release : receiver.released) {
            assertArrayEquals(TestVideoStream.framePayload(release.frameIndex(), PACKETS_PER_FRAME),
                    release.frame().frame().payload());
        }
        assertEquals(0, receiver.keyFrameRequests);
        assertEquals(0, receiver.buffer.stats().bufferedPackets());
    }

    /**
     * Packets lost for good: every frame released is intact and either a key frame or the direct successor
     * of the frame released before it, and each frame lost after the start led to a key frame request.
     */
    @Property(tries = 100)
    void lossNeverReleasesAFrameThatCannotBeDecoded(@ForAll long seed, @ForAll @IntRange(max = 30) int lossPercent) {
        Random random = new Random(seed);
        List<Packet> packets = new ArrayList<>();
        boolean[] seen = new boolean[150];
        for (Packet packet : TestVideoStream.packets(150, PACKETS_PER_FRAME, 25, 65_000, 0)) {
            if (packet.frameIndex() == 0 || random.nextInt(100) >= lossPercent) {
                packets.add(packet);
                seen[packet.frameIndex()] = true;
            }
        }
        long wholeFramesLost = IntStream.range(0, 150).filter(i -> !seen[i]).count();
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(TestVideoStream.constantDelay(packets, 30_000), 10_000_000);

        List<Integer> indices = receiver.releasedIndices();
        for (int i = 0; i < indices.size(); i++) {
            int index = indices.get(i);
            assertArrayEquals(TestVideoStream.framePayload(index, PACKETS_PER_FRAME),
                    receiver.released.get(i).frame().frame().payload());
            assertTrue(index % 25 == 0 || i > 0 && indices.get(i - 1) == index - 1, "frame " + index);
        }
        // Frames lost whole after the last packet that came leave the buffer nothing to notice.
        int lastSeen = IntStream.range(0, 150).filter(i -> seen[i]).max().orElseThrow();
        boolean anyLost = IntStream.rangeClosed(0, lastSeen).anyMatch(i -> !indices.contains(i));
        long episodes = receiver.buffer.stats().keyFrameRequestsNeeded();
        assertEquals(anyLost, episodes > 0);
        // An episode a key frame already buffered ends at once asks the caller for nothing.
        assertTrue(receiver.keyFrameRequests <= episodes);
        // A frame none of whose packets came leaves no trace to count.
        assertEquals(150 - wholeFramesLost, indices.size() + receiver.buffer.stats().framesDropped());
    }
}
