package io.purertc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SrtpKeyingMaterialTest {

    private static byte[] counting(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @Test
    void exportedBytesSplitAsClientKeyServerKeyClientSaltServerSalt() {
        // RFC 5764 §4.2: client_write_SRTP_master_key[k] | server_write_SRTP_master_key[k] |
        // client_write_SRTP_master_salt[s] | server_write_SRTP_master_salt[s]
        SrtpKeyingMaterial material = SrtpKeyingMaterial.split(SrtpProfile.AES_CM_128_HMAC_SHA1_80, counting(60));
        assertArrayEquals(counting(16), material.client().key());
        assertEquals(16, material.server().key()[0]);
        assertEquals(32, material.client().salt()[0]);
        assertEquals(46, material.server().salt()[0]);
        assertEquals(59, material.server().salt()[13]);
        assertEquals(material.client(), material.local(true));
        assertEquals(material.client(), material.remote(false));
    }

    @Test
    void eachProfileExportsWhatRfc5764AndRfc7714Say() {
        assertEquals(60, SrtpProfile.AES_CM_128_HMAC_SHA1_80.keyingMaterialLength());
        assertEquals(60, SrtpProfile.AES_CM_128_HMAC_SHA1_32.keyingMaterialLength());
        assertEquals(56, SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength());
        assertEquals(88, SrtpProfile.AEAD_AES_256_GCM.keyingMaterialLength());
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.byId(0x0007));
        assertNull(SrtpProfile.byId(0x0005));
    }

    @Test
    void theWrongAmountOfKeyingMaterialIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> SrtpKeyingMaterial.split(SrtpProfile.AEAD_AES_128_GCM, new byte[60]));
    }
}
