package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.stun.ErrorCode;
import io.purertc.stun.StunAttribute;
import io.purertc.stun.StunClass;
import io.purertc.stun.StunMessage;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A connected agent under fire from a third loopback socket: noise, truncated and oversize datagrams, checks
 * with the wrong password or username, unknown comprehension-required attributes and stray responses. Each
 * is counted, only the ones RFC 8489 answers are answered, and the connection carries on.
 */
class IceAgentHostileInputTest {

    @RegisterExtension
    final NettyLeakCheck leakCheck = new NettyLeakCheck();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Random random = new Random(7675);
    private final BlockingQueue<StunMessage> replies = new LinkedBlockingQueue<>();
    private AgentPeer a;
    private AgentPeer b;
    private UdpEndpoint attacker;
    private InetSocketAddress target;

    @BeforeEach
    void connect() throws Exception {
        a = new AgentPeer(AgentPeer.loopback(group, "127.0.0.1", IceRole.CONTROLLING));
        b = new AgentPeer(AgentPeer.loopback(group, "127.0.0.1", IceRole.CONTROLLED));
        AgentPeer.connect(a, b, 5_000, () -> "");
        target = b.agent.selectedPair().local().address();
        attacker = UdpEndpoint.bind(group, new InetSocketAddress("127.0.0.1", 0), (via, datagram, sender) -> {
            try {
                replies.add(StunMessage.parse(datagram, 0, datagram.length));
            } catch (MalformedPacketException e) {
                throw new AssertionError("agent sent malformed STUN", e);
            }
        });
    }

    @AfterEach
    void stop() throws InterruptedException {
        a.agent.close();
        b.agent.close();
        LoopbackTeardown.close(group, attacker);
    }

    /**
     * Sends one datagram and waits (bounded) until the agent has taken it, so that a burst cannot overflow
     * the socket's receive buffer and lose datagrams the assertions count on.
     */
    private void fire(byte[] datagram) throws InterruptedException {
        long before = b.agent.counters().datagrams();
        attacker.send(datagram, 0, datagram.length, target);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (b.agent.counters().datagrams() == before && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private String username() {
        return b.agent.localUfrag() + ":attacker";
    }

    @Test
    void everyKindOfBadDatagramIsCountedAndTheConnectionCarriesOn() throws Exception {
        IceAgent.Counters before = b.agent.counters();
        byte[] good = TestChecks.request(TestChecks.transactionId(random), username(), b.agent.localPassword(), false);
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[1 + random.nextInt(1500)];
            random.nextBytes(noise);
            fire(noise);
            fire(Arrays.copyOf(good, 1 + random.nextInt(good.length - 1)));
        }
        byte[] oversize = Arrays.copyOf(good, 9000);
        fire(oversize);
        byte[] badFingerprint = good.clone();
        badFingerprint[badFingerprint.length - 1] ^= 1;
        fire(badFingerprint);
        fire(TestChecks.request(TestChecks.transactionId(random), username(), "not the password at all", false));
        fire(TestChecks.request(TestChecks.transactionId(random), "someoneElse:attacker", b.agent.localPassword(), false));
        fire(TestChecks.request(TestChecks.transactionId(random), username(), b.agent.localPassword(), true));

        StunMessage unauthenticated = replies.poll(5, TimeUnit.SECONDS);
        StunMessage unknownAttribute = replies.poll(5, TimeUnit.SECONDS);
        assertNotNull(unauthenticated);
        assertNotNull(unknownAttribute);
        assertEquals(ErrorCode.UNAUTHENTICATED, unauthenticated.errorCode().code());
        assertEquals(ErrorCode.UNKNOWN_ATTRIBUTE, unknownAttribute.errorCode().code());
        assertArrayEquals(new int[] {TestChecks.UNKNOWN_REQUIRED}, unknownAttribute.unknownAttributes());
        assertTrue(unknownAttribute.has(StunAttribute.MESSAGE_INTEGRITY));
        assertNull(replies.poll(200, TimeUnit.MILLISECONDS), "an unanswerable datagram was answered");

        StunBindingResponder.Counters responder = b.agent.counters().responder();
        StunBindingResponder.Counters was = before.responder();
        assertEquals(1, responder.badIntegrity() - was.badIntegrity());
        assertEquals(1, responder.badUsername() - was.badUsername());
        assertEquals(1, responder.unknownAttributes() - was.unknownAttributes());
        assertTrue(responder.badFingerprint() - was.badFingerprint() >= 1);
        IceAgent.Counters after = b.agent.counters();
        // Noise that is not STUN by its first byte is data from an address no pair knows.
        assertTrue(after.unknownSource() - before.unknownSource() > 100, after.toString());
        assertTrue(after.malformedStun() - before.malformedStun() > 10, after.toString());
        assertEquals(IceState.COMPLETED, b.agent.state());
        assertEquals(IceState.COMPLETED, a.agent.state());
        assertEquals(0, a.agent.counters().unknownSource());

        byte[] payload = {(byte) 0x80, 1, 2, 3};
        a.agent.send(payload, 0, payload.length);
        AgentPeer.Datagram got = b.data.poll(2, TimeUnit.SECONDS);
        assertNotNull(got);
        assertArrayEquals(payload, got.bytes());
        assertTrue(b.data.isEmpty(), "noise reached the data handler");
    }

    @Test
    void anAuthenticatedCheckFromANewAddressIsAnsweredButMovesNothingUntilItsOwnCheckSucceeds() throws Exception {
        IceCandidatePair before = b.agent.selectedPair();
        fire(TestChecks.request(TestChecks.transactionId(random), username(), b.agent.localPassword(), false));
        StunMessage first = replies.poll(5, TimeUnit.SECONDS);
        StunMessage second = replies.poll(5, TimeUnit.SECONDS);
        assertNotNull(first);
        assertNotNull(second);
        assertEquals(StunClass.SUCCESS_RESPONSE, first.messageClass());
        assertEquals(attacker.localAddress(), first.xorMappedAddress());
        // The triggered check of RFC 8445 §7.3.1.4 towards the new peer-reflexive candidate.
        assertEquals(StunClass.REQUEST, second.messageClass());
        assertEquals(a.agent.localUfrag() + ":" + b.agent.localUfrag(), second.username());
        Thread.sleep(200);
        assertEquals(before, b.agent.selectedPair());
    }
}
