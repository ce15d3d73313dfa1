package io.purertc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * RFC 7714 §16 (SRTP) and §17 (SRTCP), byte for byte through {@link SrtpSession}. The RFC gives session keys,
 * not master keys, so the session is built on ciphers keyed with them directly; everything else — header
 * length, index, SRTCP index, trailer layout — is the session's own.
 */
class Rfc7714VectorsTest {

    private static final byte[] KEY_128 = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    private static final byte[] KEY_256 = Hex.bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    /** "Quid pro quo". */
    private static final byte[] SALT = Hex.bytes("517569642070726f2071756f");

    /** §16: a 12-octet header and "Gallia est omnis divisa in partes tres". */
    private static final byte[] RTP = Hex.bytes("""
            8040f17b 8041f8d3 5501a0b2 47616c6c
            69612065 7374206f 6d6e6973 20646976
            69736120 696e2070 61727465 73207472
            6573""");
    /** §16.1.1, Encrypted and tagged packet. */
    private static final byte[] SRTP_128 = Hex.bytes("""
            8040f17b 8041f8d3 5501a0b2 f24de3a3
            fb34de6c acba861c 9d7e4bca be633bd5
            0d294e6f 42a5f47a 51c7d19b 36de3adf
            8833899d 7f27beb1 6a9152cf 765ee439
            0cce""");
    /** §16.2.1, Encrypted and tagged packet. */
    private static final byte[] SRTP_256 = Hex.bytes("""
            8040f17b 8041f8d3 5501a0b2 32b1de78
            a822fe12 ef9f78fa 332e33aa b1801238
            9a58e2f3 b50b2a02 76ffae0f 1ba63799
            b87b7aa3 db36dfff d6b0f9bb 7878d7a7
            6c13""");

    /** §17.1, the packet encrypted; §17.2 decrypts to it; §17.3 and §17.4 tag it. */
    private static final byte[] RTCP = Hex.bytes("""
            81c8000d 4d617273 4e545031 4e545032
            52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef
            deadbeef""");
    private static final int RTCP_SSRC = 0x4d617273;
    /** §17: "with 32-bit SRTCP index 000005d4". */
    private static final int RTCP_INDEX = 0x5d4;
    /** §17.1, Encrypted and tagged packet. */
    private static final byte[] SRTCP_128 = Hex.bytes("""
            81c8000d 4d617273 63e94885 dcdab67c
            a727d766 2f6b7e99 7ff5c0f7 6c06f32d
            c676a5f1 730d6fda 4ce09b46 86303ded
            0bb9275b c84aa458 96cf4d2f c5abf872
            45d9eade 800005d4""");
    /** §17.2, Decrypting the following packet. */
    private static final byte[] SRTCP_256 = Hex.bytes("""
            81c8000d 4d617273 d50ae4d1 f5ce5d30
            4ba297e4 7d470c28 2c3ece5d bffe0a50
            a2eaa5c1 110555be 8415f658 c61de047
            6f1b6fad 1d1eb30c 4446839f 57ff6f6c
            b26ac3be 800005d4""");
    /** §17.3, Tagged packet: E = 0, the packet in the clear. */
    private static final byte[] SRTCP_TAGGED_128 = Hex.bytes("""
            81c8000d 4d617273 4e545031 4e545032
            52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef
            deadbeef 841dd968 3dd78ec9 2ae58790
            125f62b3 000005d4""");
    /** §17.4, Verifying the following packet. */
    private static final byte[] SRTCP_TAGGED_256 = Hex.bytes("""
            81c8000d 4d617273 4e545031 4e545032
            52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef
            deadbeef 91db4afb feee5a97 8fab4393
            ed2615fe 000005d4""");

    private static SrtpSession session(SrtpProfile profile, byte[] key) {
        SessionKeys keys = new SessionKeys(key, SALT, new byte[0]);
        return new SrtpSession(profile, new AesGcm(keys), new AesGcm(keys), new AesGcm(keys), new AesGcm(keys),
                SrtpOptions.DEFAULT);
    }

    private static byte[] protectRtp(SrtpSession session, byte[] packet) {
        Packet p = Packet.of(packet, 3);
        int length = session.protectRtp(p.buf(), p.off(), p.len());
        return p.withLength(length).bytes();
    }

    private static byte[] unprotectRtp(SrtpSession session, byte[] packet) {
        Packet p = Packet.of(packet, 5);
        int length = session.unprotectRtp(p.buf(), p.off(), p.len());
        assertEquals(packet.length - 16, length, () -> "unprotect failed: " + SrtpFailure.of(length));
        return p.withLength(length).bytes();
    }

