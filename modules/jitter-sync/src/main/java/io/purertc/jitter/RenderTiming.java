package io.purertc.jitter;

/**
 * When a video frame should be rendered, in the spirit of libwebrtc's TimestampExtrapolator and
 * VCMTiming: a recursive least-squares line through the (RTP timestamp, arrival time) of frames that
 * came in without loss gives each frame its expected arrival; how late frames land against that line
 * (mean plus some standard deviations) is the jitter to cover; the playout delay follows jitter plus
 * extra delay at a bounded rate, clamped to the configured bounds. Render time = expected arrival +
 * playout delay. Times in microseconds, timestamps unwrapped. Not thread-safe.
 */
// RFC 3550 §5.1 (timestamp: sampling instant, monotonic and linear in time); RFC 7741 §4.1 (90 kHz)
final class RenderTiming {

    private static final double TICKS_PER_SECOND = 90_000;
    private static final double NOMINAL_SLOPE = 1e6 / TICKS_PER_SECOND;
    /**
     * The fit's covariance is kept relative to an assumed lateness variance of (10 ms)^2. Its prior for
     * the slope allows clock drift of about 1000 ppm (0.01 µs per tick); for the offset, about 10 ms.
     */
    private static final double PRIOR_SLOPE_VARIANCE = 1e-12;
    private static final double PRIOR_OFFSET_VARIANCE = 1;
    /**
     * Bounds on the covariance: forgetting inflates it in directions the frames do not excite (frames that
     * all carry one timestamp leave the slope unobserved), which would otherwise grow without limit.
     */
    private static final double MAX_SLOPE_VARIANCE = PRIOR_SLOPE_VARIANCE;
    private static final double MAX_OFFSET_VARIANCE = 1e4;
    /** A frame this far off the line means the sender's clock jumped (or restarted): fit a new line. */
    static final long RESYNC_MICROS = 3_000_000;

    private final VideoFrameBufferConfig config;

    private boolean fitted;
    /** The line passes {@code originArrival + offset} at {@code originTimestamp}, rising {@code slope} µs per tick. */
    private long originTimestamp;
    private long originArrival;
    private double slope;
    private double offset;
    private double p00;
    private double p01;
    private double p11;

    private double latenessMean;
    private double latenessVariance;

    private boolean delayStarted;
    private double delay;
    private long lastReleasedTimestamp;
    private long extraDelay;

    RenderTiming(VideoFrameBufferConfig config) {
        this.config = config;
        this.delay = config.minPlayoutDelayMicros();
    }

    /** Render time of a frame with this timestamp whose last packet arrived at {@code arrival}. */
    long renderTime(long timestamp, long arrival) {
        return expectedArrival(timestamp, arrival) + Math.round(delay);
    }

    private long expectedArrival(long timestamp, long arrival) {
        if (!fitted) {
            return arrival;
        }
        double expected = originArrival + offset + slope * (timestamp - originTimestamp);
        return Math.abs(expected - arrival) <= RESYNC_MICROS ? Math.round(expected) : arrival;
    }

    /** Feeds the arrival of a frame that came without loss or reordering. */
    void frameArrived(long timestamp, long arrival) {
        if (!fitted) {
            startLine(timestamp, arrival);
            return;
        }
        long dx = timestamp - originTimestamp;
        double lateness = (arrival - originArrival) - (offset + slope * dx);
        if (Math.abs(lateness) > RESYNC_MICROS) {
            startLine(timestamp, arrival);
            latenessMean = 0;
            latenessVariance = 0;
            return;
        }
        double weight = 1.0 / config.jitterWindowFrames();
        latenessMean += weight * (lateness - latenessMean);
        double deviation = lateness - latenessMean;
        latenessVariance += weight * (deviation * deviation - latenessVariance);

        double lambda = config.arrivalFitForgetting();
        double px0 = p00 * dx + p01;
        double px1 = p01 * dx + p11;
        double denominator = lambda + dx * px0 + px1;
        double k0 = px0 / denominator;
        double k1 = px1 / denominator;
        slope += k0 * lateness;
        offset += k1 * lateness;
        p00 = (p00 - k0 * px0) / lambda;
        p01 = (p01 - k0 * px1) / lambda;
        p11 = (p11 - k1 * px1) / lambda;
        p00 = Math.min(p00, MAX_SLOPE_VARIANCE);
        p11 = Math.min(p11, MAX_OFFSET_VARIANCE);
        double correlationBound = Math.sqrt(p00 * p11);
        p01 = Math.max(-correlationBound, Math.min(correlationBound, p01));
        // Move the origin to this frame so the regressor stays small however long the stream runs.
        offset += slope * dx + originArrival - arrival;
        p11 += 2 * dx * p01 + (double) dx * dx * p00;
        p01 += dx * p00;
        originTimestamp = timestamp;
        originArrival = arrival;
    }

    private void startLine(long timestamp, long arrival) {
        fitted = true;
        originTimestamp = timestamp;
        originArrival = arrival;
        slope = NOMINAL_SLOPE;
        offset = 0;
        p00 = PRIOR_SLOPE_VARIANCE;
        p01 = 0;
        p11 = PRIOR_OFFSET_VARIANCE;
    }

    /** Moves the playout delay towards its target by as much as the media time since the last release allows. */
    void frameReleased(long timestamp) {
        double target = targetDelay();
        if (!delayStarted) {
            delayStarted = true;
            delay = target;
        } else {
            double seconds = Math.max(0, timestamp - lastReleasedTimestamp) / TICKS_PER_SECOND;
            double step = Math.min(seconds * config.delayChangeMicrosPerSecond(), Math.abs(target - delay));
            delay += Math.signum(target - delay) * step;
        }
        lastReleasedTimestamp = timestamp;
    }

    private double targetDelay() {
        double wanted = jitter() + extraDelay;
        return Math.max(config.minPlayoutDelayMicros(), Math.min(config.maxPlayoutDelayMicros(), wanted));
    }

    /** The lateness against the fit that the playout delay should cover, µs. */
    double jitter() {
        return Math.max(0, latenessMean + config.jitterDeviations() * Math.sqrt(latenessVariance));
    }

    double delay() {
        return delay;
    }

    void setExtraDelay(long micros) {
        extraDelay = micros;
    }

    /** Forgets the line and the lateness statistics (the stream restarted); keeps the playout delay. */
    void reset() {
        fitted = false;
        latenessMean = 0;
        latenessVariance = 0;
    }
}
