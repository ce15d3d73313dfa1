package io.purertc.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.rtp.MalformedPacketException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.text.Normalizer;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class StunPropertiesTest {

    private static final StunIntegrity KEY = StunIntegrity.shortTerm(Rfc5769Test.class.getSimpleName());

    /** Which integrity attributes a written check carries. */
    enum Signing { SHA1, SHA256, BOTH }

    record Check(byte[] tid, String username, long priority, long tieBreaker, boolean controlling,
                 boolean useCandidate, InetSocketAddress mapped, String software, Signing signing) {
    }

    @Provide
    Arbitrary<Check> checks() {
        Arbitrary<byte[]> tid = Arbitraries.bytes().array(byte[].class).ofSize(12);
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(120);
        Arbitrary<InetSocketAddress> address = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofSize(4),
                        Arbitraries.bytes().array(byte[].class).ofSize(16)),
                Arbitraries.integers().between(0, 65535)).as(StunPropertiesTest::address);
        return Combinators.combine(tid, text, Arbitraries.longs().between(0, 0xFFFFFFFFL), Arbitraries.longs(),
                Arbitraries.of(true, false), Arbitraries.of(true, false), address, text)
                .flatAs((id, username, priority, tieBreaker, controlling, useCandidate, mapped, software) ->
                        Arbitraries.of(Signing.class).map(signing -> new Check(id, username, priority, tieBreaker,
                                controlling, useCandidate, mapped, software, signing)));
    }

    private static InetSocketAddress address(byte[] ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] write(Check c) {
        byte[] b = new byte[1024];
        StunMessageWriter w = new StunMessageWriter(b, 0, StunMessage.BINDING, StunClass.REQUEST, c.tid())
                .username(c.username()).priority(c.priority()).xorMappedAddress(c.mapped())
                .software(c.software());
        if (c.controlling()) {
            w.iceControlling(c.tieBreaker());
        } else {
            w.iceControlled(c.tieBreaker());
        }
        if (c.useCandidate()) {
            w.useCandidate();
        }
        if (c.signing() != Signing.SHA256) {
            w.messageIntegrity(KEY);
        }
        if (c.signing() != Signing.SHA1) {
            w.messageIntegritySha256(KEY);
        }
        return Arrays.copyOf(b, w.fingerprint().length());
    }

    @Property
    void parseOfWriteGivesBackEveryValue(@ForAll("checks") Check c) throws Exception {
        byte[] b = write(c);
        StunMessage m = StunMessage.parse(b, 0, b.length);
        Signing signing = !m.has(StunAttribute.MESSAGE_INTEGRITY_SHA256) ? Signing.SHA1
                : m.has(StunAttribute.MESSAGE_INTEGRITY) ? Signing.BOTH : Signing.SHA256;
        Check back = new Check(m.transactionId(), m.username(), m.priority(), m.tieBreaker(),
                m.hasIceControlling(), m.hasUseCandidate(), m.xorMappedAddress(), m.software(), signing);
        assertArrayEquals(c.tid(), back.tid());
        assertEquals(c.username(), back.username());
        assertEquals(c.priority(), back.priority());
        assertEquals(c.tieBreaker(), back.tieBreaker());
        assertEquals(c.controlling(), back.controlling());
        assertEquals(!c.controlling(), m.hasIceControlled());
        assertEquals(c.useCandidate(), back.useCandidate());
        assertEquals(c.mapped(), back.mapped());
        assertEquals(c.software(), back.software());
        assertEquals(c.signing(), back.signing());
        assertEquals(c.signing() != Signing.SHA256, KEY.verify(m));
        assertEquals(c.signing() != Signing.SHA1, KEY.verifySha256(m));
        assertTrue(KEY.verifyRequest(m));
        assertTrue(m.hasValidFingerprint());
    }

    @Property
    void anyFlippedBitBreaksIntegrityFingerprintOrParse(@ForAll("checks") Check c,
                                                        @ForAll @IntRange(min = 0, max = 1 << 20) int where) {
        byte[] b = write(c);
        int bit = where % (8 * b.length);
        b[bit / 8] ^= (byte) (1 << (bit % 8));
        try {
            StunMessage m = StunMessage.parse(b, 0, b.length);
            assertFalse(KEY.verifyRequest(m) && m.hasValidFingerprint(), "bit " + bit + " flipped unnoticed");
        } catch (MalformedPacketException expected) {
            // a flip in the framing is caught by the parser instead
        }
    }

    @Property
    void randomBytesOnlyEverThrowMalformed(@ForAll @Size(max = 200) byte[] b) {
        touch(b, b.length);
    }

    @Property
    void randomBodiesBehindAValidHeaderOnlyEverThrowMalformed(@ForAll @Size(max = 50) byte[] body) {
        int padded = body.length & ~3;
        byte[] b = new byte[20 + padded];
        new StunMessageWriter(b, 0, StunMessage.BINDING, StunClass.REQUEST, new byte[12]);
        System.arraycopy(body, 0, b, 20, padded);
        b[2] = (byte) (padded >> 8);
        b[3] = (byte) padded;
        touch(b, b.length);
    }

    @Property
    void truncatedAndMutatedMessagesOnlyEverThrowMalformed(@ForAll("checks") Check c,
                                                           @ForAll @IntRange(min = 0, max = 1023) int cut,
                                                           @ForAll @IntRange(min = 0, max = 1023) int at,
                                                           @ForAll byte value) {
        byte[] b = write(c);
        touch(b, cut % (b.length + 1));
        b[at % b.length] = value;
        touch(b, b.length);
    }

    @Property
    void truncatedSha256IntegrityFormsOnlyEverThrowMalformed(@ForAll @IntRange(min = 4, max = 8) int words,
                                                            @ForAll @IntRange(min = 0, max = 1023) int cut,
                                                            @ForAll @IntRange(min = 0, max = 1023) int at,
                                                            @ForAll byte value) throws Exception {
        byte[] b = StunMessageTest.signedWithSha256(Rfc5769Test.class.getSimpleName(), 4 * words);
        StunMessage m = StunMessage.parse(b, 0, b.length);
        assertTrue(KEY.verifySha256(m));
        touch(b, cut % (b.length + 1));
        b[at % b.length] = value;
        touch(b, b.length);
    }

    @Provide
    Arbitrary<String> likelyOpaque() {
        return OpaqueStringTest.likelyOpaque();
    }

    /** RFC 8489 §9.2.2 keys come from OpaqueString forms: spellings it maps together give one key. */
    @Property
    void longTermKeysIgnoreNormalisationAndSpaceSpelling(@ForAll("likelyOpaque") String password)
            throws Exception {
        StunIntegrity key;
        try {
            key = StunIntegrity.longTerm("user", "realm", password);
        } catch (IllegalArgumentException notOpaque) {
            return;
        }
        String respelled = Normalizer.normalize(password, Normalizer.Form.NFD).replace(' ', '\u3000');
        byte[] b = new byte[64];
        int n = new StunMessageWriter(b, 0, StunMessage.BINDING, StunClass.REQUEST, new byte[12])
                .messageIntegrity(StunIntegrity.longTerm("user", "realm", respelled)).length();
        assertTrue(key.verify(StunMessage.parse(b, 0, n)));
    }

    private static void touch(byte[] b, int length) {
        StunMessage m;
        try {
            m = StunMessage.parse(b, 0, length);
        } catch (MalformedPacketException expected) {
            return;
        }
        m.method();
        m.messageClass();
        m.transactionId();
        m.unknownRequiredAttributes();
        m.mappedAddress();
        m.xorMappedAddress();
        m.xorPeerAddress();
        m.xorRelayedAddress();
        m.username();
        m.realm();
        m.nonce();
        m.software();
        m.errorCode();
        m.unknownAttributes();
        m.priority();
        m.lifetime();
        m.channelNumber();
        m.requestedTransport();
        m.tieBreaker();
        m.hasUseCandidate();
        m.hasDontFragment();
        m.data();
        m.hasValidFingerprint();
        KEY.verify(m);
        KEY.verifySha256(m);
        KEY.verifyRequest(m);
    }
}
