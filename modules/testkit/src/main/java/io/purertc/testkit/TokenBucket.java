package io.purertc.testkit;

import java.util.ArrayDeque;

/**
 * A bottleneck link: a token bucket that fills at the cap rate up to its size, fed by a drop-tail
 * FIFO queue. Works in the caller's time (nanoseconds, non-decreasing across calls): it computes
 * when each admitted packet leaves instead of holding packets itself.
 */
final class TokenBucket {

    /** What {@link #admit} returns when the queue is full. */
    static final long FULL = Long.MIN_VALUE;

    private final double bitsPerNano;
    private final double bucketBits;
    private final int queueLimitBytes;
    private final long queueLimitNanos;
    private record Waiting(long departure, int bytes) {
    }

    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
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

    /** The bucket's tokens at {@code now}: none while packets still wait for earlier departures. */
    double tokensAt(long now) {
        if (!started) {
            return bucketBits;
        }
        return now < lastDeparture ? 0 : Math.min(bucketBits, tokens + (now - lastDeparture) * bitsPerNano);
    }

    /** Continues a previous bucket that held {@code tokens} at {@code now}, with an empty queue. */
    void resumeWith(double tokens, long now) {
        started = true;
        this.tokens = Math.min(tokens, bucketBits);
        lastDeparture = now;
        lastArrival = now;
    }

    /**
     * When a packet of {@code bytes} arriving at {@code arrival} leaves the bucket, or
     * {@link #FULL} when the queue is full and it is dropped. A packet larger than the
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
        while (!waiting.isEmpty() && waiting.peekFirst().departure() <= now) {
            queuedBytes -= waiting.pollFirst().bytes();
        }
        long start = Math.max(now, lastDeparture);
        double available = Math.min(bucketBits, tokens + (start - lastDeparture) * bitsPerNano);
        double needed = Math.min(bytes * 8.0, bucketBits);
        long departure = available >= needed ? start : start + (long) Math.ceil((needed - available) / bitsPerNano);
        if (departure > now && (queueLimitBytes > 0 && queuedBytes + bytes > queueLimitBytes
                || queueLimitNanos > 0 && departure - now > queueLimitNanos)) {
            return FULL;
        }
        tokens = Math.max(0, Math.min(bucketBits, available + (departure - start) * bitsPerNano) - needed);
        lastDeparture = departure;
        if (departure > now) {
            waiting.addLast(new Waiting(departure, bytes));
            queuedBytes += bytes;
        }
        return departure;
    }
}
