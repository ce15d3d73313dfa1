package io.purertc.server;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plain JDK threads, named {@code prefix-N}, for pools whose work may block: signaling calls, candidate
 * gathering, DTLS handshakes, codecs. Netty's {@code DefaultThreadFactory} is for event loops: its threads
 * declare blocking calls forbidden ({@code FastThreadLocalThread.permitBlockingCalls}), which blocking-aware
 * code such as {@code DtlsCertificate.shared()} rightly refuses to run on.
 */
final class BlockingThreadFactory implements ThreadFactory {

    private final String prefix;
    private final boolean daemon;
    private final AtomicInteger next = new AtomicInteger(1);

    BlockingThreadFactory(String prefix, boolean daemon) {
        this.prefix = prefix;
        this.daemon = daemon;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + "-" + next.getAndIncrement());
        thread.setDaemon(daemon);
        return thread;
    }
}
