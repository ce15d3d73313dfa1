package io.purertc.dtls;

import io.purertc.sdp.Fingerprint;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The remote description's {@code a=fingerprint} values, against which the certificate the peer presents
 * is checked. Of the hash functions offered, the most preferred one known here decides: the certificate
 * must match one fingerprint under it. Fingerprints under unknown functions are ignored; if none is left,
 * no certificate can match.
 */
// RFC 8122 §5; RFC 8827 §6.5
final class PeerFingerprints {

    /** Most preferred first. */
    private static final List<String> PREFERENCE = List.of("sha-512", "sha-384", "sha-256", "sha-1");

    private final List<Fingerprint> offered;

    PeerFingerprints(List<Fingerprint> offered) {
        this.offered = List.copyOf(offered);
    }

    /** Empty when {@code der} matches; otherwise what was expected and what came. */
    Optional<String> mismatch(byte[] der) {
        for (String hashFunction : PREFERENCE) {
            List<Fingerprint> set = offered.stream()
                    .filter(fingerprint -> fingerprint.hashFunction().equalsIgnoreCase(hashFunction))
                    .toList();
            if (!set.isEmpty()) {
                Fingerprint actual = DtlsCertificate.fingerprint(der, hashFunction);
                for (Fingerprint expected : set) {
                    if (Arrays.equals(expected.digest(), actual.digest())) {
                        return Optional.empty();
                    }
                }
                return Optional.of("the peer's certificate has fingerprint " + text(actual)
                        + " but the remote description's a=fingerprint expects "
                        + set.stream().map(PeerFingerprints::text).toList());
            }
        }
        return Optional.of("the remote description has no a=fingerprint under sha-1, sha-256, sha-384 or sha-512 "
                + "to check the peer's certificate against: " + offered.stream().map(PeerFingerprints::text).toList());
    }

    private static String text(Fingerprint fingerprint) {
        return fingerprint.hashFunction() + " " + fingerprint.fingerprint();
    }
}
