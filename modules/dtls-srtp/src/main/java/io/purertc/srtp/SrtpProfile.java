package io.purertc.srtp;

/**
 * The SRTP protection profiles DTLS-SRTP negotiates in {@code use_srtp}, with the lengths each implies.
 * AEAD profiles authenticate with the GCM tag, so SRTP and SRTCP carry the same 16-byte tag; the AES-CM
 * profiles differ only in the SRTP tag, SRTCP always carrying 80 bits (RFC 5764 §4.1.2).
 */
// RFC 5764 §4.1.2; RFC 7714 §14.2
public enum SrtpProfile {
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10, 10),
    AES_CM_128_HMAC_SHA1_32(0x0002, 16, 14, 4, 10),
    AEAD_AES_128_GCM(0x0007, 16, 12, 16, 16),
    AEAD_AES_256_GCM(0x0008, 32, 12, 16, 16);

    private final int id;
    private final int keyLength;
    private final int saltLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;

    SrtpProfile(int id, int keyLength, int saltLength, int rtpTagLength, int rtcpTagLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
    }

    /** The SRTPProtectionProfile value of the {@code use_srtp} extension. */
    public int id() {
        return id;
    }

    /** Master key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** Bytes the authentication tag adds to an SRTP packet. */
    public int rtpTagLength() {
        return rtpTagLength;
    }

    /** Bytes the authentication tag adds to an SRTCP packet, after the 4-byte E-flag and index. */
    public int rtcpTagLength() {
        return rtcpTagLength;
    }

    public boolean isAead() {
        return this == AEAD_AES_128_GCM || this == AEAD_AES_256_GCM;
    }

    /** Bytes to export with label {@code EXTRACTOR-dtls_srtp}: a key and a salt for each side (RFC 5764 §4.2). */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile with this {@code use_srtp} value, or null for one not supported here. */
    public static SrtpProfile byId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.id == id) {
                return profile;
            }
        }
        return null;
    }
}
