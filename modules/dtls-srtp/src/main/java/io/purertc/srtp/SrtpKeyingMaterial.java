package io.purertc.srtp;

import java.util.Arrays;

/**
 * What a DTLS-SRTP handshake yields: the negotiated profile and a master key for each side, split from the
 * exported keying material as client key, server key, client salt, server salt (RFC 5764 §4.2). The DTLS
 * client protects with {@link #client()}, the server with {@link #server()}; each unprotects with the other's.
 */
// RFC 5764 §4.2
public record SrtpKeyingMaterial(SrtpProfile profile, SrtpMasterKey client, SrtpMasterKey server) {

    /** Splits {@code exported}, {@link SrtpProfile#keyingMaterialLength()} bytes of EXTRACTOR-dtls_srtp. */
    public static SrtpKeyingMaterial split(SrtpProfile profile, byte[] exported) {
        if (exported.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException(profile + " needs " + profile.keyingMaterialLength()
                    + " bytes of keying material, not " + exported.length);
        }
        int k = profile.keyLength();
        int s = profile.saltLength();
        return new SrtpKeyingMaterial(profile,
                new SrtpMasterKey(profile, Arrays.copyOfRange(exported, 0, k), Arrays.copyOfRange(exported, 2 * k, 2 * k + s)),
                new SrtpMasterKey(profile, Arrays.copyOfRange(exported, k, 2 * k),
                        Arrays.copyOfRange(exported, 2 * k + s, 2 * k + 2 * s)));
    }

    /** The key this side protects with: the client's when it is the DTLS client. */
    public SrtpMasterKey local(boolean dtlsClient) {
        return dtlsClient ? client : server;
    }

    /** The key the peer protects with, so the one this side unprotects with. */
    public SrtpMasterKey remote(boolean dtlsClient) {
        return dtlsClient ? server : client;
    }
}
