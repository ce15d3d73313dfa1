package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.sdp.Candidate;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two agents in one process connect over real loopback sockets, with trickled candidates. */
class IceAgentLoopbackTest {

    @RegisterExtension
    final NettyLeakCheck leakCheck = new NettyLeakCheck();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private AgentPeer a;
    private AgentPeer b;

    @AfterEach
    void stop() throws InterruptedException {
        AgentPeer.closeAll(group, a, b);
    }

    private IceConfig config(String host, IceRole role) throws Exception {
        return AgentPeer.loopback(group, host, role);
    }

    private void createWiredIpv4Pair() throws Exception {
        a = new AgentPeer(config("127.0.0.1", IceRole.CONTROLLING));
        b = new AgentPeer(config("127.0.0.1", IceRole.CONTROLLED));
        AgentPeer.wire(a, b);
    }

    private void connect(IceConfig configA, IceConfig configB) throws Exception {
        a = new AgentPeer(configA);
        b = new AgentPeer(configB);
        AgentPeer.connect(a, b, 5_000, () -> "");
    }

    private static void assertDataFlowsBothWays(AgentPeer a, AgentPeer b) throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            byte[] ab = ("a to b " + i).getBytes(StandardCharsets.US_ASCII);
            byte[] ba = ("b to a " + i).getBytes(StandardCharsets.US_ASCII);
            // 0x80: an RTP-looking first byte, so neither side takes it for STUN.
            ab[0] = (byte) 0x80;
            ba[0] = (byte) 0x80;
            a.agent.send(ab, 0, ab.length);
            b.agent.send(ba, 0, ba.length);
            AgentPeer.Datagram atB = b.data.poll(2, TimeUnit.SECONDS);
            AgentPeer.Datagram atA = a.data.poll(2, TimeUnit.SECONDS);
            assertNotNull(atB, "datagram " + i + " did not reach b");
            assertNotNull(atA, "datagram " + i + " did not reach a");
            assertArrayEquals(ab, atB.bytes());
            assertArrayEquals(ba, atA.bytes());
            assertEquals(a.agent.selectedPair().local().address(), atB.from());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void controllingAndControlledConnectAndCarryData(String host) throws Exception {
        connect(config(host, IceRole.CONTROLLING), config(host, IceRole.CONTROLLED));
        IceCandidatePair atA = a.agent.selectedPair();
        IceCandidatePair atB = b.agent.selectedPair();
        assertTrue(atA.nominated() && atB.nominated(), atA + " / " + atB);
        assertEquals(atA.local().address(), atB.remote().address());
        assertEquals(atA.remote().address(), atB.local().address());
        assertEquals(Candidate.Type.HOST, atA.local().type());
        assertEquals(List.of(IceState.CHECKING, IceState.CONNECTED, IceState.COMPLETED), a.states);
        assertDataFlowsBothWays(a, b);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void aFullAgentConnectsToALiteOne(String host) throws Exception {
        connect(config(host, IceRole.CONTROLLING), config(host, IceRole.CONTROLLED).lite(true));
        assertTrue(a.agent.selectedPair().nominated());
        assertTrue(b.agent.selectedPair().nominated());
        assertEquals(0, b.agent.counters().responder().roleConflicts());
        assertDataFlowsBothWays(a, b);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONTROLLING", "CONTROLLED"})
    void aRoleConflictIsResolvedAndTheAgentsStillConnect(IceRole both) throws Exception {
        connect(config("127.0.0.1", both), config("127.0.0.1", both));
        IceAgent.Counters ca = a.agent.counters();
        IceAgent.Counters cb = b.agent.counters();
        assertTrue(ca.roleConflicts() + cb.roleConflicts() > 0, ca + " / " + cb);
        assertTrue(a.agent.selectedPair().nominated() && b.agent.selectedPair().nominated());
        assertDataFlowsBothWays(a, b);
    }

    @Test
    void withSeveralAddressesTheHighestPriorityPairIsNominatedAndIpv6IsPreferred() throws Exception {
        List<InetAddress> addressesA = List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.2"),
                InetAddress.getByName("::1"));
        List<InetAddress> addressesB = List.of(InetAddress.getByName("127.0.0.3"), InetAddress.getByName("::1"));
        connect(new IceConfig(group).includeLoopback(true).hostAddresses(addressesA),
                new IceConfig(group).role(IceRole.CONTROLLED).includeLoopback(true).hostAddresses(addressesB));
        assertEquals(3, a.candidates.size());
        assertEquals(2, b.candidates.size());
        IceCandidatePair selected = a.agent.selectedPair();
        // RFC 8421: IPv6 host candidates carry the higher local preference, so the ::1 pair wins.
        assertEquals(InetAddress.getByName("::1"), selected.local().address().getAddress());
        assertEquals(InetAddress.getByName("::1"), selected.remote().address().getAddress());
        assertEquals(selected.local().address(), b.agent.selectedPair().remote().address());
        assertDataFlowsBothWays(a, b);
    }

    @Test
    void aPeerThatSignalsNoCandidatesIsLearnedAsPeerReflexive() throws Exception {
        createWiredIpv4Pair();
        // b's candidates never reach a: a learns b's address from b's triggered check.
        b.signal = candidate -> { };
        a.agent.gather();
        b.agent.gather();
        assertTrue(a.awaitState(5_000, IceState.CONNECTED, IceState.COMPLETED), "a: " + a.states);
        assertTrue(b.awaitState(5_000, IceState.CONNECTED, IceState.COMPLETED), "b: " + b.states);
        assertEquals(Candidate.Type.PRFLX, a.agent.selectedPair().remote().type());
        assertDataFlowsBothWays(a, b);
    }

    @Test
    void candidatesTrickledAfterChecksBeganStillConnect() throws Exception {
        createWiredIpv4Pair();
        List<IceCandidate> heldForB = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<IceCandidate> heldForA = new java.util.concurrent.CopyOnWriteArrayList<>();
        a.signal = heldForB::add;
        b.signal = heldForA::add;
        a.agent.gather();
        b.agent.gather();
        Thread.sleep(100);
        assertEquals(IceState.CHECKING, a.agent.state());
        assertEquals(IceState.CHECKING, b.agent.state());
        heldForB.forEach(b.agent::addRemoteCandidate);
        heldForA.forEach(a.agent::addRemoteCandidate);
        assertTrue(a.awaitState(5_000, IceState.COMPLETED), "a: " + a.states);
        assertTrue(b.awaitState(5_000, IceState.COMPLETED), "b: " + b.states);
        assertDataFlowsBothWays(a, b);
    }

    @Test
    void enumeratedInterfacesYieldLoopbackCandidatesOnlyWhenConfigured() throws Exception {
        a = new AgentPeer(new IceConfig(group).includeLoopback(true).addressFilter(InetAddress::isLoopbackAddress));
        a.agent.gather();
        assertTrue(!a.candidates.isEmpty());
        for (IceCandidate candidate : a.candidates) {
            assertTrue(candidate.address().getAddress().isLoopbackAddress(), candidate.toString());
            assertEquals(Candidate.Type.HOST, candidate.type());
        }
        assertThrows(IllegalStateException.class, a.agent::gather);
        b = new AgentPeer(new IceConfig(group).addressFilter(InetAddress::isLoopbackAddress));
        assertThrows(java.io.IOException.class, b.agent::gather, "loopback gathered without includeLoopback");
    }

    @Test
    void remoteCandidatesNoCheckCanReachAreIgnoredAndCounted() throws Exception {
        a = new AgentPeer(config("127.0.0.1", IceRole.CONTROLLING));
        a.agent.gather();
        a.agent.addRemoteCandidate(new IceCandidate("1", 1, 100, new java.net.InetSocketAddress("0.0.0.0", 9),
                Candidate.Type.HOST, null));
        a.agent.addRemoteCandidate(new IceCandidate("2", 1, 100, new java.net.InetSocketAddress("224.0.0.251", 5353),
                Candidate.Type.HOST, null));
        a.agent.addRemoteCandidate(new IceCandidate("3", 2, 100, new java.net.InetSocketAddress("127.0.0.1", 9),
                Candidate.Type.HOST, null));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (a.agent.counters().candidatesIgnored() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertEquals(3, a.agent.counters().candidatesIgnored());
    }

    @Test
    void withNothingToReachTheAgentFailsOnceCandidatesAreExhausted() throws Exception {
        a = new AgentPeer(config("127.0.0.1", IceRole.CONTROLLING).checkRto(java.time.Duration.ofMillis(5)));
        a.agent.setRemoteCredentials("peer", "peerpasswordpeerpassword");
        a.agent.gather();
        // A port nobody listens on: every check times out (7 transmissions, last wait 16 RTO).
        a.agent.addRemoteCandidate(new IceCandidate("1", 1, 2_130_706_431L,
                new java.net.InetSocketAddress("127.0.0.1", 9), Candidate.Type.HOST, null));
        a.agent.endOfRemoteCandidates();
        assertTrue(a.awaitState(5_000, IceState.FAILED), "a: " + a.states);
        assertEquals(1, a.agent.counters().pairsFailed());
    }
}
