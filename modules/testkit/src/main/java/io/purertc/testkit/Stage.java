package io.purertc.testkit;

import java.util.SplittableRandom;

/**
 * One {@link Impairment} at work on one direction, with the state it carries from packet to
 * packet: the Gilbert-Elliott channel state, the last in-order release and the bottleneck queue.
 * Times are {@link System#nanoTime()} values; callers pass arrivals in non-decreasing order.
 */
// Gilbert-Elliott channel (Gilbert 1960, Elliott 1963) as Linux netem's "loss gemodel"; the cap as Linux tbf
final class Stage {

    /** Where a packet that passed this stage goes next, and whether it goes twice. */
    record Verdict(long release, boolean duplicated) {
    }

    /** The time {@link #enqueue} returns for a packet it drops. */
    static final long DROPPED = Long.MIN_VALUE;

    private final Impairment impairment;
    private final TokenBucket bucket;
    private boolean bad;
    private long lastRelease = Long.MIN_VALUE;

    Stage(Impairment impairment) {
        this.impairment = impairment;
        bucket = impairment.capped() ? new TokenBucket(impairment.capBitsPerSecond(), impairment.bucketBytes(),
                impairment.queueLimitBytes(), impairment.queueLimitNanos()) : null;
    }

    /**
     * This stage's place in the chain taken over by {@code next} at {@code now}: the channel state
     * and in-order release carry over, a bandwidth cap keeps its tokens but starts with an empty
     * queue that the caller refills through {@link #requeue}.
     */
    Stage continuedAs(Impairment next, long now) {
        Stage stage = new Stage(next);
        stage.bad = bad;
        stage.lastRelease = lastRelease;
        if (bucket != null && stage.bucket != null) {
            stage.bucket.resumeWith(bucket.tokensAt(now), now);
        }
        return stage;
    }

    boolean appliesTo(byte[] packet) {
        return impairment.appliesTo(packet);
    }

    /**
     * The first half of the stage for a packet of {@code bytes} arriving at {@code arrival}: loss,
     * then the bandwidth cap's queue. Draws two numbers from the packet's own {@code random}.
     *
     * @return when the packet leaves the queue, or {@link #DROPPED}
     */
    long enqueue(long arrival, int bytes, SplittableRandom random, Counters counters) {
        double transition = random.nextDouble();
        double lossDraw = random.nextDouble();
        if (impairment.burstLoss()) {
            bad = bad ? transition >= impairment.badToGood() : transition < impairment.goodToBad();
        }
        if (lossDraw < (bad ? impairment.lossInBad() : impairment.loss())) {
            counters.lost.incrementAndGet();
            return DROPPED;
        }
        return requeue(arrival, bytes, counters);
    }

    /** Puts a packet that already passed the loss decision into the cap's queue, as {@link #enqueue}. */
    long requeue(long arrival, int bytes, Counters counters) {
        if (bucket == null) {
            return arrival;
        }
        long departure = bucket.admit(arrival, bytes);
        if (departure == TokenBucket.FULL) {
            counters.overflowed.incrementAndGet();
            return DROPPED;
        }
        counters.queueDelay(Math.max(0, departure - arrival));
        return departure;
    }

    /**
     * The second half, for a packet leaving the queue at {@code departure}: delay and jitter,
     * reordering and duplication. Draws four numbers, so one packet's decisions never depend on
     * another's path.
     */
    Verdict release(long departure, SplittableRandom random) {
        double jitter1 = random.nextDouble();
        double jitter2 = random.nextDouble();
        double reorderDraw = random.nextDouble();
        double duplicateDraw = random.nextDouble();
        long release = departure + Math.max(0, impairment.delayNanos() + jitter(jitter1, jitter2));
        if (!impairment.jitterReorders()) {
            release = Math.max(release, lastRelease);
            lastRelease = release;
        }
        if (reorderDraw < impairment.reorder()) {
            release += impairment.reorderHoldNanos();
        }
        return new Verdict(release, duplicateDraw < impairment.duplicate());
    }

    /** Uniform, or normal by Box-Muller from two uniforms so the number of draws stays fixed. */
    private long jitter(double u1, double u2) {
        switch (impairment.jitter()) {
            case UNIFORM:
                return (long) (u1 * impairment.jitterNanos());
            case NORMAL:
                double gaussian = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
                return (long) (gaussian * impairment.jitterNanos());
            default:
                return 0;
        }
    }
}
