package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A server's lite agents share one UDP port; browser-like full agents each connect to their own. */
class IceAgentMuxTest {

    @RegisterExtension
    final NettyLeakCheck leakCheck = new NettyLeakCheck();

    private static final int CLIENTS = 4;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<AgentPeer> peers = new ArrayList<>();
    private UdpMux mux;

    @AfterEach
    void stop() throws InterruptedException {
        peers.forEach(peer -> peer.agent.close());
        if (mux != null) {
            mux.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void liteServerAgentsOnOnePortEachReachTheirOwnClient(String host) throws Exception {
        mux = UdpMux.bind(group, new InetSocketAddress(host, 0));
        List<AgentPeer> servers = new ArrayList<>();
        List<AgentPeer> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            AgentPeer server = new AgentPeer(new IceConfig(group).lite(true).mux(mux));
            AgentPeer client = new AgentPeer(new IceConfig(group).includeLoopback(true)
                    .hostAddresses(List.of(InetAddress.getByName(host))));
            servers.add(server);
            clients.add(client);
            peers.add(server);
            peers.add(client);
            AgentPeer.wire(server, client);
            server.agent.gather();
            client.agent.gather();
        }
        for (int i = 0; i < CLIENTS; i++) {
            AgentPeer server = servers.get(i);
            AgentPeer client = clients.get(i);
            assertTrue(server.awaitState(5_000, IceState.COMPLETED), "server " + i + ": " + server.states);
            assertTrue(client.awaitState(5_000, IceState.COMPLETED), "client " + i + ": " + client.states);
            assertEquals(mux.localAddress(), server.agent.selectedPair().local().address());
            assertEquals(client.agent.selectedPair().local().address(), server.agent.selectedPair().remote().address());
        }
        for (int i = 0; i < CLIENTS; i++) {
            byte[] down = {(byte) 0x80, 'd', (byte) i};
            byte[] up = {(byte) 0x80, 'u', (byte) i};
            servers.get(i).agent.send(down, 0, down.length);
            clients.get(i).agent.send(up, 0, up.length);
        }
        for (int i = 0; i < CLIENTS; i++) {
            AgentPeer.Datagram atClient = clients.get(i).data.poll(2, TimeUnit.SECONDS);
            AgentPeer.Datagram atServer = servers.get(i).data.poll(2, TimeUnit.SECONDS);
            assertNotNull(atClient, "client " + i);
            assertNotNull(atServer, "server " + i);
            assertArrayEquals(new byte[] {(byte) 0x80, 'd', (byte) i}, atClient.bytes());
            assertArrayEquals(new byte[] {(byte) 0x80, 'u', (byte) i}, atServer.bytes());
            assertEquals(mux.localAddress(), atClient.from());
        }
        assertEquals(0, mux.counters().unroutable());
    }
}
