package io.purertc.dtls;

import static io.purertc.dtls.DtlsEndpointTest.assertSameKeys;
import static io.purertc.dtls.DtlsEndpointTest.failure;
import static io.purertc.dtls.DtlsEndpointTest.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.dtls.DtlsHandshakeException.Reason;
import io.purertc.sdp.Fingerprint;
import io.purertc.srtp.SrtpProfile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The six bctls traps, each met by a peer that springs it, plus the fingerprint and use_srtp rules: every
 * failure names its cause, and no side that failed ever yields keys.
 */
class DtlsTrapsTest {

    private final DtlsPair pair = new DtlsPair();

    @AfterEach
    void close() throws InterruptedException {
        pair.close();
    }

    private DtlsConfig clientConfig() {
        return pair.config(TestCertificates.CLIENT);
    }

    private DtlsConfig serverConfig() {
        return pair.config(TestCertificates.SERVER);
    }

    private DtlsEndpoint openServer() throws Exception {
        return pair.openServer(serverConfig(), List.of(TestCertificates.CLIENT.fingerprint()));
    }

    private DtlsEndpoint openClient() throws Exception {
        return pair.openClient(clientConfig(), List.of(TestCertificates.SERVER.fingerprint()));
    }

    private WebRtcHandshake rawClientRules() {
        return RawPeer.rules(clientConfig(), DtlsRole.CLIENT, TestCertificates.SERVER);
    }

    private WebRtcHandshake rawServerRules() {
        return RawPeer.rules(serverConfig(), DtlsRole.SERVER, TestCertificates.CLIENT);
    }

    /** A client of ours that offers only {@code suites}. */
    private DtlsSrtpClient clientOffering(int... suites) {
        return new DtlsSrtpClient(rawClientRules()) {
            @Override
            protected int[] getSupportedCipherSuites() {
                return suites;
            }
        };
    }

