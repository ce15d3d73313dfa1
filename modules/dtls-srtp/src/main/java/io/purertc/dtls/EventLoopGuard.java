package io.purertc.dtls;

import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * Refuses blocking work on Netty's threads. Netty marks its event loop and executor threads as not
 * permitting blocking calls, so the check needs neither the loop nor the thread's name.
 */
// DESIGN.md "Threading model": nothing blocks an event loop
final class EventLoopGuard {

    private EventLoopGuard() {
    }

    static void refuseBlocking(String what) {
        if (Thread.currentThread() instanceof FastThreadLocalThread thread && !thread.permitBlockingCalls()) {
            throw new IllegalStateException(what + " blocks, so it must not run on Netty thread " + thread.getName()
                    + "; use the asynchronous variant with an executor of its own");
        }
    }
}
