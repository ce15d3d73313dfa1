package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.purertc.jitter.SimulatedReceiver.Release;
import io.purertc.jitter.TestVideoStream.Arrival;
import io.purertc.jitter.TestVideoStream.Packet;

/** Render times on simulated networks; the figures each test prints are the ones reported for the issue. */
class VideoFrameBufferTimingTest {

    private static final int PACKETS_PER_FRAME = 5;
    private static final long NETWORK_DELAY = 20_000;
    private static final long SECOND = 1_000_000;

    private static List<Packet> stream(int frames) {
        return TestVideoStream.packets(frames, PACKETS_PER_FRAME, 300, 40_000, 7);
    }

    /** When the frame's last packet arrived, as the buffer saw it. */
    private static long heldFor(Release release) {
        return release.atMicros() - release.frame().lastArrivalMicros();
    }

    private static List<Release> after(SimulatedReceiver receiver, long fromMicros) {
        return receiver.released.stream().filter(r -> r.atMicros() >= fromMicros).toList();
    }

    @Test
    void withoutJitterFramesAreReleasedAsTheyArrive() {
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(TestVideoStream.constantDelay(stream(1800), NETWORK_DELAY), 70 * SECOND);

        assertEquals(1800, receiver.released.size());
        long maxHeld = receiver.released.stream().skip(1).mapToLong(VideoFrameBufferTimingTest::heldFor).max()
                .orElseThrow();
        System.out.printf("constant delay: frames held at most %d µs after their last packet, target delay %.2f ms%n",
                maxHeld, receiver.buffer.stats().targetDelayMs());
        assertTrue(maxHeld <= 2_000, "held " + maxHeld + " µs");
        assertTrue(receiver.buffer.stats().targetDelayMs() < 2);
    }

    @Test
    void jitterRaisesTheDelayToCoverItAndFramesComeOutEvenly() {
        Random random = new Random(7);
        List<Packet> packets = stream(1800);
        List<Arrival> arrivals = new ArrayList<>();
        long previous = 0;
        double[] frameDelay = IntStream.range(0, 1800).mapToDouble(i -> random.nextDouble() * 50_000).toArray();
        for (Packet packet : packets) {
            // A queue that delays each frame by 0..50 ms but never reorders.
            long arrival = Math.max(previous, packet.sendMicros() + Math.round(frameDelay[packet.frameIndex()]));
            arrivals.add(new Arrival(packet, arrival));
            previous = arrival;
        }
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(arrivals, 70 * SECOND);

        assertEquals(1800, receiver.released.size());
        List<Release> settled = after(receiver, 20 * SECOND);
        double[] sinceSent = settled.stream()
                .mapToDouble(r -> r.atMicros() - r.frameIndex() * TestVideoStream.FRAME_INTERVAL_MICROS).toArray();
        double mean = IntStream.range(0, sinceSent.length).mapToDouble(i -> sinceSent[i]).average().orElseThrow();
        double deviation = Math.sqrt(IntStream.range(0, sinceSent.length)
                .mapToDouble(i -> (sinceSent[i] - mean) * (sinceSent[i] - mean)).average().orElseThrow());
        long late = settled.stream().filter(r -> r.atMicros() > r.frame().renderTimeMicros()).count();
        VideoFrameBufferStats stats = receiver.buffer.stats();
        System.out.printf("jitter 0..50 ms: released %.1f ms after sending (σ %.2f ms), %d of %d frames late, "
                + "jitter estimate %.1f ms, target delay %.1f ms%n", mean / 1000, deviation / 1000, late,
                settled.size(), stats.jitterMs(), stats.targetDelayMs());
        assertTrue(late <= settled.size() / 50, late + " frames late");
        assertTrue(deviation < 3_000, "release times spread σ " + deviation + " µs");
        assertTrue(stats.targetDelayMs() > 15 && stats.targetDelayMs() < 50, "target " + stats.targetDelayMs());
    }