    private static void assertMessage(DtlsHandshakeException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "\"" + part + "\" not in: " + e.getMessage());
        }
    }

    // Trap 1: bctls's default server has no ECDSA suites, and browsers offer little else.

    @Test
    void clientOfferingOnlyTheMandatoryEcdsaSuiteIsServed() throws Exception {
        DtlsEndpoint server = openServer();
        DTLSTransport client = RawPeer.connect(pair,
                clientOffering(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)).get(10, TimeUnit.SECONDS);
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", result(server).cipherSuite());
        client.close();
    }

    @Test
    void serverPrefersAes128GcmWhateverTheClientsOrder() throws Exception {
        DtlsEndpoint server = openServer();
        RawPeer.connect(pair, clientOffering(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)).get(10, TimeUnit.SECONDS);
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", result(server).cipherSuite());
    }

    @Test
    void clientWithNoCommonSuiteFailsClearly() throws Exception {
        DtlsEndpoint server = openServer();
        RawPeer.connect(pair, clientOffering(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256));
        DtlsHandshakeException e = failure(server.handshake());
        assertEquals(Reason.NO_COMMON_ALGORITHM, e.reason());
        assertMessage(e, "no cipher suite in common", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    }

    // Trap 2: without a CertificateRequest the client's certificate, and so its fingerprint, is never seen.

    @Test
    void clientWithoutCertificateIsRejected() throws Exception {
        DtlsEndpoint server = openServer();
        var client = RawPeer.connect(pair, new DtlsSrtpClient(rawClientRules()) {
            @Override
            public TlsAuthentication getAuthentication() {
                return new TlsAuthentication() {
                    @Override
                    public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                    }

                    @Override
                    public TlsCredentials getClientCredentials(CertificateRequest request) {
                        return null;
                    }
                };
            }
        });
        DtlsHandshakeException e = failure(server.handshake());
        assertEquals(Reason.NO_PEER_CERTIFICATE, e.reason());
        assertMessage(e, "client sent no certificate");
        assertTrue(client.handle((transport, thrown) -> thrown != null).get(10, TimeUnit.SECONDS));
    }

    // Trap 3: key export needs extended_master_secret.

    @Test
    void clientWithoutExtendedMasterSecretIsRejected() throws Exception {
        DtlsEndpoint server = openServer();
        RawPeer.connect(pair, new DtlsSrtpClient(rawClientRules()) {
            @Override
            public boolean shouldUseExtendedMasterSecret() {
                return false;
            }
        });
        DtlsHandshakeException e = failure(server.handshake());
        assertEquals(Reason.NO_EXTENDED_MASTER_SECRET, e.reason());
        assertMessage(e, "client did not negotiate extended_master_secret", "RFC 7627");
    }

    @Test
    void serverWithoutExtendedMasterSecretIsRejected() throws Exception {
        RawPeer.accept(pair, new DtlsSrtpServer(rawServerRules()) {
            @Override
            public boolean shouldUseExtendedMasterSecret() {
                return false;
            }

            @Override
            void requireExtendedMasterSecret() {
            }
        });
        DtlsHandshakeException e = failure(openClient().handshake());
        assertEquals(Reason.NO_EXTENDED_MASTER_SECRET, e.reason());
        assertMessage(e, "server did not negotiate extended_master_secret");
    }

    // Trap 4: bctls waits for ever unless told otherwise.

    @Test
    void clientWhoseDatagramsAreLostTimesOut() throws Exception {
        pair.toServer.pass = datagram -> false;
        pair.open(clientConfig().handshakeTimeout(Duration.ofMillis(400)), serverConfig().handshakeTimeout(Duration.ofMillis(400)));
        long start = System.nanoTime();
        DtlsHandshakeException client = failure(pair.client.handshake());
        DtlsHandshakeException server = failure(pair.server.handshake());
        assertEquals(Reason.TIMEOUT, client.reason());
        assertEquals(Reason.TIMEOUT, server.reason());
        assertMessage(client, "within the 400 ms time-out");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5_000);
        assertTrue(pair.client.isClosed() && pair.server.isClosed());
    }

    @Test
    void handshakeStalledHalfwayTimesOutOnBothSides() throws Exception {
        AtomicInteger fromServer = new AtomicInteger();
        // The HelloVerifyRequest gets through, the server's first flight does not.
        pair.toClient.pass = datagram -> fromServer.incrementAndGet() <= 1;
        pair.open(clientConfig().handshakeTimeout(Duration.ofMillis(600)), serverConfig().handshakeTimeout(Duration.ofMillis(600)));
        assertEquals(Reason.TIMEOUT, failure(pair.client.handshake()).reason());
        assertEquals(Reason.TIMEOUT, failure(pair.server.handshake()).reason());
        assertTrue(fromServer.get() > 1, "the server never started its handshake");
    }

    // Trap 5: bctls's server path does no cookie exchange; a spoofed ClientHello must cost no state.

    @Test
    void floodOfCookielessClientHellosCostsNoStateAndARealClientStillConnects() throws Exception {
        AtomicInteger tasks = new AtomicInteger();
        Executor counting = task -> {
            tasks.incrementAndGet();
            pair.executor.execute(task);
        };
        DtlsEndpoint server = pair.openServer(new DtlsConfig(TestCertificates.SERVER, counting),
                List.of(TestCertificates.CLIENT.fingerprint()));
        byte[] cookieless = CapturedHandshake.ONE.fromClient.get(0);
        // A ClientHello carrying a cookie another server's secret made, for another address.
        byte[] foreignCookie = CapturedHandshake.ONE.fromClient.get(1);
        int flood = 5_000;
        Random random = new Random(5);
        pair.serverLoop.submit(() -> {
            for (int i = 0; i < flood; i++) {
                InetSocketAddress spoofed = new InetSocketAddress("198.51.100." + random.nextInt(256), 1024 + random.nextInt(60_000));
                byte[] hello = (i % 10 == 0 ? foreignCookie : cookieless).clone();
                server.receive(hello, 0, hello.length, spoofed);
            }
        }).sync();
        assertEquals(flood, server.counters().unverifiedClientHellos());
        assertEquals(0, tasks.get(), "a handshake started without a cookie round trip");
        assertFalse(server.handshake().isDone());
        assertEquals(flood, pair.toClient.sent.size(), "each ClientHello gets one HelloVerifyRequest");
        for (byte[] helloVerifyRequest : pair.toClient.sent) {
            assertTrue(helloVerifyRequest.length < cookieless.length, "a HelloVerifyRequest must not amplify");
        }

        pair.toClient.sent.clear();
        DtlsEndpoint client = openClient();
        assertSameKeys(result(client), result(server));
        assertEquals(1, tasks.get(), "one handshake, for the one client that returned its cookie");
    }

    // Trap 6: browsers offer DTLS 1.3 in supported_versions; the answer must be a clean DTLS 1.2.

    @Test
    void clientOfferingDtls13IsAnsweredWithDtls12() throws Exception {
        DtlsEndpoint server = openServer();
        AtomicInteger negotiated = new AtomicInteger();
        DTLSTransport client = RawPeer.connect(pair, new DtlsSrtpClient(rawClientRules()) {
            @Override
            @SuppressWarnings({"rawtypes", "unchecked"})
            public Hashtable getClientExtensions() throws IOException {
                Hashtable extensions = super.getClientExtensions();
                TlsExtensionsUtils.addSupportedVersionsExtensionClient(extensions,
                        new ProtocolVersion[] {ProtocolVersion.DTLSv13, ProtocolVersion.DTLSv12});
                return extensions;
            }

            @Override
            public void notifyHandshakeComplete() throws IOException {
                super.notifyHandshakeComplete();
                negotiated.set(context.getServerVersion().getFullVersion());
            }
        }).get(10, TimeUnit.SECONDS);
        // supported_versions (0x002b), 5 bytes: a 4-byte list of DTLS 1.3 (0xfefc) and DTLS 1.2 (0xfefd).
        String hello = HexFormat.of().formatHex(pair.toServer.sent.get(0));
        assertTrue(hello.contains("002b000504fefcfefd"), hello);
        assertEquals(ProtocolVersion.DTLSv12.getFullVersion(), negotiated.get());
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, result(server).profile());
        client.close();
    }

    // Fingerprints: a mismatch aborts, says so, and yields no keys on either side.

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void fingerprintMismatchAbortsWithoutKeys(boolean clientIsWrong) throws Exception {
        Fingerprint stranger = TestCertificates.RSA.fingerprint();
        pair.open(clientConfig(), List.of(clientIsWrong ? stranger : TestCertificates.SERVER.fingerprint()),
                serverConfig(), List.of(clientIsWrong ? TestCertificates.CLIENT.fingerprint() : stranger));
        DtlsHandshakeException checker = failure((clientIsWrong ? pair.client : pair.server).handshake());
        DtlsHandshakeException other = failure((clientIsWrong ? pair.server : pair.client).handshake());
        assertEquals(Reason.FINGERPRINT_MISMATCH, checker.reason());
        assertMessage(checker, "fingerprint mismatch", stranger.fingerprint());
        assertEquals(Reason.PEER_ALERT, other.reason());
        assertMessage(other, "bad_certificate");
        assertTrue(pair.client.isClosed() && pair.server.isClosed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-1", "sha-384", "sha-512"})
    void fingerprintsUnderOtherHashesAreChecked(String hash) throws Exception {
        pair.open(clientConfig(), List.of(TestCertificates.SERVER.fingerprint(hash)),
                serverConfig(), List.of(TestCertificates.CLIENT.fingerprint(hash)));
        assertSameKeys(result(pair.client), result(pair.server));
    }

    // use_srtp: no common profile fails clearly.

    @Test
    void noCommonSrtpProfileFailsClearly() throws Exception {
        pair.open(clientConfig().srtpProfiles(List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80)),
                serverConfig().srtpProfiles(List.of(SrtpProfile.AEAD_AES_128_GCM)));
        DtlsHandshakeException server = failure(pair.server.handshake());
        assertEquals(Reason.NO_COMMON_SRTP_PROFILE, server.reason());
        assertMessage(server, "offered SRTP profiles [0x0001]", "AEAD_AES_128_GCM");
        assertEquals(Reason.PEER_ALERT, failure(pair.client.handshake()).reason());
    }

    @Test
    void clientWithoutUseSrtpIsRejected() throws Exception {
        DtlsEndpoint server = openServer();
        RawPeer.connect(pair, new DtlsSrtpClient(rawClientRules()) {
            @Override
            @SuppressWarnings("rawtypes")
            public Hashtable getClientExtensions() throws IOException {
                Hashtable extensions = super.getClientExtensions();
                extensions.remove(TlsSRTPUtils.EXT_use_srtp);
                return extensions;
            }
        });
        DtlsHandshakeException e = failure(server.handshake());
        assertEquals(Reason.NO_COMMON_SRTP_PROFILE, e.reason());
        assertMessage(e, "no use_srtp extension");
    }
}
