package io.purertc.dtls;

import io.purertc.dtls.DtlsHandshakeException.Reason;
import io.purertc.sdp.Fingerprint;
import io.purertc.srtp.SrtpKeyingMaterial;
import io.purertc.srtp.SrtpProfile;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Vector;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * What one WebRTC DTLS handshake requires of both sides, whichever role this side takes: a certificate
 * each, matching the remote {@code a=fingerprint}; extended_master_secret, without which keys must not be
 * exported; a common {@code use_srtp} profile with an empty MKI; and a deadline. The first rule broken is
 * remembered with its reason, so the failure names it rather than the alert bctls sends. Used by the
 * handshake thread only.
 */
// RFC 8827 §6.5; RFC 5764 §4.1, §4.2; RFC 7627 §5.4; RFC 8122 §5
final class WebRtcHandshake {

    /** Runs on the JDK's providers: AES-GCM and ChaCha20 in SunJCE, ECDH and ECDSA in SunEC. */
    static final JcaTlsCrypto CRYPTO = new JcaTlsCryptoProvider().create(new SecureRandom());
    /** The exporter label of DTLS-SRTP (RFC 5764 §4.2), used with no context. */
    static final String EXPORTER_LABEL = "EXTRACTOR-dtls_srtp";

    private final DtlsRole role;
    private final DtlsCertificate certificate;
    private final List<SrtpProfile> profiles;
    private final PeerFingerprints peerFingerprints;
    private final long deadlineNanos;
    private final long timeoutMillis;

    private DtlsHandshakeException failure;
    private SrtpProfile profile;
    private Fingerprint peerFingerprint;
    private DtlsHandshakeResult result;

    WebRtcHandshake(DtlsConfig config, DtlsRole role, PeerFingerprints peerFingerprints, long startNanos) {
        this.role = role;
        this.certificate = config.certificate;
        this.profiles = config.srtpProfiles;
        this.peerFingerprints = peerFingerprints;
        this.timeoutMillis = config.handshakeTimeout.toMillis();
        this.deadlineNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Records the first broken rule and returns the alert that aborts the handshake over it. */
    TlsFatalAlert fail(Reason reason, short alert, String message) {
        if (failure == null) {
            failure = new DtlsHandshakeException(reason, message, null);
        }
        return new TlsFatalAlert(alert, message);
    }

    /** Why the handshake that threw {@code thrown} failed: the broken rule if one was recorded. */
    DtlsHandshakeException failure(Throwable thrown) {
        if (failure != null) {
            return new DtlsHandshakeException(failure.reason(), failure.getMessage(), thrown);
        }
        if (thrown instanceof TlsTimeoutException) {
            return timeout(thrown);
        }
        if (thrown instanceof TlsFatalAlertReceived received) {
            return new DtlsHandshakeException(Reason.PEER_ALERT, "the DTLS peer aborted the handshake with alert "
                    + AlertDescription.getText(received.getAlertDescription()), thrown);
        }
        return new DtlsHandshakeException(Reason.PROTOCOL, "DTLS handshake failed: " + thrown.getMessage(), thrown);
    }

    DtlsHandshakeException timeout(Throwable cause) {
        return new DtlsHandshakeException(Reason.TIMEOUT, "no DTLS handshake as " + role + " within the "
                + timeoutMillis + " ms time-out", cause);
    }

    /** What is left of the time-out, for bctls, whose own default is to wait for ever. */
    int remainingMillis() {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }

    /** The server's suites: those its certificate can sign for, with ECDSA's that bctls leaves out. */
    int[] serverCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(CRYPTO, DtlsCipherSuite.signableWith(certificate.keyType()));
    }

