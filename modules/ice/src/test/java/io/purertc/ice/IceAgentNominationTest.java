package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.stun.StunClass;
import io.purertc.stun.StunIntegrity;
import io.purertc.stun.StunMessage;
import io.purertc.stun.StunMessageWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A controlled agent against a peer played by hand on a raw socket, so that the peer can do what no agent
 * of ours does: nominate aggressively (USE-CANDIDATE on its very first check, RFC 5245 §8.1.1.2), which
 * RFC 8445 §8.1.1 still asks a controlled agent to accept.
 */
class IceAgentNominationTest {

    @RegisterExtension
    final NettyLeakCheck leakCheck = new NettyLeakCheck();

    private static final String PEER_UFRAG = "peer";
    private static final String PEER_PASSWORD = "peerPasswordOf24Chars+/0";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final BlockingQueue<StunMessage> received = new LinkedBlockingQueue<>();
    private final Random random = new Random(5245);
    private AgentPeer b;
    private UdpEndpoint peer;

    @BeforeEach
    void start() throws Exception {
        b = new AgentPeer(new IceConfig(group).role(IceRole.CONTROLLED).includeLoopback(true)
                .hostAddresses(List.of(InetAddress.getByName("127.0.0.1"))));
        b.agent.setRemoteCredentials(PEER_UFRAG, PEER_PASSWORD);
        b.agent.gather();
        peer = UdpEndpoint.bind(group, new InetSocketAddress("127.0.0.1", 0), (via, datagram, sender) -> {
            try {
                received.add(StunMessage.parse(datagram, 0, datagram.length));
            } catch (MalformedPacketException e) {
                throw new AssertionError("agent sent malformed STUN", e);
            }
        });
    }

    @AfterEach
    void stop() throws InterruptedException {
        b.agent.close();
        LoopbackTeardown.close(group, peer);
    }

    /** The hand-played peer's side of one aggressive nomination from {@code socket}, answered checks included. */
    private void nominateAggressively(UdpEndpoint socket, BlockingQueue<StunMessage> inbox, long priority)
            throws Exception {
        answer(socket, checkAndAwaitTriggered(socket, inbox, priority));
    }

    /** Sends a USE-CANDIDATE check from {@code socket}; returns b's triggered check after its answer. */
    private StunMessage checkAndAwaitTriggered(UdpEndpoint socket, BlockingQueue<StunMessage> inbox, long priority)
            throws Exception {
        InetSocketAddress target = b.candidates.get(0).address();
        byte[] check = TestChecks.request(TestChecks.transactionId(random), b.agent.localUfrag() + ":" + PEER_UFRAG,
                b.agent.localPassword(), false, priority);
        socket.send(check, 0, check.length, target);

        StunMessage answer = inbox.poll(5, TimeUnit.SECONDS);
        assertNotNull(answer);
        assertEquals(StunClass.SUCCESS_RESPONSE, answer.messageClass());
        StunMessage triggered = inbox.poll(5, TimeUnit.SECONDS);
        assertNotNull(triggered, "no triggered check");
        assertEquals(StunClass.REQUEST, triggered.messageClass());
        assertEquals(PEER_UFRAG + ":" + b.agent.localUfrag(), triggered.username());
        assertTrue(triggered.hasIceControlled());
        assertTrue(StunIntegrity.shortTerm(PEER_PASSWORD).verify(triggered));
        return triggered;
    }

    private void answer(UdpEndpoint socket, StunMessage triggered) {
        InetSocketAddress target = b.candidates.get(0).address();
        byte[] success = new byte[128];
        int length = new StunMessageWriter(success, 0, StunMessage.BINDING, StunClass.SUCCESS_RESPONSE,
                triggered.transactionId())
                .xorMappedAddress(target)
                .messageIntegrity(StunIntegrity.shortTerm(PEER_PASSWORD))
                .fingerprint()
                .length();
        socket.send(success, 0, length, target);
    }

    private static void awaitSelected(AgentPeer peer, InetSocketAddress remote) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            IceCandidatePair selected = peer.agent.selectedPair();
            if (selected != null && selected.nominated() && selected.remote().address().equals(remote)) {
                return;
            }
            Thread.sleep(2);
        }
        throw new AssertionError("never selected a nominated pair to " + remote + ": " + peer.selections);
    }

    @Test
    void anAggressivelyNominatedPairIsSelectedOnceTheTriggeredCheckSucceeds() throws Exception {
        StunMessage triggered = checkAndAwaitTriggered(peer, received, TestChecks.PRIORITY);
        Thread.sleep(50);
        // Not nominated yet: the pair is not valid until b's own check succeeds.
        assertNull(b.agent.selectedPair());
        answer(peer, triggered);
        b.agent.endOfRemoteCandidates();
        assertTrue(b.awaitState(5_000, IceState.COMPLETED), "b: " + b.states);
        IceCandidatePair selected = b.agent.selectedPair();
        assertTrue(selected.nominated());
        assertEquals(peer.localAddress(), selected.remote().address());
        assertEquals(TestChecks.PRIORITY, selected.remote().priority());
    }

    @Test
    void aLaterNominationOfAHigherPriorityPairSwitchesTheSelectedPair() throws Exception {
        BlockingQueue<StunMessage> secondInbox = new LinkedBlockingQueue<>();
        UdpEndpoint second = UdpEndpoint.bind(group, new InetSocketAddress("127.0.0.2", 0), (via, datagram, sender) -> {
            try {
                secondInbox.add(StunMessage.parse(datagram, 0, datagram.length));
            } catch (MalformedPacketException e) {
                throw new AssertionError("agent sent malformed STUN", e);
            }
        });
        try {
            nominateAggressively(peer, received, TestChecks.PRIORITY);
            awaitSelected(b, peer.localAddress());
            nominateAggressively(second, secondInbox, TestChecks.PRIORITY + 1000);
            awaitSelected(b, second.localAddress());
            List<InetSocketAddress> nominatedRemotes = b.selections.stream().filter(IceCandidatePair::nominated)
                    .map(pair -> pair.remote().address()).distinct().toList();
            assertEquals(List.of(peer.localAddress(), second.localAddress()), nominatedRemotes);
        } finally {
            second.close();
        }
    }
}
