package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.sdp.Candidate;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Agents connecting through a real coturn ({@code turnserver}, Debian package coturn) on loopback, one or
 * both forced to relay-only, so every datagram between them crosses the TURN server.
 */
@Tag("interop")
class IceAgentTurnTest {

    @RegisterExtension
    final NettyLeakCheck leakCheck = new NettyLeakCheck();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Random random = new Random(8656);
    private Coturn coturn;
    private AgentPeer a;
    private AgentPeer b;

    @AfterEach
    void stop() throws InterruptedException {
        AgentPeer.closeAll(group, a, b);
        if (coturn != null) {
            coturn.close();
        }
    }

    private IceConfig config(IceRole role, String host) throws Exception {
        return AgentPeer.loopback(group, host, role);
    }

    private void connect(IceConfig configA, IceConfig configB) throws Exception {
        a = new AgentPeer(configA);
        b = new AgentPeer(configB);
        AgentPeer.connect(a, b, 10_000, () -> "\n" + coturn.log());
    }

    /** Numbered datagrams of random sizes both ways; each must arrive whole and unaltered. */
    private void exchange(int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            byte[] ab = datagram(i);
            byte[] ba = datagram(-i - 1);
            a.agent.send(ab, 0, ab.length);
            b.agent.send(ba, 0, ba.length);
            AgentPeer.Datagram atB = b.data.poll(2, TimeUnit.SECONDS);
            AgentPeer.Datagram atA = a.data.poll(2, TimeUnit.SECONDS);
            assertNotNull(atB, "datagram " + i + " a to b lost");
            assertNotNull(atA, "datagram " + i + " b to a lost");
            assertArrayEquals(ab, atB.bytes());
            assertArrayEquals(ba, atA.bytes());
        }
    }

    private byte[] datagram(int number) {
        byte[] bytes = new byte[8 + random.nextInt(1193)];
        random.nextBytes(bytes);
        // An RTP-looking first byte (RFC 7983), then the number.
        bytes[0] = (byte) 0x80;
        ByteBuffer.wrap(bytes, 1, 4).putInt(number);
        return bytes;
    }

    @Test
    void aRelayOnlyAgentConnectsThroughCoturnAndSignalsOnlyItsRelayedCandidate() throws Exception {
        coturn = Coturn.start();
        connect(config(IceRole.CONTROLLING, "127.0.0.1").turnServer(coturn.server()).relayOnly(true),
                config(IceRole.CONTROLLED, "127.0.0.2"));
        assertEquals(1, a.candidates.size(), a.candidates.toString());
        IceCandidate relayed = a.candidates.get(0);
        assertEquals(Candidate.Type.RELAY, relayed.type());
        assertEquals(relayed, a.agent.selectedPair().local());
        assertEquals(relayed.address(), b.agent.selectedPair().remote().address());
        exchange(200);
        assertEquals(0, a.agent.counters().unknownSource());
    }

    @Test
    void twoRelayOnlyAgentsConnectRelayToRelay() throws Exception {
        coturn = Coturn.start();
        connect(config(IceRole.CONTROLLING, "127.0.0.1").turnServer(coturn.server()).relayOnly(true),
                config(IceRole.CONTROLLED, "127.0.0.2").turnServer(coturn.server()).relayOnly(true));
        assertEquals(Candidate.Type.RELAY, a.agent.selectedPair().local().type());
        assertEquals(Candidate.Type.RELAY, a.agent.selectedPair().remote().type());
        assertEquals(Candidate.Type.RELAY, b.agent.selectedPair().local().type());
        exchange(100);
    }

    @Test
    void theRelayedPathOutlivesShortAllocationPermissionAndChannelLifetimes() throws Exception {
        coturn = Coturn.start("--max-allocate-lifetime=3", "--permission-lifetime=3", "--channel-lifetime=3");
        TurnClient.Settings quick = new TurnClient.Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), 64);
        connect(config(IceRole.CONTROLLING, "127.0.0.1").turnServer(coturn.server()).relayOnly(true)
                        .turnSettings(quick),
                config(IceRole.CONTROLLED, "127.0.0.2"));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        int rounds = 0;
        while (System.nanoTime() < end) {
            exchange(1);
            rounds++;
            Thread.sleep(50);
        }
        assertTrue(rounds > 50, "rounds: " + rounds);
        assertEquals(IceState.COMPLETED, a.agent.state());
        assertEquals(IceState.COMPLETED, b.agent.state());
    }
}
