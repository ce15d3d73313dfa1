package io.purertc.bench;

import io.purertc.media.AudioFrame;
import io.purertc.media.Resampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The band-limited resampler on one 20 ms frame, streaming (state carried from frame to frame): 48 kHz to
 * 16 kHz for a speech pipeline, and 44.1 kHz to 48 kHz for a file fed to Opus. Real time is 20 ms divided by
 * the score.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ResamplerBenchmark {

    @Param({"48000:16000", "44100:48000"})
    public String rates;

    @Param({"1", "2"})
    public int channels;

    private Resampler resampler;
    private AudioFrame frame;

    @Setup
    public void setUp() {
        String[] parts = rates.split(":");
        int in = Integer.parseInt(parts[0]);
        resampler = new Resampler(in, Integer.parseInt(parts[1]), channels);
        int samples = in / 50;
        short[] pcm = new short[samples * channels];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (i / channels) / in));
        }
        frame = new AudioFrame(pcm, in, channels);
    }

    @Benchmark
    public AudioFrame process() {
        return resampler.process(frame);
    }
}