    @Test
    void extraDelayDelaysReleasesByThatMuch() {
        List<Arrival> arrivals = TestVideoStream.constantDelay(stream(600), NETWORK_DELAY);
        SimulatedReceiver receiver = new SimulatedReceiver();
        List<Arrival> firstHalf = arrivals.subList(0, 300 * PACKETS_PER_FRAME);
        receiver.run(firstHalf, 10 * SECOND);
        receiver.buffer.setExtraDelay(150_000);
        receiver.run(arrivals.subList(firstHalf.size(), arrivals.size()), 30 * SECOND);

        // The delay grows by at most 100 ms per second: 1.5 s to reach 150 ms.
        List<Release> settled = after(receiver, 10 * SECOND + 1_700_000);
        long min = settled.stream().mapToLong(VideoFrameBufferTimingTest::heldFor).min().orElseThrow();
        long max = settled.stream().mapToLong(VideoFrameBufferTimingTest::heldFor).max().orElseThrow();
        System.out.printf("extra delay 150 ms: frames held %d..%d µs after their last packet%n", min, max);
        assertTrue(min >= 149_000 && max <= 151_000, min + ".." + max);
        assertEquals(150, receiver.buffer.stats().targetDelayMs(), 0.5);
        List<Release> ramp = receiver.released.stream()
                .filter(r -> r.atMicros() > 10 * SECOND && r.atMicros() < 11 * SECOND).toList();
        assertTrue(heldFor(ramp.get(ramp.size() - 1)) < 110_000, "the delay ramps up rather than jumps");
    }

    @Test
    void followsTheDriftBetweenSenderAndReceiverClocks() {
        // The sender's 90 kHz clock runs 200 ppm fast: 18 000 frames (10 min) drift 120 ms.
        List<Arrival> arrivals = new ArrayList<>();
        for (Packet packet : stream(18_000)) {
            arrivals.add(new Arrival(packet, Math.round(packet.sendMicros() / 1.0002) + NETWORK_DELAY));
        }
        SimulatedReceiver receiver = new SimulatedReceiver();
        receiver.run(arrivals, 700 * SECOND);

        assertEquals(18_000, receiver.released.size());
        long maxHeld = after(receiver, 60 * SECOND).stream().mapToLong(VideoFrameBufferTimingTest::heldFor).max()
                .orElseThrow();
        System.out.printf("200 ppm drift: frames held at most %d µs after their last packet%n", maxHeld);
        assertTrue(maxHeld <= 2_000, "held " + maxHeld + " µs");
    }

    /** Packets lost at random, each retransmitted {@code recoveryMicros} after it was first due. */
    private static SimulatedReceiver lossyRun(long recoveryMicros, VideoFrameBufferConfig config) {
        Random random = new Random(5);
        List<Arrival> arrivals = new ArrayList<>();
        for (Packet packet : stream(900)) {
            long arrival = packet.sendMicros() + NETWORK_DELAY;
            boolean lost = random.nextDouble() < 0.05 && packet.frameIndex() > 0;
            arrivals.add(new Arrival(packet, lost ? arrival + recoveryMicros : arrival));
        }
        SimulatedReceiver receiver = new SimulatedReceiver(config);
        receiver.run(arrivals, 60 * SECOND);
        return receiver;
    }

    @Test
    void fivePercentLossRecoveredInTimeLosesNoFrame() {
        // RTT 100 ms: the NACK goes out when the next packet shows the gap, the RTX packet comes back a RTT later.
        SimulatedReceiver receiver = lossyRun(120_000, VideoFrameBufferConfig.DEFAULT.withMaxWaitMicros(300_000));

        assertEquals(IntStream.range(0, 900).boxed().toList(), receiver.releasedIndices());
        VideoFrameBufferStats stats = receiver.buffer.stats();
        System.out.printf("5 %% loss, recovered after 120 ms: %d frames released, %d dropped, target delay %.1f ms%n",
                stats.framesReleased(), stats.framesDropped(), stats.targetDelayMs());
        assertEquals(0, receiver.keyFrameRequests);
        assertTrue(stats.targetDelayMs() < 2, "recovered frames do not count as jitter: " + stats.targetDelayMs());
    }

    @Test
    void fivePercentLossRecoveredTooLateAsksForKeyFrames() {
        SimulatedReceiver receiver = lossyRun(600_000, VideoFrameBufferConfig.DEFAULT.withMaxWaitMicros(300_000));

        VideoFrameBufferStats stats = receiver.buffer.stats();
        System.out.printf("5 %% loss, recovered after 600 ms: %d frames released, %d dropped, %d key frame requests%n",
                stats.framesReleased(), stats.framesDropped(), receiver.keyFrameRequests);
        assertTrue(receiver.keyFrameRequests >= 1);
        assertEquals(stats.keyFrameRequestsNeeded(), receiver.keyFrameRequests);
        assertEquals(900, stats.framesReleased() + stats.framesDropped());
        List<Integer> indices = receiver.releasedIndices();
        assertTrue(indices.stream().allMatch(i -> i % 300 == 0 || indices.contains(i - 1)),
                "released frames follow their predecessor");
    }
}
