package io.purertc.ice;

import static io.purertc.ice.TurnTestMessages.KEY;
import static io.purertc.ice.TurnTestMessages.allocated;
import static io.purertc.ice.TurnTestMessages.challenge;
import static io.purertc.ice.TurnTestMessages.channelData;
import static io.purertc.ice.TurnTestMessages.dataIndication;
import static io.purertc.ice.TurnTestMessages.error;
import static io.purertc.ice.TurnTestMessages.success;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.stun.ErrorCode;
import io.purertc.stun.StunAttribute;
import io.purertc.stun.StunClass;
import io.purertc.stun.StunIntegrity;
import io.purertc.stun.StunMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The TURN client against a scripted server: every datagram the client sends is taken from a fake host
 * socket and answered by the test through {@link TurnClient#onDatagram}, on a manual clock.
 */
class TurnClientTest {

    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 3478);
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 50000);
    private static final InetSocketAddress MAPPED = new InetSocketAddress("203.0.113.7", 40000);
    private static final InetSocketAddress RELAYED = new InetSocketAddress("198.51.100.1", 49152);
    private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.10", 6000);
    private static final InetSocketAddress PEER_OTHER_PORT = new InetSocketAddress("192.0.2.10", 6001);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("192.0.2.99", 6000);
    private static final TurnServer TURN = new TurnServer(SERVER, TurnTestMessages.USERNAME, TurnTestMessages.PASSWORD);

    private record Received(UdpTransport via, byte[] data, InetSocketAddress from) {
    }

    private final EventLoop loop = new EmbeddedChannel().eventLoop();
    private final ManualScheduler clock = new ManualScheduler();
    private final Deque<byte[]> sent = new ArrayDeque<>();
    private final List<String> events = new ArrayList<>();
    private final List<Received> received = new ArrayList<>();
    private final UdpTransport host = new UdpTransport() {
        @Override
        public InetSocketAddress localAddress() {
            return HOST;
        }

        @Override
        public void send(byte[] buf, int offset, int length, InetSocketAddress to) {
            assertEquals(SERVER, to);
            sent.add(Arrays.copyOfRange(buf, offset, offset + length));
        }

        @Override
        public EventLoop eventLoop() {
            return loop;
        }
    };
    private TurnClient client = newClient(TurnClient.Settings.DEFAULTS);

    private TurnClient newClient(TurnClient.Settings settings) {
        return new TurnClient(TURN, host, clock,
                (via, datagram, sender) -> received.add(new Received(via, datagram, sender)),
                new TurnClient.Listener() {
                    @Override
                    public void onAllocated(InetSocketAddress relayed, InetSocketAddress mapped) {
                        events.add("allocated " + relayed + " " + mapped);
                    }

                    @Override
                    public void onFailed(String reason) {
                        events.add("failed " + reason);
                    }
                }, settings);
    }

    @Test
    void allocatesWithLongTermCredentialsAfterThe401() throws Exception {
        client.allocate();
        StunMessage first = nextRequest(StunMessage.ALLOCATE);
        assertEquals(17, first.requestedTransport());
        assertFalse(first.hasDontFragment());
        assertNull(first.username());
        assertFalse(first.has(StunAttribute.MESSAGE_INTEGRITY));
        assertTrue(first.hasValidFingerprint());
        assertTrue(sent.isEmpty());

        assertTrue(client.onDatagram(challenge(first, ErrorCode.UNAUTHENTICATED, "nonce-1"), SERVER));
        StunMessage second = nextRequest(StunMessage.ALLOCATE);
        assertEquals(17, second.requestedTransport());
        assertEquals(TurnTestMessages.USERNAME, second.username());
        assertEquals(TurnTestMessages.REALM, second.realm());
        assertEquals("nonce-1", second.nonce());
        assertTrue(KEY.verify(second), "MESSAGE-INTEGRITY with MD5(username:realm:password)");
        assertTrue(second.hasValidFingerprint());
        assertFalse(Arrays.equals(first.transactionId(), second.transactionId()));

        assertTrue(client.onDatagram(allocated(second, RELAYED, MAPPED, 600), SERVER));
        assertEquals(List.of("allocated " + RELAYED + " " + MAPPED), events);
        assertEquals(RELAYED, client.relay().localAddress());
        assertSame(loop, client.relay().eventLoop());
        client.allocate();
        assertTrue(sent.isEmpty(), "a second allocate() does nothing");
    }

    @Test
    void retriesStaleNoncesWithTheNewNonceABoundedNumberOfTimes() throws Exception {
        client.allocate();
        client.onDatagram(challenge(nextRequest(StunMessage.ALLOCATE), ErrorCode.UNAUTHENTICATED, "nonce-0"), SERVER);
        for (int retry = 1; retry <= TurnClient.MAX_STALE_NONCE_RETRIES; retry++) {
            StunMessage request = nextRequest(StunMessage.ALLOCATE);
            assertEquals("nonce-" + (retry - 1), request.nonce());
            assertTrue(KEY.verify(request));
            client.onDatagram(challenge(request, ErrorCode.STALE_NONCE, "nonce-" + retry), SERVER);
        }
        StunMessage last = nextRequest(StunMessage.ALLOCATE);
        assertEquals("nonce-" + TurnClient.MAX_STALE_NONCE_RETRIES, last.nonce());
        client.onDatagram(challenge(last, ErrorCode.STALE_NONCE, "nonce-too-many"), SERVER);
        assertTrue(sent.isEmpty());
        assertEquals(List.of("failed Allocate failed: 438 Stale Nonce"), events);
        assertEquals(1, client.counters().failedRequests());
    }

    @Test
    void aStaleNonceIsRetriedAndTheAllocationGoesOn() throws Exception {
        allocate(600);
        clock.advanceMillis(540_000);
        StunMessage refresh = nextRequest(StunMessage.REFRESH);
        client.onDatagram(challenge(refresh, ErrorCode.STALE_NONCE, "fresh-nonce"), SERVER);
        StunMessage again = nextRequest(StunMessage.REFRESH);
        assertEquals("fresh-nonce", again.nonce());
        assertTrue(KEY.verify(again));
        client.onDatagram(success(again, KEY, w -> w.lifetime(600)), SERVER);
        assertEquals(1, events.size(), "still allocated: " + events);
    }

    @Test
    void aResponseFailingIntegrityIsIgnoredUntilTheTransactionTimesOut() throws Exception {
        client.allocate();
        client.onDatagram(challenge(nextRequest(StunMessage.ALLOCATE), ErrorCode.UNAUTHENTICATED, "n"), SERVER);
        StunMessage request = nextRequest(StunMessage.ALLOCATE);
        StunIntegrity wrongKey = StunIntegrity.longTerm(TurnTestMessages.USERNAME, TurnTestMessages.REALM, "guess");
        assertTrue(client.onDatagram(success(request, wrongKey,
                w -> w.xorRelayedAddress(RELAYED).xorMappedAddress(MAPPED).lifetime(600)), SERVER));
        assertTrue(client.onDatagram(success(request, null,
                w -> w.xorRelayedAddress(RELAYED).xorMappedAddress(MAPPED).lifetime(600)), SERVER));
        assertTrue(client.onDatagram(error(request, ErrorCode.SERVER_ERROR, null), SERVER));
        assertEquals(3, client.counters().transactions().badIntegrity());
        assertTrue(events.isEmpty());
        assertNull(client.relay().localAddress());

        clock.advanceMillis(39_499);
        assertEquals(6, sent.size(), "retransmitted on the RFC 8489 schedule");
        assertTrue(events.isEmpty());
        clock.advanceMillis(1);
        // RFC 8489 §9.1.4: a time-out after only integrity-failing answers is an integrity failure.
        assertEquals(List.of("failed Allocate failed: answer from " + SERVER + " failed: INTEGRITY_VIOLATED"), events);
    }

    @Test
    void tryAlternateAndOtherErrorsFailTheAllocation() throws Exception {
        client.allocate();
        client.onDatagram(error(nextRequest(StunMessage.ALLOCATE), ErrorCode.TRY_ALTERNATE, null), SERVER);
        assertEquals(List.of("failed Allocate failed: 300 error 300"), events);

        events.clear();
        TurnClient second = newClient(TurnClient.Settings.DEFAULTS);
        second.allocate();
        second.onDatagram(challenge(nextRequest(StunMessage.ALLOCATE), ErrorCode.UNAUTHENTICATED, "n"), SERVER);
        StunMessage request = nextRequest(StunMessage.ALLOCATE);
        second.onDatagram(challenge(request, ErrorCode.UNAUTHENTICATED, "n"), SERVER);
        assertEquals(List.of("failed Allocate failed: 401 Unauthorized"), events, "wrong password: no second try");
        assertTrue(sent.isEmpty());
    }

    @Test
    void refreshesTheAllocationAMinuteBeforeItsLifetimeEndsOrAtHalfAShortOne() throws Exception {
        allocate(600);
        clock.advanceMillis(539_999);
        assertTrue(sent.isEmpty());
        clock.advanceMillis(1);
        StunMessage refresh = nextRequest(StunMessage.REFRESH);
        assertEquals(-1, refresh.lifetime(), "no LIFETIME: the server's default");
        assertTrue(KEY.verify(refresh));
        client.onDatagram(success(refresh, KEY, w -> w.lifetime(100)), SERVER);

        clock.advanceMillis(49_999);
        assertTrue(sent.isEmpty());
        clock.advanceMillis(1);
        StunMessage short1 = nextRequest(StunMessage.REFRESH);
        client.onDatagram(error(short1, 437, KEY), SERVER);
        assertEquals("failed Refresh failed: 437 error 437", events.get(1));
        clock.advanceMillis(10_000_000);
        assertTrue(sent.isEmpty(), "nothing after the allocation failed");
    }

    @Test
    void firstDatagramToAPeerAsksPermissionAndChannelThenGoesInASendIndication() throws Exception {
        allocate(600);
        byte[] payload = "first".getBytes();
        client.relay().send(payload, 0, payload.length, PEER);

        StunMessage permission = nextRequest(StunMessage.CREATE_PERMISSION);
        assertEquals(PEER.getAddress(), permission.xorPeerAddress().getAddress());
        assertTrue(KEY.verify(permission));
        StunMessage bind = nextRequest(StunMessage.CHANNEL_BIND);
        assertEquals(0x4000, bind.channelNumber());
        assertEquals(PEER, bind.xorPeerAddress());
        assertTrue(KEY.verify(bind));
        StunMessage indication = nextStun();
        assertEquals(StunMessage.SEND, indication.method());
        assertEquals(StunClass.INDICATION, indication.messageClass());
        assertEquals(PEER, indication.xorPeerAddress());
        assertArrayEquals(payload, indication.data());

        client.onDatagram(success(permission, KEY, w -> { }), SERVER);
        byte[] second = "second".getBytes();
        client.relay().send(second, 0, second.length, PEER);
        assertEquals(StunMessage.SEND, nextStun().method(),
                "a Send indication until the channel is bound");

        client.onDatagram(success(bind, KEY, w -> { }), SERVER);
        byte[] third = "third, over the channel".getBytes();
        client.relay().send(third, 0, third.length, PEER);
        byte[] datagram = sent.pop();
        ChannelData frame = ChannelData.parse(datagram, 0, datagram.length);
        assertEquals(0x4000, frame.channelNumber());
        assertArrayEquals(third, Arrays.copyOfRange(datagram, frame.dataOffset(), datagram.length));

        client.relay().send(payload, 0, payload.length, PEER_OTHER_PORT);
        StunMessage secondBind = nextRequest(StunMessage.CHANNEL_BIND);
        assertEquals(0x4001, secondBind.channelNumber(), "a new channel, but the same IP's permission");
        assertEquals(StunMessage.SEND, nextStun().method());
        assertEquals(new TurnClient.Counters(0, 0, 3, 1, 0, 0, 0, 0, 0, 0, client.counters().transactions()),
                client.counters());
    }

    @Test
    void permissionsAndChannelsAreRefreshedOnTheirIntervals() throws Exception {
        allocate(3600);
        openChannel(PEER);
        for (int round = 1; round <= 2; round++) {
            clock.advanceMillis(239_999);
            assertTrue(sent.isEmpty());
            clock.advanceMillis(1);
            StunMessage permission = nextRequest(StunMessage.CREATE_PERMISSION);
            assertEquals(PEER.getAddress(), permission.xorPeerAddress().getAddress());
            assertTrue(KEY.verify(permission));
            client.onDatagram(success(permission, KEY, w -> { }), SERVER);
        }
        clock.advanceMillis(59_999);
        assertTrue(sent.isEmpty());
        clock.advanceMillis(1);
        StunMessage bind = nextRequest(StunMessage.CHANNEL_BIND);
        assertEquals(0x4000, bind.channelNumber());
        assertEquals(PEER, bind.xorPeerAddress());
        client.onDatagram(success(bind, KEY, w -> { }), SERVER);
        assertTrue(sent.isEmpty());
    }

    @Test
    void aFailedChannelFallsBackToSendIndicationsAndAFailedPermissionDropsSends() throws Exception {
        allocate(600);
        byte[] payload = {1, 2, 3};
        client.relay().send(payload, 0, payload.length, PEER);
        StunMessage permission = nextRequest(StunMessage.CREATE_PERMISSION);
        StunMessage bind = nextRequest(StunMessage.CHANNEL_BIND);
        sent.pop();
        client.onDatagram(success(permission, KEY, w -> { }), SERVER);
        client.onDatagram(error(bind, 508, KEY), SERVER);
        client.relay().send(payload, 0, payload.length, PEER);
        assertEquals(StunMessage.SEND, nextStun().method());
        client.onDatagram(channelData(0x4000, payload), SERVER);
        assertEquals(1, client.counters().unknownChannel(), "ChannelData on the failed channel");

        client.relay().send(payload, 0, payload.length, STRANGER);
        StunMessage forbidden = nextRequest(StunMessage.CREATE_PERMISSION);
        nextRequest(StunMessage.CHANNEL_BIND);
        sent.pop();
        client.onDatagram(error(forbidden, 403, KEY), SERVER);
        client.relay().send(payload, 0, payload.length, STRANGER);
        assertTrue(sent.isEmpty());
        assertEquals(1, client.counters().droppedSends());
        assertEquals(2, client.counters().failedRequests());
        assertEquals(1, events.size(), "a permission or channel failing leaves the allocation: " + events);
    }

    @Test
    void unwrapsChannelDataAndDataIndications() throws Exception {
        allocate(600);
        openChannel(PEER);
        byte[] overChannel = "channel data".getBytes();
        assertTrue(client.onDatagram(channelData(0x4000, overChannel), SERVER));
        byte[] padded = Arrays.copyOf(channelData(0x4000, new byte[] {9, 8, 7}), 8);
        assertTrue(client.onDatagram(padded, SERVER));
        byte[] indicated = "data indication".getBytes();
        assertTrue(client.onDatagram(dataIndication(PEER_OTHER_PORT, indicated), SERVER));

        assertEquals(3, received.size());
        assertSame(client.relay(), received.get(0).via());
        assertEquals(PEER, received.get(0).from());
        assertArrayEquals(overChannel, received.get(0).data());
        assertArrayEquals(new byte[] {9, 8, 7}, received.get(1).data());
        assertEquals(PEER_OTHER_PORT, received.get(2).from(), "the permission covers every port of the IP");
        assertArrayEquals(indicated, received.get(2).data());
        assertEquals(1, client.counters().dataIndications());
        assertEquals(2, client.counters().channelData());
    }

    @Test
    void dropsDataFromPeersWithoutPermissionAndOnUnknownChannels() throws Exception {
        allocate(600);
        openChannel(PEER);
        assertTrue(client.onDatagram(dataIndication(STRANGER, new byte[] {1}), SERVER));
        assertTrue(client.onDatagram(channelData(0x4001, new byte[] {2}), SERVER));
        assertTrue(client.onDatagram(channelData(0x4FFF, new byte[] {3}), SERVER));
        byte[] noData = TurnTestMessages.write(StunMessage.DATA_METHOD, StunClass.INDICATION,
                new byte[StunMessage.TRANSACTION_ID_LENGTH], w -> w.xorPeerAddress(PEER), null);
        assertTrue(client.onDatagram(noData, SERVER));

        assertTrue(received.isEmpty());
        TurnClient.Counters counters = client.counters();
        assertEquals(1, counters.noPermission());
        assertEquals(2, counters.unknownChannel());
        assertEquals(1, counters.malformed());
    }

    @Test
    void malformedChannelDataAndJunkFromTheServerAreCountedAndDropped() throws Exception {
        allocate(600);
        openChannel(PEER);
        byte[] longerThanTheDatagram = channelData(0x4000, new byte[100]);
        assertTrue(client.onDatagram(Arrays.copyOf(longerThanTheDatagram, 50), SERVER));
        assertTrue(client.onDatagram(new byte[] {0x40, 0x00, 0x00}, SERVER));
        assertTrue(client.onDatagram(new byte[] {0x4F, (byte) 0xFF, 0, 0}, SERVER));
        assertTrue(client.onDatagram(new byte[] {0x00, 0x01, 0x00, 0x04, 1, 2, 3}, SERVER));
        assertTrue(client.onDatagram(new byte[] {(byte) 0x80, 0x60, 0, 1}, SERVER));
        assertTrue(client.onDatagram(new byte[0], SERVER));

        assertTrue(received.isEmpty());
        TurnClient.Counters counters = client.counters();
        assertEquals(3, counters.malformed());
        assertEquals(1, counters.unknownChannel());
        assertEquals(2, counters.unexpected());
    }

    @Test
    void leavesOtherSendersAndStunBindingToTheAgent() throws Exception {
        allocate(600);
        openChannel(PEER);
        assertFalse(client.onDatagram(channelData(0x4000, new byte[] {1}), PEER));
        byte[] binding = TurnTestMessages.write(StunMessage.BINDING, StunClass.SUCCESS_RESPONSE,
                new byte[StunMessage.TRANSACTION_ID_LENGTH], w -> w.xorMappedAddress(MAPPED), null);
        assertFalse(client.onDatagram(binding, SERVER));
        assertTrue(received.isEmpty());
        assertEquals(0, client.counters().unexpected());
    }

    @Test
    void closeDeletesTheAllocationWithLifetimeZeroAndStopsTheTimers() throws Exception {
        allocate(600);
        openChannel(PEER);
        client.close();
        StunMessage delete = nextRequest(StunMessage.REFRESH);
        assertEquals(0, delete.lifetime());
        assertTrue(KEY.verify(delete));
        client.onDatagram(success(delete, KEY, w -> w.lifetime(0)), SERVER);
        assertEquals(0, clock.live(), "no refresh or retransmission left");

        client.close();
        client.relay().send(new byte[] {1}, 0, 1, PEER);
        assertTrue(client.onDatagram(channelData(0x4000, new byte[] {1}), SERVER));
        assertTrue(sent.isEmpty());
        assertTrue(received.isEmpty());
        assertEquals(1, events.size(), "close tells the listener nothing: " + events);
    }

    @Test
    void closeWhileAllocatingDeletesWhatTheAllocateMade() throws Exception {
        client.allocate();
        client.onDatagram(challenge(nextRequest(StunMessage.ALLOCATE), ErrorCode.UNAUTHENTICATED, "n"), SERVER);
        StunMessage request = nextRequest(StunMessage.ALLOCATE);
        client.close();
        assertTrue(sent.isEmpty());
        client.onDatagram(allocated(request, RELAYED, MAPPED, 600), SERVER);
        assertEquals(0, nextRequest(StunMessage.REFRESH).lifetime());
        assertTrue(events.isEmpty());
        assertNull(client.relay().localAddress());
    }

    @Test
    void boundsPeersAndPermissions() throws Exception {
        client = newClient(new TurnClient.Settings(Duration.ofSeconds(240), Duration.ofSeconds(540), 2));
        allocate(600);
        byte[] payload = {1};
        for (int i = 1; i <= 5; i++) {
            client.relay().send(payload, 0, 1, new InetSocketAddress("192.0.2." + i, 7000));
        }
        assertEquals(2 * 3, sent.size(), "permission, channel and indication for two peers only");
        assertEquals(3, client.counters().droppedSends());
        sent.clear();
        client.permit(InetAddress.getByName("192.0.2.50"));
        assertTrue(sent.isEmpty(), "no third permission");
    }

    @Test
    void permitOpensAPermissionWithoutSending() throws Exception {
        allocate(600);
        client.permit(STRANGER.getAddress());
        StunMessage permission = nextRequest(StunMessage.CREATE_PERMISSION);
        assertEquals(STRANGER.getAddress(), permission.xorPeerAddress().getAddress());
        assertTrue(sent.isEmpty());
        client.onDatagram(success(permission, KEY, w -> { }), SERVER);
        assertTrue(client.onDatagram(dataIndication(STRANGER, new byte[] {5}), SERVER));
        assertEquals(1, received.size());
        client.permit(InetAddress.getByName("2001:db8::1"));
        assertTrue(sent.isEmpty(), "an IPv6 peer cannot use an IPv4 relay");
    }

    @Test
    void dropsSendsWithoutAnAllocation() {
        client.relay().send(new byte[10], 0, 10, PEER);
        assertTrue(sent.isEmpty());
        assertEquals(1, client.counters().droppedSends());
    }

    @Test
    void dropsSendsTooLongForASendIndication() throws Exception {
        allocate(600);
        byte[] tooLong = new byte[TurnClient.MAX_PAYLOAD + 1];
        client.relay().send(tooLong, 0, tooLong.length, PEER);
        assertTrue(sent.isEmpty());
        byte[] longest = new byte[TurnClient.MAX_PAYLOAD];
        client.relay().send(longest, 0, longest.length, new InetSocketAddress("2001:db8::2", 1));
        assertTrue(sent.isEmpty(), "IPv6 peer of an IPv4 relay");
        client.relay().send(longest, 0, longest.length, PEER);
        nextRequest(StunMessage.CREATE_PERMISSION);
        nextRequest(StunMessage.CHANNEL_BIND);
        assertTrue(sent.pop().length <= UdpEndpoint.MAX_DATAGRAM);
        assertEquals(2, client.counters().droppedSends());
    }

    /** Hostile input: whatever the server's address sends, nothing throws and nothing bogus is handed on. */
    @Property
    void anyDatagramFromTheServerIsConsumedQuietly(@ForAll @Size(max = 300) byte[] datagram) throws Exception {
        sent.clear();
        received.clear();
        client = newClient(TurnClient.Settings.DEFAULTS);
        allocate(600);
        openChannel(PEER);
        boolean consumed = client.onDatagram(datagram, SERVER);
        if (!consumed) {
            assertEquals(StunMessage.BINDING, StunMessage.parse(datagram, 0, datagram.length).method());
        }
        byte[] validChannelData = channelData(0x4000, Arrays.copyOf(datagram, Math.min(datagram.length, 40)));
        byte[] validIndication = dataIndication(PEER, datagram);
        int before = received.size();
        for (int cut = 0; cut < validChannelData.length; cut++) {
            assertTrue(client.onDatagram(Arrays.copyOf(validChannelData, cut), SERVER));
        }
        for (int cut = 0; cut < validIndication.length; cut++) {
            assertTrue(client.onDatagram(Arrays.copyOf(validIndication, cut), SERVER));
        }
        assertEquals(before, received.size(), "no truncation is handed on");
        assertTrue(client.onDatagram(validIndication, SERVER));
        assertArrayEquals(datagram, received.get(received.size() - 1).data());
    }

    private void allocate(long lifetime) throws MalformedPacketException {
        client.allocate();
        client.onDatagram(challenge(nextRequest(StunMessage.ALLOCATE), ErrorCode.UNAUTHENTICATED, "n"), SERVER);
        client.onDatagram(allocated(nextRequest(StunMessage.ALLOCATE), RELAYED, MAPPED, lifetime), SERVER);
        assertEquals(RELAYED, client.relay().localAddress());
    }

    /** Sends one datagram to {@code peer} and grants the permission and channel it asks for. */
    private void openChannel(InetSocketAddress peer) throws MalformedPacketException {
        client.relay().send(new byte[] {0}, 0, 1, peer);
        client.onDatagram(success(nextRequest(StunMessage.CREATE_PERMISSION), KEY, w -> { }), SERVER);
        client.onDatagram(success(nextRequest(StunMessage.CHANNEL_BIND), KEY, w -> { }), SERVER);
        sent.pop();
        assertTrue(sent.isEmpty());
    }

    private StunMessage nextStun() throws MalformedPacketException {
        byte[] datagram = sent.pop();
        return StunMessage.parse(datagram, 0, datagram.length);
    }

    private StunMessage nextRequest(int method) throws MalformedPacketException {
        StunMessage request = nextStun();
        assertEquals(StunClass.REQUEST, request.messageClass());
        assertEquals(method, request.method(), "method");
        return request;
    }
}
