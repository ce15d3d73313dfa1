package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.stun.ErrorCode;
import io.purertc.stun.StunClass;
import io.purertc.stun.StunIntegrity;
import io.purertc.stun.StunMessage;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ICE sessions sharing one mux port, driven by real loopback sockets standing in for browsers. */
class UdpMuxTest {

    @RegisterExtension
    final NettyLeakCheck leakCheck = new NettyLeakCheck();

    private static final String UFRAG_A = "Aa1x";
    private static final String PASSWORD_A = "Pa9QwErTyUiOpAsDfGhJkL0z";
    private static final String UFRAG_B = "Bb2y";
    private static final String PASSWORD_B = "Pb8ZxCvBnMqWeRtYuIoPlK1a";
    private static final String REMOTE_UFRAG = "Rm0t";
    /** The start of a DTLS handshake record: not STUN, so routed by address only. */
    private static final byte[] DTLS = {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0};
    /** An RTP header (version 2, payload type 111). */
    private static final byte[] RTP = {(byte) 0x80, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};

    private record Datagram(byte[] bytes, InetSocketAddress sender, Thread receivedOn) {
    }

    /** A remote agent's socket, keeping what reaches it. */
    private record Client(UdpEndpoint endpoint, BlockingQueue<Datagram> inbox) {

        InetSocketAddress address() {
            return endpoint.localAddress();
        }
    }

    /** A session answering checks with its own credentials and keeping every datagram it is handed. */
    private record Peer(UdpMux.Session session, BlockingQueue<Datagram> received) {
    }

    private final Random random = new Random(7983);
    private final List<UdpEndpoint> clientSockets = new ArrayList<>();
    private EventLoopGroup group;
    private EventLoopGroup sessionGroup;
    private UdpMux mux;
    private String host;

