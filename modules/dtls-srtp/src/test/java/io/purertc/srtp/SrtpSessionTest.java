package io.purertc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpSessionTest {

    private static final int SSRC = 0x1234_5678;

    private final Random random = new Random(42);

    private static SrtpSession session(SrtpMasterKey key) {
        return SrtpSession.create(key, key, SrtpOptions.DEFAULT);
    }

    private static byte[] rtp(int ssrc, int seq) {
        return Packet.rtp(new Random(seq), ssrc, seq, 200);
    }

    /** {@code plain} protected by {@code session}, as the bytes on the wire. */
    private static byte[] protectRtp(SrtpSession session, byte[] plain) {
        Packet p = Packet.of(plain, 0);
        int length = session.protectRtp(p.buf(), p.off(), p.len());
        assertEquals(plain.length + session.rtpOverhead(), length, () -> "protect: " + SrtpFailure.of(length));
        return p.withLength(length).bytes();
    }

    private static byte[] protectRtcp(SrtpSession session, byte[] plain) {
        Packet p = Packet.of(plain, 0);
        int length = session.protectRtcp(p.buf(), p.off(), p.len());
        assertEquals(plain.length + session.rtcpOverhead(), length, () -> "protect: " + SrtpFailure.of(length));
        return p.withLength(length).bytes();
    }

    private static int unprotectRtp(SrtpSession session, byte[] wire) {
        Packet p = Packet.of(wire, 0);
        return session.unprotectRtp(p.buf(), p.off(), p.len());
    }

    private static int unprotectRtcp(SrtpSession session, byte[] wire) {
        Packet p = Packet.of(wire, 0);
        return session.unprotectRtcp(p.buf(), p.off(), p.len());
    }

    private static SrtpFailure failure(int result) {
        return SrtpFailure.of(result);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void theSendersRolloverCounterStepsUpWhenItsSequenceNumbersWrap(SrtpProfile profile) {
        SrtpMasterKey key = Packet.randomKey(random, profile);
        SrtpSession sender = session(key);
        SrtpSession receiver = session(key);
        byte[] last = protectRtp(sender, rtp(SSRC, 0xFFFF));
        byte[] wrapped = protectRtp(sender, rtp(SSRC, 0));

        assertEquals(rtp(SSRC, 0xFFFF).length, unprotectRtp(receiver, last));
        assertEquals(rtp(SSRC, 0).length, unprotectRtp(receiver, wrapped));
        // A receiver that never saw the wrap assumes ROC 0, so the packet protected under ROC 1 fails.
        assertEquals(SrtpFailure.AUTH_FAILED, failure(unprotectRtp(session(key), wrapped)));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aReplayedPacketIsRejectedAndCounted(SrtpProfile profile) {
        SrtpMasterKey key = Packet.randomKey(random, profile);
        SrtpSession receiver = session(key);
        byte[] rtp = protectRtp(session(key), rtp(SSRC, 7));
        byte[] rtcp = protectRtcp(session(key), Packet.rtcp(random, SSRC, 40));

        assertEquals(rtp.length - receiver.rtpOverhead(), unprotectRtp(receiver, rtp));
        assertEquals(rtcp.length - receiver.rtcpOverhead(), unprotectRtcp(receiver, rtcp));
        assertEquals(SrtpFailure.REPLAYED, failure(unprotectRtp(receiver, rtp)));
        assertEquals(SrtpFailure.REPLAYED, failure(unprotectRtcp(receiver, rtcp)));
        assertEquals(2, receiver.failures(SrtpFailure.REPLAYED));
    }

    @Test
    void aPacketBehindTheWindowIsTooOldAndTheWindowSizeIsAnOption() {
        SrtpMasterKey key = Packet.randomKey(random, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        SrtpSession sender = session(key);
        byte[][] wire = new byte[300][];
        for (int seq = 100; seq < 300; seq++) {
            wire[seq] = protectRtp(sender, rtp(SSRC, seq));
        }
        SrtpSession narrow = session(key);
        SrtpSession wide = SrtpSession.create(key, key, SrtpOptions.DEFAULT.withReplayWindow(128));
        for (SrtpSession receiver : new SrtpSession[] {narrow, wide}) {
            assertEquals(wire[100].length - 10, unprotectRtp(receiver, wire[100]));
            assertEquals(wire[299].length - 10, unprotectRtp(receiver, wire[299]));
        }

        assertEquals(wire[236].length - 10, unprotectRtp(narrow, wire[236]));
        assertEquals(SrtpFailure.TOO_OLD, failure(unprotectRtp(narrow, wire[235])));
        assertEquals(wire[235].length - 10, unprotectRtp(wide, wire[235]));
        assertEquals(wire[172].length - 10, unprotectRtp(wide, wire[172]));
        assertEquals(SrtpFailure.TOO_OLD, failure(unprotectRtp(wide, wire[171])));
        assertEquals(1, narrow.failures(SrtpFailure.TOO_OLD));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aForgedPacketMovesNeitherTheWindowNorTheRolloverCounter(SrtpProfile profile) {
        SrtpMasterKey key = Packet.randomKey(random, profile);
        SrtpSession sender = session(key);
        SrtpSession receiver = session(key);
        byte[] first = protectRtp(sender, rtp(SSRC, 10));
        byte[] next = protectRtp(sender, rtp(SSRC, 11));
        byte[] forged = protectRtp(session(Packet.randomKey(random, profile)), rtp(SSRC, 30000));
        assertEquals(first.length - receiver.rtpOverhead(), unprotectRtp(receiver, first));

        assertEquals(SrtpFailure.AUTH_FAILED, failure(unprotectRtp(receiver, forged)));

        assertEquals(next.length - receiver.rtpOverhead(), unprotectRtp(receiver, next));
    }

    @Test
    void forgedPacketsTakeNoSsrcSlotAndOneSsrcTooManyIsRefused() {
        SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
        SrtpMasterKey key = Packet.randomKey(random, profile);
        SrtpSession sender = SrtpSession.create(key, key, SrtpOptions.DEFAULT.withMaxSsrcs(2));
        SrtpSession receiver = SrtpSession.create(key, key, SrtpOptions.DEFAULT.withMaxSsrcs(2));
        SrtpSession forger = session(Packet.randomKey(random, profile));
        for (int ssrc = 100; ssrc < 110; ssrc++) {
            assertEquals(SrtpFailure.AUTH_FAILED, failure(unprotectRtp(receiver, protectRtp(forger, rtp(ssrc, 1)))));
        }
        byte[] a = protectRtp(sender, rtp(1, 1));
        byte[] b = protectRtp(sender, rtp(2, 1));
        Packet c = Packet.of(rtp(3, 1), 0);

        assertEquals(SrtpFailure.TOO_MANY_SSRCS, failure(sender.protectRtp(c.buf(), c.off(), c.len())));
        assertEquals(a.length - 16, unprotectRtp(receiver, a));
        assertEquals(b.length - 16, unprotectRtp(receiver, b));
        assertEquals(SrtpFailure.TOO_MANY_SSRCS,
                failure(unprotectRtp(receiver, protectRtp(session(key), rtp(3, 1)))));
        assertEquals(1, receiver.failures(SrtpFailure.TOO_MANY_SSRCS));
        assertEquals(10, receiver.failures(SrtpFailure.AUTH_FAILED));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectingNeedsRoomForTheTrailerAndLeavesTheBufferAloneWithoutIt(SrtpProfile profile) {
        SrtpSession session = session(Packet.randomKey(random, profile));
        byte[] rtp = rtp(SSRC, 1);
        byte[] exact = rtp.clone();
        byte[] rtcp = Packet.rtcp(random, SSRC, 40);
        byte[] exactRtcp = rtcp.clone();

        assertEquals(SrtpFailure.BUFFER_TOO_SMALL, failure(session.protectRtp(exact, 0, exact.length)));
        assertEquals(SrtpFailure.BUFFER_TOO_SMALL, failure(session.protectRtcp(exactRtcp, 0, exactRtcp.length)));
        assertArrayEquals(rtp, exact);
        assertArrayEquals(rtcp, exactRtcp);
        assertEquals(2, session.failures(SrtpFailure.BUFFER_TOO_SMALL));
    }

    @Test
    void packetsThatAreNotVersion2OrWhoseHeaderRunsPastTheirEndAreMalformed() {
        SrtpSession session = session(Packet.randomKey(random, SrtpProfile.AES_CM_128_HMAC_SHA1_32));
        byte[] buf = new byte[100];
        buf[0] = (byte) 0x40;
        assertEquals(SrtpFailure.MALFORMED, failure(session.protectRtp(buf, 0, 20)));
        assertEquals(SrtpFailure.MALFORMED, failure(session.unprotectRtp(buf, 0, 20)));
        assertEquals(SrtpFailure.MALFORMED, failure(session.protectRtcp(buf, 0, 20)));
        assertEquals(SrtpFailure.MALFORMED, failure(session.unprotectRtcp(buf, 0, 40)));
        buf[0] = (byte) 0x83;
        assertEquals(SrtpFailure.MALFORMED, failure(session.protectRtp(buf, 0, 20)));
        assertEquals(SrtpFailure.MALFORMED, failure(session.unprotectRtp(buf, 0, 27)));
        buf[0] = (byte) 0x90;
        buf[15] = 2;
        assertEquals(SrtpFailure.MALFORMED, failure(session.protectRtp(buf, 0, 23)));
        assertEquals(24 + 4, session.protectRtp(buf, 0, 24));
        assertEquals(SrtpFailure.TOO_SHORT, failure(session.protectRtp(buf, 0, 11)));
        assertEquals(SrtpFailure.TOO_SHORT, failure(session.unprotectRtp(buf, 0, 15)));
        assertEquals(SrtpFailure.TOO_SHORT, failure(session.protectRtcp(buf, 0, 7)));
        assertEquals(SrtpFailure.TOO_SHORT, failure(session.unprotectRtcp(buf, 0, 21)));
        assertEquals(SrtpFailure.MALFORMED, failure(
                session.protectRtp(new byte[0x10000], 0, SrtpSession.MAX_PACKET_LENGTH - 3)));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void theHeaderAndItsExtensionStayInTheClearAndThePaddingIsEncrypted(SrtpProfile profile) {
        int headerLength = 12 + 4 + 8;
        byte[] plain = new byte[headerLength + 20 + 4];
        plain[0] = (byte) 0xB0;
        plain[12] = (byte) 0xBE;
        plain[13] = (byte) 0xDE;
        plain[15] = 2;
        Arrays.fill(plain, 16, headerLength, (byte) 0x55);
        plain[plain.length - 1] = 4;

        byte[] wire = protectRtp(session(Packet.randomKey(random, profile)), plain);

        assertArrayEquals(Arrays.copyOf(plain, headerLength), Arrays.copyOf(wire, headerLength));
        for (int i = headerLength; i < plain.length; i += 4) {
            assertFalse(Arrays.equals(plain, i, i + 4, wire, i, i + 4), "encrypted at " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aRetransmissionIsProtectedToTheSameBytes(SrtpProfile profile) {
        SrtpSession session = session(Packet.randomKey(random, profile));
        byte[] plain = rtp(SSRC, 5);

        byte[] first = protectRtp(session, plain);
        byte[] again = protectRtp(session, plain);
        protectRtp(session, rtp(SSRC, 6));
        byte[] later = protectRtp(session, plain);

        assertArrayEquals(first, again);
        assertArrayEquals(first, later);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void eachSendersSrtcpIndexCountsFromZero(SrtpProfile profile) {
        SrtpSession session = session(Packet.randomKey(random, profile));
        int[] ssrcs = {7, 7, 9, 7, 9};
        int[] expected = {0, 1, 0, 2, 1};
        for (int i = 0; i < ssrcs.length; i++) {
            byte[] wire = protectRtcp(session, Packet.rtcp(random, ssrcs[i], 20));
            int at = profile.isAead() ? wire.length - 4 : wire.length - 4 - profile.rtcpTagLength();
            byte[] word = Arrays.copyOfRange(wire, at, at + 4);
            assertArrayEquals(new byte[] {(byte) 0x80, 0, 0, (byte) expected[i]}, word, "packet " + i);
        }
    }

    @Test
    void anUnencryptedHmacSrtcpPacketIsVerifiedAndLeftInTheClear() {
        SrtpMasterKey key = Packet.randomKey(random, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] rtcp = Packet.rtcp(random, SSRC, 60);
        byte[] wire = Arrays.copyOf(rtcp, rtcp.length + 4 + 10);
        Packet.putInt(wire, rtcp.length, 3);
        HmacSha1 hmac = new HmacSha1(SessionKeys.forRtcp(key).authKey());
        hmac.start();
        hmac.update(wire, 0, rtcp.length + 4);
        System.arraycopy(hmac.finish(), 0, wire, rtcp.length + 4, 10);
        Packet p = Packet.of(wire, 0);

        assertEquals(rtcp.length, session(key).unprotectRtcp(p.buf(), p.off(), p.len()));
        assertArrayEquals(rtcp, p.withLength(rtcp.length).bytes());
    }

    @Test
    void aSenderRunsOutOfSrtcpIndicesAfterTwoToTheThirtyOne() {
        SrtcpIndex index = new SrtcpIndex(SrtcpIndex.MAX - 1);

        assertEquals(SrtcpIndex.MAX - 1, index.take());
        assertEquals(SrtcpIndex.MAX, index.take());
        assertEquals(-1, index.take());
        assertEquals(-1, index.take());
    }

    @Test
    void theDtlsClientAndServerSessionsOfOneHandshakeTalkToEachOther() {
        byte[] exported = new byte[SrtpProfile.AEAD_AES_256_GCM.keyingMaterialLength()];
        random.nextBytes(exported);
        SrtpKeyingMaterial material = SrtpKeyingMaterial.split(SrtpProfile.AEAD_AES_256_GCM, exported);
        SrtpSession client = SrtpSession.create(material, true, SrtpOptions.DEFAULT);
        SrtpSession server = SrtpSession.create(material, false, SrtpOptions.DEFAULT);
        byte[] toServer = protectRtp(client, rtp(1, 1));
        byte[] toClient = protectRtcp(server, Packet.rtcp(random, 2, 40));

        assertEquals(toServer.length - 16, unprotectRtp(server, toServer));
        assertEquals(toClient.length - 20, unprotectRtcp(client, toClient));
        assertEquals(SrtpFailure.AUTH_FAILED, failure(unprotectRtp(client, protectRtp(client, rtp(1, 2)))));
    }

    @Test
    void keysOfTwoProfilesDoNotMakeASession() {
        SrtpMasterKey cm = Packet.randomKey(random, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        SrtpMasterKey gcm = Packet.randomKey(random, SrtpProfile.AEAD_AES_128_GCM);

        assertThrows(IllegalArgumentException.class, () -> SrtpSession.create(cm, gcm, SrtpOptions.DEFAULT));
    }

    @Test
    void failureCodesAreNegativeAndDecodeToTheirFailure() {
        for (SrtpFailure failure : SrtpFailure.values()) {
            assertEquals(failure, SrtpFailure.of(failure.code()));
        }
        assertEquals(-1, SrtpFailure.AUTH_FAILED.code());
        assertThrows(IllegalArgumentException.class, () -> SrtpFailure.of(0));
        assertThrows(IllegalArgumentException.class, () -> SrtpFailure.of(-1 - SrtpFailure.values().length));
    }

    @Test
    void optionsStayWithinWhatTheRfcAndTheEstimateAllow() {
        assertEquals(SrtpOptions.DEFAULT, new SrtpOptions(64, 64));
        assertThrows(IllegalArgumentException.class, () -> SrtpOptions.DEFAULT.withReplayWindow(63));
        assertThrows(IllegalArgumentException.class, () -> SrtpOptions.DEFAULT.withReplayWindow((1 << 15) + 1));
        assertThrows(IllegalArgumentException.class, () -> SrtpOptions.DEFAULT.withMaxSsrcs(0));
        assertThrows(IllegalArgumentException.class, () -> SrtpOptions.DEFAULT.withMaxSsrcs((1 << 16) + 1));
    }

    @Test
    void boundsOutsideTheBufferAreTheCallersBug() {
        SrtpSession session = session(Packet.randomKey(random, SrtpProfile.AES_CM_128_HMAC_SHA1_80));

        assertThrows(IndexOutOfBoundsException.class, () -> session.unprotectRtp(new byte[20], 10, 20));
        assertThrows(IndexOutOfBoundsException.class, () -> session.protectRtcp(new byte[20], -1, 8));
    }
}
