package io.purertc.dtls;

import io.purertc.sdp.Fingerprint;
import io.purertc.srtp.SrtpKeyingMaterial;
import io.purertc.srtp.SrtpMasterKey;
import io.purertc.srtp.SrtpProfile;

/**
 * What a completed DTLS-SRTP handshake yields: the SRTP keys split from EXTRACTOR-dtls_srtp, the SHA-256
 * fingerprint of the certificate the peer proved it holds (it matched the remote {@code a=fingerprint}),
 * and the negotiated cipher suite's IANA name.
 */
// RFC 5764 §4.2; RFC 8827 §6.5
public record DtlsHandshakeResult(DtlsRole role, SrtpKeyingMaterial keyingMaterial, Fingerprint peerFingerprint,
                                  String cipherSuite) {

    public SrtpProfile profile() {
        return keyingMaterial.profile();
    }

    /** The key this side protects its SRTP with. */
    public SrtpMasterKey localKey() {
        return keyingMaterial.local(role.isClient());
    }

    /** The key the peer protects with, so the one this side unprotects with. */
    public SrtpMasterKey remoteKey() {
        return keyingMaterial.remote(role.isClient());
    }
}
