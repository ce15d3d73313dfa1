package io.purertc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.dtls.DtlsHandshakeException.Reason;
import io.purertc.srtp.SrtpProfile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Two endpoints over an in-memory link: keys, profiles, suites, application data and closing. */
class DtlsEndpointTest {

    private final DtlsPair pair = new DtlsPair();

    @AfterEach
    void close() throws InterruptedException {
        pair.close();
    }

    static DtlsHandshakeResult result(DtlsEndpoint endpoint) throws Exception {
        return endpoint.handshake().get(10, TimeUnit.SECONDS);
    }

    /** The failure of an endpoint's handshake, which must fail. */
    static DtlsHandshakeException failure(CompletableFuture<?> handshake) throws InterruptedException {
        ExecutionException e = assertThrows(ExecutionException.class, () -> handshake.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof DtlsHandshakeException, () -> "not a DtlsHandshakeException: " + e.getCause());
        return (DtlsHandshakeException) e.getCause();
    }

    /** Both sides derived the same keys, each protecting with its own and unprotecting with the other's. */
    static void assertSameKeys(DtlsHandshakeResult client, DtlsHandshakeResult server) {
        assertEquals(DtlsRole.CLIENT, client.role());
        assertEquals(DtlsRole.SERVER, server.role());
        assertEquals(client.keyingMaterial(), server.keyingMaterial());
        assertEquals(client.localKey(), server.remoteKey());
        assertEquals(client.remoteKey(), server.localKey());
        assertFalse(client.localKey().equals(client.remoteKey()));
        assertEquals(client.cipherSuite(), server.cipherSuite());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void eitherCertificateInEitherRoleDerivesEqualKeys(boolean firstIsClient) throws Exception {
        DtlsCertificate first = TestCertificates.CLIENT;
        DtlsCertificate second = TestCertificates.SERVER;
        DtlsCertificate client = firstIsClient ? first : second;
        DtlsCertificate server = firstIsClient ? second : first;
        pair.open(pair.config(client), pair.config(server));
        DtlsHandshakeResult atClient = result(pair.client);
        DtlsHandshakeResult atServer = result(pair.server);
        assertSameKeys(atClient, atServer);
        assertEquals(server.fingerprint(), atClient.peerFingerprint());
        assertEquals(client.fingerprint(), atServer.peerFingerprint());
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, atClient.profile());
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", atClient.cipherSuite());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void eachProfileForcedInTurn(SrtpProfile profile) throws Exception {
        pair.open(pair.config(TestCertificates.CLIENT).srtpProfiles(List.of(profile)),
                pair.config(TestCertificates.SERVER).srtpProfiles(List.of(profile)));
        DtlsHandshakeResult client = result(pair.client);
        assertSameKeys(client, result(pair.server));
        assertEquals(profile, client.profile());
        assertEquals(profile.keyLength(), client.localKey().key().length);
        assertEquals(profile.saltLength(), client.localKey().salt().length);
    }

