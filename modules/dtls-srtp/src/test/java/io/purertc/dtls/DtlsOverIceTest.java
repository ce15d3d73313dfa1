package io.purertc.dtls;

import static io.purertc.dtls.DtlsEndpointTest.assertSameKeys;
import static io.purertc.dtls.DtlsEndpointTest.result;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.ice.IceAgent;
import io.purertc.ice.IceCandidate;
import io.purertc.ice.IceConfig;
import io.purertc.ice.IceRole;
import io.purertc.ice.IceState;
import io.purertc.rtp.PacketClass;
import io.purertc.srtp.SrtpProfile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DTLS over two real ICE agents on loopback: the agents connect, then each endpoint sends with
 * {@code IceAgent::send} and receives what the agent's data handler classes as DTLS (RFC 7983).
 */
class DtlsOverIceTest {

    /** One agent, carrying one endpoint's datagrams once connected. */
    private static final class IcePeer implements IceAgent.Listener, IceAgent.DataHandler, DtlsLink {
        final IceAgent agent;
        final BlockingQueue<byte[]> applicationData = new LinkedBlockingQueue<>();
        volatile DtlsEndpoint endpoint;
        volatile Consumer<IceCandidate> signal = candidate -> { };
        volatile Runnable signalEnd = () -> { };

        IcePeer(EventLoopGroup group, IceRole role) throws Exception {
            agent = IceAgent.create(new IceConfig(group).role(role).includeLoopback(true)
                    .hostAddresses(List.of(InetAddress.getByName("127.0.0.1"))), this, this);
        }

        @Override
        public void onLocalCandidate(IceCandidate candidate) {
            signal.accept(candidate);
        }

        @Override
        public void onGatheringComplete() {
            signalEnd.run();
        }

        @Override
        public void onData(byte[] datagram, InetSocketAddress from) {
            DtlsEndpoint receiving = endpoint;
            if (receiving != null && PacketClass.classify(datagram, 0, datagram.length) == PacketClass.DTLS) {
                receiving.receive(datagram, 0, datagram.length, from);
            }
        }

        @Override
        public void send(byte[] buf, int offset, int length) {
            agent.send(buf, offset, length);
        }

        @Override
        public int mtu() {
            return 1200;
        }

        /** On the agent's event loop, so no datagram for the endpoint arrives before it exists. */
        void open(DtlsConfig config, DtlsRole role, DtlsCertificate peerCertificate) throws Exception {
            agent.eventLoop().submit(() -> endpoint = DtlsEndpoint.open(config, this, role,
                    List.of(peerCertificate.fingerprint()), DtlsPair.collect(applicationData))).get();
        }

        boolean awaitCompleted() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (agent.state() != IceState.COMPLETED && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            return agent.state() == IceState.COMPLETED;
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private IcePeer controlling;
    private IcePeer controlled;

    @AfterEach
    void stop() throws InterruptedException {
        for (IcePeer peer : new IcePeer[] {controlling, controlled}) {
            if (peer != null) {
                if (peer.endpoint != null) {
                    peer.endpoint.close();
                }
                peer.agent.close();
            }
        }
        executor.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    static Stream<Arguments> profilesAndRoles() {
        return Stream.of(SrtpProfile.values())
                .flatMap(profile -> Stream.of(Arguments.of(profile, true), Arguments.of(profile, false)));
    }

    @ParameterizedTest
    @MethodSource("profilesAndRoles")
    void handshakeOverConnectedAgents(SrtpProfile profile, boolean controllingIsClient) throws Exception {
        controlling = new IcePeer(group, IceRole.CONTROLLING);
        controlled = new IcePeer(group, IceRole.CONTROLLED);
        controlling.signal = controlled.agent::addRemoteCandidate;
        controlled.signal = controlling.agent::addRemoteCandidate;
        controlling.signalEnd = controlled.agent::endOfRemoteCandidates;
        controlled.signalEnd = controlling.agent::endOfRemoteCandidates;
        controlling.agent.setRemoteCredentials(controlled.agent.localUfrag(), controlled.agent.localPassword());
        controlled.agent.setRemoteCredentials(controlling.agent.localUfrag(), controlling.agent.localPassword());
        controlling.agent.gather();
        controlled.agent.gather();
        assertTrue(controlling.awaitCompleted() && controlled.awaitCompleted(), "ICE did not connect");

        IcePeer client = controllingIsClient ? controlling : controlled;
        IcePeer server = controllingIsClient ? controlled : controlling;
        DtlsConfig clientConfig = new DtlsConfig(TestCertificates.CLIENT, executor).srtpProfiles(List.of(profile));
        DtlsConfig serverConfig = new DtlsConfig(TestCertificates.SERVER, executor).srtpProfiles(List.of(profile));
        server.open(serverConfig, DtlsRole.SERVER, TestCertificates.CLIENT);
        client.open(clientConfig, DtlsRole.CLIENT, TestCertificates.SERVER);

        DtlsHandshakeResult atClient = result(client.endpoint);
        assertSameKeys(atClient, result(server.endpoint));
        assertEquals(profile, atClient.profile());

        byte[] data = {42, 43};
        client.endpoint.send(data, 0, data.length);
        assertArrayEquals(data, server.applicationData.poll(10, TimeUnit.SECONDS));
    }
}
