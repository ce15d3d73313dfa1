package io.purertc.dtls;

import io.purertc.sdp.Fingerprint;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed X.509 certificate and its private key, presented in the DTLS handshake and named in SDP by
 * its fingerprint. WebRTC needs no CA: the peer checks the certificate against {@code a=fingerprint}.
 * ECDSA P-256 by default, as browsers generate; RSA-2048 on request.
 *
 * <p>Generating blocks for milliseconds (RSA: up to seconds), so the blocking methods refuse to run on a
 * Netty thread; the asynchronous ones run on an executor of the caller's. {@link #shared()} is one
 * certificate for every connection of the process, generated on first use.
 */
// RFC 8827 §6.5 (self-signed, fingerprint-checked); RFC 8122 §5 (fingerprints)
public final class DtlsCertificate {

    /** The key the certificate certifies. */
    public enum KeyType {
        ECDSA_P256,
        RSA_2048
    }

    /** Browsers use 30 days; starting a day early tolerates a peer whose clock is behind. */
    private static final Duration VALIDITY = Duration.ofDays(30);
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicReference<CompletableFuture<DtlsCertificate>> SHARED = new AtomicReference<>();

    private final KeyType keyType;
    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final byte[] encoded;
    private final Fingerprint sha256;

    private DtlsCertificate(KeyType keyType, PrivateKey privateKey, X509Certificate certificate)
            throws CertificateEncodingException {
        this.keyType = keyType;
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.encoded = certificate.getEncoded();
        this.sha256 = fingerprint(encoded, "sha-256");
    }

    /** A new ECDSA P-256 certificate; blocks, so it refuses to run on a Netty thread. */
    public static DtlsCertificate generate() {
        return generate(KeyType.ECDSA_P256);
    }

    /** A new certificate for a new key of {@code keyType}; blocks, so it refuses to run on a Netty thread. */
    public static DtlsCertificate generate(KeyType keyType) {
        Objects.requireNonNull(keyType, "keyType");
        EventLoopGuard.refuseBlocking("generating a DTLS certificate");
        try {
            KeyPair keys = keyPair(keyType);
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=PureRTC");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(63, RANDOM).add(BigInteger.ONE), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(VALIDITY)), name, keys.getPublic());
            String signature = keyType == KeyType.ECDSA_P256 ? "SHA256withECDSA" : "SHA256withRSA";
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
            return new DtlsCertificate(keyType, keys.getPrivate(), certificate);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("the JDK cannot make a " + keyType + " certificate", e);
        }
    }

    /** Generates on {@code executor}, never on the caller's thread. */
    public static CompletableFuture<DtlsCertificate> generateAsync(KeyType keyType, Executor executor) {
        Objects.requireNonNull(keyType, "keyType");
        return CompletableFuture.supplyAsync(() -> generate(keyType), executor);
    }

    /**
     * The process's shared ECDSA certificate, generated on {@code executor} by the first call; later calls
     * get the same one whatever executor they pass. A failed generation is forgotten, so a later call
     * tries again.
     */
    public static CompletableFuture<DtlsCertificate> sharedAsync(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        CompletableFuture<DtlsCertificate> mine = new CompletableFuture<>();
        CompletableFuture<DtlsCertificate> existing = SHARED.compareAndExchange(null, mine);
        if (existing != null) {
            return existing.copy();
        }
        CompletableFuture.supplyAsync(DtlsCertificate::generate, executor).whenComplete((certificate, failure) -> {
            if (failure != null) {
                SHARED.compareAndSet(mine, null);
                mine.completeExceptionally(failure);
            } else {
                mine.complete(certificate);
            }
        });
        return mine.copy();
    }

    /** The process's shared ECDSA certificate, waiting for it if need be; refuses to run on a Netty thread. */
    public static DtlsCertificate shared() {
        EventLoopGuard.refuseBlocking("waiting for the shared DTLS certificate");
        return sharedAsync(Runnable::run).join();
    }

    public KeyType keyType() {
        return keyType;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The SHA-256 fingerprint, as {@code a=fingerprint} carries it: {@code sha-256 AB:CD:...}. */
    public Fingerprint fingerprint() {
        return sha256;
    }

    /**
     * The fingerprint under {@code hashFunction}: one of sha-1, sha-256, sha-384, sha-512 (RFC 8122 §5
     * names them; matching is case-insensitive).
     */
    public Fingerprint fingerprint(String hashFunction) {
        if (digestAlgorithm(hashFunction) == null) {
            throw new IllegalArgumentException("unsupported fingerprint hash function \"" + hashFunction
                    + "\"; use sha-1, sha-256, sha-384 or sha-512");
        }
        return fingerprint(encoded, hashFunction);
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    /** The DER encoding the handshake sends; not copied, so callers must not change it. */
    byte[] encoded() {
        return encoded;
    }

    /** The JDK name of an RFC 8122 hash function, or null if it is not one fingerprints are checked with. */
    static String digestAlgorithm(String hashFunction) {
        return switch (hashFunction.toLowerCase(Locale.ROOT)) {
            case "sha-1" -> "SHA-1";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> null;
        };
    }

    /** The fingerprint of a DER certificate under a hash function {@link #digestAlgorithm} knows. */
    static Fingerprint fingerprint(byte[] der, String hashFunction) {
        try {
            byte[] digest = MessageDigest.getInstance(digestAlgorithm(hashFunction)).digest(der);
            return Fingerprint.of(hashFunction.toLowerCase(Locale.ROOT), digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + hashFunction, e);
        }
    }

    private static KeyPair keyPair(KeyType keyType) throws GeneralSecurityException {
        if (keyType == KeyType.ECDSA_P256) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), RANDOM);
        return generator.generateKeyPair();
    }

    @Override
    public String toString() {
        return "DtlsCertificate[" + keyType + ", " + sha256.attributeValue().orElseThrow() + "]";
    }
}
