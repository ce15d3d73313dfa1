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

    private final Impairment impairment;
    private final TokenBucket bucket;
    private boolean bad;
    private long lastRelease = Long.MIN_VALUE;

    Stage(Impairment impairment) {
        this(impairment, null);
    }

    private Stage(Impairment impairment, TokenBucket previous) {
        this.impairment = impairment;
        if (!impairment.capped()) {
            bucket = null;
        } else if (previous == null) {
            bucket = new TokenBucket(impairment.capBitsPerSecond(), impairment.bucketBytes(),
                    impairment.queueLimitBytes(), impairment.queueLimitNanos());
        } else {
            bucket = previous.continuedAs(impairment.capBitsPerSecond(), impairment.bucketBytes(),
                    impairment.queueLimitBytes(), impairment.queueLimitNanos());
        }
    }

    /** This stage's place in the chain taken over by {@code next}, keeping the queue and order already built up. */
    Stage continuedAs(Impairment next) {
        Stage stage = new Stage(next, bucket);
        stage.bad = bad;
        stage.lastRelease = lastRelease;
        return stage;
    }

    boolean appliesTo(byte[] packet) {
        return impairment.appliesTo(packet);
    }

    /**
     * Passes a packet of {@code bytes} arriving at {@code arrival} through loss, the bandwidth
     * cap, delay and jitter, reordering and duplication. Always takes the same six numbers from
     * {@code random}, so one packet's decisions never depend on another's path.
     *
     * @return the release time, or null when the packet is lost or the queue overflows
     */
    Verdict pass(long arrival, int bytes, SplittableRandom random, Counters counters) {
        double transition = random.nextDouble();
        double lossDraw = random.nextDouble();
        double jitter1 = random.nextDouble();
        double jitter2 = random.nextDouble();
        double reorderDraw = random.nextDouble();
        double duplicateDraw = random.nextDouble();
        if (impairment.burstLoss()) {
            bad = bad ? transition >= impairment.badToGood() : transition < impairment.goodToBad();
        }
        if (lossDraw < (bad ? impairment.lossInBad() : impairment.loss())) {
            counters.lost.incrementAndGet();
            return null;
        }
        long departure = arrival;
        if (bucket != null) {
            departure = bucket.admit(arrival, bytes);
            if (departure == Long.MIN_VALUE) {
                counters.overflowed.incrementAndGet();
                return null;
            }
            counters.queueDelay(Math.max(0, departure - arrival));
        }
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
