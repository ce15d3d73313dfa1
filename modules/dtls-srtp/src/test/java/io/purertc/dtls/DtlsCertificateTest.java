package io.purertc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.purertc.sdp.Fingerprint;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DtlsCertificateTest {

    private static final String SDP_HEX = "([0-9A-F]{2}:)*[0-9A-F]{2}";

    @Test
    void defaultIsSelfSignedEcdsaP256ValidNow() throws Exception {
        DtlsCertificate certificate = TestCertificates.CLIENT;
        X509Certificate x509 = certificate.certificate();
        assertEquals(DtlsCertificate.KeyType.ECDSA_P256, certificate.keyType());
        assertEquals("SHA256withECDSA", x509.getSigAlgName());
        assertEquals(256, ((ECPublicKey) x509.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertEquals(x509.getSubjectX500Principal(), x509.getIssuerX500Principal());
        x509.verify(x509.getPublicKey());
        x509.checkValidity();
        assertTrue(x509.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(29))));
    }

    @Test
    void rsaOnRequest() throws Exception {
        X509Certificate x509 = TestCertificates.RSA.certificate();
        assertEquals("SHA256withRSA", x509.getSigAlgName());
        assertEquals(2048, ((RSAPublicKey) x509.getPublicKey()).getModulus().bitLength());
        x509.verify(x509.getPublicKey());
    }

    @Test
    void sdpFingerprintIsUpperCaseSha256WithColons() throws Exception {
        Fingerprint fingerprint = TestCertificates.CLIENT.fingerprint();
        assertEquals("sha-256", fingerprint.hashFunction());
        assertTrue(fingerprint.fingerprint().matches(SDP_HEX), fingerprint.fingerprint());
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(TestCertificates.CLIENT.certificate().getEncoded());
        assertEquals(Fingerprint.of("sha-256", digest), fingerprint);
        assertEquals("sha-256 " + fingerprint.fingerprint(), fingerprint.attributeValue().orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({"sha-1, SHA-1, 20", "sha-256, SHA-256, 32", "SHA-384, SHA-384, 48", "sha-512, SHA-512, 64"})
    void fingerprintsUnderEachHashFunction(String name, String jdkName, int bytes) throws Exception {
        Fingerprint fingerprint = TestCertificates.SERVER.fingerprint(name);
        byte[] digest = MessageDigest.getInstance(jdkName).digest(TestCertificates.SERVER.certificate().getEncoded());
        assertEquals(bytes, fingerprint.digest().length);
        assertEquals(Fingerprint.of(name.toLowerCase(java.util.Locale.ROOT), digest), fingerprint);
    }

    @Test
    void unknownHashFunctionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TestCertificates.SERVER.fingerprint("md5"));
    }

    @Test
    void eachGenerationIsANewKey() {
        assertNotEquals(TestCertificates.CLIENT.fingerprint(), TestCertificates.SERVER.fingerprint());
    }

    @Test
    void sharedIsGeneratedOnceForTheProcess() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            DtlsCertificate first = DtlsCertificate.sharedAsync(executor).get(10, TimeUnit.SECONDS);
            assertSame(first, DtlsCertificate.shared());
            assertSame(first, DtlsCertificate.sharedAsync(Runnable::run).get());
            assertNotSame(first, DtlsCertificate.generate());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void blockingGenerationIsRefusedOnAnEventLoop() throws Exception {
        EventLoop loop = new DefaultEventLoop();
        try {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            loop.submit(() -> {
                try {
                    DtlsCertificate.generate();
                } catch (IllegalStateException e) {
                    thrown.set(e);
                }
                try {
                    DtlsCertificate.shared();
                } catch (IllegalStateException e) {
                    thrown.compareAndSet(null, e);
                    assertTrue(e.getMessage().contains("shared"), e.getMessage());
                }
            }).sync();
            assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
            assertTrue(thrown.get().getMessage().contains("must not run on Netty thread"), thrown.get().getMessage());
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void asyncGenerationRunsOnTheGivenExecutorNotTheCaller() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "certificate-maker"));
        EventLoop loop = new DefaultEventLoop();
        try {
            AtomicReference<String> thread = new AtomicReference<>();
            DtlsCertificate certificate = loop.submit(() -> DtlsCertificate.generateAsync(
                            DtlsCertificate.KeyType.ECDSA_P256, task -> executor.execute(() -> {
                                thread.set(Thread.currentThread().getName());
                                task.run();
                            })))
                    .get().get(10, TimeUnit.SECONDS);
            assertEquals("certificate-maker", thread.get());
            assertEquals(DtlsCertificate.KeyType.ECDSA_P256, certificate.keyType());
        } finally {
            executor.shutdownNow();
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void asyncGenerationOnAnEventLoopFailsInsteadOfBlockingIt() throws Exception {
        EventLoop loop = new DefaultEventLoop();
        try {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> DtlsCertificate.generateAsync(DtlsCertificate.KeyType.ECDSA_P256, loop).get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
