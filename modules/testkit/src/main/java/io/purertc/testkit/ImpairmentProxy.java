package io.purertc.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A UDP relay on the loopback between two endpoints A and B that impairs each direction as an
 * {@link Impairment} says. A sends to {@link #facingA()} and hears B from there; B sends to
 * {@link #facingB()} and hears A from there, so each side sees its peer at one address and ICE
 * checks and consent find matching source addresses. A test hands A the candidates of B rewritten
 * to {@code facingA()} ({@link #candidateForA}) and B those of A rewritten to {@code facingB()}.
 *
 * <p>Decisions (loss, jitter, reordering, duplication) come from one {@link SplittableRandom} per
 * direction seeded from the proxy's seed: each arriving datagram takes its own generator from it
 * in arrival order, so the same seed and the same sequence of packets give the same decisions,
 * whatever the timing. Delays are real time: one thread releases packets from a queue ordered by
 * release time, waiting in the selector and then {@link LockSupport#parkNanos} to the deadline,
 * which keeps releases within a fraction of a millisecond without spinning.
 */
public final class ImpairmentProxy implements AutoCloseable {

    /** The two directions of the relay. */
    public enum Direction {
        A_TO_B,
        B_TO_A
    }

    /**
     * One direction's counts. {@code strangers} came from an address other than the side's;
     * {@code lost} were dropped by random or burst loss, {@code overflowed} by a full bandwidth-cap
     * queue; {@code undeliverable} had no known destination yet or failed to send, or met a failing
     * {@link Impairment.Builder#appliesTo} predicate. Queue delays are the bandwidth cap's waits:
     * the latest packet's and the longest so far.
     */
    public record Stats(long packetsIn, long bytesIn, long strangers, long lost, long overflowed, long duplicated,
            long delivered, long bytesDelivered, long undeliverable, Duration queueDelay, Duration maxQueueDelay) {
    }

    private static final int MAX_DATAGRAM = 65_536;
    private static final int RECEIVE_BATCH = 256;
    private static final int SOCKET_BUFFER = 4 << 20;
    private static final long ONE_MILLI = 1_000_000;

    /** One end of the relay: the socket that side talks to, and where that side is. */
    private static final class Side {
        final DatagramChannel channel;
        final InetSocketAddress local;
        InetSocketAddress peer;

        Side(DatagramChannel channel, InetSocketAddress peer) throws IOException {
            this.channel = channel;
            this.local = (InetSocketAddress) channel.getLocalAddress();
            this.peer = peer;
        }
    }

    /** One direction: packets arrive on {@code from}'s socket and leave by {@code to}'s towards {@code to.peer}. */
    private static final class Link {
        final Side from;
        final Side to;
        final SplittableRandom random;
        final Counters counters = new Counters();
        List<Stage> stages = List.of();

        Link(Side from, Side to, SplittableRandom random) {
            this.from = from;
            this.to = to;
            this.random = random;
        }
    }

    /**
     * A packet waiting for {@code due}: in stage {@code stage}'s bandwidth-cap queue when
     * {@code queued}, otherwise delayed on its way into stage {@code stage}.
     */
    private record Pending(long due, long order, Link link, int stage, boolean queued, byte[] data,
            SplittableRandom random) {
    }

    private record Change(Link link, List<Impairment> impairments, CompletableFuture<Void> applied) {
    }

    private final Selector selector;
    private final Side sideA;
    private final Side sideB;
    private final Link aToB;
    private final Link bToA;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final PriorityQueue<Pending> pending =
            new PriorityQueue<>(Comparator.comparingLong(Pending::due).thenComparingLong(Pending::order));
    private final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile Throwable failure;
    private long order;

    private ImpairmentProxy(Selector selector, Side sideA, Side sideB, long seed) {
        this.selector = selector;
        this.sideA = sideA;
        this.sideB = sideB;
        SplittableRandom root = new SplittableRandom(seed);
        aToB = new Link(sideA, sideB, root.split());
        bToA = new Link(sideB, sideA, root.split());
        thread = new Thread(this::run, "impairment-proxy-" + sideA.local.getPort() + "-" + sideB.local.getPort());
        thread.setDaemon(true);
    }

    /**
     * Starts a relay between {@code a} and {@code b}, both loopback addresses. Either may be null:
     * that side is then learned from the first datagram arriving on its facing socket (a client
     * whose ephemeral port the test does not know); until then packets towards it count as
     * undeliverable; its facing socket takes the other side's address family. Datagrams from any
     * other address than a side's are dropped as strangers.
     *
     * @param seed seeds the random decisions of both directions
     */
    public static ImpairmentProxy between(InetSocketAddress a, InetSocketAddress b, Impairment aToB, Impairment bToA,
            long seed) {
        checkLoopback(a);
        checkLoopback(b);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Selector selector = Selector.open();
            opened.add(selector);
            DatagramChannel channelA = open(a != null ? a : b);
            opened.add(channelA);
            DatagramChannel channelB = open(b != null ? b : a);
            opened.add(channelB);
            ImpairmentProxy proxy = new ImpairmentProxy(selector, new Side(channelA, a), new Side(channelB, b), seed);
            proxy.aToB.stages = List.of(new Stage(aToB));
            proxy.bToA.stages = List.of(new Stage(bToA));
            proxy.thread.start();
            return proxy;
        } catch (IOException e) {
            closeQuietly(opened);
            throw new UncheckedIOException("cannot open the impairment proxy's sockets", e);
        }
    }

    /** The address A sends to in order to reach B, and from which A hears B. */
    public InetSocketAddress facingA() {
        return sideA.local;
    }

    /** The address B sends to in order to reach A, and from which B hears A. */
    public InetSocketAddress facingB() {
        return sideB.local;
    }

    /** B's ICE candidate line as A must see it: through {@link #facingA()}. */
    public String candidateForA(String candidateOfB) {
        return rewriteCandidate(candidateOfB, facingA());
    }

    /** A's ICE candidate line as B must see it: through {@link #facingB()}. */
    public String candidateForB(String candidateOfA) {
        return rewriteCandidate(candidateOfA, facingB());
    }

    /** Replaces one direction's impairment; see {@link #setImpairments}. */
    public void setImpairment(Direction direction, Impairment impairment) {
        setImpairments(direction, List.of(impairment));
    }

    /**
     * Replaces one direction's impairments by a chain that each packet passes in order (for
     * example jitter and loss on everything, then more delay on the video stream only). Returns
     * once the proxy uses it: every datagram received after this returns meets the new chain.
     * Packets already delayed keep their release times; those waiting in a bandwidth cap's queue
     * wait, in order, in the queue of the new stage in the same place (so a raised cap drains the
     * queue at its new rate, a smaller queue drops its tail) or leave at once if it has no cap.
     */
    public void setImpairments(Direction direction, List<Impairment> impairments) {
        Change change = new Change(link(direction), List.copyOf(impairments), new CompletableFuture<>());
        if (closing || !thread.isAlive()) {
            throw new IllegalStateException("the impairment proxy is closed", failure);
        }
        changes.add(change);
        selector.wakeup();
        try {
            change.applied().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while changing the impairment", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the impairment proxy did not take the change", e);
        }
    }

    public Stats stats(Direction direction) {
        return link(direction).counters.snapshot();
    }

    /**
     * Stops the thread, waits for it and frees both sockets; packets still delayed are dropped.
     *
     * @throws IllegalStateException if the proxy failed while running, for example because an
     *     {@code appliesTo} predicate threw, with that failure as the cause
     */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        boolean interrupted = false;
        while (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new IllegalStateException("the impairment proxy failed", failure);
        }
    }

    /**
     * Rewrites the connection address and port of an ICE candidate line ({@code a=candidate:...}
     * or {@code candidate:...}) to {@code address}, keeping everything else.
     */
    // RFC 8839 §5.1 candidate-attribute: foundation component transport priority address port "typ" type ...
    public static String rewriteCandidate(String candidate, InetSocketAddress address) {
        String[] fields = candidate.split(" ", -1);
        boolean attribute = fields[0].startsWith("a=candidate:") || fields[0].startsWith("candidate:");
        if (!attribute || fields.length < 8 || !fields[6].equals("typ")) {
            throw new IllegalArgumentException("not an ICE candidate line: " + candidate);
        }
        fields[4] = address.getAddress().getHostAddress();
        fields[5] = Integer.toString(address.getPort());
        return String.join(" ", fields);
    }

    /** The address of the first IPv4 loopback UDP candidate in a session description. */
    public static InetSocketAddress loopbackCandidate(String sdp) {
        for (String line : sdp.split("\r\n")) {
            String[] fields = line.split(" ");
            if (line.startsWith("a=candidate:") && fields.length > 5 && fields[2].equalsIgnoreCase("udp")
                    && fields[4].equals("127.0.0.1")) {
                return new InetSocketAddress(fields[4], Integer.parseInt(fields[5]));
            }
        }
        throw new IllegalArgumentException("no 127.0.0.1 UDP candidate in the description");
    }

    /**
     * A session description whose one candidate is its {@link #loopbackCandidate} moved to {@code address} (a
     * side of this proxy), every other candidate dropped, so that the peer reading it can only go through the
     * proxy.
     */
    public static String onlyCandidateAt(String sdp, InetSocketAddress address) {
        InetSocketAddress own = loopbackCandidate(sdp);
        StringBuilder out = new StringBuilder();
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("a=candidate:")) {
                String[] fields = line.split(" ");
                if (!fields[4].equals(own.getHostString()) || Integer.parseInt(fields[5]) != own.getPort()) {
                    continue;
                }
                line = rewriteCandidate(line, address);
            }
            out.append(line).append("\r\n");
        }
        return out.toString();
    }

    private Link link(Direction direction) {
        return direction == Direction.A_TO_B ? aToB : bToA;
    }

    /** A non-blocking socket on the loopback of {@code family}'s address family, IPv4 when unknown. */
    private static DatagramChannel open(InetSocketAddress family) throws IOException {
        InetAddress loopback = family != null && family.getAddress() instanceof Inet6Address
                ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1");
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
            channel.bind(new InetSocketAddress(loopback, 0));
            channel.configureBlocking(false);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void checkLoopback(InetSocketAddress address) {
        if (address != null && (address.isUnresolved() || !address.getAddress().isLoopbackAddress())) {
            throw new IllegalArgumentException("the impairment proxy relays between loopback addresses only: " + address);
        }
    }

    private void run() {
        try {
            sideA.channel.register(selector, SelectionKey.OP_READ, sideA);
            sideB.channel.register(selector, SelectionKey.OP_READ, sideB);
            while (!closing) {
                waitForWork();
                applyChanges();
                for (SelectionKey key : selector.selectedKeys()) {
                    receive((Side) key.attachment());
                }
                selector.selectedKeys().clear();
                releaseDue(System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            closeQuietly(List.of(sideA.channel, sideB.channel, selector));
            for (Change change : changes) {
                change.applied().completeExceptionally(new IllegalStateException("the impairment proxy closed"));
            }
        }
    }

    /** Sleeps in the selector for whole milliseconds, then parks the last fraction up to the next release. */
    private void waitForWork() throws IOException {
        Pending next = pending.peek();
        if (next == null) {
            selector.select();
            return;
        }
        long wait = next.due() - System.nanoTime();
        if (wait >= ONE_MILLI) {
            selector.select(wait / ONE_MILLI);
        } else {
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            selector.selectNow();
        }
    }

    /**
     * Installs new chains. Packets waiting in a bandwidth cap's queue are queued again, in their
     * order, behind the new stage in the same place, so a raised cap drains them at its new rate.
     */
    private void applyChanges() {
        for (Change change = changes.poll(); change != null; change = changes.poll()) {
            Link link = change.link();
            long now = System.nanoTime();
            List<Stage> old = link.stages;
            List<Stage> stages = new ArrayList<>();
            for (int i = 0; i < change.impairments().size(); i++) {
                Impairment impairment = change.impairments().get(i);
                stages.add(i < old.size() ? old.get(i).continuedAs(impairment, now) : new Stage(impairment));
            }
            link.stages = List.copyOf(stages);
            List<Pending> queued = new ArrayList<>();
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.link() == link && p.queued()) {
                    queued.add(p);
                    it.remove();
                }
            }
            queued.sort(pending.comparator());
            for (Pending p : queued) {
                if (p.stage() >= link.stages.size()) {
                    deliver(link, p.data());
                } else {
                    queue(link, p.stage(), now,
                            link.stages.get(p.stage()).requeue(now, p.data().length, link.counters), p.data(), p.random());
                }
            }
            change.applied().complete(null);
        }
    }

    private void receive(Side side) {
        Link link = side == sideA ? aToB : bToA;
        for (int n = 0; n < RECEIVE_BATCH; n++) {
            buffer.clear();
            SocketAddress from;
            try {
                from = side.channel.receive(buffer);
            } catch (IOException e) {
                // a socket error on receive loses nothing the test sent; try again on the next wake-up
                return;
            }
            if (from == null) {
                return;
            }
            long now = System.nanoTime();
            if (side.peer == null) {
                side.peer = (InetSocketAddress) from;
            } else if (!side.peer.equals(from)) {
                link.counters.strangers.incrementAndGet();
                continue;
            }
            byte[] data = new byte[buffer.flip().remaining()];
            buffer.get(data);
            link.counters.packetsIn.incrementAndGet();
            link.counters.bytesIn.addAndGet(data.length);
            enter(link, 0, now, data, link.random.split());
        }
    }

    private void releaseDue(long now) {
        for (Pending next = pending.peek(); next != null && next.due() <= now; next = pending.peek()) {
            pending.poll();
            if (next.queued()) {
                leave(next.link(), next.stage(), next.due(), next.data(), next.random());
            } else {
                enter(next.link(), next.stage(), next.due(), next.data(), next.random());
            }
        }
    }

    /** Passes a packet through the link's stages from {@code stage} on, at time {@code time}. */
    private void enter(Link link, int stage, long time, byte[] data, SplittableRandom random) {
        List<Stage> stages = link.stages;
        int i = stage;
        try {
            while (i < stages.size() && !stages.get(i).appliesTo(data)) {
                i++;
            }
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
            link.counters.undeliverable.incrementAndGet();
            return;
        }
        if (i == stages.size()) {
            deliver(link, data);
            return;
        }
        queue(link, i, time, stages.get(i).enqueue(time, data.length, random, link.counters), data, random);
    }

    /** Holds a packet in stage {@code stage}'s queue until {@code departure}, or lets it leave now. */
    private void queue(Link link, int stage, long now, long departure, byte[] data, SplittableRandom random) {
        if (departure == Stage.DROPPED) {
            return;
        }
        if (departure > now) {
            pending.add(new Pending(departure, order++, link, stage, true, data, random));
        } else {
            leave(link, stage, now, data, random);
        }
    }

    /** The second half of stage {@code stage} (delay, jitter, reordering, duplication) at time {@code time}. */
    private void leave(Link link, int stage, long time, byte[] data, SplittableRandom random) {
        Stage.Verdict verdict = link.stages.get(stage).release(time, random);
        if (verdict.duplicated()) {
            link.counters.duplicated.incrementAndGet();
            advance(link, stage + 1, time, verdict.release(), data, random.split());
        }
        advance(link, stage + 1, time, verdict.release(), data, random);
    }

    private void advance(Link link, int stage, long now, long release, byte[] data, SplittableRandom random) {
        if (release <= now) {
            enter(link, stage, now, data, random);
        } else {
            pending.add(new Pending(release, order++, link, stage, false, data, random));
        }
    }

    private void deliver(Link link, byte[] data) {
        Counters counters = link.counters;
        InetSocketAddress to = link.to.peer;
        if (to == null) {
            counters.undeliverable.incrementAndGet();
            return;
        }
        counters.delivered.incrementAndGet();
        counters.bytesDelivered.addAndGet(data.length);
        boolean sent;
        try {
            sent = link.to.channel.send(ByteBuffer.wrap(data), to) == data.length;
        } catch (IOException e) {
            sent = false;
        }
        if (!sent) {
            counters.delivered.decrementAndGet();
            counters.bytesDelivered.addAndGet(-data.length);
            counters.undeliverable.incrementAndGet();
        }
    }

    private static void closeQuietly(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing a socket or selector that failed already: nothing more to free
            }
        }
    }
}
