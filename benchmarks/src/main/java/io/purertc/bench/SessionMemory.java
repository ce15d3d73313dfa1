package io.purertc.bench;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import io.purertc.dtls.DtlsCertificate;
import io.purertc.peer.PeerConfig;

/**
 * Load tool, not a JMH benchmark: what one idle connected PeerConnection holds. Connects N pairs of in-process
 * peers on IPv4 loopback (an audio and a video track each), lets them idle, and prints the retained heap,
 * direct memory, threads and file descriptors per session (a session is one PeerConnection, so 2N of them),
 * then closes every pair and checks that heap, threads and file descriptors return to the baseline (direct
 * memory belongs to the buffer pool, which keeps what it grew). The baseline is taken with the event-loop
 * group, the executor and the shared certificate in place and after one call connected and closed, so what
 * is made once per JVM is not charged to sessions; the footprint before that call is printed too. Target: at
 * most 256 KiB of heap per session. Exits with status 1 if something stays behind after closing.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.purertc.bench.SessionMemory 50} (Linux: file
 * descriptors are counted in {@code /proc/self/fd}).
 */
public final class SessionMemory {

    private static final long TARGET_HEAP_BYTES_PER_SESSION = 256 * 1024;
    /** Consecutive heap readings after a full GC closer than this are taken as settled. */
    private static final long SETTLED_BYTES = 16 * 1024;
    /**
     * What may stay on the heap after closing, whatever the session count: lazily filled JDK caches and the
     * collector's own rounding (a few hundred KiB seen); 10 KiB a session for 50 pairs.
     */
    private static final long CLOSED_HEAP_TOLERANCE_BYTES = 1024 * 1024;
    private static final long IDLE_MILLIS = 3_000;
    /**
     * Closing ends on the event loops and workers, and a socket's descriptor goes when its channel's close
     * has run there: the closed footprint may take this long to come back to the baseline.
     */
    private static final long RELEASE_MILLIS = 5_000;

    private SessionMemory() {
    }

    /** What the process holds at one moment. */
    private record Footprint(long heapBytes, long directBytes, int threads, long fds) {

        static Footprint settled() throws IOException, InterruptedException {
            long previous = -1;
            long used = 0;
            for (int attempt = 0; attempt < 20; attempt++) {
                System.gc();
                // Lets the cleaners of the direct buffers this collection freed run before direct memory is read.
                Thread.sleep(100);
                used = heapAfterCollection();
                if (previous >= 0 && Math.abs(used - previous) < SETTLED_BYTES) {
                    break;
                }
                previous = used;
            }
            long direct = 0;
            for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
                if (pool.getName().equals("direct")) {
                    direct = pool.getMemoryUsed();
                }
            }
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                return new Footprint(used, direct, ManagementFactory.getThreadMXBean().getThreadCount(), fds.count());
            }
        }

        /**
         * What the last collection left in the heap pools. The heap's current use would also count the
         * allocation buffers the event loops take right after the collection: megabytes, with some collectors.
         */
        private static long heapAfterCollection() {
            long used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage afterCollection = pool.getCollectionUsage();
                if (pool.getType() == MemoryType.HEAP && afterCollection != null) {
                    used += afterCollection.getUsed();
                }
            }
            return used;
        }

        /** Direct memory is left out: the buffer pool keeps the chunks it grew, for every later connection. */
        boolean releasedTo(Footprint baseline) {
            return heapBytes - baseline.heapBytes <= CLOSED_HEAP_TOLERANCE_BYTES && threads <= baseline.threads
                    && fds <= baseline.fds;
        }

        String describe() {
            return "heap.bytes=" + heapBytes + " direct.bytes=" + directBytes + " threads=" + threads + " fds=" + fds;
        }
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        if (pairs < 1) {
            throw new IllegalArgumentException("pairs must be at least 1, got " + pairs);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        ThreadPoolExecutor executor = (ThreadPoolExecutor) Executors.newFixedThreadPool(4);
        boolean released;
        try {
            // Threads and selectors start lazily: started here, they are in the baseline, not charged to sessions.
            for (EventExecutor loop : group) {
                loop.submit(() -> { }).sync();
            }
            executor.prestartAllCoreThreads();
            DtlsCertificate.shared();
            PeerConfig config = LoopbackCall.loopbackConfig(group, executor);

            System.out.println("before.any.call " + Footprint.settled().describe());
            connectOnceAndClose(config);
            Thread.sleep(RELEASE_MILLIS);
            Footprint baseline = Footprint.settled();
            System.out.println("baseline " + baseline.describe());

            connectMeasureAndClose(config, pairs, baseline);
            Footprint closed = Footprint.settled();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RELEASE_MILLIS);
            while (!closed.releasedTo(baseline) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                closed = Footprint.settled();
            }
            released = closed.releasedTo(baseline);
            System.out.println("closed " + closed.describe());
            System.out.println("closed heap.above.baseline.bytes=" + (closed.heapBytes - baseline.heapBytes)
                    + " tolerance=" + CLOSED_HEAP_TOLERANCE_BYTES + " direct.above.baseline.bytes="
                    + (closed.directBytes - baseline.directBytes) + " threads.above.baseline="
                    + (closed.threads - baseline.threads) + " fds.above.baseline=" + (closed.fds - baseline.fds)
                    + " back.to.baseline=" + released);
        } finally {
            executor.shutdownNow();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        if (!released) {
            System.exit(1);
        }
    }

    /**
     * What the first call initialises once per JVM (static tables, the JDK's delay-scheduler thread, the buffer
     * pool's first chunk, the random source) belongs to the baseline, not to the sessions. A method of its own
     * so that no frame keeps the closed call reachable.
     */
    private static void connectOnceAndClose(PeerConfig config) throws Exception {
        try (LoopbackCall first = new LoopbackCall(config)) {
            first.prepareOffer();
            first.answerAndConnect();
        }
    }

    /**
     * Connects the pairs, prints what they hold once idle, and closes them. A method of its own so that, once
     * it returns, no frame keeps the closed calls reachable.
     */
    private static void connectMeasureAndClose(PeerConfig config, int pairs, Footprint baseline) throws Exception {
        int sessions = 2 * pairs;
        List<LoopbackCall> calls = new ArrayList<>(pairs);
        try {
            for (int i = 0; i < pairs; i++) {
                LoopbackCall call = new LoopbackCall(config);
                calls.add(call);
                call.prepareOffer();
                call.answerAndConnect();
            }
            Thread.sleep(IDLE_MILLIS);
            Footprint connected = Footprint.settled();
            System.out.println("connected " + connected.describe());
            long heapPerSession = (connected.heapBytes - baseline.heapBytes) / sessions;
            System.out.println("sessions=" + sessions + " heap.per.session.bytes=" + heapPerSession + " target="
                    + TARGET_HEAP_BYTES_PER_SESSION + " within.target=" + (heapPerSession
                    <= TARGET_HEAP_BYTES_PER_SESSION));
            System.out.println("sessions=" + sessions + " direct.per.session.bytes="
                    + (connected.directBytes - baseline.directBytes) / sessions);
            System.out.println("sessions=" + sessions + " threads.per.session="
                    + perSession(connected.threads - baseline.threads, sessions));
            System.out.println("sessions=" + sessions + " fds.per.session="
                    + perSession(connected.fds - baseline.fds, sessions));
        } finally {
            calls.forEach(LoopbackCall::close);
        }
    }

    private static String perSession(long total, int sessions) {
        return String.format(Locale.ROOT, "%.2f", (double) total / sessions);
    }
}
