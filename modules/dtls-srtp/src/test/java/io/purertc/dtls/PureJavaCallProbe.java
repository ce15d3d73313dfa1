package io.purertc.dtls;

import io.purertc.srtp.SrtpProfile;
import io.purertc.testkit.NativeLibraries;
import java.util.Random;

/**
 * Runs a whole DTLS-SRTP call (ICE over loopback sockets, a DTLS handshake with fresh certificates, SRTP
 * both ways) in a JVM of its own, then prints the shared libraries that JVM mapped.
 */
public final class PureJavaCallProbe {

    private PureJavaCallProbe() {
    }

    public static void main(String[] args) throws Exception {
        for (SrtpProfile profile : new SrtpProfile[] {SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80}) {
            try (SrtpCall call = SrtpCall.connect(profile, true, DtlsCertificate.generate(DtlsCertificate.KeyType.ECDSA_P256),
                    DtlsCertificate.generate(DtlsCertificate.KeyType.RSA_2048))) {
                call.exchange(new Random(1));
            }
        }
        NativeLibraries.printMapped();
    }
}
