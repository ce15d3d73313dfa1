package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Drives a {@link VideoFrameBuffer} the way a media worker would, on simulated time: inserts each
 * arrival at its time, polls whenever the buffer asks to be woken, and records what it releases and
 * when, and how often it asked for a key frame.
 */
final class SimulatedReceiver {

    /** A frame and the simulated time it came out of the buffer. */
    record Release(ReleasedVideoFrame frame, long atMicros) {
        int frameIndex() {
            return TestVideoStream.frameIndex(frame);
        }
    }

    final VideoFrameBuffer buffer;
    final StartBitDepacketizer depacketizer = new StartBitDepacketizer();
    final List<Release> released = new ArrayList<>();
    int keyFrameRequests;
    private long now = Long.MIN_VALUE;

    SimulatedReceiver(VideoFrameBufferConfig config) {
        buffer = new VideoFrameBuffer(depacketizer, config);
    }

    SimulatedReceiver() {
        this(VideoFrameBufferConfig.DEFAULT);
    }

    /** Delivers the arrivals in time order (stable for equal times) and runs on to {@code endMicros}. */
    void run(List<TestVideoStream.Arrival> arrivals, long endMicros) {
        List<TestVideoStream.Arrival> sorted = new ArrayList<>(arrivals);
        sorted.sort(Comparator.comparingLong(TestVideoStream.Arrival::atMicros));
        for (TestVideoStream.Arrival arrival : sorted) {
            advanceTo(arrival.atMicros());
            TestVideoStream.Packet packet = arrival.packet();
            buffer.insert(packet.payload(), 0, packet.payload().length, packet.sequenceNumber(),
                    packet.rtpTimestamp(), packet.marker(), arrival.atMicros());
            pollAll();
        }
        advanceTo(endMicros);
    }

    /** Wakes the buffer at each time it asks for up to {@code time}, then stands at {@code time}. */
    void advanceTo(long time) {
        int wakeupsWithoutProgress = 0;
        while (true) {
            long wakeup = buffer.nextWakeupMicros(Math.max(now, Long.MIN_VALUE + 1));
            if (wakeup > time) {
                break;
            }
            long before = now;
            now = Math.max(now, wakeup);
            int releasedBefore = released.size();
            int bufferedBefore = buffer.stats().bufferedPackets();
            pollAll();
            boolean progress = now != before || released.size() != releasedBefore
                    || buffer.stats().bufferedPackets() != bufferedBefore;
            wakeupsWithoutProgress = progress ? 0 : wakeupsWithoutProgress + 1;
            if (wakeupsWithoutProgress > 3) {
                fail("the buffer asks to be woken at " + wakeup + " but has nothing to do then");
            }
        }
        now = Math.max(now, time);
    }

    private void pollAll() {
        Optional<ReleasedVideoFrame> frame;
        while ((frame = buffer.poll(now)).isPresent()) {
            released.add(new Release(frame.get(), now));
        }
        if (buffer.keyFrameNeeded()) {
            keyFrameRequests++;
        }
    }

    List<Integer> releasedIndices() {
        return released.stream().map(Release::frameIndex).toList();
    }
}
