package io.purertc.ice;

import io.netty.channel.EventLoop;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.PacketClass;
import io.purertc.sdp.Candidate;
import io.purertc.stun.ErrorCode;
import io.purertc.stun.StunClass;
import io.purertc.stun.StunIntegrity;
import io.purertc.stun.StunMessage;
import io.purertc.stun.StunMessageWriter;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ICE agent for one data stream with one component (RTP with RTCP muxed, as WebRTC's BUNDLE uses):
 * gathers host and server-reflexive candidates, pairs them with the peer's (trickled) candidates, paces
 * connectivity checks, resolves role conflicts, nominates (regular nomination; a peer's aggressive
 * nomination is followed), selects the pair data goes over and keeps consent for it.
 *
 * <p>All state lives on one Netty event loop (DESIGN.md threading model). Public methods may be called from
 * any thread and hop onto that loop; listeners and the data handler are called on it. {@link #gather()}
 * binds sockets and blocks, so it must not run on an event loop.
 */
// RFC 8445 (full and lite); RFC 8838 (trickle); RFC 7675 (consent freshness)
public final class IceAgent implements AutoCloseable {

    /** Told what the agent learns, on its event loop. Every method has an empty default. */
    public interface Listener {
        /** A new local candidate to signal to the peer (trickle). */
        default void onLocalCandidate(IceCandidate candidate) {
        }

        /** Gathering ended; signal end-of-candidates (RFC 8838 §8.2). */
        default void onGatheringComplete() {
        }

        default void onStateChange(IceState state) {
        }

        /** The pair data goes over changed; null when there is none any more. */
        default void onSelectedPairChange(IceCandidatePair pair) {
        }
    }

    /** Receives the non-STUN datagrams (DTLS, SRTP, ...) arriving on a checked pair, on the event loop. */
    @FunctionalInterface
    public interface DataHandler {
        void onData(byte[] datagram, InetSocketAddress from);
    }

    /**
     * Counts since creation. {@code unknownSource}: non-STUN datagrams from an address no pair knows;
     * {@code notSent}: {@link #send} calls with no selected pair or after consent was lost;
     * {@code roleConflicts}: conflicts seen in requests or 487 answers, however they were resolved.
     */
    public record Counters(long datagrams, long malformedStun, long unknownSource, long notSent, long roleConflicts,
                           long pairsFailed, long candidatesIgnored, StunBindingResponder.Counters responder) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(IceAgent.class);
    /** RFC 8445 §5.3: ufrag at least 24 bits, password at least 128 bits of randomness, in ice-chars. */
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final int UFRAG_LENGTH = 8;
    private static final int PASSWORD_LENGTH = 24;
    private static final int MESSAGE_CAPACITY = 256;

    private final IceConfig config;
    private final Listener listener;
    private final DataHandler dataHandler;
    private final EventLoop loop;
    private final StunClientTransactions.Scheduler scheduler;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    private final String localUfrag;
    private final String localPassword;
    private final long tieBreaker;
    private final StunBindingResponder responder;
    private final byte[] message = new byte[MESSAGE_CAPACITY];

    // Event-loop state.
    private final Map<UdpTransport, LocalBase> bases = new IdentityHashMap<>();
    private final List<IceCandidate> localCandidates = new ArrayList<>();
    private final Map<String, String> foundations = new HashMap<>();
    private final List<IceCandidate> remoteCandidates = new ArrayList<>();
    private final Checklist checklist;
    private IceRole role;
    private String remoteUfrag;
    private StunIntegrity remoteKey;
    private boolean remoteEndOfCandidates;
    private boolean gatheringComplete;
    private int gatheringPending;
    private boolean checkSent;
    private long lastCheckNanos;
    private long lastSentNanos;
    private StunClientTransactions.Cancellable tickTimer;
    private StunClientTransactions.Cancellable nominationTimer;
    private StunClientTransactions.Cancellable consentTimer;
    private StunClientTransactions.Cancellable noPairTimer;
    private StunClientTransactions.Cancellable livenessTimer;
    private long checkingSinceNanos;
    private CandidatePair selected;
    private boolean nominationConcluded;
    private int prflxCount;

    /** Guarded by {@code this}: gathering happens once. */
    private boolean gathered;

    // Read from any thread.
    private volatile IceState state = IceState.NEW;
    private volatile IceCandidatePair selectedSnapshot;
    private volatile long datagrams;
    private volatile long malformedStun;
    private volatile long unknownSource;
    private volatile long notSent;
    private volatile long roleConflicts;
    private volatile long pairsFailed;
    private volatile long candidatesIgnored;

    /** A local transport address checks and data leave from: a host socket, a mux session or a TURN relay. */
    final class LocalBase {
        final UdpTransport transport;
        /** Releases what the agent holds for this base: its socket, mux session or TURN allocation. */
        final Runnable release;
        final IceCandidate candidate;
        final int localPreference;
        final StunClientTransactions transactions;
        /** The TURN allocations made from this host base; they see its datagrams first. */
        final List<TurnClient> turnClients = new ArrayList<>();

        LocalBase(UdpTransport transport, Runnable release, IceCandidate candidate, int localPreference) {
            this.transport = transport;
            this.release = release;
            this.candidate = candidate;
            this.localPreference = localPreference;
            this.transactions = new StunClientTransactions(transport::send, scheduler, config.checkRto,
                    config.maxPairs + 16);
        }
    }

    private IceAgent(IceConfig config, Listener listener, DataHandler dataHandler) {
        this.config = config;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.dataHandler = Objects.requireNonNull(dataHandler, "dataHandler");
        this.loop = config.group.next();
        this.scheduler = config.scheduler != null ? config.scheduler : StunClientTransactions.Scheduler.of(loop);
        this.clock = config.nanoClock;
        this.localUfrag = randomIceChars(UFRAG_LENGTH);
        this.localPassword = randomIceChars(PASSWORD_LENGTH);
        this.tieBreaker = random.nextLong();
        this.role = config.lite ? IceRole.CONTROLLED : config.role;
        this.responder = new StunBindingResponder(localUfrag, localPassword, this::onCheck);
        this.checklist = new Checklist(config.maxPairs);
    }

    /** An agent with fresh local credentials and tie-breaker; nothing is bound until {@link #gather()}. */
    public static IceAgent create(IceConfig config, Listener listener, DataHandler dataHandler) {
        return new IceAgent(config, listener, dataHandler);
    }

    public String localUfrag() {
        return localUfrag;
    }

    public String localPassword() {
        return localPassword;
    }

    public boolean isLite() {
        return config.lite;
    }

    public IceState state() {
        return state;
    }

    /** The pair data goes over, or null. */
    public IceCandidatePair selectedPair() {
        return selectedSnapshot;
    }

    /**
     * The selected pair's latest connectivity-check or consent round trip in nanoseconds, or -1 when there is no
     * selected pair or no measurement yet. Read it on the event loop.
     */
    public long selectedRoundTripNanos() {
        return selected == null ? -1 : selected.roundTripNanos;
    }

    /** The agent's event loop, where its listeners run and where {@link #send} costs no hand-off. */
    public EventLoop eventLoop() {
        return loop;
    }

    /**
     * Binds a socket on every usable host address and announces the host candidates; server-reflexive
     * candidates follow as the STUN servers answer, then {@link Listener#onGatheringComplete()}. Blocks
     * until the sockets are bound, so it must not be called on an event loop.
     *
     * @throws IOException when no host address could be bound
     */
    public void gather() throws IOException, InterruptedException {
        if (loop.inEventLoop()) {
            throw new IllegalStateException("gather() binds sockets and blocks; call it off the event loop");
        }
        synchronized (this) {
            if (gathered) {
                throw new IllegalStateException("gather() was already called");
            }
            gathered = true;
        }
        if (config.mux != null) {
            gatherOnMux(config.mux);
            return;
        }
        List<InetAddress> addresses = hostAddresses();
        List<UdpEndpoint> endpoints = new ArrayList<>();
        for (InetAddress address : addresses) {
            try {
                endpoints.add(UdpEndpoint.bind(loop, new InetSocketAddress(address, 0), this::onDatagram));
            } catch (IOException e) {
                LOG.info("no host candidate on {}: {}", address, e.getMessage());
            }
        }
        if (endpoints.isEmpty()) {
            throw new IOException("no usable host address among " + addresses);
        }
        CompletableFuture<Void> registered = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                for (int i = 0; i < endpoints.size(); i++) {
                    UdpEndpoint endpoint = endpoints.get(i);
                    addHostBase(endpoint, endpoint::close, 0xFFFF - i);
                }
                registered.complete(null);
            } catch (RuntimeException e) {
                registered.completeExceptionally(e);
            }
        });
        registered.join();
    }

    /** The peer's credentials from its description; checks start once they are known (RFC 8445 §6.1.1). */
    public void setRemoteCredentials(String ufrag, String password) {
        if (ufrag.isEmpty() || password.isEmpty()) {
            throw new IllegalArgumentException("remote ICE ufrag and password must not be empty");
        }
        onLoop(() -> {
            remoteUfrag = ufrag;
            remoteKey = StunIntegrity.shortTerm(password);
            if (state == IceState.NEW) {
                checkingSinceNanos = clock.getAsLong();
                setState(IceState.CHECKING);
            }
            scheduleTick();
        });
    }

    /**
     * A remote candidate, from the description or trickled later (RFC 8838 §11). Candidates of other
     * components, duplicates and those beyond the limit are ignored and counted.
     */
    public void addRemoteCandidate(IceCandidate candidate) {
        Objects.requireNonNull(candidate, "candidate");
        onLoop(() -> addRemote(candidate));
    }

    /** The peer has no more candidates; until then, failed checks do not fail the agent (RFC 8838 §8.2). */
    public void endOfRemoteCandidates() {
        onLoop(() -> {
            remoteEndOfCandidates = true;
            concludeIfDone();
        });
    }

    /**
     * Sends one datagram over the selected pair; dropped and counted when there is none or consent is lost
     * (RFC 7675 §5.1). On the event loop the bytes go at once; from another thread they are copied first.
     */
    public void send(byte[] buf, int offset, int length) {
        if (loop.inEventLoop()) {
            sendNow(buf, offset, length);
        } else {
            byte[] copy = java.util.Arrays.copyOfRange(buf, offset, offset + length);
            loop.execute(() -> sendNow(copy, 0, copy.length));
        }
    }

    public Counters counters() {
        return new Counters(datagrams, malformedStun, unknownSource, notSent, roleConflicts, pairsFailed,
                candidatesIgnored, responder.counters());
    }

    /** Stops every timer and transaction and closes the agent's own sockets; idempotent. */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> {
            closeOnLoop();
            done.complete(null);
        });
        if (!loop.inEventLoop()) {
            done.join();
        }
    }

    // ---- gathering (RFC 8445 §5.1.1) ----

    /** One host candidate: the mux's own address, shared with every other agent on it. */
    private void gatherOnMux(UdpMux mux) {
        InetSocketAddress address = mux.localAddress();
        if (address.getAddress().isAnyLocalAddress()) {
            throw new IllegalStateException("the mux is bound to a wildcard address; bind it to one peers can reach");
        }
        UdpMux.Session session = mux.register(localUfrag, loop, this::onDatagram);
        CompletableFuture<Void> registered = new CompletableFuture<>();
        loop.execute(() -> {
            addHostBase(session, session::close, 0xFFFF);
            registered.complete(null);
        });
        registered.join();
    }

    private List<InetAddress> hostAddresses() throws SocketException {
        List<InetAddress> found = new ArrayList<>();
        if (!config.hostAddresses.isEmpty()) {
            found.addAll(config.hostAddresses);
        } else {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nif.isUp()) {
                    found.addAll(Collections.list(nif.getInetAddresses()));
                }
            }
        }
        List<InetAddress> usable = new ArrayList<>();
        for (InetAddress address : found) {
            boolean v6 = address instanceof Inet6Address;
            if ((v6 ? config.ipv6 : config.ipv4)
                    && (config.includeLoopback || !address.isLoopbackAddress())
                    // A link-local IPv6 address needs a scope a remote peer cannot name; any-local is no address.
                    && !(v6 && address.isLinkLocalAddress()) && !address.isAnyLocalAddress()
                    && !address.isMulticastAddress() && config.addressFilter.test(address)
                    && !usable.contains(address)) {
                usable.add(address);
            }
        }
        // RFC 8421 §4: prefer IPv6, so IPv6 addresses take the higher local preferences.
        usable.sort(Comparator.comparing(a -> a instanceof Inet6Address ? 0 : 1));
        return usable;
    }

    private void addHostBase(UdpTransport transport, Runnable release, int localPreference) {
        InetSocketAddress address = transport.localAddress();
        IceCandidate host = new IceCandidate(foundation(Candidate.Type.HOST, address.getAddress(), null),
                IceCandidate.RTP_COMPONENT, IceCandidate.priority(IceCandidate.HOST_PREFERENCE, localPreference,
                IceCandidate.RTP_COMPONENT), address, Candidate.Type.HOST, null);
        LocalBase base = new LocalBase(transport, release, host, localPreference);
        bases.put(transport, base);
        addLocalCandidate(host);
        for (IceCandidate remote : List.copyOf(remoteCandidates)) {
            pairWith(base, remote);
        }
        if (!config.lite) {
            for (InetSocketAddress server : config.stunServers) {
                if (sameFamily(server, address)) {
                    requestServerReflexive(base, server);
                }
            }
            for (TurnServer server : config.turnServers) {
                if (sameFamily(server.address(), address)) {
                    allocateRelay(base, server);
                }
            }
        }
        concludeGatheringIfDone();
        scheduleTick();
    }

    private void requestServerReflexive(LocalBase base, InetSocketAddress server) {
        int length = new StunMessageWriter(message, 0, StunMessage.BINDING, StunClass.REQUEST,
                StunMessageWriter.newTransactionId(random))
                .fingerprint().length();
        gatheringPending++;
        base.transactions.send(message, 0, length, server, null, new StunClientTransactions.Callback() {
            @Override
            public void onSuccess(StunMessage response) {
                InetSocketAddress mapped = response.xorMappedAddress() != null
                        ? response.xorMappedAddress() : response.mappedAddress();
                if (mapped != null) {
                    addServerReflexive(base, mapped, server.getAddress());
                }
                gatheringDone();
            }

            @Override
            public void onErrorResponse(StunMessage response, ErrorCode error) {
                LOG.info("STUN server {} refused a Binding request: {}", server, error);
                gatheringDone();
            }

            @Override
            public void onFailure(StunClientTransactions.Failure failure) {
                LOG.info("STUN server {} failed a Binding request: {}", server, failure);
                gatheringDone();
            }

            @Override
            public void onTimeout() {
                LOG.info("STUN server {} did not answer", server);
                gatheringDone();
            }
        });
    }

    /** Pruning (RFC 8445 §6.1.2.4) replaces a server-reflexive candidate by its base, so it forms no pair. */
    private void addServerReflexive(LocalBase base, InetSocketAddress mapped, InetAddress server) {
        if (!mapped.equals(base.candidate.address()) && localAt(mapped) == null) {
            addLocalCandidate(new IceCandidate(foundation(Candidate.Type.SRFLX, base.candidate.address().getAddress(),
                    server), IceCandidate.RTP_COMPONENT, IceCandidate.priority(IceCandidate.SERVER_REFLEXIVE_PREFERENCE,
                    base.localPreference, IceCandidate.RTP_COMPONENT), mapped, Candidate.Type.SRFLX,
                    base.candidate.address()));
        }
    }

    /** Keeps a gathered candidate and signals it, unless the relay-only policy hides it. */
    private void addLocalCandidate(IceCandidate candidate) {
        localCandidates.add(candidate);
        if (!config.relayOnly || candidate.type() == Candidate.Type.RELAY) {
            listener.onLocalCandidate(candidate);
        }
    }

    private void allocateRelay(LocalBase host, TurnServer server) {
        Relay relay = new Relay(host, server);
        host.turnClients.add(relay.client);
        gatheringPending++;
        relay.client.allocate();
    }

    /** One TURN allocation from a host base, and the relayed base it becomes once allocated. */
    // RFC 8445 §5.1.1.2 relayed candidates; RFC 8656 §7 allocation
    private final class Relay implements TurnClient.Listener {
        final LocalBase host;
        final TurnServer server;
        final TurnClient client;
        LocalBase base;

        Relay(LocalBase host, TurnServer server) {
            this.host = host;
            this.server = server;
            this.client = new TurnClient(server, host.transport, scheduler, IceAgent.this::onDatagram, this,
                    config.turnSettings);
        }

        @Override
        public void onAllocated(InetSocketAddress relayed, InetSocketAddress mapped) {
            if (state == IceState.CLOSED) {
                return;
            }
            InetAddress serverAddress = server.address().getAddress();
            IceCandidate candidate = new IceCandidate(
                    foundation(Candidate.Type.RELAY, host.candidate.address().getAddress(), serverAddress),
                    IceCandidate.RTP_COMPONENT, IceCandidate.priority(IceCandidate.RELAYED_PREFERENCE,
                    host.localPreference, IceCandidate.RTP_COMPONENT), relayed, Candidate.Type.RELAY, mapped);
            // The allocation itself is released by the host base, which closes its TURN clients.
            base = new LocalBase(client.relay(), () -> { }, candidate, host.localPreference);
            bases.put(client.relay(), base);
            addServerReflexive(host, mapped, serverAddress);
            addLocalCandidate(candidate);
            for (IceCandidate remote : List.copyOf(remoteCandidates)) {
                permitAndPair(base, client, remote);
            }
            gatheringDone();
            scheduleTick();
        }

        @Override
        public void onFailed(String reason) {
            LOG.info("TURN server {}: {}", server.address(), reason);
            if (base == null) {
                gatheringDone();
            } else {
                relayLost(base);
            }
        }
    }

    /** Pairs a relayed base with a remote candidate, first asking the server to let the peer's checks in. */
    private void permitAndPair(LocalBase relay, TurnClient client, IceCandidate remote) {
        if (sameFamily(relay.candidate.address(), remote.address())) {
            client.permit(remote.address().getAddress());
            pairWith(relay, remote);
        }
    }

    /** The allocation is gone (a refresh failed): its pairs fail, and the selected one loses consent. */
    private void relayLost(LocalBase relay) {
        for (CandidatePair pair : List.copyOf(checklist.pairs())) {
            if (pair.base != relay) {
                continue;
            }
            if (pair.transaction != null) {
                pair.transaction.cancel();
            }
            if (pair == selected) {
                consentLost(pair);
            } else {
                pair.valid = false;
                pair.state = CandidatePair.State.FAILED;
            }
        }
        concludeIfDone();
    }

    private void gatheringDone() {
        gatheringPending--;
        concludeGatheringIfDone();
    }

    private void concludeGatheringIfDone() {
        if (gatheringPending == 0 && !gatheringComplete && state != IceState.CLOSED) {
            gatheringComplete = true;
            listener.onGatheringComplete();
            concludeIfDone();
        }
    }

    /** RFC 8445 §5.1.1.3: equal for the same type, base IP, server IP and transport. */
    private String foundation(Candidate.Type type, InetAddress baseAddress, InetAddress server) {
        String key = type + "/" + baseAddress.getHostAddress() + "/" + (server == null ? "" : server.getHostAddress());
        return foundations.computeIfAbsent(key, k -> Integer.toString(foundations.size() + 1));
    }

    // ---- pairing (RFC 8445 §6.1.2) ----

    private void addRemote(IceCandidate candidate) {
        if (state == IceState.CLOSED) {
            return;
        }
        InetAddress ip = candidate.address().getAddress();
        // A component we do not run, or an address no datagram can be checked at: port 0, the unspecified
        // address, multicast (RFC 8445 §5.1.1.1 excludes them from candidates).
        if (candidate.component() != IceCandidate.RTP_COMPONENT || candidate.address().getPort() == 0
                || ip.isAnyLocalAddress() || ip.isMulticastAddress()) {
            candidatesIgnored++;
            return;
        }
        IceCandidate known = remoteAt(candidate.address());
        if (known != null) {
            // A peer-reflexive candidate later signalled takes the signalled type and priority (RFC 8445 §7.3.1.3).
            if (known.type() == Candidate.Type.PRFLX && candidate.type() != Candidate.Type.PRFLX) {
                remoteCandidates.set(remoteCandidates.indexOf(known), candidate);
                for (CandidatePair pair : checklist.pairs()) {
                    if (pair.remote == known) {
                        pair.remote = candidate;
                    }
                }
                reprioritise();
            } else {
                candidatesIgnored++;
            }
            return;
        }
        if (remoteCandidates.size() >= config.maxRemoteCandidates) {
            candidatesIgnored++;
            return;
        }
        remoteCandidates.add(candidate);
        if (nominationConcluded) {
            // Checks ended with a nomination; a later candidate is kept for data but not checked.
            return;
        }
        for (LocalBase host : List.copyOf(bases.values())) {
            pairWith(host, candidate);
            for (TurnClient client : host.turnClients) {
                LocalBase relay = bases.get(client.relay());
                if (relay != null) {
                    permitAndPair(relay, client, candidate);
                }
            }
        }
        scheduleTick();
    }

    private CandidatePair pairWith(LocalBase base, IceCandidate remote) {
        if (!sameFamily(base.candidate.address(), remote.address()) || !usable(base)) {
            return null;
        }
        CandidatePair existing = checklist.pairAt(base, remote.address());
        if (existing != null) {
            return existing;
        }
        CandidatePair added = checklist.add(base, remote, pairPriority(base.candidate, remote));
        if (added == null) {
            candidatesIgnored++;
        }
        return added;
    }

    private long pairPriority(IceCandidate local, IceCandidate remote) {
        return role == IceRole.CONTROLLING
                ? IceCandidatePair.priority(local.priority(), remote.priority())
                : IceCandidatePair.priority(remote.priority(), local.priority());
    }

    private void reprioritise() {
        checklist.reprioritise(pair -> pairPriority(pair.base.candidate, pair.remote));
    }

    // ---- checks (RFC 8445 §6.1.4, §7.2) ----

    private void scheduleTick() {
        if (tickTimer != null || config.lite || remoteKey == null || state == IceState.CLOSED
                || state == IceState.FAILED) {
            return;
        }
        if (!checklist.hasWork()) {
            return;
        }
        long delay = checkSent ? Math.max(0, lastCheckNanos + config.ta.toNanos() - clock.getAsLong()) : 0;
        tickTimer = scheduler.schedule(this::tick, delay);
    }

    private void tick() {
        tickTimer = null;
        if (state == IceState.CLOSED || state == IceState.FAILED) {
            return;
        }
        CandidatePair next = checklist.next();
        if (next != null) {
            sendCheck(next);
            checkSent = true;
            lastCheckNanos = clock.getAsLong();
            scheduleTick();
        }
    }

    private void enqueueTriggered(CandidatePair pair, boolean first) {
        checklist.trigger(pair, first);
        scheduleTick();
    }

    /** RFC 8445 §7.2.2: USERNAME, PRIORITY of a would-be peer-reflexive candidate, role and tie-breaker. */
    private void sendCheck(CandidatePair pair) {
        boolean useCandidate = pair.nominating && role == IceRole.CONTROLLING;
        IceRole sentRole = role;
        long prflxPriority = IceCandidate.priority(IceCandidate.PEER_REFLEXIVE_PREFERENCE, pair.base.localPreference,
                IceCandidate.RTP_COMPONENT);
        int length = writeCheck(useCandidate, prflxPriority);
        if (pair.state != CandidatePair.State.SUCCEEDED) {
            pair.state = CandidatePair.State.IN_PROGRESS;
        }
        long sentNanos = clock.getAsLong();
        try {
            pair.transaction = pair.base.transactions.send(message, 0, length, pair.remoteAddress(), remoteKey,
                    new StunClientTransactions.Callback() {
                        @Override
                        public void onSuccess(StunMessage response) {
                            pair.transaction = null;
                            pair.roundTripNanos = clock.getAsLong() - sentNanos;
                            onCheckSuccess(pair, response, prflxPriority, useCandidate);
                        }

                        @Override
                        public void onErrorResponse(StunMessage response, ErrorCode error) {
                            pair.transaction = null;
                            onCheckError(pair, error, sentRole, useCandidate);
                        }

                        @Override
                        public void onFailure(StunClientTransactions.Failure failure) {
                            pair.transaction = null;
                            LOG.debug("check {} failed: {}", pair, failure);
                            onCheckFailed(pair, useCandidate);
                        }

                        @Override
                        public void onTimeout() {
                            pair.transaction = null;
                            onCheckFailed(pair, useCandidate);
                        }
                    });
        } catch (IllegalStateException tooMany) {
            // Every transaction slot is taken: try this pair again on a later tick.
            pair.state = CandidatePair.State.WAITING;
        }
    }

    private int writeCheck(boolean useCandidate, long priority) {
        StunMessageWriter writer = new StunMessageWriter(message, 0, StunMessage.BINDING, StunClass.REQUEST,
                StunMessageWriter.newTransactionId(random))
                .username(remoteUfrag + ":" + localUfrag)
                .priority(priority);
        if (role == IceRole.CONTROLLING) {
            writer.iceControlling(tieBreaker);
            if (useCandidate) {
                writer.useCandidate();
            }
        } else {
            writer.iceControlled(tieBreaker);
        }
        return writer.messageIntegrity(remoteKey).fingerprint().length();
    }

    private void onCheckSuccess(CandidatePair pair, StunMessage response, long sentPriority, boolean useCandidate) {
        if (state == IceState.CLOSED || !checklist.contains(pair)) {
            return;
        }
        InetSocketAddress mapped = response.xorMappedAddress() != null
                ? response.xorMappedAddress() : response.mappedAddress();
        if (mapped == null) {
            onCheckFailed(pair, useCandidate);
            return;
        }
        pair.validLocal = localAt(mapped);
        if (pair.validLocal == null) {
            // RFC 8445 §7.2.5.3.1: a mapped address we did not know is a local peer-reflexive candidate.
            pair.validLocal = new IceCandidate("prflx" + ++prflxCount, IceCandidate.RTP_COMPONENT, sentPriority,
                    mapped, Candidate.Type.PRFLX, pair.base.candidate.address());
            localCandidates.add(pair.validLocal);
        }
        pair.state = CandidatePair.State.SUCCEEDED;
        pair.valid = true;
        pair.lastConsentNanos = clock.getAsLong();
        checklist.unfreeze(pair.foundation);
        if (useCandidate && role == IceRole.CONTROLLING || pair.remoteNominated && role == IceRole.CONTROLLED) {
            pair.nominating = false;
            pair.nominated = true;
        }
        afterCheck();
    }

    private void onCheckError(CandidatePair pair, ErrorCode error, IceRole sentRole, boolean useCandidate) {
        if (state == IceState.CLOSED || !checklist.contains(pair)) {
            return;
        }
        if (error.code() == ErrorCode.ROLE_CONFLICT) {
            // RFC 8445 §7.2.5.1: switch to the other role (unless a request already did) and check again.
            roleConflicts++;
            if (sentRole == role) {
                switchRole(role.opposite());
            }
            if (pair.state != CandidatePair.State.SUCCEEDED) {
                pair.state = CandidatePair.State.WAITING;
            }
            enqueueTriggered(pair, false);
            return;
        }
        LOG.debug("check {} refused: {}", pair, error);
        onCheckFailed(pair, useCandidate);
    }

    private void onCheckFailed(CandidatePair pair, boolean useCandidate) {
        if (state == IceState.CLOSED || !checklist.contains(pair)) {
            return;
        }
        if (useCandidate) {
            pair.nominating = false;
        }
        if (!pair.valid) {
            pair.state = CandidatePair.State.FAILED;
            pairsFailed++;
        }
        afterCheck();
    }

    private void afterCheck() {
        maybeNominate();
        updateSelection();
        concludeIfDone();
        scheduleTick();
    }

    // ---- answering checks (RFC 8445 §7.3) ----

    /** Called by the responder for an authenticated check; false answers it with 487 Role Conflict. */
    private boolean onCheck(UdpTransport via, BindingCheck check) {
        LocalBase base = bases.get(via);
        if (base == null || state == IceState.CLOSED) {
            return false;
        }
        // RFC 8445 §7.3.1.1: the larger tie-breaker (unsigned) keeps or takes the controlling role.
        if (role == IceRole.CONTROLLING && check.iceControlling()) {
            roleConflicts++;
            if (Long.compareUnsigned(tieBreaker, check.tieBreaker()) >= 0) {
                return false;
            }
            switchRole(IceRole.CONTROLLED);
        } else if (role == IceRole.CONTROLLED && check.iceControlled()) {
            roleConflicts++;
            if (Long.compareUnsigned(tieBreaker, check.tieBreaker()) < 0) {
                return false;
            }
            switchRole(IceRole.CONTROLLING);
        }
        CandidatePair pair = checklist.pairAt(base, check.remote());
        if (pair == null) {
            pair = learnPeerReflexive(base, check);
            if (pair == null) {
                return true;
            }
        }
        if (config.lite) {
            // RFC 8445 §7.3.2: a lite agent's pair is valid once the peer's check is answered.
            pair.state = CandidatePair.State.SUCCEEDED;
            pair.valid = true;
            pair.lastConsentNanos = clock.getAsLong();
            if (check.useCandidate()) {
                pair.nominated = true;
            }
            updateSelection();
            concludeIfDone();
            return true;
        }
        // RFC 8445 §7.3.1.4 triggered checks; an In-Progress check keeps running rather than restarting.
        if (pair.state != CandidatePair.State.IN_PROGRESS && pair.state != CandidatePair.State.SUCCEEDED) {
            pair.state = CandidatePair.State.WAITING;
            enqueueTriggered(pair, false);
        }
        if (check.useCandidate() && role == IceRole.CONTROLLED) {
            // RFC 8445 §7.3.1.5: nominated now if valid, else as soon as its check succeeds.
            if (pair.valid) {
                pair.nominated = true;
                updateSelection();
                concludeIfDone();
            } else {
                pair.remoteNominated = true;
            }
        }
        return true;
    }

    /** RFC 8445 §7.3.1.3: a check from an unknown address is a peer-reflexive remote candidate. */
    private CandidatePair learnPeerReflexive(LocalBase base, BindingCheck check) {
        IceCandidate remote = remoteAt(check.remote());
        if (remote == null) {
            if (check.priority() < 1 || remoteCandidates.size() >= config.maxRemoteCandidates) {
                candidatesIgnored++;
                return null;
            }
            remote = new IceCandidate("prflx" + ++prflxCount, IceCandidate.RTP_COMPONENT, check.priority(),
                    check.remote(), Candidate.Type.PRFLX, check.remote());
            remoteCandidates.add(remote);
        }
        return pairWith(base, remote);
    }

    private void switchRole(IceRole newRole) {
        LOG.debug("role {} -> {}", role, newRole);
        role = newRole;
        reprioritise();
        if (role == IceRole.CONTROLLED) {
            checklist.pairs().forEach(pair -> pair.nominating = false);
        }
    }

    // ---- nomination and selection (RFC 8445 §8, §12.1) ----

    private void maybeNominate() {
        if (role != IceRole.CONTROLLING || config.lite || nominationConcluded) {
            return;
        }
        CandidatePair best = checklist.first(p -> p.valid);
        if (best == null || checklist.any(p -> p.nominating || p.nominated)) {
            return;
        }
        // Nominate at once unless a better pair is still being checked; then wait a little for it.
        long bestPriority = best.priority;
        if (!checklist.any(p -> p.priority > bestPriority && p.pending())) {
            nominate(best);
        } else if (nominationTimer == null) {
            nominationTimer = scheduler.schedule(() -> {
                nominationTimer = null;
                CandidatePair valid = checklist.first(p -> p.valid);
                if (state != IceState.CLOSED && valid != null && !checklist.any(p -> p.nominating || p.nominated)) {
                    nominate(valid);
                }
            }, config.nominationDelay.toNanos());
        }
    }

    private void nominate(CandidatePair pair) {
        pair.nominating = true;
        enqueueTriggered(pair, true);
    }

    private void updateSelection() {
        CandidatePair chosen = checklist.first(p -> p.valid && p.nominated);
        if (chosen == null) {
            // RFC 8445 §12.1: before a pair is selected, data may go over any valid pair; take the best.
            chosen = checklist.first(p -> p.valid);
        }
        if (chosen != null && chosen.nominated && !nominationConcluded) {
            concludeNomination(chosen);
        }
        if (chosen != selected) {
            selected = chosen;
            selectedSnapshot = chosen == null ? null : chosen.snapshot();
            listener.onSelectedPairChange(selectedSnapshot);
            if (chosen != null) {
                startConsent();
            }
        } else if (chosen != null && chosen.nominated && !selectedSnapshot.nominated()) {
            selectedSnapshot = chosen.snapshot();
            listener.onSelectedPairChange(selectedSnapshot);
        }
        refreshState();
    }

    /** RFC 8445 §8.1.2: with a nominated pair, pairs not yet checked are dropped and slower checks stopped. */
    private void concludeNomination(CandidatePair nominated) {
        nominationConcluded = true;
        if (nominationTimer != null) {
            nominationTimer.cancel();
            nominationTimer = null;
        }
        checklist.conclude(nominated, dropped -> {
            if (dropped.transaction != null) {
                dropped.transaction.cancel();
            }
        });
    }

    private void refreshState() {
        if (state == IceState.CLOSED || state == IceState.FAILED || state == IceState.NEW) {
            return;
        }
        if (selected == null) {
            setState(IceState.CHECKING);
        } else if (clock.getAsLong() - selected.lastConsentNanos > config.disconnectedTimeout.toNanos()) {
            setState(IceState.DISCONNECTED);
        } else if (selected.nominated && remoteEndOfCandidates && checklist.settled()) {
            setState(IceState.COMPLETED);
        } else {
            setState(IceState.CONNECTED);
        }
    }

    /** Fails the agent when nothing is left to try: every pair failed and no candidate can still come. */
    private void concludeIfDone() {
        if (state == IceState.CLOSED || state == IceState.FAILED) {
            return;
        }
        if (selected == null && remoteKey != null && remoteEndOfCandidates && gatheringComplete
                && checklist.settled() && !checklist.any(p -> p.valid)) {
            // With no pair at all, a peer's checks may still reveal a peer-reflexive one (RFC 8445 §7.3.1.3):
            // give it the consent time-out before giving up.
            long waited = clock.getAsLong() - checkingSinceNanos;
            if (!checklist.isEmpty() || waited >= config.consentTimeout.toNanos()) {
                setState(IceState.FAILED);
            } else if (noPairTimer == null) {
                noPairTimer = scheduler.schedule(() -> {
                    noPairTimer = null;
                    concludeIfDone();
                }, config.consentTimeout.toNanos() - waited);
            }
            return;
        }
        refreshState();
    }

    private void setState(IceState newState) {
        if (state != newState) {
            LOG.debug("{} {} -> {}", localUfrag, state, newState);
            state = newState;
            listener.onStateChange(newState);
        }
    }

    // ---- consent freshness (RFC 7675) and keep-alives (RFC 8445 §11) ----

    private void startConsent() {
        if (consentTimer == null) {
            consentTimer = scheduler.schedule(this::consentTick, nextConsentDelay());
        }
        if (livenessTimer == null) {
            livenessTimer = scheduler.schedule(this::livenessTick, config.disconnectedTimeout.toNanos());
        }
    }

    /** RFC 7675 §5.1: the interval randomised uniformly over [0.8, 1.2] of its value. */
    private long nextConsentDelay() {
        long interval = config.consentInterval.toNanos();
        return (long) (interval * (0.8 + 0.4 * random.nextDouble()));
    }

    private void consentTick() {
        consentTimer = null;
        CandidatePair pair = selected;
        if (pair == null || state == IceState.CLOSED || state == IceState.FAILED) {
            return;
        }
        if (config.lite) {
            // A lite agent sends no checks (RFC 8445 §2.5); the peer's consent checks are its evidence, and
            // an idle path still gets RFC 8445 §11 keep-alives.
            long now = clock.getAsLong();
            if (now - lastSentNanos >= config.keepaliveInterval.toNanos()) {
                int length = new StunMessageWriter(message, 0, StunMessage.BINDING, StunClass.INDICATION,
                        StunMessageWriter.newTransactionId(random)).fingerprint().length();
                pair.base.transport.send(message, 0, length, pair.remoteAddress());
                lastSentNanos = now;
            }
        } else if (remoteKey != null) {
            sendConsentRequest(pair);
        }
        consentTimer = scheduler.schedule(this::consentTick, nextConsentDelay());
    }

    /** Wakes at the disconnected and consent-lost deadlines of the selected pair's last consent. */
    private void livenessTick() {
        livenessTimer = null;
        CandidatePair pair = selected;
        if (pair == null || state == IceState.CLOSED || state == IceState.FAILED) {
            return;
        }
        long since = clock.getAsLong() - pair.lastConsentNanos;
        if (since >= config.consentTimeout.toNanos()) {
            consentLost(pair);
            return;
        }
        refreshState();
        long disconnected = config.disconnectedTimeout.toNanos();
        long next = since <= disconnected ? disconnected - since + 1 : config.consentTimeout.toNanos() - since;
        livenessTimer = scheduler.schedule(this::livenessTick, next);
    }

    private void sendConsentRequest(CandidatePair pair) {
        int length = writeCheck(false, IceCandidate.priority(IceCandidate.PEER_REFLEXIVE_PREFERENCE,
                pair.base.localPreference, IceCandidate.RTP_COMPONENT));
        long sentNanos = clock.getAsLong();
        try {
            pair.base.transactions.send(message, 0, length, pair.remoteAddress(), remoteKey,
                    new StunClientTransactions.Callback() {
                        @Override
                        public void onSuccess(StunMessage response) {
                            pair.lastConsentNanos = clock.getAsLong();
                            pair.roundTripNanos = pair.lastConsentNanos - sentNanos;
                            if (pair == selected) {
                                refreshState();
                            }
                        }

                        @Override
                        public void onErrorResponse(StunMessage response, ErrorCode error) {
                            // No consent granted; the time-out decides (RFC 7675 §5.1).
                        }

                        @Override
                        public void onFailure(StunClientTransactions.Failure failure) {
                            // Likewise: an answer that proves nothing grants nothing.
                        }

                        @Override
                        public void onTimeout() {
                            // Likewise: only the absence of any success for the consent time-out counts.
                        }
                    });
        } catch (IllegalStateException tooMany) {
            LOG.debug("consent request not sent: transactions full");
        }
    }

    /** RFC 7675 §5.1: stop sending on the pair; move to another valid pair if there is one, else fail. */
    private void consentLost(CandidatePair pair) {
        LOG.info("{} consent lost on {}", localUfrag, pair);
        pair.valid = false;
        pair.nominated = false;
        pair.state = CandidatePair.State.FAILED;
        pairsFailed++;
        boolean otherValid = checklist.any(p -> p.valid);
        if (otherValid) {
            nominationConcluded = false;
            maybeNominate();
            updateSelection();
        } else {
            selected = null;
            selectedSnapshot = null;
            listener.onSelectedPairChange(null);
            setState(IceState.FAILED);
        }
    }

    // ---- datagrams ----

    private void onDatagram(UdpTransport via, byte[] datagram, InetSocketAddress sender) {
        datagrams++;
        LocalBase base = bases.get(via);
        if (base == null || state == IceState.CLOSED) {
            return;
        }
        for (TurnClient client : base.turnClients) {
            if (client.onDatagram(datagram, sender)) {
                return;
            }
        }
        if (!usable(base)) {
            unknownSource++;
            return;
        }
        if (PacketClass.classify(datagram, 0, datagram.length) == PacketClass.STUN) {
            StunMessage stun;
            try {
                stun = StunMessage.parse(datagram, 0, datagram.length);
            } catch (MalformedPacketException e) {
                malformedStun++;
                LOG.debug("malformed STUN from {}: {}", sender, e.getMessage());
                return;
            }
            if (stun.messageClass() == StunClass.REQUEST) {
                responder.onRequest(via, stun, sender);
            } else if (stun.messageClass() != StunClass.INDICATION) {
                base.transactions.onResponse(stun, sender);
            }
            return;
        }
        // Media comes over the selected pair; only a datagram from elsewhere costs a search of the checklist.
        CandidatePair pair = selected;
        boolean known = pair != null && pair.base == base && pair.remoteAddress().equals(sender)
                || checklist.pairAt(base, sender) != null;
        if (!known) {
            unknownSource++;
            return;
        }
        dataHandler.onData(datagram, sender);
    }

    private void sendNow(byte[] buf, int offset, int length) {
        CandidatePair pair = selected;
        if (pair == null || state == IceState.FAILED || state == IceState.CLOSED) {
            notSent++;
            return;
        }
        pair.base.transport.send(buf, offset, length, pair.remoteAddress());
        lastSentNanos = clock.getAsLong();
    }

    private void closeOnLoop() {
        if (state == IceState.CLOSED) {
            return;
        }
        for (StunClientTransactions.Cancellable timer : new StunClientTransactions.Cancellable[] {
                tickTimer, nominationTimer, consentTimer, noPairTimer, livenessTimer}) {
            if (timer != null) {
                timer.cancel();
            }
        }
        tickTimer = null;
        nominationTimer = null;
        consentTimer = null;
        noPairTimer = null;
        livenessTimer = null;
        for (CandidatePair pair : checklist.pairs()) {
            if (pair.transaction != null) {
                pair.transaction.cancel();
            }
        }
        for (LocalBase base : bases.values()) {
            base.turnClients.forEach(TurnClient::close);
        }
        for (LocalBase base : bases.values()) {
            base.release.run();
        }
        checklist.clearTriggered();
        selected = null;
        selectedSnapshot = null;
        setState(IceState.CLOSED);
    }

    // ---- helpers ----

    private IceCandidate remoteAt(InetSocketAddress address) {
        return candidateAt(remoteCandidates, address);
    }

    private IceCandidate localAt(InetSocketAddress address) {
        return candidateAt(localCandidates, address);
    }

    private static IceCandidate candidateAt(List<IceCandidate> candidates, InetSocketAddress address) {
        for (IceCandidate candidate : candidates) {
            if (candidate.address().equals(address)) {
                return candidate;
            }
        }
        return null;
    }

    /** Whether the relay-only policy lets this base take part in checks and data. */
    private boolean usable(LocalBase base) {
        return !config.relayOnly || base.candidate.type() == Candidate.Type.RELAY;
    }

    private static boolean sameFamily(InetSocketAddress a, InetSocketAddress b) {
        return (a.getAddress() instanceof Inet6Address) == (b.getAddress() instanceof Inet6Address);
    }

    private String randomIceChars(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length())));
        }
        return text.toString();
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }
}