    int[] clientCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(CRYPTO, DtlsCipherSuite.all());
    }

    String noCommonCipherSuite() {
        String message = "no cipher suite in common with the DTLS client; this " + certificate.keyType()
                + " server accepts " + Arrays.stream(serverCipherSuites()).mapToObj(DtlsCipherSuite::nameOf).toList();
        fail(Reason.NO_COMMON_ALGORITHM, AlertDescription.handshake_failure, message);
        return message;
    }

    /** Without a CertificateRequest a client sends no certificate, and its fingerprint goes unchecked. */
    CertificateRequest certificateRequest(TlsContext context) {
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    /** This side's certificate, signing with an algorithm from {@code peerAccepts} (null: the TLS 1.2 default). */
    TlsCredentialedSigner credentials(TlsContext context, Vector<?> peerAccepts) throws IOException {
        short signature = certificate.keyType() == DtlsCertificate.KeyType.ECDSA_P256
                ? SignatureAlgorithm.ecdsa : SignatureAlgorithm.rsa;
        Vector<?> accepted = peerAccepts != null ? peerAccepts : TlsUtils.getDefaultSignatureAlgorithms(signature);
        SignatureAndHashAlgorithm preferred = SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, signature);
        SignatureAndHashAlgorithm chosen = accepted.contains(preferred) ? preferred : null;
        for (int i = 0; chosen == null && i < accepted.size(); i++) {
            SignatureAndHashAlgorithm candidate = (SignatureAndHashAlgorithm) accepted.get(i);
            if (candidate.getSignature() == signature) {
                chosen = candidate;
            }
        }
        if (chosen == null) {
            throw fail(Reason.NO_COMMON_ALGORITHM, AlertDescription.handshake_failure, "the DTLS peer accepts no "
                    + SignatureAlgorithm.getText(signature) + " signature, which this side's certificate makes");
        }
        Certificate chain = new Certificate(new TlsCertificate[] {CRYPTO.createCertificate(certificate.encoded())});
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), CRYPTO,
                certificate.privateKey(), chain, chosen);
    }

    /** Checks the peer's certificate against the remote fingerprints before anything is derived from it. */
    void verifyPeer(Certificate chain) throws IOException {
        String peer = role.isClient() ? "server" : "client";
        if (chain == null || chain.isEmpty()) {
            throw fail(Reason.NO_PEER_CERTIFICATE, AlertDescription.handshake_failure, "the DTLS " + peer
                    + " sent no certificate, so nothing matches the remote a=fingerprint (RFC 8827 §6.5)");
        }
        byte[] der = chain.getCertificateAt(0).getEncoded();
        Optional<String> mismatch = peerFingerprints.mismatch(der);
        if (mismatch.isPresent()) {
            throw fail(Reason.FINGERPRINT_MISMATCH, AlertDescription.bad_certificate, "fingerprint mismatch: "
                    + mismatch.get());
        }
        peerFingerprint = DtlsCertificate.fingerprint(der, "sha-256");
    }

    void requireExtendedMasterSecret(TlsContext context) throws IOException {
        if (!context.getSecurityParametersHandshake().isExtendedMasterSecret()) {
            throw fail(Reason.NO_EXTENDED_MASTER_SECRET, AlertDescription.handshake_failure, "the DTLS "
                    + (role.isClient() ? "server" : "client") + " did not negotiate extended_master_secret, "
                    + "without which no SRTP keys may be exported (RFC 7627 §5.4)");
        }
    }

    /** The client's use_srtp: every configured profile, most preferred first, no MKI. */
    UseSRTPData srtpOffer() {
        return new UseSRTPData(profiles.stream().mapToInt(SrtpProfile::id).toArray(), TlsUtils.EMPTY_BYTES);
    }

    /** The server's answer: its most preferred profile among those the client offered. */
    UseSRTPData selectSrtp(UseSRTPData offered) throws IOException {
        if (offered == null) {
            throw fail(Reason.NO_COMMON_SRTP_PROFILE, AlertDescription.handshake_failure,
                    "the DTLS client offered no use_srtp extension (RFC 5764 §4.1.1)");
        }
        int[] ids = offered.getProtectionProfiles();
        for (SrtpProfile candidate : profiles) {
            if (Arrays.stream(ids).anyMatch(id -> id == candidate.id())) {
                profile = candidate;
                return new UseSRTPData(new int[] {candidate.id()}, TlsUtils.EMPTY_BYTES);
            }
        }
        throw fail(Reason.NO_COMMON_SRTP_PROFILE, AlertDescription.handshake_failure, "the DTLS client offered "
                + "SRTP profiles " + hex(ids) + ", none of this side's " + profiles);
    }

    /** Checks the server's answer: one profile, one that was offered, and no MKI since none was offered. */
    void acceptSrtp(UseSRTPData answered) throws IOException {
        if (answered == null) {
            throw fail(Reason.NO_COMMON_SRTP_PROFILE, AlertDescription.handshake_failure, "the DTLS server "
                    + "answered without use_srtp, so it shares none of " + profiles + " (RFC 5764 §4.1.1)");
        }
        int[] ids = answered.getProtectionProfiles();
        SrtpProfile chosen = ids.length == 1 ? SrtpProfile.byId(ids[0]) : null;
        if (chosen == null || !profiles.contains(chosen)) {
            throw fail(Reason.NO_COMMON_SRTP_PROFILE, AlertDescription.illegal_parameter, "the DTLS server's "
                    + "use_srtp must name one of the offered " + profiles + ", not " + hex(ids) + " (RFC 5764 §4.1.1)");
        }
        if (answered.getMki().length != 0) {
            throw fail(Reason.NO_COMMON_SRTP_PROFILE, AlertDescription.illegal_parameter, "the DTLS server's "
                    + "use_srtp carries an MKI though none was offered (RFC 5764 §4.1.1)");
        }
        profile = chosen;
    }

    /**
     * Called by bctls once both Finished messages are verified: exports the keying material, which happens
     * only for a peer whose certificate matched and with a negotiated profile.
     */
    void complete(TlsContext context) throws IOException {
        if (peerFingerprint == null) {
            throw fail(Reason.NO_PEER_CERTIFICATE, AlertDescription.handshake_failure,
                    "the handshake ended without a peer certificate checked against a=fingerprint");
        }
        if (profile == null) {
            throw fail(Reason.NO_COMMON_SRTP_PROFILE, AlertDescription.handshake_failure,
                    "the handshake ended without a negotiated SRTP profile");
        }
        byte[] exported = context.exportKeyingMaterial(EXPORTER_LABEL, null, profile.keyingMaterialLength());
        result = new DtlsHandshakeResult(role, SrtpKeyingMaterial.split(profile, exported), peerFingerprint,
                DtlsCipherSuite.nameOf(context.getSecurityParametersConnection().getCipherSuite()));
        Arrays.fill(exported, (byte) 0);
    }

    /** The result once {@link #complete} ran. */
    DtlsHandshakeResult result() {
        return result;
    }

    private static String hex(int[] ids) {
        return Arrays.stream(ids).mapToObj(id -> String.format("0x%04x", id)).toList().toString();
    }
}
