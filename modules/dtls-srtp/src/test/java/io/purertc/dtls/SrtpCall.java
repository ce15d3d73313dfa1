package io.purertc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.ice.IceAgent;
import io.purertc.ice.IceCandidate;
import io.purertc.ice.IceConfig;
import io.purertc.ice.IceRole;
import io.purertc.ice.IceState;
import io.purertc.rtp.PacketClass;
import io.purertc.srtp.SrtpOptions;
import io.purertc.srtp.SrtpProfile;
import io.purertc.srtp.SrtpSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A whole DTLS-SRTP call in one process, as the peer layer will run it: two ICE agents connect over IPv4
 * loopback, DTLS runs over the selected pair, and each side keys an {@link SrtpSession} from its handshake
 * to protect RTP and RTCP for the other. Every datagram is told apart by its first byte (RFC 7983).
 */
final class SrtpCall implements AutoCloseable {

    /** One side: an agent, the DTLS endpoint over it, and the SRTP session its handshake keyed. */
    static final class Side implements IceAgent.Listener, IceAgent.DataHandler, DtlsLink {
        final IceAgent agent;
        /** Unprotected RTP and RTCP from the other side, in arrival order. */
        final BlockingQueue<byte[]> media = new LinkedBlockingQueue<>();
        /** Datagrams that failed to unprotect. */
        final AtomicLong refused = new AtomicLong();
        /** DTLS application data from the other side. */
        final BlockingQueue<byte[]> applicationData = new LinkedBlockingQueue<>();
        volatile DtlsEndpoint endpoint;
        volatile SrtpSession srtp;
        volatile Consumer<IceCandidate> signal = candidate -> { };
        volatile Runnable signalEnd = () -> { };

