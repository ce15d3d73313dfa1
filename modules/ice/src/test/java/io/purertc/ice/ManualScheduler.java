package io.purertc.ice;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * Virtual time for tests: tasks run, in due order, only when a test moves the clock, so a 30-second
 * consent time-out or a 39.5-second transaction takes no real time. Without an event loop the tasks run on
 * the test's thread; with one (for agents over real sockets) each runs on that loop and is waited for.
 */
final class ManualScheduler implements StunClientTransactions.Scheduler, LongSupplier {

    private record Task(long due, long sequence, Runnable body, boolean[] cancelled) {
    }

    private final EventLoop loop;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.sequence, b.sequence));
    volatile long now;
    private long sequence;

    ManualScheduler() {
        this(null);
    }

    ManualScheduler(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public synchronized StunClientTransactions.Cancellable schedule(Runnable task, long delayNanos) {
        boolean[] cancelled = new boolean[1];
        tasks.add(new Task(now + delayNanos, sequence++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public long getAsLong() {
        return now;
    }

    void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    /** Moves the clock by {@code step}, running every task due by then. */
    void advance(Duration step) {
        long until = now + step.toNanos();
        while (true) {
            Task task;
            synchronized (this) {
                task = tasks.peek();
                if (task == null || task.due > until) {
                    break;
                }
                tasks.poll();
            }
            now = task.due;
            if (loop == null) {
                runUnlessCancelled(task);
            } else {
                loop.submit(() -> runUnlessCancelled(task)).syncUninterruptibly();
            }
        }
        now = until;
    }

    /** Advances in {@code step}s, pausing a millisecond of real time after each so datagrams in flight land. */
    void run(Duration total, Duration step) throws InterruptedException {
        for (long t = 0; t < total.toNanos(); t += step.toNanos()) {
            advance(step);
            Thread.sleep(1);
        }
    }

    long millis() {
        return now / 1_000_000;
    }

    /** Tasks still waiting to run, cancelled ones not counted. */
    synchronized long live() {
        return tasks.stream().filter(t -> !t.cancelled[0]).count();
    }

    private static void runUnlessCancelled(Task task) {
        if (!task.cancelled[0]) {
            task.body.run();
        }
    }
}
