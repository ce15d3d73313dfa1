package io.purertc.ice;

import io.netty.channel.EventLoop;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.PacketClass;
import io.purertc.stun.ErrorCode;
import io.purertc.stun.StunClass;
import io.purertc.stun.StunIntegrity;
import io.purertc.stun.StunMessage;
import io.purertc.stun.StunMessageWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client of one TURN allocation over UDP: it allocates a relayed transport address through one host
 * socket, keeps the allocation, its permissions and its channels alive, and carries datagrams between the
 * relay and peers. Confined to the host socket's event loop, where {@link #onDatagram} is called and the
 * listener and handler are told; {@link #allocate()}, {@link #close()} and {@code relay().send} called on
 * another thread hop onto it; {@link #counters()} may be read from any thread.
 *
 * <p>Authentication uses the long-term mechanism. The first Allocate carries no credentials; its 401 brings
 * REALM and NONCE, and from then on every request carries USERNAME, REALM, NONCE and MESSAGE-INTEGRITY (HMAC-SHA1
 * of MD5(username:realm:password); a server offering PASSWORD-ALGORITHMS accepts this default), and every
 * response must verify with that key, unsigned 401 and 438 challenges excepted. A 438 Stale Nonce is retried
 * with the new NONCE, at most {@value #MAX_STALE_NONCE_RETRIES} times in a row per request. A 300 Try Alternate
 * is not followed: the allocation fails, as on any other error.
 *
 * <p>Sending to a peer: the first datagram to a peer asks for a permission for its IP address (CreatePermission)
 * unless one was asked for, binds the peer a channel (ChannelBind), and then goes out at once in a Send
 * indication. The requests precede it on the same path, so the server has usually installed the permission
 * when it arrives; when it has not, the datagram is lost like any other, for the sender to repeat (ICE checks
 * and DTLS retransmit). Nothing is queued. Once the channel is bound, datagrams go as ChannelData. At most
 * {@code maxPeers} peers and as many permissions (default {@value #DEFAULT_MAX_PEERS}); datagrams to more are
 * dropped and counted. A channel number is never given to a second peer in one allocation, so the
 * rebinding hold-off of RFC 8656 §12 never applies.
 *
 * <p>Refreshes: the allocation {@value #REFRESH_MARGIN_SECONDS} s before its LIFETIME ends, or at half its
 * LIFETIME when that is under twice the margin; permissions every 240 s (they last 300 s) and channels every
 * 540 s (they last 600 s), both adjustable in tests. A failed allocation Refresh ends the allocation
 * ({@link Listener#onFailed}); a failed permission or channel request stops that permission or channel only.
 *
 * <p>Receiving: every datagram from the server's address is consumed and counted, except STUN Binding
 * messages, which belong to the agent (the same server answering its STUN Binding requests). ChannelData on a
 * channel this client asked to bind and Data indications from an address with a requested permission go to the
 * relayed-data handler with the peer's address; the rest is dropped and counted.
 */
// RFC 8656 §5-§12; RFC 8489 §9.2
public final class TurnClient {

    /** Told, on the event loop, how the allocation fares. */
    public interface Listener {
        /** The allocation exists at {@code relayed}; {@code mapped} is the host socket as the server saw it. */
        void onAllocated(InetSocketAddress relayed, InetSocketAddress mapped);

        /** The allocation could not be made or was lost (Refresh failed, server gone); told at most once. */
        void onFailed(String reason);
    }

    /**
     * Counts since creation; each field is read separately, so a snapshot may straddle one datagram.
     *
     * @param dataIndications Data indications unwrapped and handed on
     * @param channelData ChannelData messages unwrapped and handed on
     * @param sendIndications datagrams sent to peers in Send indications
     * @param channelDataSent datagrams sent to peers as ChannelData
     * @param malformed datagrams from the server that broke STUN or ChannelData framing, and Data indications
     *        without XOR-PEER-ADDRESS or DATA (an ICMP-only one, RFC 8656 §11.6, among them)
     * @param unknownChannel ChannelData on a channel not asked for, or whose binding failed
     * @param noPermission Data indications from an address without a requested permission, or a failed one
     * @param unexpected other datagrams from the server: neither STUN nor ChannelData, STUN of no use to a
     *        client, and data arriving while there is no allocation
     * @param droppedSends datagrams for peers not sent: no allocation, too long, an unusable peer address, the
     *        peer limit reached, or the peer's permission failed
     * @param failedRequests requests that ended in an error response or a time-out
     * @param transactions responses the client transactions dropped (bad integrity, unknown transaction, ...)
     */
    public record Counters(long dataIndications, long channelData, long sendIndications, long channelDataSent,
                           long malformed, long unknownChannel, long noPermission, long unexpected,
                           long droppedSends, long failedRequests, StunClientTransactions.Counters transactions) {
    }

    /**
     * Refresh intervals and the peer bound. Permissions have no LIFETIME attribute and last 300 s, channels
     * 600 s (RFC 8656 §9, §12), so these stay below those unless a test's server is set shorter.
     */
    record Settings(Duration permissionRefresh, Duration channelRefresh, int maxPeers) {

        static final Settings DEFAULTS = new Settings(Duration.ofSeconds(240), Duration.ofSeconds(540),
                DEFAULT_MAX_PEERS);

        Settings {
            if (permissionRefresh.isNegative() || permissionRefresh.isZero()
                    || channelRefresh.isNegative() || channelRefresh.isZero()) {
                throw new IllegalArgumentException("refresh intervals must be positive");
            }
            int channelSpace = ChannelData.LAST_CHANNEL - ChannelData.FIRST_CHANNEL + 1;
            if (maxPeers < 1 || maxPeers > channelSpace) {
                throw new IllegalArgumentException("maxPeers must be 1-" + channelSpace + ": " + maxPeers);
            }
        }
    }

    static final int DEFAULT_MAX_PEERS = 64;
    static final int MAX_STALE_NONCE_RETRIES = 3;
    /** Covers a Refresh's retransmissions (the last one 31.5 s after the first) before the allocation ends. */
    static final long REFRESH_MARGIN_SECONDS = 60;
    /** Header, XOR-PEER-ADDRESS of an IPv6 peer, DATA header and its padding around a Send indication's data. */
    private static final int SEND_INDICATION_OVERHEAD = StunMessage.HEADER_LENGTH + 24 + 4 + 3;
    /** The longest datagram a peer can be sent: what fits a Send indication in one UDP datagram. */
    static final int MAX_PAYLOAD = UdpEndpoint.MAX_DATAGRAM - SEND_INDICATION_OVERHEAD;
    /** Three text attributes at the codec's bound of 763 bytes (padded to 764) and room for all the rest. */
    private static final int REQUEST_CAPACITY = StunMessage.HEADER_LENGTH + 3 * (4 + 764) + 128;
    private static final int UDP = 17;

    private static final Logger LOG = LoggerFactory.getLogger(TurnClient.class);

    private enum State { NEW, ALLOCATING, ALLOCATED, FAILED, CLOSED }

    private final TurnServer server;
    private final UdpTransport hostSocket;
    private final StunClientTransactions.Scheduler scheduler;
    private final UdpTransport.Handler relayedData;
    private final Listener listener;
    private final Settings settings;
    private final StunClientTransactions transactions;
    private final SecureRandom random = new SecureRandom();
    private final byte[] requestBuf = new byte[REQUEST_CAPACITY];
    private byte[] sendBuf = new byte[1500];
    private final Relay relay = new Relay();
    private final Set<Request> pending = new HashSet<>();
    private final Map<InetAddress, Permission> permissions = new HashMap<>();
    private final Map<InetSocketAddress, Channel> channelsByPeer = new HashMap<>();
    /** Channel 0x4000 + i at index i, handed out in order and never reused. */
    private final Channel[] channels;
    private int channelCount;

    private State state = State.NEW;
    private StunIntegrity key;
    private String realm;
    private String nonce;
    private volatile InetSocketAddress relayed;
    private long lifetimeSeconds;
    private StunClientTransactions.Cancellable allocationRefresh;

    // Written by the event loop only; volatile so that counters() sees them from other threads.
    private volatile long dataIndications;
    private volatile long channelDataReceived;
    private volatile long sendIndications;
    private volatile long channelDataSent;
    private volatile long malformed;
    private volatile long unknownChannel;
    private volatile long noPermission;
    private volatile long unexpected;
    private volatile long droppedSends;
    private volatile long failedRequests;

    /**
     * @param server the TURN server and credentials
     * @param hostSocket the local socket the allocation is made from; its handler must offer every datagram
     *        to {@link #onDatagram} first
     * @param scheduler runs refreshes and retransmissions on the host socket's event loop
     * @param relayedData receives what peers send to the relayed address, with {@link #relay()} as transport
     * @param listener told when the allocation is made or lost
     */
    public TurnClient(TurnServer server, UdpTransport hostSocket, StunClientTransactions.Scheduler scheduler,
                      UdpTransport.Handler relayedData, Listener listener) {
        this(server, hostSocket, scheduler, relayedData, listener, Settings.DEFAULTS);
    }

    TurnClient(TurnServer server, UdpTransport hostSocket, StunClientTransactions.Scheduler scheduler,
               UdpTransport.Handler relayedData, Listener listener, Settings settings) {
        this.server = Objects.requireNonNull(server, "server");
        this.hostSocket = Objects.requireNonNull(hostSocket, "hostSocket");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.relayedData = Objects.requireNonNull(relayedData, "relayedData");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.channels = new Channel[settings.maxPeers()];
        // At most one request per permission, per channel, and one for the allocation itself at a time.
        this.transactions = new StunClientTransactions(hostSocket::send, scheduler,
                StunClientTransactions.DEFAULT_RTO, 2 * settings.maxPeers() + 2, true);
    }

    /** Sends the Allocate request; later calls do nothing. */
    // RFC 8656 §7.1: REQUESTED-TRANSPORT UDP, no DONT-FRAGMENT, no credentials until challenged
    public void allocate() {
        onLoop(() -> {
            if (state != State.NEW) {
                return;
            }
            state = State.ALLOCATING;
            new Request(StunMessage.ALLOCATE, writer -> writer.requestedTransport(UDP),
                    this::onAllocateSuccess, this::onAllocateFailure).start();
        });
    }

    // RFC 8656 §7.3
    private void onAllocateSuccess(StunMessage response) {
        if (state == State.CLOSED) {
            // closed while the Allocate was on its way: delete what it made
            deallocate();
            return;
        }
        InetSocketAddress relayedAddress = response.xorRelayedAddress();
        InetSocketAddress mapped = response.xorMappedAddress();
        long lifetime = response.lifetime();
        if (relayedAddress == null || mapped == null || lifetime <= 0) {
            fail("Allocate success response lacks XOR-RELAYED-ADDRESS, XOR-MAPPED-ADDRESS or a LIFETIME");
            return;
        }
        relayed = relayedAddress;
        lifetimeSeconds = lifetime;
        state = State.ALLOCATED;
        scheduleAllocationRefresh();
        listener.onAllocated(relayedAddress, mapped);
    }

    // RFC 8656 §7.4
    private void onAllocateFailure(String reason) {
        if (state == State.ALLOCATING) {
            fail("Allocate failed: " + reason);
        }
    }

    private void scheduleAllocationRefresh() {
        long lifetimeNanos = TimeUnit.SECONDS.toNanos(lifetimeSeconds);
        long delay = lifetimeSeconds > 2 * REFRESH_MARGIN_SECONDS
                ? lifetimeNanos - TimeUnit.SECONDS.toNanos(REFRESH_MARGIN_SECONDS)
                : lifetimeNanos / 2;
        allocationRefresh = scheduler.schedule(this::refreshAllocation, delay);
    }

    // RFC 8656 §8.1, §8.3: no LIFETIME asks for the server's default; the answer says what was granted
    private void refreshAllocation() {
        new Request(StunMessage.REFRESH, writer -> { }, response -> {
            if (response.lifetime() > 0) {
                lifetimeSeconds = response.lifetime();
            }
            scheduleAllocationRefresh();
        }, reason -> fail("Refresh failed: " + reason)).start();
    }

    /**
     * Offers a datagram the host socket received. Returns true when it came from the TURN server and was
     * consumed here (handled, or counted and dropped); false when the agent should handle it: it came from
     * elsewhere, or it is a STUN Binding message, which TURN does not use.
     */
    public boolean onDatagram(byte[] datagram, InetSocketAddress from) {
        if (!server.address().equals(from)) {
            return false;
        }
        PacketClass kind = PacketClass.classify(datagram, 0, datagram.length);
        if (kind == PacketClass.TURN_CHANNEL_DATA) {
            onChannelData(datagram);
            return true;
        }
        if (kind != PacketClass.STUN) {
            unexpected++;
            return true;
        }
        StunMessage message;
        try {
            message = StunMessage.parse(datagram, 0, datagram.length);
        } catch (MalformedPacketException e) {
            malformed++;
            LOG.debug("malformed STUN from TURN server {}: {}", from, e.getMessage());
            return true;
        }
        if (message.method() == StunMessage.BINDING) {
            return false;
        }
        StunClass messageClass = message.messageClass();
        if (messageClass == StunClass.SUCCESS_RESPONSE || messageClass == StunClass.ERROR_RESPONSE) {
            transactions.onResponse(message, from);
        } else if (messageClass == StunClass.INDICATION && message.method() == StunMessage.DATA_METHOD) {
            onDataIndication(message);
        } else {
            unexpected++;
        }
        return true;
    }

    // RFC 8656 §12.6: discarded unless the channel is known and a permission believed active
    private void onChannelData(byte[] datagram) {
        ChannelData frame;
        try {
            frame = ChannelData.parse(datagram, 0, datagram.length);
        } catch (MalformedPacketException e) {
            malformed++;
            LOG.debug("malformed ChannelData from TURN server: {}", e.getMessage());
            return;
        }
        if (state != State.ALLOCATED) {
            unexpected++;
            return;
        }
        int index = frame.channelNumber() - ChannelData.FIRST_CHANNEL;
        Channel channel = index < channelCount ? channels[index] : null;
        if (channel == null || channel.failed) {
            unknownChannel++;
            return;
        }
        channelDataReceived++;
        relayedData.onDatagram(relay, Arrays.copyOfRange(datagram, frame.dataOffset(),
                frame.dataOffset() + frame.dataLength()), channel.peer);
    }

    // RFC 8656 §11.4; RFC 8489 §6.3.2 (an indication with unknown comprehension-required attributes is discarded)
    private void onDataIndication(StunMessage indication) {
        if (state != State.ALLOCATED || indication.unknownRequiredAttributes().length > 0) {
            unexpected++;
            return;
        }
        InetSocketAddress peer = indication.xorPeerAddress();
        byte[] data = indication.data();
        if (peer == null || data == null) {
            malformed++;
            return;
        }
        Permission permission = permissions.get(peer.getAddress());
        if (permission == null || permission.failed) {
            noPermission++;
            return;
        }
        dataIndications++;
        relayedData.onDatagram(relay, data, peer);
    }

    /** The relayed transport address: {@code localAddress()} is null until the allocation exists. */
    public UdpTransport relay() {
        return relay;
    }

    /**
     * Asks for a permission for {@code peer} without sending it anything, so that what the peer sends to the
     * relay first (its ICE checks to a relayed candidate) gets through. Ignored until the allocation exists.
     */
    // RFC 8656 §9, §10.1
    void permit(InetAddress peer) {
        onLoop(() -> {
            if (state == State.ALLOCATED && sameFamily(peer, relayed.getAddress())) {
                permissionFor(peer);
            }
        });
    }

    // RFC 8656 §11.1 (Send indication), §12.5 (ChannelData once the channel is bound)
    private void sendToPeer(byte[] buf, int offset, int length, InetSocketAddress peer) {
        Channel channel = state == State.ALLOCATED && length <= MAX_PAYLOAD ? channelFor(peer) : null;
        if (channel == null) {
            droppedSends++;
            return;
        }
        if (channel.bound) {
            byte[] out = sendBuffer(ChannelData.HEADER_LENGTH + length);
            hostSocket.send(out, 0, ChannelData.write(out, 0, channel.number, buf, offset, length), server.address());
            channelDataSent++;
        } else if (!channel.permission.failed) {
            byte[] out = sendBuffer(SEND_INDICATION_OVERHEAD + length);
            int written = new StunMessageWriter(out, 0, StunMessage.SEND, StunClass.INDICATION,
                    StunMessageWriter.newTransactionId(random))
                    .xorPeerAddress(peer)
                    .data(buf, offset, length)
                    .length();
            hostSocket.send(out, 0, written, server.address());
            sendIndications++;
        } else {
            droppedSends++;
        }
    }

    private byte[] sendBuffer(int length) {
        if (sendBuf.length < length) {
            sendBuf = new byte[length];
        }
        return sendBuf;
    }

    /** The peer's channel, asked for (with its permission) on first use; null when the peer cannot have one. */
    private Channel channelFor(InetSocketAddress peer) {
        Channel channel = channelsByPeer.get(peer);
        if (channel != null) {
            return channel;
        }
        if (channelCount == channels.length || peer.isUnresolved()
                || !sameFamily(peer.getAddress(), relayed.getAddress())) {
            return null;
        }
        Permission permission = permissionFor(peer.getAddress());
        if (permission == null) {
            return null;
        }
        channel = new Channel(ChannelData.FIRST_CHANNEL + channelCount, peer, permission);
        channels[channelCount++] = channel;
        channelsByPeer.put(peer, channel);
        bind(channel);
        return channel;
    }

    /** The IP address's permission, asked for on first use; null when maxPeers permissions exist already. */
    private Permission permissionFor(InetAddress peer) {
        Permission permission = permissions.get(peer);
        if (permission == null && permissions.size() < settings.maxPeers()) {
            permission = new Permission(peer);
            permissions.put(peer, permission);
            install(permission);
        }
        return permission;
    }

    // RFC 8656 §10.1, §10.3: the port of XOR-PEER-ADDRESS is ignored; refreshing is asking again
    private void install(Permission permission) {
        new Request(StunMessage.CREATE_PERMISSION,
                writer -> writer.xorPeerAddress(new InetSocketAddress(permission.address, 0)),
                response -> permission.refresh = scheduler.schedule(() -> install(permission),
                            settings.permissionRefresh().toNanos()),
                reason -> {
                    permission.failed = true;
                    LOG.debug("permission for {} failed: {}", permission.address, reason);
                }).start();
    }

    // RFC 8656 §12.1, §12.3: refreshing is binding the same number to the same peer again
    private void bind(Channel channel) {
        new Request(StunMessage.CHANNEL_BIND,
                writer -> writer.channelNumber(channel.number).xorPeerAddress(channel.peer),
                response -> {
                    channel.bound = true;
                    channel.refresh = scheduler.schedule(() -> bind(channel), settings.channelRefresh().toNanos());
                },
                reason -> {
                    channel.bound = false;
                    channel.failed = true;
                    LOG.debug("channel 0x{} to {} failed: {}", Integer.toHexString(channel.number), channel.peer,
                            reason);
                }).start();
    }

    private static boolean sameFamily(InetAddress a, InetAddress b) {
        return a.getAddress().length == b.getAddress().length;
    }

    /** Deletes the allocation (a Refresh with LIFETIME 0) and stops every timer; later calls do nothing. */
    // RFC 8656 §8.1
    public void close() {
        onLoop(() -> {
            if (state == State.CLOSED) {
                return;
            }
            State was = state;
            state = State.CLOSED;
            stopRefreshes();
            if (was != State.ALLOCATING) {
                // an Allocate still on its way is left to finish, and what it made is deleted then
                cancelPending();
            }
            if (was == State.ALLOCATED) {
                deallocate();
            }
        });
    }

    private void deallocate() {
        new Request(StunMessage.REFRESH, writer -> writer.lifetime(0), response -> { },
                reason -> LOG.debug("deallocation on {} not confirmed: {}", server, reason)).start();
    }

    private void fail(String reason) {
        state = State.FAILED;
        stopRefreshes();
        cancelPending();
        LOG.debug("TURN allocation on {} failed: {}", server, reason);
        listener.onFailed(reason);
    }

    private void stopRefreshes() {
        if (allocationRefresh != null) {
            allocationRefresh.cancel();
        }
        for (Permission permission : permissions.values()) {
            if (permission.refresh != null) {
                permission.refresh.cancel();
            }
        }
        for (int i = 0; i < channelCount; i++) {
            if (channels[i].refresh != null) {
                channels[i].refresh.cancel();
            }
        }
    }

    private void cancelPending() {
        for (Request request : pending) {
            request.transaction.cancel();
        }
        pending.clear();
    }

    private void onLoop(Runnable task) {
        EventLoop loop = hostSocket.eventLoop();
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    public Counters counters() {
        return new Counters(dataIndications, channelDataReceived, sendIndications, channelDataSent, malformed,
                unknownChannel, noPermission, unexpected, droppedSends, failedRequests, transactions.counters());
    }

    /**
     * One TURN request through its challenges: sent with the current credentials, sent again with new ones
     * after the first Allocate's 401 or a 438, and otherwise ending in {@code success} or {@code failure}.
     */
    // RFC 8489 §9.2.3-§9.2.5; RFC 8656 §7.1, §7.4
    private final class Request implements StunClientTransactions.Callback {
        private final int method;
        private final Consumer<StunMessageWriter> attributes;
        private final Consumer<StunMessage> success;
        private final Consumer<String> failure;
        private boolean authenticated;
        private int staleNonces;
        private StunClientTransactions.Cancellable transaction;

        Request(int method, Consumer<StunMessageWriter> attributes, Consumer<StunMessage> success,
                Consumer<String> failure) {
            this.method = method;
            this.attributes = attributes;
            this.success = success;
            this.failure = failure;
        }

        void start() {
            StunMessageWriter writer = new StunMessageWriter(requestBuf, 0, method, StunClass.REQUEST,
                    StunMessageWriter.newTransactionId(random));
            attributes.accept(writer);
            authenticated = key != null;
            if (authenticated) {
                writer.username(server.username()).realm(realm).nonce(nonce).messageIntegrity(key);
            }
            int length = writer.fingerprint().length();
            transaction = transactions.send(requestBuf, 0, length, server.address(), key, this);
            pending.add(this);
        }

        @Override
        public void onSuccess(StunMessage response) {
            pending.remove(this);
            success.accept(response);
        }

        @Override
        public void onErrorResponse(StunMessage response, ErrorCode error) {
            pending.remove(this);
            boolean challenge = error.code() == ErrorCode.UNAUTHENTICATED && !authenticated;
            boolean stale = error.code() == ErrorCode.STALE_NONCE && authenticated
                    && staleNonces++ < MAX_STALE_NONCE_RETRIES;
            if ((challenge || stale) && learnCredentials(response)) {
                start();
                return;
            }
            failedRequests++;
            failure.accept(error.code() + " " + error.reason());
        }

        @Override
        public void onFailure(StunClientTransactions.Failure reason) {
            pending.remove(this);
            failedRequests++;
            failure.accept("answer from " + server.address() + " failed: " + reason);
        }

        @Override
        public void onTimeout() {
            pending.remove(this);
            failedRequests++;
            failure.accept("no answer from " + server.address());
        }

        /** Takes REALM and NONCE from a challenge; a new realm means a new key. */
        private boolean learnCredentials(StunMessage challenge) {
            String newRealm = challenge.realm();
            String newNonce = challenge.nonce();
            if (newRealm == null || newNonce == null) {
                return false;
            }
            if (key == null || !newRealm.equals(realm)) {
                try {
                    key = StunIntegrity.longTerm(server.username(), newRealm, server.password());
                } catch (IllegalArgumentException e) {
                    // A REALM that OpaqueString refuses (RFC 8489 §14.9) cannot key anything: the request fails.
                    return false;
                }
                realm = newRealm;
            }
            nonce = newNonce;
            return true;
        }
    }

    /** A permission for one IP address, all ports; asked for once, then refreshed until it fails. */
    private static final class Permission {
        final InetAddress address;
        boolean failed;
        StunClientTransactions.Cancellable refresh;

        Permission(InetAddress address) {
            this.address = address;
        }
    }

    /** A channel bound to one peer transport address. */
    private static final class Channel {
        final int number;
        final InetSocketAddress peer;
        final Permission permission;
        boolean bound;
        boolean failed;
        StunClientTransactions.Cancellable refresh;

        Channel(int number, InetSocketAddress peer, Permission permission) {
            this.number = number;
            this.peer = peer;
            this.permission = permission;
        }
    }

    /** The relayed transport address as a transport: sends go through the server. */
    private final class Relay implements UdpTransport {
        @Override
        public InetSocketAddress localAddress() {
            return relayed;
        }

        @Override
        public void send(byte[] buf, int offset, int length, InetSocketAddress to) {
            Objects.checkFromIndexSize(offset, length, buf.length);
            Objects.requireNonNull(to, "to");
            if (eventLoop().inEventLoop()) {
                sendToPeer(buf, offset, length, to);
            } else {
                byte[] copy = Arrays.copyOfRange(buf, offset, offset + length);
                eventLoop().execute(() -> sendToPeer(copy, 0, copy.length, to));
            }
        }

        @Override
        public EventLoop eventLoop() {
            return hostSocket.eventLoop();
        }
    }
}
