package io.purertc.codec.opus;

/** Test signals and the measurements the codec tests judge them by. */
public final class Signals {

    private Signals() {
    }

    /** {@code samples} samples per channel of a sine, the same in every channel, interleaved. */
    public static short[] sine(double frequency, int sampleRate, int samples, int channels, double amplitude) {
        short[] out = new short[samples * channels];
        for (int i = 0; i < samples; i++) {
            short v = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * i / sampleRate));
            for (int c = 0; c < channels; c++) {
                out[i * channels + c] = v;
            }
        }
        return out;
    }

    /** Channel {@code channel} of interleaved PCM, from sample {@code from} on. */
    public static double[] channel(short[] pcm, int channels, int channel, int from, int samples) {
        double[] out = new double[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = pcm[(from + i) * channels + channel];
        }
        return out;
    }

    /** Power at {@code frequency} by the Goertzel recurrence. */
    public static double goertzel(double[] x, double frequency, int sampleRate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (double v : x) {
            double s = v + coefficient * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    }

    /** The frequency among {@code candidates} (Hz) with the most Goertzel power. */
    public static double dominant(double[] x, int sampleRate, double... candidates) {
        double best = candidates[0];
        double bestPower = -1;
        for (double f : candidates) {
            double p = goertzel(x, f, sampleRate);
            if (p > bestPower) {
                bestPower = p;
                best = f;
            }
        }
        return best;
    }

    /** Normalised cross-correlation of {@code a} and {@code b}[lag..], over {@code length} samples. */
    public static double correlation(double[] a, double[] b, int lag, int length) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < length; i++) {
            double x = a[i];
            double y = b[i + lag];
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    /** The best correlation of {@code reference} with {@code signal} over lags 0..maxLag. */
    public static double bestCorrelation(double[] reference, double[] signal, int maxLag, int length) {
        double best = -1;
        for (int lag = 0; lag <= maxLag; lag++) {
            best = Math.max(best, correlation(reference, signal, lag, length));
        }
        return best;
    }

    /** The largest absolute difference between neighbouring samples. */
    public static double maxJump(double[] x) {
        double max = 0;
        for (int i = 1; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - x[i - 1]));
        }
        return max;
    }
}
