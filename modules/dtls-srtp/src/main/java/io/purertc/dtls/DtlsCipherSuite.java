package io.purertc.dtls;

import java.util.Arrays;
import org.bouncycastle.tls.CipherSuite;

/**
 * The cipher suites offered and accepted, in order of preference: ephemeral ECDH with AEAD only, ECDSA
 * first as browsers' certificates are ECDSA. A server offers those its certificate can sign for, which
 * bctls's default server does not do for ECDSA at all.
 */
// RFC 8827 §6.5 (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 mandatory); RFC 8422 §6; RFC 7905 §2
enum DtlsCipherSuite {
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, true),
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, true),
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, true),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, false),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, false),
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256(CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, false);

    private final int code;
    private final boolean ecdsa;

    DtlsCipherSuite(int code, boolean ecdsa) {
        this.code = code;
        this.ecdsa = ecdsa;
    }

    /** Every suite, for a client, which may meet a server with either kind of certificate. */
    static int[] all() {
        return Arrays.stream(values()).mapToInt(suite -> suite.code).toArray();
    }

    /** The suites a server whose certificate has {@code keyType} can authenticate. */
    static int[] signableWith(DtlsCertificate.KeyType keyType) {
        boolean ecdsa = keyType == DtlsCertificate.KeyType.ECDSA_P256;
        return Arrays.stream(values()).filter(suite -> suite.ecdsa == ecdsa).mapToInt(suite -> suite.code).toArray();
    }

    /** The IANA name of a negotiated suite, which can only be one of these. */
    static String nameOf(int code) {
        for (DtlsCipherSuite suite : values()) {
            if (suite.code == code) {
                return suite.name();
            }
        }
        return String.format("0x%04x", code);
    }
}
