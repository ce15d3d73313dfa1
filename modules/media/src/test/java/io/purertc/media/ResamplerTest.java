package io.purertc.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    private static final double AMPLITUDE = 16_000;

    /** Tones above the output Nyquist frequency must not alias into the output. */
    @ParameterizedTest
    @CsvSource({"48000, 16000", "48000, 8000", "44100, 16000", "48000, 44100", "32000, 24000"})
    void stopBandIsAttenuatedBy60Db(int inRate, int outRate) {
        double nyquist = outRate / 2.0;
        double worst = Double.NEGATIVE_INFINITY;
        for (double f = nyquist * 1.01; f < inRate / 2.0; f += (inRate / 2.0 - nyquist) / 23) {
            double[] out = resampleTone(inRate, outRate, f);
            worst = Math.max(worst, decibels(rms(out) * Math.sqrt(2) / AMPLITUDE));
        }
        assertTrue(worst <= -60, "worst stop-band level " + worst + " dB");
    }

    /** Tones up to 0.9 of the lower Nyquist frequency keep their level and frequency. */
    @ParameterizedTest
    @CsvSource({"48000, 16000", "16000, 48000", "8000, 48000", "44100, 48000", "48000, 44100", "24000, 32000"})
    void passBandIsFlatAndKeepsFrequency(int inRate, int outRate) {
        double edge = 0.9 * Math.min(inRate, outRate) / 2;
        for (double f = 100; f <= edge; f += (edge - 100) / 9) {
            double[] out = resampleTone(inRate, outRate, f);
            double level = decibels(goertzelAmplitude(out, f, outRate) / AMPLITUDE);
            assertEquals(0, level, 0.1, "gain at " + f + " Hz");
            assertEquals(f, zeroCrossingFrequency(out, outRate), f * 0.002, "frequency of " + f + " Hz");
        }
    }

    /** Upsampling must not leave images of the input spectrum above the input Nyquist frequency. */
    @ParameterizedTest
    @CsvSource({"8000, 48000, 3000", "16000, 48000, 7000", "16000, 44100, 1000"})
    void upsamplingImagesAreAttenuatedBy60Db(int inRate, int outRate, double tone) {
        double[] out = resampleTone(inRate, outRate, tone);
        for (double image = inRate - tone; image < outRate / 2.0; image += inRate) {
            double level = decibels(goertzelAmplitude(out, image, outRate) / AMPLITUDE);
            assertTrue(level <= -60, "image at " + image + " Hz: " + level + " dB");
        }
    }

    @Property(tries = 30)
    void streamingInAnyChunksEqualsOneShot(@ForAll("rates") int inRate, @ForAll("rates") int outRate,
            @ForAll @IntRange(min = 1, max = 2) int channels,
            @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 700) Integer> chunks) {
        int total = chunks.stream().mapToInt(Integer::intValue).sum();
        short[] input = new short[total * channels];
        Random random = new Random(total);
        for (int i = 0; i < input.length; i++) {
            input[i] = (short) random.nextInt();
        }
        short[] oneShot = new Resampler(inRate, outRate, channels)
                .process(new AudioFrame(input, inRate, channels)).samples();
        Resampler streaming = new Resampler(inRate, outRate, channels);
        List<short[]> parts = new ArrayList<>();
        int at = 0;
        for (int chunk : chunks) {
            short[] part = Arrays.copyOfRange(input, at * channels, (at + chunk) * channels);
            parts.add(streaming.process(new AudioFrame(part, inRate, channels)).samples());
            at += chunk;
        }
        short[] joined = new short[parts.stream().mapToInt(p -> p.length).sum()];
        int pos = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, joined, pos, part.length);
            pos += part.length;
        }
        assertArrayEquals(oneShot, joined);
    }

    @Provide
    Arbitrary<Integer> rates() {
        return Arbitraries.of(8000, 16000, 24000, 32000, 44100, 48000);
    }

    @Test
    void outputCountFollowsTheRateRatioAfterTheFilterFills() {
        Resampler resampler = new Resampler(48_000, 16_000, 1);
        int produced = 0;
        for (int i = 0; i < 100; i++) {
            produced += resampler.process(new AudioFrame(new short[480], 48_000, 1)).samplesPerChannel();
        }
        // One second of input gives one second of output less the filter's look-ahead.
        assertTrue(produced > 15_800 && produced <= 16_000, "produced " + produced);
    }

    @Test
    void captureTimeIsTheInstantOfTheFirstOutputSample() {
        Resampler resampler = new Resampler(48_000, 32_000, 1);
        long capture = 1_700_000_000_000_000L;
        AudioFrame first = resampler.process(new AudioFrame(new short[960], 48_000, 1, capture));
        AudioFrame second = resampler.process(new AudioFrame(new short[960], 48_000, 1, capture + 20_000));
        long secondsFirstSample = capture + first.samplesPerChannel() * 1_000_000L / 32_000;
        assertEquals(capture, first.captureTimeMicros());
        assertEquals(secondsFirstSample, second.captureTimeMicros(), 1);
    }

    @Test
    void everyPairOfTheUsualRatesIsSupported() {
        int[] rates = {8000, 16_000, 24_000, 32_000, 44_100, 48_000};
        for (int in : rates) {
            for (int out : rates) {
                AudioFrame result = new Resampler(in, out, 2).process(new AudioFrame(new short[2 * in / 10], in, 2));
                assertEquals(out, result.sampleRate());
            }
        }
    }

    @Test
    void equalRatesPassFramesThrough() {
        AudioFrame frame = new AudioFrame(new short[] {1, 2, 3}, 16_000, 1);
        assertEquals(frame, new Resampler(16_000, 16_000, 1).process(frame));
    }

    @Test
    void rejectsFramesOfAnotherFormat() {
        Resampler resampler = new Resampler(48_000, 16_000, 2);
        assertThrows(IllegalArgumentException.class,
                () -> resampler.process(new AudioFrame(new short[4], 44_100, 2)));
        assertThrows(IllegalArgumentException.class,
                () -> resampler.process(new AudioFrame(new short[4], 48_000, 1)));
    }

    /** One second of a tone through a fresh resampler, fed in 10 ms frames, the filter's start-up cut off. */
    private static double[] resampleTone(int inRate, int outRate, double frequency) {
        Resampler resampler = new Resampler(inRate, outRate, 1);
        int frame = inRate / 100;
        List<Short> out = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            short[] samples = new short[frame];
            for (int i = 0; i < frame; i++) {
                samples[i] = (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * frequency * (n * frame + i) / inRate));
            }
            for (short s : resampler.process(new AudioFrame(samples, inRate, 1)).samples()) {
                out.add(s);
            }
        }
        int skip = outRate / 10;
        double[] result = new double[out.size() - 2 * skip];
        for (int i = 0; i < result.length; i++) {
            result[i] = out.get(skip + i);
        }
        return result;
    }

    private static double rms(double[] signal) {
        double sum = 0;
        for (double s : signal) {
            sum += s * s;
        }
        return Math.sqrt(sum / signal.length);
    }

    /** Amplitude of one frequency by the Goertzel algorithm, over a Hann window to keep neighbours out. */
    private static double goertzelAmplitude(double[] signal, double frequency, int rate) {
        double omega = 2 * Math.PI * frequency / rate;
        double coefficient = 2 * Math.cos(omega);
        double s1 = 0;
        double s2 = 0;
        double windowSum = 0;
        for (int i = 0; i < signal.length; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (signal.length - 1));
            windowSum += w;
            double s0 = signal[i] * w + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return 2 * Math.sqrt(power) / windowSum;
    }

    /** Frequency from the span between the first and last rising zero crossings, interpolated. */
    private static double zeroCrossingFrequency(double[] signal, int rate) {
        double first = -1;
        double last = -1;
        int crossings = 0;
        for (int i = 1; i < signal.length; i++) {
            if (signal[i - 1] < 0 && signal[i] >= 0) {
                double at = i - 1 + signal[i - 1] / (signal[i - 1] - signal[i]);
                if (first < 0) {
                    first = at;
                } else {
                    crossings++;
                }
                last = at;
            }
        }
        return crossings * rate / (last - first);
    }

    private static double decibels(double ratio) {
        return 20 * Math.log10(ratio);
    }
}
