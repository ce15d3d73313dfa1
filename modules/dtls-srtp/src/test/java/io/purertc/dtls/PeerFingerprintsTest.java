package io.purertc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.sdp.Fingerprint;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8122 §5: the most preferred hash function offered decides; one fingerprint under it must match. */
class PeerFingerprintsTest {

    private static final DtlsCertificate PEER = TestCertificates.SERVER;
    private static final DtlsCertificate OTHER = TestCertificates.CLIENT;

    @ParameterizedTest
    @ValueSource(strings = {"sha-1", "sha-256", "sha-384", "sha-512"})
    void matchesUnderEverySupportedHash(String hash) {
        assertEquals(Optional.empty(), new PeerFingerprints(List.of(PEER.fingerprint(hash))).mismatch(der()));
    }

    @Test
    void hashFunctionNamesAndHexMatchWhateverTheirCase() {
        Fingerprint written = PEER.fingerprint("sha-256");
        Fingerprint lower = new Fingerprint("SHA-256", written.fingerprint().toLowerCase(Locale.ROOT));
        assertEquals(Optional.empty(), new PeerFingerprints(List.of(lower)).mismatch(der()));
    }

    @Test
    void anyOfSeveralUnderTheSameHashMatches() {
        List<Fingerprint> offered = List.of(OTHER.fingerprint(), PEER.fingerprint());
        assertEquals(Optional.empty(), new PeerFingerprints(offered).mismatch(der()));
    }

    @Test
    void mismatchSaysWhatWasExpectedAndWhatCame() {
        String why = new PeerFingerprints(List.of(OTHER.fingerprint())).mismatch(der()).orElseThrow();
        assertTrue(why.contains(PEER.fingerprint().fingerprint()), why);
        assertTrue(why.contains(OTHER.fingerprint().fingerprint()), why);
    }

    @Test
    void theStrongestOfferedHashDecides() {
        // A right sha-256 does not save a wrong sha-512: the peer's most preferred set must match.
        List<Fingerprint> offered = List.of(PEER.fingerprint("sha-256"), OTHER.fingerprint("sha-512"));
        String why = new PeerFingerprints(offered).mismatch(der()).orElseThrow();
        assertTrue(why.contains("sha-512"), why);
    }

    @Test
    void unknownHashFunctionsAreIgnored() {
        List<Fingerprint> offered = List.of(new Fingerprint("md5", "00:11"), PEER.fingerprint("sha-1"));
        assertEquals(Optional.empty(), new PeerFingerprints(offered).mismatch(der()));
        String why = new PeerFingerprints(List.of(new Fingerprint("md5", "00:11"))).mismatch(der()).orElseThrow();
        assertTrue(why.contains("no a=fingerprint under"), why);
        assertTrue(new PeerFingerprints(List.of()).mismatch(der()).isPresent());
    }

    private static byte[] der() {
        return PEER.encoded();
    }
}
