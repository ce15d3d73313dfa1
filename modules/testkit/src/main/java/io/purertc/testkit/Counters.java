package io.purertc.testkit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One direction's counts, written by the proxy's thread and read by the test's: each is
 * incremented before the packet it counts is sent, so a test that has received a packet sees it
 * counted.
 */
final class Counters {

    final AtomicLong packetsIn = new AtomicLong();
    final AtomicLong bytesIn = new AtomicLong();
    final AtomicLong strangers = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final AtomicLong overflowed = new AtomicLong();
    final AtomicLong duplicated = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong bytesDelivered = new AtomicLong();
    final AtomicLong undeliverable = new AtomicLong();
    private final AtomicLong queueDelayNanos = new AtomicLong();
    private final AtomicLong maxQueueDelayNanos = new AtomicLong();

    void queueDelay(long nanos) {
        queueDelayNanos.set(nanos);
        maxQueueDelayNanos.accumulateAndGet(nanos, Math::max);
    }

    ImpairmentProxy.Stats snapshot() {
        return new ImpairmentProxy.Stats(packetsIn.get(), bytesIn.get(), strangers.get(), lost.get(), overflowed.get(),
                duplicated.get(), delivered.get(), bytesDelivered.get(), undeliverable.get(),
                Duration.ofNanos(queueDelayNanos.get()), Duration.ofNanos(maxQueueDelayNanos.get()));
    }
}
