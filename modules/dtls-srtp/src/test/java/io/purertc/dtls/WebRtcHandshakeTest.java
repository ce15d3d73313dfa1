package io.purertc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.dtls.DtlsHandshakeException.Reason;
import io.purertc.srtp.SrtpProfile;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.junit.jupiter.api.Test;

/** The use_srtp rules (RFC 5764 §4.1.1) and failure naming, on the rules object alone. */
class WebRtcHandshakeTest {

    private static final List<SrtpProfile> OURS = List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);

    private static WebRtcHandshake rules(DtlsRole role) {
        DtlsConfig config = new DtlsConfig(TestCertificates.CLIENT, Runnable::run)
                .srtpProfiles(OURS).handshakeTimeout(Duration.ofSeconds(3));
        return new WebRtcHandshake(config, role, new PeerFingerprints(List.of()), System.nanoTime());
    }

    private static void assertRefused(WebRtcHandshake rules, UseSRTPData answer, short alert, String why) {
        TlsFatalAlert thrown = assertThrows(TlsFatalAlert.class, () -> rules.acceptSrtp(answer));
        assertEquals(alert, thrown.getAlertDescription());
        DtlsHandshakeException failure = rules.failure(thrown);
        assertEquals(Reason.NO_COMMON_SRTP_PROFILE, failure.reason());
        assertTrue(failure.getMessage().contains(why), failure.getMessage());
    }

    @Test
    void clientOffersEveryProfileInOrderWithoutMki() {
        UseSRTPData offer = rules(DtlsRole.CLIENT).srtpOffer();
        assertArrayEquals(new int[] {0x0007, 0x0001}, offer.getProtectionProfiles());
        assertEquals(0, offer.getMki().length);
    }

    @Test
    void serverAnswersOneProfileWithoutMki() throws Exception {
        UseSRTPData answer = rules(DtlsRole.SERVER).selectSrtp(new UseSRTPData(new int[] {0x0002, 0x0001, 0x0007},
                new byte[] {1, 2}));
        assertArrayEquals(new int[] {0x0007}, answer.getProtectionProfiles());
        assertEquals(0, answer.getMki().length);
    }

    @Test
    void serverAnswerWithoutUseSrtpIsRefused() {
        assertRefused(rules(DtlsRole.CLIENT), null, AlertDescription.handshake_failure, "answered without use_srtp");
    }

    @Test
    void serverAnswerNamingTwoProfilesIsRefused() {
        assertRefused(rules(DtlsRole.CLIENT), new UseSRTPData(new int[] {0x0007, 0x0001}, TlsUtils.EMPTY_BYTES),
                AlertDescription.illegal_parameter, "[0x0007, 0x0001]");
    }

    @Test
    void serverAnswerNamingAProfileNotOfferedIsRefused() {
        assertRefused(rules(DtlsRole.CLIENT), new UseSRTPData(new int[] {0x0008}, TlsUtils.EMPTY_BYTES),
                AlertDescription.illegal_parameter, "[0x0008]");
    }

    @Test
    void serverAnswerWithAnMkiIsRefused() {
        assertRefused(rules(DtlsRole.CLIENT), new UseSRTPData(new int[] {0x0001}, new byte[] {9}),
                AlertDescription.illegal_parameter, "MKI");
    }

    @Test
    void theFirstBrokenRuleIsTheOneReported() {
        WebRtcHandshake rules = rules(DtlsRole.SERVER);
        TlsFatalAlert first = rules.fail(Reason.FINGERPRINT_MISMATCH, AlertDescription.bad_certificate, "first");
        rules.fail(Reason.NO_COMMON_SRTP_PROFILE, AlertDescription.handshake_failure, "second");
        DtlsHandshakeException failure = rules.failure(first);
        assertEquals(Reason.FINGERPRINT_MISMATCH, failure.reason());
        assertEquals("first", failure.getMessage());
        assertEquals(first, failure.getCause());
    }

    @Test
    void unrecordedFailuresAreNamedByKind() {
        WebRtcHandshake rules = rules(DtlsRole.CLIENT);
        assertEquals(Reason.TIMEOUT, rules.failure(new TlsTimeoutException("Handshake timed out")).reason());
        DtlsHandshakeException alert = rules.failure(new TlsFatalAlertReceived(AlertDescription.decrypt_error));
        assertEquals(Reason.PEER_ALERT, alert.reason());
        assertTrue(alert.getMessage().contains("decrypt_error"), alert.getMessage());
        assertEquals(Reason.PROTOCOL, rules.failure(new TlsFatalAlert(AlertDescription.decode_error)).reason());
    }

    @Test
    void bctlsGetsWhatIsLeftOfTheTimeout() {
        int left = rules(DtlsRole.CLIENT).remainingMillis();
        assertTrue(left > 2_000 && left <= 3_000, "remaining " + left);
        DtlsConfig config = new DtlsConfig(TestCertificates.CLIENT, Runnable::run).handshakeTimeout(Duration.ofMillis(1));
        WebRtcHandshake expired = new WebRtcHandshake(config, DtlsRole.CLIENT, new PeerFingerprints(List.of()),
                System.nanoTime() - 1_000_000_000L);
        assertEquals(1, expired.remainingMillis());
    }
}
