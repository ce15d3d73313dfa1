package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.sdp.Candidate;
import io.purertc.stun.StunClass;
import io.purertc.stun.StunMessage;
import io.purertc.stun.StunMessageWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Server-reflexive candidates from a STUN server on loopback that plays a NAT: it answers each Binding
 * request with a mapped address in a documentation range (RFC 5737) instead of the real source.
 */
class ServerReflexiveGatheringTest {

    @RegisterExtension
    final NettyLeakCheck leakCheck = new NettyLeakCheck();

    private static final InetSocketAddress PUBLIC = new InetSocketAddress("203.0.113.9", 40_000);

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private UdpEndpoint stunServer;
    private AgentPeer peer;

    @AfterEach
    void stop() throws InterruptedException {
        if (peer != null) {
            peer.agent.close();
        }
        LoopbackTeardown.close(group, stunServer);
    }

    private UdpEndpoint natStunServer() throws Exception {
        byte[] answer = new byte[64];
        return UdpEndpoint.bind(group, new InetSocketAddress("127.0.0.1", 0), (via, datagram, sender) -> {
            try {
                StunMessage request = StunMessage.parse(datagram, 0, datagram.length);
                int length = new StunMessageWriter(answer, 0, StunMessage.BINDING, StunClass.SUCCESS_RESPONSE,
                        request.transactionId()).xorMappedAddress(PUBLIC).fingerprint().length();
                via.send(answer, 0, length, sender);
            } catch (MalformedPacketException e) {
                throw new AssertionError(e);
            }
        });
    }

    private IceConfig config() throws Exception {
        return new IceConfig(group).includeLoopback(true).hostAddresses(List.of(InetAddress.getByName("127.0.0.1")));
    }

    private void awaitGathering() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!peer.gatheringComplete && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(peer.gatheringComplete, "gathering never completed");
    }

    @Test
    void aMappedAddressBecomesAServerReflexiveCandidateRelatedToItsBase() throws Exception {
        stunServer = natStunServer();
        peer = new AgentPeer(config().stunServer(stunServer.localAddress()));
        peer.agent.gather();
        awaitGathering();
        assertEquals(2, peer.candidates.size(), peer.candidates.toString());
        IceCandidate host = peer.candidates.get(0);
        IceCandidate srflx = peer.candidates.get(1);
        assertEquals(Candidate.Type.HOST, host.type());
        assertEquals(Candidate.Type.SRFLX, srflx.type());
        assertEquals(PUBLIC, srflx.address());
        assertEquals(host.address(), srflx.relatedAddress());
        // RFC 8445 §5.1.2: type preference 100 against the host's 126, same local preference and component.
        assertEquals(host.priority() - ((long) (126 - 100) << 24), srflx.priority());
        assertTrue(!srflx.foundation().equals(host.foundation()));
    }

    @Test
    void aSilentStunServerDelaysGatheringOnlyUntilItsTransactionTimesOut() throws Exception {
        UdpEndpoint silent = UdpEndpoint.bind(group, new InetSocketAddress("127.0.0.1", 0), (via, d, s) -> { });
        stunServer = silent;
        peer = new AgentPeer(config().stunServer(silent.localAddress()).checkRto(Duration.ofMillis(2)));
        peer.agent.gather();
        awaitGathering();
        assertEquals(1, peer.candidates.size());
        assertEquals(Candidate.Type.HOST, peer.candidates.get(0).type());
    }

    @Test
    void anIpv6HostAsksNoIpv4StunServer() throws Exception {
        stunServer = natStunServer();
        peer = new AgentPeer(new IceConfig(group).includeLoopback(true)
                .hostAddresses(List.of(InetAddress.getByName("::1"))).stunServer(stunServer.localAddress()));
        peer.agent.gather();
        awaitGathering();
        assertEquals(1, peer.candidates.size());
    }
}
