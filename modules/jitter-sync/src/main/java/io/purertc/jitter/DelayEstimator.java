package io.purertc.jitter;

/**
 * Estimates how much buffering keeps late packets from running the playout dry, the way WebRTC's
 * NetEQ does it (modules/audio_coding/neteq: PacketArrivalHistory, UnderrunOptimizer, Histogram).
 *
 * <p>Each packet's transit is its arrival time minus its RTP timestamp in microseconds; its
 * relative delay is that transit minus the smallest transit among the packets that arrived in the
 * last {@value #WINDOW_MICROS} µs (NetEQ's 2 s arrival history), i.e. how much later it came than the
 * fastest recent packet. The relative delays go into a histogram of {@value #BUCKETS} buckets of
 * {@value #BUCKET_MILLIS} ms (NetEQ's bucket layout) with exponential forgetting: every new delay
 * scales all buckets by the forget factor and adds the rest of the unit mass to its bucket, so the
 * buckets always sum to one. The target is the upper edge of the bucket holding the
 * {@value #QUANTILE} quantile (NetEQ's default): no jitter gives one bucket (20 ms, one packet),
 * uniform jitter of 0..40 ms gives 40 ms.
 *
 * <p>The forget factor is {@value #FORGET_FACTOR} per packet: a memory of about 140 packets, 2.9 s
 * of 20 ms packets, so a jitter spike that stops leaves the 95th percentile within about 8 s
 * (0.993^n falls below 5 % at n = 426). NetEQ forgets by 0.983 per 500 ms resampling interval,
 * which takes about 90 s to come back down; a faster fall suits the short tests of a call. As in
 * NetEQ (start_forget_weight = 2) the factor starts at 0 and grows as 1 - 2/(n+1) until it reaches
 * {@value #FORGET_FACTOR}, so the first packets count as a plain average instead of being swamped
 * by an empty prior.
 *
 * <p>Memory is fixed: the arrival window keeps at most {@value #WINDOW_CAPACITY} candidates for the
 * minimum (a monotonic queue); beyond that the oldest is forgotten early. Not thread-safe.
 */
final class DelayEstimator {

    static final int BUCKET_MILLIS = 20;
    static final int BUCKETS = 100;
    static final double QUANTILE = 0.95;
    static final double FORGET_FACTOR = 0.993;
    static final double START_FORGET_WEIGHT = 2;
    static final long WINDOW_MICROS = 2_000_000;
    static final int WINDOW_CAPACITY = 512;
    /** Folds the scale back into the buckets long before the weights added could overflow. */
    static final double RESCALE_BELOW = 1e-100;
    /** NetEQ's kStartDelayMs: the target before any packet has been measured. */
    static final int START_DELAY_MILLIS = 80;

    private final double microsPerTick;
    /** Bucket weights divided by {@link #scale}: forgetting scales one number instead of every bucket. */
    private final double[] buckets = new double[BUCKETS];
    private double scale = 1;
    private double total;
    private long updates;
    private int targetMillis = START_DELAY_MILLIS;

    private final long[] windowArrival = new long[WINDOW_CAPACITY];
    private final double[] windowTransit = new double[WINDOW_CAPACITY];
    private int windowHead;
    private int windowSize;

    DelayEstimator(int clockRate) {
        this.microsPerTick = 1_000_000.0 / clockRate;
    }

    /** Takes in one packet: its arrival on the caller's clock and its extended RTP timestamp. */
    void update(long arrivalMicros, long timestamp) {
        double transit = arrivalMicros - timestamp * microsPerTick;
        double relativeMillis = (transit - pushAndMinimum(arrivalMicros, transit)) / 1000;
        int bucket = (int) Math.min(BUCKETS - 1, relativeMillis / BUCKET_MILLIS);
        double forget = Math.min(FORGET_FACTOR, 1 - START_FORGET_WEIGHT / (updates + 1));
        updates++;
        if (forget <= 0) {
            java.util.Arrays.fill(buckets, 0);
            scale = 1;
            total = 0;
        } else {
            scale *= forget;
        }
        double added = (1 - forget) / scale;
        buckets[bucket] += added;
        total += added;
        if (scale < RESCALE_BELOW) {
            for (int i = 0; i < BUCKETS; i++) {
                buckets[i] *= scale;
            }
            total *= scale;
            scale = 1;
        }
        double cumulative = 0;
        int quantileBucket = 0;
        while (quantileBucket < BUCKETS - 1 && (cumulative += buckets[quantileBucket]) < QUANTILE * total) {
            quantileBucket++;
        }
        targetMillis = (quantileBucket + 1) * BUCKET_MILLIS;
    }

    /** The delay that covers the {@value #QUANTILE} quantile of recent relative delays. */
    int targetDelayMillis() {
        return targetMillis;
    }

    /** Forgets the arrival window, keeping the histogram: after a sender restart transits are not comparable. */
    void resetArrivals() {
        windowSize = 0;
    }

    private double pushAndMinimum(long arrivalMicros, double transit) {
        while (windowSize > 0 && arrivalMicros - windowArrival[windowHead] > WINDOW_MICROS) {
            windowHead = (windowHead + 1) % WINDOW_CAPACITY;
            windowSize--;
        }
        while (windowSize > 0 && windowTransit[slot(windowSize - 1)] >= transit) {
            windowSize--;
        }
        if (windowSize == WINDOW_CAPACITY) {
            windowHead = (windowHead + 1) % WINDOW_CAPACITY;
            windowSize--;
        }
        int tail = slot(windowSize);
        windowArrival[tail] = arrivalMicros;
        windowTransit[tail] = transit;
        windowSize++;
        return windowTransit[windowHead];
    }

    private int slot(int index) {
        return (windowHead + index) % WINDOW_CAPACITY;
    }
}
