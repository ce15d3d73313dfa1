package io.purertc.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/**
 * RFC 8489 Appendix B.1, the one vector with MESSAGE-INTEGRITY-SHA256, in the form RFC Erratum 6268
 * corrected it to: the printed message length (0x9c) did not match its bytes, and the corrected request
 * carries PASSWORD-ALGORITHM SHA-256, so its key is SHA-256(username ":" realm ":" password) rather than
 * the MD5 key. USERHASH and PASSWORD-ALGORITHM are comprehension-required and unknown to this codec, which
 * must still frame them and verify the HMAC over them.
 */
class Rfc8489AppendixBTest {

    private static final byte[] REQUEST = Rfc5769Test.hex("000100902112a44278ad3433c6ad72c029da412e"
            + "001e0020" + "4a3cf38fef6992bda952c6780417da0f24819415569e60b205c46e41407f1704"
            + "00150029" + "6f624d61744a6f733241414143662f2f3439396b39353464364f4c33346f4c3946535476793634734100"
            + "0000"
            + "0014000b" + "6578616d706c652e6f726700"
            + "001d0004" + "00020000"
            + "001c0020" + "b5c7bf005b6c52a21c51c5e892f81924136296cb927c43149309278cc6518e65");

    private static final String USERNAME = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";

    @Test
    void sha256IntegrityOfTheCorrectedVectorVerifies() throws Exception {
        StunMessage m = StunMessage.parse(REQUEST, 0, REQUEST.length);
        assertEquals("obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA", m.nonce());
        assertEquals("example.org", m.realm());
        assertArrayEquals(new int[] {0x001E, 0x001D}, m.unknownRequiredAttributes());

        String prepared = OpaqueString.enforce(USERNAME) + ":" + OpaqueString.enforce("example.org") + ":"
                + OpaqueString.enforce("TheMatrIX");
        byte[] key = MessageDigest.getInstance("SHA-256").digest(prepared.getBytes(StandardCharsets.UTF_8));
        StunIntegrity integrity = new StunIntegrity(key);
        assertTrue(integrity.verifySha256(m));
        assertTrue(integrity.verifyRequest(m));
        assertFalse(integrity.verify(m), "no MESSAGE-INTEGRITY to verify");
        assertFalse(StunIntegrity.longTerm(USERNAME, "example.org", "TheMatrIX").verifySha256(m),
                "the MD5 key is not this vector's");
    }
}
