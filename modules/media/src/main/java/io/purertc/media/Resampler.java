package io.purertc.media;

/**
 * Converts PCM between sample rates with a band-limited polyphase filter: a windowed sinc
 * (Kaiser window) whose pass band ends at 0.9 of the lower rate's Nyquist frequency and whose
 * stop band, from that Nyquist frequency up, is attenuated by at least 80 dB by design. Output
 * sample {@code n} is the band-limited input signal at input time {@code n * inRate / outRate};
 * the filter is symmetric about that instant, so nothing is shifted in time, but each output
 * sample waits for half the filter's length of later input.
 *
 * <p>The resampler is streaming: the tail of one frame is kept for the next, so cutting the same
 * input into frames of any sizes gives the same output samples.
 *
 * <p>Threads: holds that tail; one thread at a time per instance.
 */
public final class Resampler {

    /** Design stop-band attenuation in dB. */
    private static final double ATTENUATION_DB = 80;
    /** The pass band ends this far up the lower Nyquist frequency; the transition band fills the rest. */
    private static final double PASS_BAND = 0.9;
    private static final int MAX_PHASES = 1024;

    private final int inRate;
    private final int outRate;
    private final int channels;
    /** Output samples come at input times advancing by {@code step / phases} input samples. */
    private final int phases;
    private final int step;
    private final int taps;
    /** {@code phases} rows of {@code taps} coefficients: row p serves an output {@code p/phases} past an input sample. */
    private final float[] coefficients;

    /** Input frames, interleaved; frame {@code start} is the first tap of the next output. */
    private float[] history;
    private int start;
    private int end;
    private int phase;
    /** The next output lies {@code phase / phases} input samples after input sample {@code centerIndex}. */
    private long centerIndex;
    /** Input samples per channel received so far. */
    private long inputIndex;

    /**
     * @param inRate input samples per second, 8000 .. 192000
     * @param outRate output samples per second, 8000 .. 192000; the two rates reduced by their
     *     greatest common divisor must leave an output rate of at most 1024 (true for all of
     *     8, 16, 24, 32, 44.1 and 48 kHz among each other)
     * @param channels interleaved channels of the frames to come
     */
    public Resampler(int inRate, int outRate, int channels) {
        if (inRate < 8000 || inRate > 192_000 || outRate < 8000 || outRate > 192_000) {
            throw new IllegalArgumentException("rates out of range: " + inRate + " -> " + outRate);
        }
        if (channels < 1 || channels > 8) {
            throw new IllegalArgumentException("channel count out of range: " + channels);
        }
        int gcd = gcd(inRate, outRate);
        this.inRate = inRate;
        this.outRate = outRate;
        this.channels = channels;
        this.phases = outRate / gcd;
        this.step = inRate / gcd;
        if (phases > MAX_PHASES) {
            throw new IllegalArgumentException("rate ratio " + outRate + "/" + inRate + " needs too many filter phases");
        }
        // Cutoff and transition width in cycles per input sample.
        double nyquist = Math.min(inRate, outRate) / 2.0 / inRate;
        double transition = (1 - PASS_BAND) * nyquist;
        double cutoff = (1 + PASS_BAND) / 2 * nyquist;
        // Kaiser's formulas: filter length for the attenuation over the transition width, and beta.
        int span = (int) Math.ceil((ATTENUATION_DB - 8) / (2.285 * 2 * Math.PI * transition));
        this.taps = span + (span & 1);
        this.coefficients = design(phases, taps, 2 * cutoff, 0.1102 * (ATTENUATION_DB - 8.7));
        this.history = new float[Math.max(taps * 2, 1024) * channels];
        // The input before the stream began counts as silence.
        this.end = taps / 2 - 1;
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /**
     * Resamples the next frame of the stream. The output holds every sample whose input is now
     * complete; its capture time, if the input has one, is the instant of its first sample.
     *
     * @param frame samples at {@link #inRate()} with the channel count given at construction
     * @return samples at {@link #outRate()}; the same frame when the rates are equal
     */
    public AudioFrame process(AudioFrame frame) {
        if (frame.sampleRate() != inRate || frame.channels() != channels) {
            throw new IllegalArgumentException("expected " + inRate + " Hz x " + channels + " ch, got " + frame);
        }
        if (inRate == outRate) {
            return frame;
        }
        long frameStart = inputIndex;
        long firstOutputTimeNumerator = centerIndex * phases + phase;
        append(frame.samples());
        int count = outputsAvailable();
        short[] out = new short[count * channels];
        int written = 0;
        for (int n = 0; n < count; n++) {
            int row = phase * taps;
            for (int c = 0; c < channels; c++) {
                float sum = 0;
                int at = start * channels + c;
                for (int k = 0; k < taps; k++) {
                    sum += history[at] * coefficients[row + k];
                    at += channels;
                }
                out[written++] = clip(sum);
            }
            phase += step;
            int advance = phase / phases;
            phase -= advance * phases;
            start += advance;
            centerIndex += advance;
        }
        long captureTime = MediaTime.UNKNOWN;
        if (frame.hasCaptureTime()) {
            // The first output sits at input time firstOutputTimeNumerator / phases.
            long offsetNumerator = firstOutputTimeNumerator - frameStart * phases;
            captureTime = frame.captureTimeMicros() + Math.floorDiv(offsetNumerator * 1_000_000L, (long) phases * inRate);
        }
        return new AudioFrame(out, outRate, channels, captureTime);
    }

    private int outputsAvailable() {
        int frames = end - start;
        if (frames < taps) {
            return 0;
        }
        // Outputs n = 0.. while their first tap start + floor((phase + n*step)/phases) <= end - taps.
        long room = (long) (frames - taps + 1) * phases - phase;
        return (int) ((room + step - 1) / step);
    }

    private void append(short[] samples) {
        int frames = samples.length / channels;
        if ((end + frames) * channels > history.length) {
            int kept = end - start;
            int needed = (kept + frames) * channels;
            float[] target = needed > history.length ? new float[Math.max(needed, history.length * 2)] : history;
            System.arraycopy(history, start * channels, target, 0, kept * channels);
            history = target;
            start = 0;
            end = kept;
        }
        int at = end * channels;
        for (short sample : samples) {
            history[at++] = sample;
        }
        end += frames;
        inputIndex += frames;
    }

    private static float[] design(int phases, int taps, double bandwidth, double beta) {
        float[] result = new float[phases * taps];
        double half = taps / 2.0;
        double norm = besselI0(beta);
        for (int p = 0; p < phases; p++) {
            double[] row = new double[taps];
            double sum = 0;
            for (int k = 0; k < taps; k++) {
                // Distance in input samples from tap k to the output instant p/phases past tap taps/2 - 1.
                double t = (taps / 2 - 1 - k) + (double) p / phases;
                double x = t / half;
                double window = Math.abs(x) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - x * x)) / norm;
                row[k] = bandwidth * sinc(bandwidth * t) * window;
                sum += row[k];
            }
            // Equal DC gain in every phase keeps phase-to-phase gain differences from modulating the output.
            for (int k = 0; k < taps; k++) {
                result[p * taps + k] = (float) (row[k] / sum);
            }
        }
        return result;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** The modified Bessel function of the first kind, order 0, by its power series. */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double quarterSquare = x * x / 4;
        for (int k = 1; k < 64; k++) {
            term *= quarterSquare / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static short clip(float value) {
        int rounded = Math.round(value);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
