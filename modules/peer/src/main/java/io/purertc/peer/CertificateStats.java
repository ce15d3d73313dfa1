package io.purertc.peer;

import java.util.Objects;

/**
 * A DTLS certificate, ours or the remote side's (W3C {@code RTCCertificateStats}).
 *
 * @param fingerprint the fingerprint in the SDP form: upper-case hex pairs joined by colons
 * @param fingerprintAlgorithm the hash function, as SDP names it: {@code "sha-256"}
 */
// W3C Identifiers for WebRTC's Statistics API: RTCCertificateStats
public record CertificateStats(String id, String fingerprint, String fingerprintAlgorithm) implements RtcStats {

    static final String TYPE = "certificate";

    public CertificateStats {
        Objects.requireNonNull(id);
        Objects.requireNonNull(fingerprint);
        Objects.requireNonNull(fingerprintAlgorithm);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
