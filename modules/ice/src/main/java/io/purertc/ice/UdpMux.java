package io.purertc.ice;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.PacketClass;
import io.purertc.stun.StunClass;
import io.purertc.stun.StunMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many ICE sessions on one UDP port, so that a server needs a single firewall hole. Each session is
 * keyed by its local ufrag. A STUN Binding request whose USERNAME ({@code "<local ufrag>:<remote ufrag>"})
 * names a registered session goes to that session, and its source address is bound to the session if no
 * session has it yet. Everything else — STUN responses and indications, requests naming no session, DTLS,
 * RTP, RTCP — goes to the session its source address is bound to, or is dropped and counted.
 *
 * <p>An address stays with the first session that binds it until that session closes; a later request
 * naming another session reaches that session but does not move the address. First come leaves an
 * attacker little: to take a peer's address first it must spoof that source address, which already lets
 * it disrupt the path, and a check sent without the session's password gets no answer from the session's
 * responder, so the stolen routing completes no candidate pair.
 *
 * <p>Bounds ({@link Limits}) keep hostile traffic from growing memory: the number of sessions, the
 * addresses bound to one session and to all of them, and the datagrams waiting for a session's event
 * loop. A datagram whose address a limit refuses is dropped and counted, never bound.
 *
 * <p>Thread safety: routing runs on the socket's event loop; {@link #register}, {@link Session#send},
 * {@link Session#close} and {@link #close} may be called from any thread. Both tables are
 * {@link ConcurrentHashMap}s read without locks on the receive path; every change (a session registered or
 * closed, an address bound) happens under one lock, so that the limits hold exactly.
 */
// RFC 8445 §7.2.2 (USERNAME of a check), RFC 7983 §7 (first-byte demultiplexing)
public final class UdpMux implements AutoCloseable {

    /**
     * Bounds on what traffic can make the mux hold.
     *
     * @param maxSessions sessions registered at once
     * @param maxAddressesPerSession remote addresses bound to one session
     * @param maxAddresses remote addresses bound to all sessions together
     * @param maxQueuedPerSession datagrams handed to a session's event loop and not yet handled
     */
    public record Limits(int maxSessions, int maxAddressesPerSession, int maxAddresses, int maxQueuedPerSession) {

        /**
         * Room for a busy server: 64 addresses per session is well above the candidates a multi-homed
         * browser offers, 16 per session on average across all, and a backlog of 256 datagrams rides out a
         * short pause of a session's loop.
         */
        public static final Limits DEFAULT = new Limits(1024, 64, 16_384, 256);

        public Limits {
            if (maxSessions < 1 || maxAddressesPerSession < 1 || maxAddresses < 1 || maxQueuedPerSession < 1) {
                throw new IllegalArgumentException("every limit must be at least 1: " + maxSessions + ", "
                        + maxAddressesPerSession + ", " + maxAddresses + ", " + maxQueuedPerSession);
            }
        }
    }

    /**
     * Counts since the mux was bound; each field is read separately, so a snapshot may straddle one
     * datagram. Every datagram received is exactly one of {@code routedByUfrag}, {@code routedByAddress},
     * {@code unroutable}, {@code malformedStun} or {@code overAddressLimit}.
     *
     * @param received datagrams taken from the socket
     * @param routedByUfrag Binding requests routed by the ufrag in their USERNAME
     * @param routedByAddress datagrams routed by their bound source address
     * @param unroutable datagrams from an unbound address that were not a Binding request naming a session
     * @param malformedStun datagrams that looked like STUN by their first byte but did not parse
     * @param overAddressLimit Binding requests dropped because binding their address would pass a limit
     * @param sendsNotBound sends whose destination a limit kept from being bound (the datagram still went)
     * @param notQueued routed datagrams dropped because the session's loop had a full backlog or was shut down
     * @param handlerErrors exceptions thrown by session handlers
     */
    public record Counters(long received, long routedByUfrag, long routedByAddress, long unroutable,
                           long malformedStun, long overAddressLimit, long sendsNotBound, long notQueued,
                           long handlerErrors) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(UdpMux.class);

    private final UdpEndpoint socket;
    private final Limits limits;
    private final Object lock = new Object();
    private final ConcurrentHashMap<String, Session> sessionsByUfrag = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetSocketAddress, Session> sessionsByAddress = new ConcurrentHashMap<>();
    /** Guarded by {@code lock}. */
    private boolean closed;

    // Written by the socket's event loop only; volatile so that counters() sees them from other threads.
    private volatile long received;
    private volatile long routedByUfrag;
    private volatile long routedByAddress;
    private volatile long unroutable;
    private volatile long malformedStun;
    private volatile long overAddressLimit;
    private volatile long notQueued;
    // Written from the sessions' threads.
    private final LongAdder sendsNotBound = new LongAdder();
    private final LongAdder handlerErrors = new LongAdder();

    private UdpMux(UdpEndpoint socket, Limits limits) {
        this.socket = socket;
        this.limits = limits;
    }

    /** Binds {@code local} with {@link Limits#DEFAULT}; see {@link #bind(EventLoopGroup, InetSocketAddress, Limits)}. */
    public static UdpMux bind(EventLoopGroup group, InetSocketAddress local) throws IOException, InterruptedException {
        return bind(group, local, Limits.DEFAULT);
    }

    /**
     * Binds {@code local} (port 0 = ephemeral) with one {@link UdpEndpoint} on {@code group} and waits until
     * the socket is bound. The group stays the caller's, as with {@link UdpEndpoint}.
     */
    public static UdpMux bind(EventLoopGroup group, InetSocketAddress local, Limits limits)
            throws IOException, InterruptedException {
        Objects.requireNonNull(limits, "limits");
        Forwarder forwarder = new Forwarder();
        UdpMux mux = new UdpMux(UdpEndpoint.bind(group, local, forwarder), limits);
        forwarder.mux = mux;
        return mux;
    }

    /**
     * Registers an ICE agent's session, keyed by its local ufrag.
     *
     * @param localUfrag the agent's ufrag, the part before ':' in the USERNAME of checks sent to it
     * @param sessionLoop the agent's event loop, on which {@code handler} is called
     * @param handler receives the session's datagrams, with the session as the transport
     * @throws IllegalArgumentException if the ufrag is empty, contains ':' or is registered already
     * @throws IllegalStateException if {@link Limits#maxSessions()} are registered or the mux is closed
     */
    public Session register(String localUfrag, EventLoop sessionLoop, UdpTransport.Handler handler) {
        if (localUfrag.isEmpty() || localUfrag.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an ICE ufrag is not empty and has no ':': \"" + localUfrag + "\"");
        }
        Session session = new Session(localUfrag, Objects.requireNonNull(sessionLoop, "sessionLoop"),
                Objects.requireNonNull(handler, "handler"));
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("mux on " + localAddress() + " is closed");
            }
            if (sessionsByUfrag.containsKey(localUfrag)) {
                throw new IllegalArgumentException("ufrag \"" + localUfrag + "\" is registered already");
            }
            if (sessionsByUfrag.size() >= limits.maxSessions()) {
                throw new IllegalStateException(limits.maxSessions() + " sessions registered already");
            }
            sessionsByUfrag.put(localUfrag, session);
        }
        return session;
    }

    /** The bound address, the local address of every session. */
    public InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    public Counters counters() {
        return new Counters(received, routedByUfrag, routedByAddress, unroutable, malformedStun, overAddressLimit,
                sendsNotBound.sum(), notQueued, handlerErrors.sum());
    }

    /** Remote addresses bound to sessions now. */
    int boundAddresses() {
        return sessionsByAddress.size();
    }

    /** Closes every session, then the socket, and waits for it; the event loop group stays up. */
    @Override
    public void close() {
        List<Session> open;
        synchronized (lock) {
            closed = true;
            open = new ArrayList<>(sessionsByUfrag.values());
        }
        open.forEach(Session::close);
        socket.close();
    }

    /** Routes one datagram; runs on the socket's event loop, and never throws for any bytes or sender. */
    void route(byte[] datagram, InetSocketAddress sender) {
        received++;
        if (PacketClass.classify(datagram, 0, datagram.length) == PacketClass.STUN) {
            StunMessage message;
            try {
                message = StunMessage.parse(datagram, 0, datagram.length);
            } catch (MalformedPacketException e) {
                malformedStun++;
                LOG.debug("malformed STUN from {}: {}", sender, e.getMessage());
                return;
            }
            Session named = sessionNamedBy(message);
            if (named != null) {
                if (!bindIfUnbound(named, sender)) {
                    overAddressLimit++;
                    return;
                }
                routedByUfrag++;
                deliver(named, datagram, sender);
                return;
            }
        }
        Session bound = sessionsByAddress.get(sender);
        if (bound == null) {
            unroutable++;
            return;
        }
        routedByAddress++;
        deliver(bound, datagram, sender);
    }

    /** The session a Binding request is addressed to by its USERNAME, or null. */
    private Session sessionNamedBy(StunMessage message) {
        if (message.method() != StunMessage.BINDING || message.messageClass() != StunClass.REQUEST) {
            return null;
        }
        String username = message.username();
        int colon = username == null ? -1 : username.indexOf(':');
        return colon <= 0 ? null : sessionsByUfrag.get(username.substring(0, colon));
    }

    /**
     * Binds {@code address} to {@code session} unless a session has it already or {@code session} is closed;
     * false only when a limit refuses the binding.
     */
    private boolean bindIfUnbound(Session session, InetSocketAddress address) {
        if (sessionsByAddress.containsKey(address)) {
            return true;
        }
        synchronized (lock) {
            if (session.closed || sessionsByAddress.containsKey(address)) {
                return true;
            }
            if (session.addresses.size() >= limits.maxAddressesPerSession()
                    || sessionsByAddress.size() >= limits.maxAddresses()) {
                return false;
            }
            sessionsByAddress.put(address, session);
            session.addresses.add(address);
            return true;
        }
    }

    private void deliver(Session session, byte[] datagram, InetSocketAddress sender) {
        if (session.loop.inEventLoop()) {
            session.receive(datagram, sender);
            return;
        }
        if (session.queued.incrementAndGet() > limits.maxQueuedPerSession()) {
            session.queued.decrementAndGet();
            notQueued++;
            return;
        }
        try {
            session.loop.execute(() -> {
                session.queued.decrementAndGet();
                session.receive(datagram, sender);
            });
        } catch (RejectedExecutionException shutDown) {
            session.queued.decrementAndGet();
            notQueued++;
        }
    }

    /**
     * One ICE agent's share of the port: sends go out of the shared socket, and datagrams routed to it
     * reach its handler on its own event loop.
     */
    public final class Session implements UdpTransport, AutoCloseable {

        private final String localUfrag;
        private final EventLoop loop;
        private final UdpTransport.Handler handler;
        /** Guarded by the mux's lock. */
        private final Set<InetSocketAddress> addresses = new HashSet<>();
        private final AtomicInteger queued = new AtomicInteger();
        /** Written under the mux's lock. */
        private volatile boolean closed;

        private Session(String localUfrag, EventLoop loop, UdpTransport.Handler handler) {
            this.localUfrag = localUfrag;
            this.loop = loop;
            this.handler = handler;
        }

        public String localUfrag() {
            return localUfrag;
        }

        /** The mux's bound address. */
        @Override
        public InetSocketAddress localAddress() {
            return UdpMux.this.localAddress();
        }

        /**
         * Sends from the shared socket, first binding {@code to} to this session if no session has it, so
         * that the answers to this session's own checks come back here. A send the address limits keep
         * from binding still goes out and is counted; a closed session sends nothing.
         */
        @Override
        public void send(byte[] buf, int offset, int length, InetSocketAddress to) {
            if (closed) {
                return;
            }
            if (!bindIfUnbound(this, to)) {
                sendsNotBound.increment();
            }
            socket.send(buf, offset, length, to);
        }

        @Override
        public EventLoop eventLoop() {
            return loop;
        }

        /**
         * Unregisters the ufrag and every address bound to this session; idempotent. Called on the
         * session's loop, no datagram reaches the handler afterwards.
         */
        @Override
        public void close() {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
                sessionsByUfrag.remove(localUfrag, this);
                for (InetSocketAddress address : addresses) {
                    sessionsByAddress.remove(address, this);
                }
                addresses.clear();
            }
        }

        private void receive(byte[] datagram, InetSocketAddress sender) {
            if (closed) {
                return;
            }
            try {
                handler.onDatagram(this, datagram, sender);
            } catch (RuntimeException e) {
                handlerErrors.increment();
                LOG.warn("session {} handler failed on a datagram from {}", localUfrag, sender, e);
            }
        }
    }

    /** Hands the socket's datagrams to the mux, which exists only once the socket is bound. */
    private static final class Forwarder implements UdpTransport.Handler {

        /** Null until bind returns; a datagram before that could find no session anyway and is not counted. */
        private volatile UdpMux mux;

        @Override
        public void onDatagram(UdpTransport via, byte[] datagram, InetSocketAddress sender) {
            UdpMux target = mux;
            if (target != null) {
                target.route(datagram, sender);
            }
        }
    }
}
