package io.purertc.bench;

import io.purertc.jitter.AudioJitterBuffer;
import io.purertc.jitter.AudioJitterBufferConfig;
import io.purertc.media.AudioDecoder;
import io.purertc.media.AudioFrame;
import io.purertc.media.CodecDescriptor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The audio jitter buffer's own cost per received packet: insert one 20 ms Opus-sized packet and pull
 * the frames it covers (one 20 ms or two 10 ms frames, 48 kHz stereo), with a decoder that costs
 * nothing (it returns one prepared frame), so the score is the buffer alone. Target: at most 1 µs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AudioJitterBufferBenchmark {

    @Param({"10", "20"})
    public int frameMillis;

    private final byte[] payload = new byte[120];
    private AudioJitterBuffer buffer;
    private int pullsPerPacket;
    private int sequence;
    private long nowMicros;

    /** A decoder whose every answer is the same 20 ms of stereo PCM, made once. */
    private static final class PreparedFrameDecoder implements AudioDecoder {
        private final AudioFrame frame = new AudioFrame(new short[960 * 2], 48_000, 2);
        private final CodecDescriptor descriptor = CodecDescriptor.audio("opus", 48_000, 2);

        @Override
        public CodecDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public int sampleRate() {
            return 48_000;
        }

        @Override
        public int channels() {
            return 2;
        }

        @Override
        public AudioFrame decode(byte[] payload, int offset, int length) {
            return frame;
        }

        @Override
        public AudioFrame conceal(int durationSamples) {
            return new AudioFrame(new short[durationSamples * 2], 48_000, 2);
        }

        @Override
        public AudioFrame decodeFec(byte[] nextPayload, int offset, int length, int durationSamples) {
            return conceal(durationSamples);
        }

        @Override
        public void close() {
        }
    }

    @Setup
    public void setUp() {
        buffer = new AudioJitterBuffer(new PreparedFrameDecoder(), 48_000, AudioJitterBufferConfig.withFrame(frameMillis));
        pullsPerPacket = 20 / frameMillis;
    }

    @Benchmark
    public void insertAndPull(Blackhole blackhole) {
        buffer.insert(payload, 0, payload.length, sequence & 0xFFFF, (sequence * 960L) & 0xFFFF_FFFFL, nowMicros);
        sequence++;
        for (int i = 0; i < pullsPerPacket; i++) {
            blackhole.consume(buffer.pull(nowMicros + 3_000 + i * frameMillis * 1000L));
        }
        nowMicros += 20_000;
    }
}