    private static byte[] unprotectRtcp(SrtpSession session, byte[] packet) {
        Packet p = Packet.of(packet, 1);
        int length = session.unprotectRtcp(p.buf(), p.off(), p.len());
        assertEquals(packet.length - 20, length, () -> "unprotect failed: " + SrtpFailure.of(length));
        return p.withLength(length).bytes();
    }

    @Test
    void section16_1_1SrtpAes128GcmEncryption() {
        assertArrayEquals(SRTP_128, protectRtp(session(SrtpProfile.AEAD_AES_128_GCM, KEY_128), RTP));
    }

    @Test
    void section16_1_2SrtpAes128GcmDecryption() {
        assertArrayEquals(RTP, unprotectRtp(session(SrtpProfile.AEAD_AES_128_GCM, KEY_128), SRTP_128));
    }

    @Test
    void section16_2_1SrtpAes256GcmEncryption() {
        assertArrayEquals(SRTP_256, protectRtp(session(SrtpProfile.AEAD_AES_256_GCM, KEY_256), RTP));
    }

    @Test
    void section16_2_2SrtpAes256GcmDecryption() {
        assertArrayEquals(RTP, unprotectRtp(session(SrtpProfile.AEAD_AES_256_GCM, KEY_256), SRTP_256));
    }

    @Test
    void section17_1SrtcpAes128GcmEncryptionAtIndex5d4() {
        SrtpSession session = session(SrtpProfile.AEAD_AES_128_GCM, KEY_128);
        // The session numbers a sender's SRTCP packets from 0; the 0x5d4th is the RFC's.
        for (int i = 0; i < RTCP_INDEX; i++) {
            Packet earlier = Packet.of(RTCP, 0);
            assertEquals(RTCP.length + 20, session.protectRtcp(earlier.buf(), earlier.off(), earlier.len()));
        }
        Packet p = Packet.of(RTCP, 7);

        int length = session.protectRtcp(p.buf(), p.off(), p.len());

        assertArrayEquals(SRTCP_128, p.withLength(length).bytes());
    }

    @Test
    void section17_2SrtcpAes256GcmVerificationAndDecryption() {
        assertArrayEquals(RTCP, unprotectRtcp(session(SrtpProfile.AEAD_AES_256_GCM, KEY_256), SRTCP_256));
    }

    @Test
    void section17_3TaggedOnlySrtcpAes128GcmVerifiesAndIsLeftInTheClear() {
        byte[] plain = unprotectRtcp(session(SrtpProfile.AEAD_AES_128_GCM, KEY_128), SRTCP_TAGGED_128);

        assertArrayEquals(RTCP, plain);
    }

    @Test
    void section17_4TaggedOnlySrtcpAes256GcmVerifies() {
        assertArrayEquals(RTCP, unprotectRtcp(session(SrtpProfile.AEAD_AES_256_GCM, KEY_256), SRTCP_TAGGED_256));
    }

    @Test
    void theRfcPacketsWithOneBitChangedDoNotVerify() {
        for (byte[] vector : new byte[][] {SRTP_128, SRTCP_128, SRTCP_TAGGED_128}) {
            for (int at : new int[] {1, 12, 30, vector.length - 5, vector.length - 1}) {
                byte[] altered = vector.clone();
                altered[at] ^= 0x10;
                Packet p = Packet.of(altered, 0);
                SrtpSession session = session(SrtpProfile.AEAD_AES_128_GCM, KEY_128);
                int result = vector == SRTP_128 ? session.unprotectRtp(p.buf(), p.off(), p.len())
                        : session.unprotectRtcp(p.buf(), p.off(), p.len());
                assertEquals(SrtpFailure.AUTH_FAILED, SrtpFailure.of(result),
                        () -> "bit 4 of byte " + at + " of " + Hex.of(vector, 0, 8) + "...");
            }
        }
    }

    @Test
    void aTaggedOnlyPacketKeepsItsBytes() {
        Packet p = Packet.of(SRTCP_TAGGED_128, 0);
        session(SrtpProfile.AEAD_AES_128_GCM, KEY_128).unprotectRtcp(p.buf(), p.off(), p.len());

        assertArrayEquals(SRTCP_TAGGED_128, Arrays.copyOf(p.buf(), SRTCP_TAGGED_128.length));
    }
}
