package io.purertc.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.rtp.MalformedPacketException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StunMessageTest {

    private static final byte[] TID = Rfc5769Test.hex("0102030405060708090a0b0c");

    private static byte[] header(int type, int bodyLength) {
        byte[] b = new byte[StunMessage.HEADER_LENGTH + bodyLength];
        new StunMessageWriter(b, 0, StunMessage.BINDING, StunClass.REQUEST, TID);
        b[0] = (byte) (type >> 8);
        b[1] = (byte) type;
        b[2] = (byte) (bodyLength >> 8);
        b[3] = (byte) bodyLength;
        return b;
    }

    private static MalformedPacketException rejected(byte[] b) {
        return assertThrows(MalformedPacketException.class, () -> StunMessage.parse(b, 0, b.length));
    }

    @Test
    void methodAndClassAreInterleavedInTheType() throws Exception {
        // RFC 8489 §5: Binding error response is 0x0111, Allocate request 0x0003, Data indication 0x0017
        assertEquals(0x0111, StunMessage.typeOf(StunMessage.BINDING, StunClass.ERROR_RESPONSE));
        assertEquals(0x0003, StunMessage.typeOf(StunMessage.ALLOCATE, StunClass.REQUEST));
        assertEquals(0x0017, StunMessage.typeOf(StunMessage.DATA_METHOD, StunClass.INDICATION));
        assertEquals(0x0FFF, StunMessage.methodOf(StunMessage.typeOf(0x0FFF, StunClass.ERROR_RESPONSE)));
        StunMessage m = StunMessage.parse(header(0x0111, 0), 0, 20);
        assertEquals(StunMessage.BINDING, m.method());
        assertEquals(StunClass.ERROR_RESPONSE, m.messageClass());
    }

    @Test
    void headerRulesAreNamedWithTheirOffset() {
        assertEquals(0, rejected(new byte[19]).offset());
        assertEquals(0, rejected(header(0x4001, 0)).offset());
        byte[] cookie = header(0x0001, 0);
        cookie[7] ^= 1;
        assertEquals(4, rejected(cookie).offset());
        assertEquals(2, rejected(header(0x0001, 2)).offset());
        byte[] lying = header(0x0001, 8);
        lying[3] = 4;
        MalformedPacketException e = rejected(lying);
        assertEquals(2, e.offset());
        assertTrue(e.rule().contains("does not match"), e.rule());
    }

    @Test
    void attributeFramingRules() {
        byte[] overrun = header(0x0001, 8);
        overrun[20] = 0x00;
        overrun[21] = 0x06;
        overrun[23] = 5;
        assertEquals(22, rejected(overrun).offset());
        byte[] badAddress = header(0x0001, 12);
        badAddress[21] = 0x20;
        badAddress[23] = 8;
        badAddress[25] = 3;
        assertEquals(20, rejected(badAddress).offset());
        byte[] badError = header(0x0111, 8);
        badError[21] = 0x09;
        badError[23] = 4;
        badError[26] = 7;
        assertEquals(26, rejected(badError).offset());
    }

    @Test
    void unknownRequiredAttributesAreCollectedAndOptionalOnesSkipped() throws Exception {
        byte[] b = header(0x0001, 12);
        b[20] = 0x7F;
        b[21] = 0x01;
        b[24] = (byte) 0xC0;
        b[25] = 0x01;
        b[28] = 0x00;
        b[29] = 0x31;
        StunMessage m = StunMessage.parse(b, 0, b.length);
        assertArrayEquals(new int[] {0x7F01, 0x0031}, m.unknownRequiredAttributes());
        assertFalse(m.has(0xC001));
    }

    @Test
    void attributeCountIsBounded() throws Exception {
        byte[] ok = header(0x0001, 4 * StunMessage.MAX_ATTRIBUTES);
        Arrays.fill(ok, 20, ok.length, (byte) 0);
        for (int i = 20; i < ok.length; i += 4) {
            ok[i] = (byte) 0x80;
        }
        StunMessage.parse(ok, 0, ok.length);
        byte[] tooMany = Arrays.copyOf(ok, ok.length + 4);
        tooMany[ok.length] = (byte) 0x80;
        tooMany[3] += 4;
        assertEquals(20 + 4 * StunMessage.MAX_ATTRIBUTES, rejected(tooMany).offset());
    }

    @Test
    void fingerprintMustBeLast() throws Exception {
        byte[] b = new byte[64];
        int n = new StunMessageWriter(b, 0, StunMessage.BINDING, StunClass.REQUEST, TID)
                .fingerprint().useCandidate().length();
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> StunMessage.parse(b, 0, n));
        assertEquals(28, e.offset());
    }

    @Test
    void attributesAfterMessageIntegrityAreIgnored() throws Exception {
        byte[] b = new byte[128];
        StunIntegrity key = StunIntegrity.shortTerm("pw");
        int n = new StunMessageWriter(b, 0, StunMessage.BINDING, StunClass.REQUEST, TID)
                .username("a:b").messageIntegrity(key).priority(7).messageIntegritySha256(key).fingerprint()
                .length();
        StunMessage m = StunMessage.parse(b, 0, n);
        assertEquals("a:b", m.username());
        assertEquals(-1, m.priority());
        assertTrue(key.verify(m));
        assertTrue(key.verifySha256(m));
        assertTrue(m.hasValidFingerprint());
        assertFalse(StunIntegrity.shortTerm("pW").verifySha256(m));
    }

    @Test
    void missingIntegrityAndFingerprintVerifyFalse() throws Exception {
        StunMessage m = StunMessage.parse(header(0x0001, 0), 0, 20);
        assertFalse(StunIntegrity.shortTerm("x").verify(m));
        assertFalse(StunIntegrity.shortTerm("x").verifySha256(m));
        assertFalse(m.hasValidFingerprint());
        assertNull(m.username());
        assertNull(m.xorMappedAddress());
        assertEquals(-1, m.priority());
    }

    @Test
    void turnAttributesRoundTrip() throws Exception {
        byte[] b = new byte[256];
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 49152);
        InetSocketAddress relayed = new InetSocketAddress(InetAddress.getByName("203.0.113.9"), 50000);
        int n = new StunMessageWriter(b, 0, StunMessage.ALLOCATE, StunClass.SUCCESS_RESPONSE, TID)
                .xorRelayedAddress(relayed).xorPeerAddress(peer).lifetime(600).channelNumber(0x4001)
                .requestedTransport(17).dontFragment().data(new byte[] {1, 2, 3})
                .errorCode(new ErrorCode(ErrorCode.STALE_NONCE, "Stale Nonce"))
                .unknownAttributes(0x7F01, 0x0031).length();
        StunMessage m = StunMessage.parse(b, 0, n);
        assertEquals(relayed, m.xorRelayedAddress());
        assertEquals(peer, m.xorPeerAddress());
        assertEquals(600, m.lifetime());
        assertEquals(0x4001, m.channelNumber());
        assertEquals(17, m.requestedTransport());
        assertTrue(m.hasDontFragment());
        assertArrayEquals(new byte[] {1, 2, 3}, m.data());
        assertEquals(new ErrorCode(438, "Stale Nonce"), m.errorCode());
        assertArrayEquals(new int[] {0x7F01, 0x0031}, m.unknownAttributes());
    }

    @Test
    void parsesAtAnOffsetInsideALargerBuffer() throws Exception {
        byte[] b = new byte[100];
        int n = new StunMessageWriter(b, 7, StunMessage.BINDING, StunClass.REQUEST, TID)
                .xorMappedAddress(new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 1234))
                .fingerprint().length();
        StunMessage m = StunMessage.parse(b, 7, n);
        assertEquals(new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 1234), m.xorMappedAddress());
        assertTrue(m.hasValidFingerprint());
        assertTrue(m.hasTransactionId(TID));
    }

    @Test
    void longTermKeyIsMd5OfUserRealmPassword() throws Exception {
        // RFC 8489 §9.2.2; expected digest is printf 'user:realm:pass' | md5sum
        byte[] b = new byte[64];
        int n = new StunMessageWriter(b, 0, StunMessage.BINDING, StunClass.REQUEST, TID)
                .messageIntegrity(new StunIntegrity(Rfc5769Test.hex("8493fbc53ba582fb4c044c456bdc40eb"))).length();
        assertTrue(StunIntegrity.longTerm("user", "realm", "pass").verify(StunMessage.parse(b, 0, n)));
    }
}
