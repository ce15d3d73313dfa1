package io.purertc.testkit;

import java.util.ArrayDeque;

/**
 * A bottleneck link: a token bucket that fills at the cap rate up to its size, fed by a drop-tail
 * FIFO queue. Works in the caller's time (nanoseconds, non-decreasing across calls): it computes
 * when each admitted packet leaves instead of holding packets itself.
 */
final class TokenBucket {

    private final double bitsPerNano;
    private final double bucketBits;
    private final int queueLimitBytes;
    private final long queueLimitNanos;
    private final ArrayDeque<long[]> waiting = new ArrayDeque<>();
    private long queuedBytes;
    private boolean started;
    private double tokens;
    private long lastDeparture;
    private long lastArrival;

    TokenBucket(long bitsPerSecond, int bucketBytes, int queueLimitBytes, long queueLimitNanos) {
        this.bitsPerNano = bitsPerSecond / 1e9;
        this.bucketBits = bucketBytes * 8.0;
        this.queueLimitBytes = queueLimitBytes;
        this.queueLimitNanos = queueLimitNanos;
    }

    /**
     * A new rate or limits for the same link: the packets already queued keep their departures
     * and the new bucket starts behind them with the tokens left, so nothing overtakes the queue.
     */
    TokenBucket continuedAs(long bitsPerSecond, int bucketBytes, int queueLimitBytes, long queueLimitNanos) {
        TokenBucket next = new TokenBucket(bitsPerSecond, bucketBytes, queueLimitBytes, queueLimitNanos);
        next.waiting.addAll(waiting);
        next.queuedBytes = queuedBytes;
        next.started = started;
        next.tokens = Math.min(tokens, next.bucketBits);
        next.lastDeparture = lastDeparture;
        next.lastArrival = lastArrival;
        return next;
    }

    /**
     * When a packet of {@code bytes} arriving at {@code arrival} leaves the bucket, or
     * {@link Long#MIN_VALUE} when the queue is full and it is dropped. A packet larger than the
     * bucket leaves once the bucket is full.
     */
    long admit(long arrival, int bytes) {
        long now = started ? Math.max(arrival, lastArrival) : arrival;
        if (!started) {
            started = true;
            tokens = bucketBits;
            lastDeparture = now;
        }
        lastArrival = now;
        while (!waiting.isEmpty() && waiting.peekFirst()[0] <= now) {
            queuedBytes -= waiting.pollFirst()[1];
        }
        long start = Math.max(now, lastDeparture);
        double available = Math.min(bucketBits, tokens + (start - lastDeparture) * bitsPerNano);
        double needed = Math.min(bytes * 8.0, bucketBits);
        long departure = available >= needed ? start : start + (long) Math.ceil((needed - available) / bitsPerNano);
        if (departure > now && (queueLimitBytes > 0 && queuedBytes + bytes > queueLimitBytes
                || queueLimitNanos > 0 && departure - now > queueLimitNanos)) {
            return Long.MIN_VALUE;
        }
        tokens = Math.max(0, Math.min(bucketBits, available + (departure - start) * bitsPerNano) - needed);
        lastDeparture = departure;
        if (departure > now) {
            waiting.addLast(new long[] {departure, bytes});
            queuedBytes += bytes;
        }
        return departure;
    }
}
