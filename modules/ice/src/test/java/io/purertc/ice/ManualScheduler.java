package io.purertc.ice;

import java.util.PriorityQueue;

/** A scheduler whose tasks run, in due order, only when a test moves its clock: no sleeping, exact times. */
final class ManualScheduler implements StunClientTransactions.Scheduler {

    private record Task(long due, long sequence, Runnable body, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.sequence, b.sequence));
    long now;
    private long sequence;

    @Override
    public StunClientTransactions.Cancellable schedule(Runnable task, long delayNanos) {
        boolean[] cancelled = new boolean[1];
        tasks.add(new Task(now + delayNanos, sequence++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    void advanceMillis(long millis) {
        long until = now + millis * 1_000_000;
        while (!tasks.isEmpty() && tasks.peek().due <= until) {
            Task task = tasks.poll();
            now = task.due;
            if (!task.cancelled[0]) {
                task.body.run();
            }
        }
        now = until;
    }

    long millis() {
        return now / 1_000_000;
    }

    /** Tasks still waiting to run, cancelled ones not counted. */
    long live() {
        return tasks.stream().filter(t -> !t.cancelled[0]).count();
    }
}
