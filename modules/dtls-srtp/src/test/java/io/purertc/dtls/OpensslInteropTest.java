package io.purertc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.ice.UdpEndpoint;
import io.purertc.rtp.PacketClass;
import io.purertc.srtp.SrtpKeyingMaterial;
import io.purertc.srtp.SrtpProfile;
import java.io.ByteArrayOutputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DTLS-SRTP against OpenSSL, in both roles, over a real loopback UDP socket: the handshake completes, each
 * side checks the other's certificate, and the keying material OpenSSL exports with EXTRACTOR-dtls_srtp is
 * the one ours was split from, byte for byte.
 */
@Tag("interop")
class OpensslInteropTest {

    private static final long TIMEOUT_MILLIS = 15_000;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final AtomicReference<InetSocketAddress> peer = new AtomicReference<>();
    private DtlsEndpoint endpoint;
    private UdpEndpoint udp;

    @AfterEach
    void stop() throws InterruptedException {
        if (endpoint != null) {
            endpoint.close();
        }
        if (udp != null) {
            udp.close();
        }
        executor.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @ParameterizedTest
    @CsvSource({"SRTP_AES128_CM_SHA1_80, AES_CM_128_HMAC_SHA1_80", "SRTP_AEAD_AES_128_GCM, AEAD_AES_128_GCM"})
    void ourServerWithOpensslClient(String opensslProfile, SrtpProfile profile) throws Exception {
        try (Openssl openssl = new Openssl()) {
            bind();
            endpoint = DtlsEndpoint.open(new DtlsConfig(TestCertificates.SERVER, executor), link(), DtlsRole.SERVER,
                    List.of(openssl.fingerprint()), (buf, offset, length) -> { });
            openssl.start("s_client", "-dtls1_2", "-connect", "127.0.0.1:" + udp.localAddress().getPort(),
                    "-use_srtp", opensslProfile, "-keymatexport", WebRtcHandshake.EXPORTER_LABEL,
                    "-keymatexportlen", String.valueOf(profile.keyingMaterialLength()),
                    "-cert", openssl.certificate().toString(), "-key", openssl.key().toString());
            assertExportedEqually(openssl, profile);
        }
    }

    @ParameterizedTest
    @CsvSource({"SRTP_AES128_CM_SHA1_80, AES_CM_128_HMAC_SHA1_80", "SRTP_AEAD_AES_128_GCM, AEAD_AES_128_GCM"})
    void ourClientWithOpensslServer(String opensslProfile, SrtpProfile profile) throws Exception {
        try (Openssl openssl = new Openssl()) {
            int port = freeUdpPort();
            openssl.start("s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port, "-use_srtp", opensslProfile,
                    "-keymatexport", WebRtcHandshake.EXPORTER_LABEL,
                    "-keymatexportlen", String.valueOf(profile.keyingMaterialLength()),
                    "-cert", openssl.certificate().toString(), "-key", openssl.key().toString(), "-verify", "1");
            openssl.awaitLine("ACCEPT", TIMEOUT_MILLIS);
            bind();
            peer.set(new InetSocketAddress("127.0.0.1", port));
            endpoint = DtlsEndpoint.open(new DtlsConfig(TestCertificates.CLIENT, executor), link(), DtlsRole.CLIENT,
                    List.of(openssl.fingerprint()), (buf, offset, length) -> { });
            assertExportedEqually(openssl, profile);
        }
    }

    private void assertExportedEqually(Openssl openssl, SrtpProfile profile) throws Exception {
        DtlsHandshakeResult result = endpoint.handshake().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        String theirs = openssl.awaitLine("Keying material:", TIMEOUT_MILLIS);
        assertEquals(profile, result.profile(), openssl::output);
        assertEquals(theirs, HexFormat.of().withUpperCase().formatHex(exported(result.keyingMaterial())),
                openssl::output);
    }

    /** The exported bytes put back together: client key, server key, client salt, server salt (RFC 5764 §4.2). */
    private static byte[] exported(SrtpKeyingMaterial keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(keys.client().key());
        out.writeBytes(keys.server().key());
        out.writeBytes(keys.client().salt());
        out.writeBytes(keys.server().salt());
        return out.toByteArray();
    }

    /** A loopback socket whose DTLS datagrams go to the endpoint; the first sender becomes the peer. */
    private void bind() throws Exception {
        udp = UdpEndpoint.bind(group, new InetSocketAddress("127.0.0.1", 0), (via, datagram, sender) -> {
            peer.compareAndSet(null, sender);
            if (PacketClass.classify(datagram, 0, datagram.length) == PacketClass.DTLS) {
                endpoint.receive(datagram, 0, datagram.length, sender);
            }
        });
    }

    private DtlsLink link() {
        return new DtlsLink() {
            @Override
            public void send(byte[] buf, int offset, int length) {
                udp.send(buf, offset, length, peer.get());
            }

            @Override
            public int mtu() {
                return 1200;
            }
        };
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return probe.getLocalPort();
        }
    }
}
