package io.purertc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import io.purertc.codec.vp8.Vp8Depacketizer;
import io.purertc.codec.vp8.Vp8Packetizer;
import io.purertc.codec.vp8.Vp8PayloadHeader;
import io.purertc.jitter.ReleasedVideoFrame;
import io.purertc.jitter.VideoFrameBuffer;
import io.purertc.jitter.VideoFrameBufferConfig;
import io.purertc.media.EncodedFrame;
import io.purertc.media.RtpPayload;

/**
 * Frame assembly on the video receive path, per frame: the five packets of a 640x480-sized VP8 frame
 * (about 5.8 kB, 1 Mb/s at 30 frames/s, a key frame every 30) inserted into a {@link VideoFrameBuffer} in
 * order and polled out of it through the real {@link Vp8Depacketizer}, on a simulated clock.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VideoFrameBufferBenchmark {

    private static final int GOP = 30;
    private static final int FRAME_BYTES = 5_800;
    private static final int MAX_PAYLOAD = 1_200;
    private static final long FRAME_INTERVAL_MICROS = 33_333;
    /** How long after a frame's last packet the media worker polls. */
    private static final long POLL_AFTER_MICROS = 2_000;

    private final List<List<RtpPayload>> frames = new ArrayList<>();
    private VideoFrameBuffer buffer;
    private int frame;
    private int sequenceNumber;
    private long rtpTimestamp;
    private long now;
    private long inserted;

    @Setup(Level.Trial)
    public void packetize() {
        Random random = new Random(11);
        Vp8Packetizer packetizer = new Vp8Packetizer();
        for (int i = 0; i < GOP; i++) {
            byte[] data = new byte[FRAME_BYTES];
            random.nextBytes(data);
            new Vp8PayloadHeader(i == 0, 0, true, 1_000).write(data, 0);
            frames.add(packetizer.packetize(new EncodedFrame("VP8", data, 0, i == 0), MAX_PAYLOAD));
        }
    }

    @Setup(Level.Iteration)
    public void startStream() {
        buffer = new VideoFrameBuffer(new Vp8Depacketizer(), VideoFrameBufferConfig.DEFAULT);
        frame = 0;
        sequenceNumber = 1_000;
        rtpTimestamp = 12_345;
        now = 0;
        inserted = 0;
    }

    @Benchmark
    public void insertAndPollOneFrame(Blackhole blackhole) {
        for (RtpPayload payload : frames.get(frame)) {
            buffer.insert(payload.payload(), 0, payload.payload().length, sequenceNumber, rtpTimestamp,
                    payload.marker(), now);
            sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
        }
        inserted++;
        Optional<ReleasedVideoFrame> released;
        while ((released = buffer.poll(now + POLL_AFTER_MICROS)).isPresent()) {
            blackhole.consume(released.get());
        }
        frame = (frame + 1) % GOP;
        rtpTimestamp = (rtpTimestamp + 3_000) & 0xFFFF_FFFFL;
        now += FRAME_INTERVAL_MICROS;
    }

    @TearDown(Level.Iteration)
    public void checkEveryFrameCameOut() {
        long released = buffer.stats().framesReleased();
        if (released != inserted) {
            throw new IllegalStateException(released + " of " + inserted + " frames released");
        }
    }
}
