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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /**
     * A request ending in MESSAGE-INTEGRITY-SHA256 of {@code valueLength} bytes, the HMAC computed here with
     * javax.crypto directly (header length counting the attribute, RFC 8489 §14.6) and cut to that length.
     */
    static byte[] signedWithSha256(String password, int valueLength) throws Exception {
        byte[] b = new byte[64 + valueLength];
        int at = new StunMessageWriter(b, 0, StunMessage.BINDING, StunClass.REQUEST, TID).username("a:b").length();
        int end = at + 4 + ((valueLength + 3) & ~3);
        b[2] = (byte) ((end - 20) >> 8);
        b[3] = (byte) (end - 20);
        b[at] = 0x00;
        b[at + 1] = 0x1C;
        b[at + 3] = (byte) valueLength;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(b, 0, at);
        System.arraycopy(mac.doFinal(), 0, b, at + 4, Math.min(valueLength, 32));
        return Arrays.copyOf(b, end);
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 20, 24, 28, 32})
    void sha256IntegrityMayBeTruncatedTo16BytesInStepsOf4(int valueLength) throws Exception {
        byte[] b = signedWithSha256("pw", valueLength);
        StunMessage m = StunMessage.parse(b, 0, b.length);
        assertTrue(StunIntegrity.shortTerm("pw").verifySha256(m));
        assertTrue(StunIntegrity.shortTerm("pw").verifyRequest(m));
        assertFalse(StunIntegrity.shortTerm("pW").verifySha256(m));
        b[b.length - 1] ^= 1;
        assertFalse(StunIntegrity.shortTerm("pw").verifySha256(StunMessage.parse(b, 0, b.length)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 12, 18, 36})
    void sha256IntegrityOfAnyOtherLengthIsMalformed(int valueLength) throws Exception {
        byte[] b = signedWithSha256("pw", valueLength);
        assertEquals(b.length - ((valueLength + 3) & ~3) - 2, rejected(b).offset());
    }

    @Test
    void theWriterSignsWithTheFull32Bytes() throws Exception {
        byte[] b = new byte[128];
        int n = new StunMessageWriter(b, 0, StunMessage.BINDING, StunClass.REQUEST, TID)
                .username("a:b").messageIntegritySha256(StunIntegrity.shortTerm("pw")).length();
        assertArrayEquals(signedWithSha256("pw", 32), Arrays.copyOf(b, n));
    }

    @Test
    void verifyRequestPrefersSha256WhenBothArePresent() throws Exception {
        byte[] b = new byte[128];
        int n = new StunMessageWriter(b, 0, StunMessage.BINDING, StunClass.REQUEST, TID).username("a:b")
                .messageIntegrity(StunIntegrity.shortTerm("pw"))
                .messageIntegritySha256(StunIntegrity.shortTerm("other")).length();
        StunMessage m = StunMessage.parse(b, 0, n);
        assertFalse(StunIntegrity.shortTerm("pw").verifyRequest(m));
        assertTrue(StunIntegrity.shortTerm("other").verifyRequest(m));
        byte[] sha1Only = new byte[128];
        int k = new StunMessageWriter(sha1Only, 0, StunMessage.BINDING, StunClass.REQUEST, TID).username("a:b")
                .messageIntegrity(StunIntegrity.shortTerm("pw")).length();
        assertTrue(StunIntegrity.shortTerm("pw").verifyRequest(StunMessage.parse(sha1Only, 0, k)));
        assertFalse(StunIntegrity.shortTerm("pw").verifyRequest(StunMessage.parse(header(0x0001, 0), 0, 20)));
    }

    @Test
    void responsesAreSignedWithTheRequestsAlgorithm() throws Exception {
        StunIntegrity key = StunIntegrity.shortTerm("pw");
        byte[] sha256Request = signedWithSha256("pw", 32);
        StunMessage withSha256 = StunMessage.parse(sha256Request, 0, sha256Request.length);
        byte[] b = new byte[128];
        int n = new StunMessageWriter(b, 0, StunMessage.BINDING, StunClass.SUCCESS_RESPONSE, TID)
                .messageIntegrityFor(withSha256, key).length();
        StunMessage response = StunMessage.parse(b, 0, n);
        assertTrue(key.verifySha256(response));
        assertFalse(response.has(StunAttribute.MESSAGE_INTEGRITY));

        StunMessage withSha1 = StunMessage.parse(b, 0, new StunMessageWriter(b, 0, StunMessage.BINDING,
                StunClass.REQUEST, TID).messageIntegrity(key).length());
        byte[] c = new byte[128];
        int m = new StunMessageWriter(c, 0, StunMessage.BINDING, StunClass.SUCCESS_RESPONSE, TID)
                .messageIntegrityFor(withSha1, key).length();
        response = StunMessage.parse(c, 0, m);
        assertTrue(key.verify(response));
        assertFalse(response.has(StunAttribute.MESSAGE_INTEGRITY_SHA256));
    }

    @Test
    void errorResponsesAnswerTheRequestsMethodAndTransaction() throws Exception {
        byte[] request = header(StunMessage.typeOf(StunMessage.ALLOCATE, StunClass.REQUEST), 8);
        request[21] = 0x31;
        request[25] = 0x7F;
        StunMessage allocate = StunMessage.parse(request, 0, request.length);
        StunIntegrity key = StunIntegrity.shortTerm("pw");

        byte[] b = new byte[128];
        int n = StunMessageWriter.errorResponse(b, 0, allocate, new ErrorCode(ErrorCode.UNKNOWN_ATTRIBUTE, "Unknown"))
                .messageIntegrityFor(allocate, key).fingerprint().length();
        StunMessage response = StunMessage.parse(b, 0, n);
        assertEquals(StunMessage.ALLOCATE, response.method());
        assertEquals(StunClass.ERROR_RESPONSE, response.messageClass());
        assertTrue(response.hasTransactionId(TID));
        assertEquals(new ErrorCode(420, "Unknown"), response.errorCode());
        assertArrayEquals(new int[] {0x0031, 0x007F}, response.unknownAttributes());
        assertTrue(key.verify(response));
        assertTrue(response.hasValidFingerprint());

        n = StunMessageWriter.errorResponse(b, 0, allocate, new ErrorCode(ErrorCode.STALE_NONCE, "Stale Nonce"))
                .realm("example.org").nonce("n").length();
        response = StunMessage.parse(b, 0, n);
        assertEquals(438, response.errorCode().code());
        assertNull(response.unknownAttributes());
        assertEquals("example.org", response.realm());

        StunMessage known = StunMessage.parse(header(0x0001, 0), 0, 20);
        assertThrows(IllegalArgumentException.class, () -> StunMessageWriter.errorResponse(b, 0, known,
                new ErrorCode(ErrorCode.UNKNOWN_ATTRIBUTE, "Unknown")));
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