        Side(EventLoopGroup group, IceRole role) throws Exception {
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
            PacketClass kind = PacketClass.classify(datagram, 0, datagram.length);
            if (kind == PacketClass.DTLS && endpoint != null) {
                endpoint.receive(datagram, 0, datagram.length, from);
            } else if ((kind == PacketClass.RTP || kind == PacketClass.RTCP) && srtp != null) {
                int length = kind == PacketClass.RTP ? srtp.unprotectRtp(datagram, 0, datagram.length)
                        : srtp.unprotectRtcp(datagram, 0, datagram.length);
                if (length < 0) {
                    refused.incrementAndGet();
                } else {
                    media.add(Arrays.copyOf(datagram, length));
                }
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

        /** Protects a copy of {@code packet} (RTP or RTCP by its second byte) on the agent's loop and sends it. */
        void sendMedia(byte[] packet) throws Exception {
            agent.eventLoop().submit(() -> {
                byte[] buf = Arrays.copyOf(packet, packet.length + Math.max(srtp.rtpOverhead(), srtp.rtcpOverhead()));
                boolean rtcp = PacketClass.classify(packet, 0, packet.length) == PacketClass.RTCP;
                int length = rtcp ? srtp.protectRtcp(buf, 0, packet.length) : srtp.protectRtp(buf, 0, packet.length);
                if (length < 0) {
                    throw new IllegalStateException("protect failed: " + length);
                }
                agent.send(buf, 0, length);
            }).get();
        }
    }

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    final ExecutorService executor = Executors.newFixedThreadPool(2);
    final Side controlling;
    final Side controlled;
    DtlsHandshakeResult clientResult;
    DtlsHandshakeResult serverResult;
    Side client;
    Side server;

    private SrtpCall() throws Exception {
        controlling = new Side(group, IceRole.CONTROLLING);
        controlled = new Side(group, IceRole.CONTROLLED);
    }

    /** Connects ICE, runs the DTLS handshake with {@code profile} alone offered, and keys both SRTP sessions. */
    static SrtpCall connect(SrtpProfile profile, boolean controllingIsClient, DtlsCertificate clientCertificate,
                            DtlsCertificate serverCertificate) throws Exception {
        SrtpCall call = new SrtpCall();
        try {
            call.start(profile, controllingIsClient, clientCertificate, serverCertificate);
            return call;
        } catch (Exception | Error e) {
            call.close();
            throw e;
        }
    }

    private void start(SrtpProfile profile, boolean controllingIsClient, DtlsCertificate clientCertificate,
                       DtlsCertificate serverCertificate) throws Exception {
        controlling.signal = controlled.agent::addRemoteCandidate;
        controlled.signal = controlling.agent::addRemoteCandidate;
        controlling.signalEnd = controlled.agent::endOfRemoteCandidates;
        controlled.signalEnd = controlling.agent::endOfRemoteCandidates;
        controlling.agent.setRemoteCredentials(controlled.agent.localUfrag(), controlled.agent.localPassword());
        controlled.agent.setRemoteCredentials(controlling.agent.localUfrag(), controlling.agent.localPassword());
        controlling.agent.gather();
        controlled.agent.gather();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((controlling.agent.state() != IceState.COMPLETED || controlled.agent.state() != IceState.COMPLETED)
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (controlling.agent.state() != IceState.COMPLETED || controlled.agent.state() != IceState.COMPLETED) {
            throw new IllegalStateException("ICE did not complete: " + controlling.agent.state() + " / "
                    + controlled.agent.state());
        }
        client = controllingIsClient ? controlling : controlled;
        server = controllingIsClient ? controlled : controlling;
        open(server, new DtlsConfig(serverCertificate, executor).srtpProfiles(List.of(profile)), DtlsRole.SERVER,
                clientCertificate);
        open(client, new DtlsConfig(clientCertificate, executor).srtpProfiles(List.of(profile)), DtlsRole.CLIENT,
                serverCertificate);
        clientResult = client.endpoint.handshake().get(10, TimeUnit.SECONDS);
        serverResult = server.endpoint.handshake().get(10, TimeUnit.SECONDS);
        client.srtp = SrtpSession.create(clientResult.keyingMaterial(), true, SrtpOptions.DEFAULT);
        server.srtp = SrtpSession.create(serverResult.keyingMaterial(), false, SrtpOptions.DEFAULT);
    }

    /** On the agent's event loop, so no datagram for the endpoint arrives before it exists. */
    private static void open(Side side, DtlsConfig config, DtlsRole role, DtlsCertificate peer) throws Exception {
        side.agent.eventLoop().submit(() -> side.endpoint = DtlsEndpoint.open(config, side, role,
                List.of(peer.fingerprint()), DtlsPair.collect(side.applicationData))).get();
    }

    /** A version-2 RTP packet: PT 111, the given sequence number, SSRC, and a random payload. */
    static byte[] rtp(int ssrc, int sequence, Random random) {
        byte[] payload = new byte[20 + random.nextInt(1000)];
        random.nextBytes(payload);
        return ByteBuffer.allocate(12 + payload.length).put((byte) 0x80).put((byte) 111).putShort((short) sequence)
                .putInt(sequence * 960).putInt(ssrc).put(payload).array();
    }

    /** A receiver report without report blocks (RFC 3550 §6.4.2). */
    static byte[] rtcp(int ssrc) {
        return ByteBuffer.allocate(8).put((byte) 0x80).put((byte) 201).putShort((short) 1).putInt(ssrc).array();
    }

    /** 50 packets each way, one in ten RTCP, sequence numbers crossing the wrap; each must arrive intact. */
    void exchange(Random random) throws Exception {
        for (Side from : new Side[] {controlling, controlled}) {
            Side to = from == controlling ? controlled : controlling;
            int ssrc = random.nextInt();
            for (int i = 0; i < 50; i++) {
                byte[] packet = i % 10 == 9 ? rtcp(ssrc) : rtp(ssrc, 65_530 + i, random);
                from.sendMedia(packet);
                byte[] received = to.media.poll(5, TimeUnit.SECONDS);
                assertNotNull(received, "packet " + i + " lost");
                assertArrayEquals(packet, received);
            }
            assertEquals(0, to.refused.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Side side : new Side[] {controlling, controlled}) {
            if (side.endpoint != null) {
                side.endpoint.close();
            }
            side.agent.close();
        }
        executor.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
