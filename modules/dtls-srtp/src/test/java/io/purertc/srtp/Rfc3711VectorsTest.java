package io.purertc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** RFC 3711 Appendix B.2 and B.3, the numbers as the RFC prints them. */
class Rfc3711VectorsTest {

    private static final byte[] B2_SESSION_KEY = Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C");
    private static final byte[] B2_SESSION_SALT = Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
    /** The first and the last three keystream blocks of the 1044512-octet segment. */
    private static final byte[] B2_FIRST_BLOCKS = Hex.bytes("""
            E03EAD0935C95E80E166B16DD92B4EB4
            D23513162B02D0F72A43A2FE4A5F97AB
            41E95B3BB0A2E8DD477901E4FCA894C0""");
    private static final byte[] B2_LAST_BLOCKS = Hex.bytes("""
            EC8CDF7398607CB0F2D21675EA9EA1E4
            362B7C3C6773516318A077D7FC5073AE
            6A2CC3787889374FBEB4C81B17BA6C44""");
    private static final int B2_SEGMENT_LENGTH = 1044512;

    private static final SrtpMasterKey B3_MASTER = new SrtpMasterKey(SrtpProfile.AES_CM_128_HMAC_SHA1_80,
            Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139"), Hex.bytes("0EC675AD498AFEEBB6960B3AABE6"));
    /** The 94-octet auth key B.3 walks through; SRTP's HMAC-SHA1 uses its first 20 octets. */
    private static final byte[] B3_AUTH_KEY = Hex.bytes("""
            CEBE321F6FF7716B6FD4AB49AF256A15
            6D38BAA48F0A0ACF3C34E2359E6CDBCE
            E049646C43D9327AD175578EF7227098
            6371C10C9A369AC2F94A8C5FBCDDDC25
            6D6E919A48B610EF17C2041E47403576
            6B68642C59BBFC2F34DB60DBDFB2""");

    @Test
    void b2KeystreamFromTheCounterF0F1ToTheEndOfTheSegment() {
        byte[] keystream = new byte[B2_SEGMENT_LENGTH];
        new AesCounterMode(B2_SESSION_KEY).apply(keystream, 0, keystream.length,
                0xF0F1F2F3F4F5F6F7L, 0xF8F9FAFBFCFD0000L);

        assertArrayEquals(B2_FIRST_BLOCKS, Arrays.copyOfRange(keystream, 0, 48));
        assertArrayEquals(B2_LAST_BLOCKS, Arrays.copyOfRange(keystream, B2_SEGMENT_LENGTH - 48, B2_SEGMENT_LENGTH));
    }

    @Test
    void b2KeystreamEncryptsThePayloadOfSsrc0Index0() {
        SrtpCipher cipher = new AesCmHmacSha1(new SessionKeys(B2_SESSION_KEY, B2_SESSION_SALT, new byte[20]),
                SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        SrtpSession session = new SrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, cipher, cipher, cipher, cipher,
                SrtpOptions.DEFAULT);
        byte[] packet = new byte[12 + 48 + 10];
        packet[0] = (byte) 0x80;

        assertEquals(packet.length, session.protectRtp(packet, 0, 12 + 48));

        assertArrayEquals(B2_FIRST_BLOCKS, Arrays.copyOfRange(packet, 12, 60));
    }

    @Test
    void b3SessionKeysOfTheSrtpLabels() {
        SessionKeys keys = SessionKeys.forRtp(B3_MASTER);

        assertArrayEquals(Hex.bytes("C61E7A93744F39EE10734AFE3FF7A087"), keys.cipherKey());
        assertArrayEquals(Hex.bytes("30CBBC08863D8C85D49DB34A9AE1"), keys.salt());
        assertArrayEquals(Arrays.copyOf(B3_AUTH_KEY, 20), keys.authKey());
    }

    @Test
    void b3AuthKeyRunsOnForAllNinetyFourOctets() {
        AesCounterMode prf = new AesCounterMode(B3_MASTER.key());

        assertArrayEquals(B3_AUTH_KEY, SessionKeys.prf(prf, B3_MASTER.salt(), 0x01, 94));
    }
}
