package io.purertc.ice;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * Virtual time for agents under test: {@link #advance} moves the clock and runs what fell due, in order,
 * on the agents' event loop, so a 30-second consent time-out takes a fraction of a second.
 */
final class ManualClock implements LongSupplier, StunClientTransactions.Scheduler {

    private record Task(long due, long sequence, Runnable body, boolean[] cancelled) {
    }

    private final EventLoop loop;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>((x, y) -> x.due != y.due
            ? Long.compare(x.due, y.due) : Long.compare(x.sequence, y.sequence));
    private volatile long now = 1_000_000_000L;
    private long sequence;

    ManualClock(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public long getAsLong() {
        return now;
    }

    @Override
    public synchronized StunClientTransactions.Cancellable schedule(Runnable task, long delayNanos) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + delayNanos, sequence++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Advances by {@code step}, running every task due by then on the event loop, and waits for them. */
    void advance(Duration step) throws InterruptedException {
        long until = now + step.toNanos();
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > until) {
                    break;
                }
                tasks.poll();
            }
            now = Math.max(now, next.due);
            if (!next.cancelled[0]) {
                loop.submit(() -> {
                    if (!next.cancelled[0]) {
                        next.body.run();
                    }
                }).sync();
            }
        }
        now = until;
    }

    /** Advances in {@code step}s, pausing briefly in real time after each so datagrams in flight arrive. */
    void run(Duration total, Duration step) throws InterruptedException {
        for (long t = 0; t < total.toNanos(); t += step.toNanos()) {
            advance(step);
            Thread.sleep(1);
        }
    }
}