    @Test
    void serverPicksItsMostPreferredProfileAmongTheClientsOffer() throws Exception {
        pair.open(pair.config(TestCertificates.CLIENT).srtpProfiles(
                        List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_32, SrtpProfile.AES_CM_128_HMAC_SHA1_80,
                                SrtpProfile.AEAD_AES_128_GCM)),
                pair.config(TestCertificates.SERVER).srtpProfiles(
                        List.of(SrtpProfile.AEAD_AES_256_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80,
                                SrtpProfile.AES_CM_128_HMAC_SHA1_32)));
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80, result(pair.client).profile());
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80, result(pair.server).profile());
    }

    /**
     * Chromium's ClientHello (a post-quantum key share) comes in two fragments, which a stateless cookie check
     * cannot read: the server takes it without a HelloVerifyRequest and bctls reassembles it.
     */
    @Test
    void aFragmentedClientHelloIsTakenWithoutACookieRound() throws Exception {
        pair.toServer.mtu = 160;
        pair.open(pair.config(TestCertificates.CLIENT), pair.config(TestCertificates.SERVER));
        assertSameKeys(result(pair.client), result(pair.server));
        byte[] first = pair.toServer.sent.get(0);
        assertTrue(DtlsRecordHeader.opensWithClientHello(first, 0, first.length));
        assertTrue(DtlsRecordHeader.clientHelloIsFragmented(first, 0, first.length));
        assertEquals(0, pair.server.counters().unverifiedClientHellos());
    }

    @Test
    void aWholeClientHelloStillGetsACookie() throws Exception {
        pair.open(pair.config(TestCertificates.CLIENT), pair.config(TestCertificates.SERVER));
        assertSameKeys(result(pair.client), result(pair.server));
        byte[] first = pair.toServer.sent.get(0);
        assertFalse(DtlsRecordHeader.clientHelloIsFragmented(first, 0, first.length));
        assertEquals(1, pair.server.counters().unverifiedClientHellos());
    }

    @Test
    void rsaServerNegotiatesEcdheRsa() throws Exception {
        pair.open(pair.config(TestCertificates.CLIENT), pair.config(TestCertificates.RSA));
        DtlsHandshakeResult client = result(pair.client);
        assertSameKeys(client, result(pair.server));
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", client.cipherSuite());
        assertEquals(TestCertificates.RSA.fingerprint(), client.peerFingerprint());
    }

    @Test
    void rsaClientCertificateIsAccepted() throws Exception {
        pair.open(pair.config(TestCertificates.RSA), pair.config(TestCertificates.SERVER));
        assertSameKeys(result(pair.client), result(pair.server));
        assertEquals(TestCertificates.RSA.fingerprint(), result(pair.server).peerFingerprint());
    }

    @Test
    void applicationDataBothWaysThenCloseNotify() throws Exception {
        pair.open(pair.config(TestCertificates.CLIENT), pair.config(TestCertificates.SERVER));
        result(pair.client);
        result(pair.server);
        for (int i = 0; i < 50; i++) {
            byte[] up = ("client " + i).getBytes(StandardCharsets.US_ASCII);
            byte[] down = ("server " + i).getBytes(StandardCharsets.US_ASCII);
            pair.client.send(up, 0, up.length);
            pair.server.send(down, 0, down.length);
            assertArrayEquals(up, pair.atServer.poll(10, TimeUnit.SECONDS));
            assertArrayEquals(down, pair.atClient.poll(10, TimeUnit.SECONDS));
        }
        byte[] largest = new byte[pair.client.sendLimit()];
        pair.client.send(largest, 0, largest.length);
        assertEquals(largest.length, pair.atServer.poll(10, TimeUnit.SECONDS).length);
        assertThrows(IllegalArgumentException.class, () -> pair.client.send(new byte[largest.length + 1], 0, largest.length + 1));

        pair.client.close();
        assertTrue(pair.client.isClosed());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!pair.server.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(pair.server.isClosed(), "the server saw no close_notify");
        assertThrows(IllegalStateException.class, () -> pair.server.send(new byte[1], 0, 1));
        pair.client.close();
    }

    @Test
    void aThrowingHandlerIsCountedAndDeliveryGoesOn() throws Exception {
        pair.openServer(pair.config(TestCertificates.SERVER), List.of(TestCertificates.CLIENT.fingerprint()),
                (buf, offset, length) -> {
                    if (buf[offset] == 0) {
                        throw new IllegalStateException("handler bug");
                    }
                    pair.atServer.add(new byte[] {buf[offset]});
                });
        pair.openClient(pair.config(TestCertificates.CLIENT), List.of(TestCertificates.SERVER.fingerprint()));
        result(pair.client);
        pair.client.send(new byte[] {0}, 0, 1);
        pair.client.send(new byte[] {7}, 0, 1);
        assertArrayEquals(new byte[] {7}, pair.atServer.poll(10, TimeUnit.SECONDS));
        assertEquals(1, pair.server.counters().handlerErrors());
    }

    @Test
    void sendBeforeTheHandshakeIsRefused() throws Exception {
        pair.toServer.pass = datagram -> false;
        pair.open(pair.config(TestCertificates.CLIENT), pair.config(TestCertificates.SERVER));
        assertThrows(IllegalStateException.class, () -> pair.client.send(new byte[1], 0, 1));
        assertThrows(IllegalStateException.class, () -> pair.client.sendLimit());
    }

    @Test
    void closingDuringTheHandshakeFailsItAsClosed() throws Exception {
        pair.toClient.pass = datagram -> false;
        pair.open(pair.config(TestCertificates.CLIENT), pair.config(TestCertificates.SERVER));
        pair.client.close();
        pair.server.close();
        assertEquals(Reason.CLOSED, failure(pair.client.handshake()).reason());
        assertEquals(Reason.CLOSED, failure(pair.server.handshake()).reason());
        assertTrue(pair.client.isClosed());
        pair.client.close();
    }

    @Test
    void anExecutorThatRefusesFailsTheHandshakeAsOverloaded() throws Exception {
        DtlsConfig refusing = new DtlsConfig(TestCertificates.CLIENT, task -> {
            throw new RejectedExecutionException("full");
        });
        DtlsEndpoint client = pair.openClient(refusing, List.of(TestCertificates.SERVER.fingerprint()));
        DtlsHandshakeException e = failure(client.handshake());
        assertEquals(Reason.OVERLOADED, e.reason());
        assertNotNull(e.getCause());
        assertTrue(client.isClosed());
    }
}
