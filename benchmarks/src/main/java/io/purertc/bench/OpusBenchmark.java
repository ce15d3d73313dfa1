package io.purertc.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.purertc.codec.opus.OpusDecoder;
import io.purertc.codec.opus.OpusEncoder;
import io.purertc.media.CodecException;

/**
 * Opus through Concentus: encode and decode of one 20 ms 48 kHz frame at 32 kb/s. A frame is 20 ms
 * of audio, so the real-time factor (seconds of audio per CPU second) is 20 ms divided by the
 * time per operation; the target is at least 100x for mono encode at complexity 5. The application decides
 * the mode: VOIP codes this signal in hybrid (SILK + CELT), AUDIO in CELT alone, which in Concentus costs a
 * third as much.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OpusBenchmark {

    @Param({"1", "2"})
    int channels;

    @Param({"5", "10"})
    int complexity;

    @Param({"VOIP", "AUDIO"})
    OpusEncoder.Application application;

    private OpusEncoder encoder;
    private OpusDecoder decoder;
    private short[][] frames;
    private byte[][] packets;
    private final byte[] out = new byte[1500];
    private final short[] pcm = new short[960 * 2];
    private int next;

    @Setup
    public void setUp() throws CodecException {
        encoder = new OpusEncoder(new OpusEncoder.Settings(channels, 20, 32_000, complexity, true, false, 0, false,
                OpusEncoder.SAMPLE_RATE), application);
        decoder = new OpusDecoder(channels);
        // one second of speech-like audio: two tones whose pitch and level change from frame to frame
        frames = new short[50][960 * channels];
        packets = new byte[50][];
        for (int f = 0; f < 50; f++) {
            for (int i = 0; i < 960; i++) {
                double t = (f * 960 + i) / 48_000.0;
                double v = 6000 * Math.sin(2 * Math.PI * (180 + 3 * f) * t) + 2000 * Math.sin(2 * Math.PI * 1300 * t);
                for (int c = 0; c < channels; c++) {
                    frames[f][i * channels + c] = (short) (v * (0.5 + 0.5 * Math.sin(f / 4.0)));
                }
            }
            int n = encoder.encode(frames[f], 0, out, 0, out.length);
            packets[f] = java.util.Arrays.copyOf(out, n);
        }
    }

    @Benchmark
    public int encode() throws CodecException {
        next = (next + 1) % frames.length;
        return encoder.encode(frames[next], 0, out, 0, out.length);
    }

    @Benchmark
    public int decode() throws CodecException {
        next = (next + 1) % packets.length;
        return decoder.decode(packets[next], 0, packets[next].length, pcm, 0);
    }
}
