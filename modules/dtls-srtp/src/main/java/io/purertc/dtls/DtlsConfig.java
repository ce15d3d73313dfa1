package io.purertc.dtls;

import io.purertc.srtp.SrtpProfile;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What every {@link DtlsEndpoint} of a process shares: its certificate, the executor that runs the blocking
 * bctls handshakes and the application-data pump, the SRTP profiles it negotiates and its handshake
 * time-out. One config may serve many endpoints.
 *
 * <p>Defaults: SRTP profiles AEAD_AES_128_GCM, AEAD_AES_256_GCM, AES_CM_128_HMAC_SHA1_80,
 * AES_CM_128_HMAC_SHA1_32 in that order of preference; a 10 s handshake time-out.
 */
public final class DtlsConfig {

    final DtlsCertificate certificate;
    final Executor executor;
    List<SrtpProfile> srtpProfiles = List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_256_GCM,
            SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AES_CM_128_HMAC_SHA1_32);
    Duration handshakeTimeout = Duration.ofSeconds(10);

    /**
     * @param certificate presented to every peer, e.g. {@link DtlsCertificate#shared()}
     * @param executor a small bounded pool, never a Netty event loop: each handshake in progress holds one
     *        of its threads, and received application data is decrypted on it
     */
    public DtlsConfig(DtlsCertificate certificate, Executor executor) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** The certificate whose fingerprint the local description carries. */
    public DtlsCertificate certificate() {
        return certificate;
    }

    /**
     * The SRTP protection profiles to offer (client) or accept (server), most preferred first; the server
     * picks its most preferred one among those the client offers (RFC 5764 §4.1.1).
     */
    public DtlsConfig srtpProfiles(List<SrtpProfile> profiles) {
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("at least one SRTP profile is needed");
        }
        this.srtpProfiles = List.copyOf(profiles);
        return this;
    }

    /** How long an endpoint waits for its handshake to complete, counted from {@link DtlsEndpoint#open}. */
    public DtlsConfig handshakeTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("handshake time-out must be positive: " + timeout);
        }
        this.handshakeTimeout = timeout;
        return this;
    }
}