    private void start(String host, UdpMux.Limits limits) throws Exception {
        this.host = host;
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        mux = UdpMux.bind(group, new InetSocketAddress(host, 0), limits);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (mux != null) {
            mux.close();
        }
        LoopbackTeardown.close(sessionGroup);
        LoopbackTeardown.close(group, clientSockets.toArray(new UdpEndpoint[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void twoSessionsAnswerTheirOwnChecksAndKeepTheirOwnAddresses(String host) throws Exception {
        start(host, UdpMux.Limits.DEFAULT);
        Peer a = peer(UFRAG_A, PASSWORD_A, group.next());
        Peer b = peer(UFRAG_B, PASSWORD_B, group.next());
        Client clientA = client();
        Client clientB = client();

        byte[] checkA = check(UFRAG_A, PASSWORD_A);
        byte[] checkB = check(UFRAG_B, PASSWORD_B);
        send(clientA, checkA);
        send(clientB, checkB);
        StunMessage answerA = assertAnswered(clientA, checkA, PASSWORD_A);
        StunMessage answerB = assertAnswered(clientB, checkB, PASSWORD_B);
        assertFalse(StunIntegrity.shortTerm(PASSWORD_B).verify(answerA));
        assertFalse(StunIntegrity.shortTerm(PASSWORD_A).verify(answerB));

        send(clientA, DTLS);
        send(clientB, RTP);
        assertReceived(a, checkA, clientA);
        assertReceived(a, DTLS, clientA);
        assertReceived(b, checkB, clientB);
        assertReceived(b, RTP, clientB);
        assertNull(a.received().poll());
        assertNull(b.received().poll());
        assertEquals(new UdpMux.Counters(4, 2, 2, 0, 0, 0, 0, 0, 0), mux.counters());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void anAddressStaysWithTheSessionThatBoundItFirst(String host) throws Exception {
        start(host, UdpMux.Limits.DEFAULT);
        Peer a = peer(UFRAG_A, PASSWORD_A, group.next());
        Peer b = peer(UFRAG_B, PASSWORD_B, group.next());
        Client client = client();
        byte[] checkA = check(UFRAG_A, PASSWORD_A);
        byte[] checkB = check(UFRAG_B, PASSWORD_B);

        send(client, checkA);
        send(client, checkB);
        send(client, RTP);

        assertAnswered(client, checkA, PASSWORD_A);
        assertAnswered(client, checkB, PASSWORD_B);
        assertReceived(a, checkA, client);
        assertReceived(b, checkB, client);
        assertReceived(a, RTP, client);
        assertNull(b.received().poll());
        assertEquals(new UdpMux.Counters(3, 2, 1, 0, 0, 0, 0, 0, 0), mux.counters());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void aSessionsOwnSendBindsTheDestinationForTheReply(String host) throws Exception {
        start(host, UdpMux.Limits.DEFAULT);
        Peer a = peer(UFRAG_A, PASSWORD_A, group.next());
        Peer b = peer(UFRAG_B, PASSWORD_B, group.next());
        Client echo = echoClient();

        a.session().send(DTLS, 0, DTLS.length, echo.address());

        assertReceived(a, DTLS, echo);
        assertNull(b.received().poll());
        assertEquals(new UdpMux.Counters(1, 0, 1, 0, 0, 0, 0, 0, 0), mux.counters());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void dropsWhatItCannotRouteAndKeepsRouting(String host) throws Exception {
        start(host, UdpMux.Limits.DEFAULT);
        Peer a = peer(UFRAG_A, PASSWORD_A, group.next());
        Client client = client();
        byte[] noise = new byte[100];
        random.nextBytes(noise);
        noise[0] = (byte) 0x80;
        byte[] stunLookingNoise = noise.clone();
        stunLookingNoise[0] = 0x01;
        byte[] good = check(UFRAG_A, PASSWORD_A);

        send(client, check("Zz9z", PASSWORD_A));
        // USERNAME is "<ufrag>:<remote ufrag>"; without the colon it names no session.
        send(client, TestChecks.request(TestChecks.transactionId(random), UFRAG_A, PASSWORD_A, false));
        send(client, noise);
        send(client, stunLookingNoise);
        send(client, Arrays.copyOf(good, 30));
        send(client, Arrays.copyOf(good, 9000));
        send(client, good);

        assertAnswered(client, good, PASSWORD_A);
        assertReceived(a, good, client);
        assertNull(a.received().poll());
        assertNull(client.inbox().poll());
        assertEquals(new UdpMux.Counters(7, 1, 0, 3, 3, 0, 0, 0, 0), mux.counters());

        // Bound now, the address carries a check naming no session to A, whose responder refuses it.
        send(client, check("Zz9z", PASSWORD_A));
        assertEquals(ErrorCode.UNAUTHENTICATED, nextStun(client).errorCode().code());
        assertEquals(1, mux.counters().routedByAddress());
    }

    @Test
    void limitsSessionsAndRefusesBadUfrags() throws Exception {
        start("127.0.0.1", new UdpMux.Limits(2, 8, 16, 16));
        UdpMux.Session a = mux.register(UFRAG_A, group.next(), (via, datagram, sender) -> { });
        assertThrows(IllegalArgumentException.class, () -> mux.register(UFRAG_A, group.next(), (v, d, s) -> { }));
        assertThrows(IllegalArgumentException.class, () -> mux.register("", group.next(), (v, d, s) -> { }));
        assertThrows(IllegalArgumentException.class, () -> mux.register("a:b", group.next(), (v, d, s) -> { }));
        mux.register(UFRAG_B, group.next(), (via, datagram, sender) -> { });
        assertThrows(IllegalStateException.class, () -> mux.register("Cc3z", group.next(), (v, d, s) -> { }));

        a.close();
        a.close();
        UdpMux.Session c = mux.register("Cc3z", group.next(), (via, datagram, sender) -> { });
        assertEquals(mux.localAddress(), c.localAddress());
        assertEquals("Cc3z", c.localUfrag());

        mux.close();
        assertThrows(IllegalStateException.class, () -> mux.register(UFRAG_A, group.next(), (v, d, s) -> { }));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void bindsNoMoreAddressesToASessionThanItsLimit(String host) throws Exception {
        start(host, new UdpMux.Limits(8, 2, 16, 16));
        Peer a = peer(UFRAG_A, PASSWORD_A, group.next());
        List<Client> clients = List.of(client(), client(), client(), client());
        List<byte[]> checks = new ArrayList<>();
        for (Client client : clients) {
            checks.add(check(UFRAG_A, PASSWORD_A));
            send(client, checks.get(checks.size() - 1));
        }
        for (Client client : clients) {
            send(client, RTP);
        }
        byte[] last = check(UFRAG_A, PASSWORD_A);
        send(clients.get(0), last);

        assertAnswered(clients.get(0), checks.get(0), PASSWORD_A);
        assertAnswered(clients.get(1), checks.get(1), PASSWORD_A);
        assertAnswered(clients.get(0), last, PASSWORD_A);
        assertNull(clients.get(2).inbox().poll());
        assertNull(clients.get(3).inbox().poll());
        assertEquals(new UdpMux.Counters(9, 3, 2, 2, 0, 2, 0, 0, 0), mux.counters());
        assertEquals(5, a.received().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void bindsNoMoreAddressesInAllThanTheTotalLimit(String host) throws Exception {
        start(host, new UdpMux.Limits(8, 8, 2, 16));
        Peer a = peer(UFRAG_A, PASSWORD_A, group.next());
        Peer b = peer(UFRAG_B, PASSWORD_B, group.next());
        Client first = echoClient();
        Client second = echoClient();
        Client third = echoClient();

        a.session().send(DTLS, 0, DTLS.length, first.address());
        b.session().send(DTLS, 0, DTLS.length, second.address());
        assertReceived(a, DTLS, first);
        assertReceived(b, DTLS, second);
        b.session().send(RTP, 0, RTP.length, third.address());

        // The send still goes out; only the echo finds no session.
        assertArrayEquals(RTP, third.inbox().poll(5, TimeUnit.SECONDS).bytes());
        awaitCounters(counters -> counters.unroutable() == 1);
        assertEquals(new UdpMux.Counters(3, 0, 2, 1, 0, 0, 1, 0, 0), mux.counters());
        assertNull(b.received().poll());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void closingASessionFreesItsUfragAndAddresses(String host) throws Exception {
        start(host, UdpMux.Limits.DEFAULT);
        Peer old = peer(UFRAG_A, PASSWORD_A, group.next());
        Client client = client();
        byte[] check = check(UFRAG_A, PASSWORD_A);
        send(client, check);
        assertAnswered(client, check, PASSWORD_A);
        assertReceived(old, check, client);

        old.session().close();
        old.session().close();
        send(client, DTLS);
        awaitCounters(counters -> counters.unroutable() == 1);
        String newPassword = "Pn7MnBvCxZlKjHgFdSaPoIu2";
        Peer renewed = peer(UFRAG_A, newPassword, group.next());
        send(client, DTLS);
        awaitCounters(counters -> counters.unroutable() == 2);

        byte[] again = check(UFRAG_A, newPassword);
        send(client, again);
        send(client, RTP);
        assertAnswered(client, again, newPassword);
        assertReceived(renewed, again, client);
        assertReceived(renewed, RTP, client);
        assertNull(old.received().poll());

        // One loop carries both sends in order: had the closed session's gone out, it would arrive first.
        old.session().send(RTP, 0, RTP.length, client.address());
        renewed.session().send(DTLS, 0, DTLS.length, client.address());
        assertArrayEquals(DTLS, client.inbox().poll(5, TimeUnit.SECONDS).bytes());
        assertEquals(new UdpMux.Counters(5, 2, 1, 2, 0, 0, 0, 0, 0), mux.counters());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void aSessionOnAnotherLoopReceivesOnItsOwnLoop(String host) throws Exception {
        start(host, UdpMux.Limits.DEFAULT);
        sessionGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoop sessionLoop = sessionGroup.next();
        Peer a = peer(UFRAG_A, PASSWORD_A, sessionLoop);
        Client client = client();
        byte[] check = check(UFRAG_A, PASSWORD_A);

        send(client, check);
        assertAnswered(client, check, PASSWORD_A);
        send(client, DTLS);
        Thread sessionThread = threadOf(sessionLoop);
        Datagram first = assertReceived(a, check, client);
        Datagram second = assertReceived(a, DTLS, client);
        assertSame(sessionThread, first.receivedOn());
        assertSame(sessionThread, second.receivedOn());
        assertNotSame(sessionThread, threadOf(group.next()));
        assertSame(sessionLoop, a.session().eventLoop());
    }

    @Test
    void aBusySessionLoopQueuesUpToItsLimitAndAClosedSessionGetsNoneOfIt() throws Exception {
        start("127.0.0.1", new UdpMux.Limits(8, 8, 64, 2));
        sessionGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoop sessionLoop = sessionGroup.next();
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        UdpMux.Session session = mux.register(UFRAG_A, sessionLoop, (via, datagram, sender) -> received.add(datagram));
        CountDownLatch busy = new CountDownLatch(1);
        sessionLoop.execute(() -> {
            try {
                busy.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Client client = client();

        send(client, check(UFRAG_A, PASSWORD_A));
        for (int i = 0; i < 3; i++) {
            send(client, RTP);
        }
        awaitCounters(counters -> counters.received() == 4);
        session.close();
        busy.countDown();
        sessionLoop.submit(() -> { }).get(5, TimeUnit.SECONDS);

        assertEquals(new UdpMux.Counters(4, 1, 3, 0, 0, 0, 0, 2, 0), mux.counters());
        assertNull(received.poll());
    }

    @Test
    void aThrowingHandlerIsCountedAndRoutingGoesOn() throws Exception {
        start("127.0.0.1", UdpMux.Limits.DEFAULT);
        sessionGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        UdpMux.Session session = mux.register(UFRAG_A, sessionGroup.next(), (via, datagram, sender) -> {
            if (datagram[0] == RTP[0]) {
                throw new IllegalStateException("handler bug");
            }
            received.add(datagram);
        });
        Client client = echoClient();
        session.send(RTP, 0, RTP.length, client.address());
        session.send(DTLS, 0, DTLS.length, client.address());

        assertArrayEquals(DTLS, received.poll(5, TimeUnit.SECONDS));
        assertEquals(new UdpMux.Counters(2, 0, 2, 0, 0, 0, 0, 0, 1), mux.counters());
    }

    private Peer peer(String ufrag, String password, EventLoop loop) {
        BlockingQueue<Datagram> received = new LinkedBlockingQueue<>();
        StunBindingResponder responder = new StunBindingResponder(ufrag, password, (via, check) -> true);
        UdpMux.Session session = mux.register(ufrag, loop, (via, datagram, sender) -> {
            received.add(new Datagram(datagram, sender, Thread.currentThread()));
            responder.onDatagram(via, datagram, sender);
        });
        return new Peer(session, received);
    }

    /** A check from the remote agent to the session with {@code ufrag}, signed with {@code password}. */
    private byte[] check(String ufrag, String password) {
        return TestChecks.request(TestChecks.transactionId(random), ufrag + ":" + REMOTE_UFRAG, password, false);
    }

    private Client client() throws Exception {
        BlockingQueue<Datagram> inbox = new LinkedBlockingQueue<>();
        UdpEndpoint endpoint = UdpEndpoint.bind(group, new InetSocketAddress(host, 0),
                (via, datagram, sender) -> inbox.add(new Datagram(datagram, sender, Thread.currentThread())));
        clientSockets.add(endpoint);
        return new Client(endpoint, inbox);
    }

    /** A client that sends back each datagram it gets, as a peer answering a session's own send. */
    private Client echoClient() throws Exception {
        BlockingQueue<Datagram> inbox = new LinkedBlockingQueue<>();
        UdpEndpoint endpoint = UdpEndpoint.bind(group, new InetSocketAddress(host, 0), (via, datagram, sender) -> {
            inbox.add(new Datagram(datagram, sender, Thread.currentThread()));
            via.send(datagram, 0, datagram.length, sender);
        });
        clientSockets.add(endpoint);
        return new Client(endpoint, inbox);
    }

    private void send(Client client, byte[] datagram) {
        client.endpoint().send(datagram, 0, datagram.length, mux.localAddress());
    }

    private StunMessage nextStun(Client client) throws InterruptedException, MalformedPacketException {
        Datagram reply = client.inbox().poll(5, TimeUnit.SECONDS);
        assertNotNull(reply, "no answer within 5 s");
        assertEquals(mux.localAddress(), reply.sender());
        return StunMessage.parse(reply.bytes(), 0, reply.bytes().length);
    }

    private StunMessage assertAnswered(Client client, byte[] request, String password) throws Exception {
        StunMessage answer = nextStun(client);
        assertEquals(StunClass.SUCCESS_RESPONSE, answer.messageClass());
        assertArrayEquals(Arrays.copyOfRange(request, 8, 20), answer.transactionId());
        assertEquals(client.address(), answer.xorMappedAddress());
        assertTrue(StunIntegrity.shortTerm(password).verify(answer));
        return answer;
    }

    private static Datagram assertReceived(Peer peer, byte[] expected, Client from) throws InterruptedException {
        Datagram datagram = peer.received().poll(5, TimeUnit.SECONDS);
        assertNotNull(datagram, "session " + peer.session().localUfrag() + " received nothing within 5 s");
        assertArrayEquals(expected, datagram.bytes());
        assertEquals(from.address(), datagram.sender());
        return datagram;
    }

    private void awaitCounters(Predicate<UdpMux.Counters> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.test(mux.counters())) {
            if (System.nanoTime() > deadline) {
                fail("counters never got there: " + mux.counters());
            }
            Thread.sleep(5);
        }
    }

    private static Thread threadOf(EventLoop loop) throws Exception {
        return loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
    }
}
