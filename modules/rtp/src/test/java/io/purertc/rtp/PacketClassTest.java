package io.purertc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PacketClassTest {

    private static PacketClass classify(int first, int second) {
        return PacketClass.classify(new byte[] {(byte) first, (byte) second}, 0, 2);
    }

    /** RFC 7983 §7's table, written out range by range. */
    private static PacketClass expectedForFirstByte(int b) {
        if (b >= 0 && b <= 3) {
            return PacketClass.STUN;
        }
        if (b >= 16 && b <= 19) {
            return PacketClass.ZRTP;
        }
        if (b >= 20 && b <= 63) {
            return PacketClass.DTLS;
        }
        if (b >= 64 && b <= 79) {
            return PacketClass.TURN_CHANNEL_DATA;
        }
        if (b >= 128 && b <= 191) {
            return PacketClass.RTP;
        }
        return PacketClass.UNKNOWN;
    }

    @Test
    void classifiesEveryFirstByte() {
        for (int b = 0; b <= 255; b++) {
            assertEquals(expectedForFirstByte(b), classify(b, 96), "first byte " + b);
        }
    }

    @Test
    void rangeBoundariesOfRfc7983() {
        assertEquals(PacketClass.STUN, classify(3, 0));
        assertEquals(PacketClass.UNKNOWN, classify(4, 0));
        assertEquals(PacketClass.UNKNOWN, classify(15, 0));
        assertEquals(PacketClass.ZRTP, classify(16, 0));
        assertEquals(PacketClass.ZRTP, classify(19, 0));
        assertEquals(PacketClass.DTLS, classify(20, 0));
        assertEquals(PacketClass.DTLS, classify(63, 0));
        assertEquals(PacketClass.TURN_CHANNEL_DATA, classify(64, 0));
        assertEquals(PacketClass.TURN_CHANNEL_DATA, classify(79, 0));
        assertEquals(PacketClass.UNKNOWN, classify(80, 0));
        assertEquals(PacketClass.UNKNOWN, classify(127, 0));
        assertEquals(PacketClass.RTP, classify(128, 0));
        assertEquals(PacketClass.RTP, classify(191, 0));
        assertEquals(PacketClass.UNKNOWN, classify(192, 0));
        assertEquals(PacketClass.UNKNOWN, classify(255, 0));
    }

    @Test
    void separatesRtcpFromRtpByTheSecondByte() {
        for (int first : new int[] {128, 0x81, 0xA0, 191}) {
            for (int second = 0; second <= 255; second++) {
                int payloadType = second & 0x7F;
                PacketClass expected = payloadType >= 64 && payloadType <= 95 ? PacketClass.RTCP : PacketClass.RTP;
                assertEquals(expected, classify(first, second), "bytes " + first + ", " + second);
            }
        }
        assertEquals(PacketClass.RTP, classify(0x80, 191));
        assertEquals(PacketClass.RTCP, classify(0x80, 192));
        assertEquals(PacketClass.RTCP, classify(0x80, 200));
        assertEquals(PacketClass.RTCP, classify(0x80, 223));
        assertEquals(PacketClass.RTP, classify(0x80, 224));
        assertEquals(PacketClass.RTP, classify(0x80, 63));
        assertEquals(PacketClass.RTCP, classify(0x80, 64));
        assertEquals(PacketClass.RTCP, classify(0x80, 95));
        assertEquals(PacketClass.RTP, classify(0x80, 96));
    }

    @Test
    void tooShortToTellIsUnknownUnlessOneByteSuffices() {
        assertEquals(PacketClass.UNKNOWN, PacketClass.classify(new byte[0], 0, 0));
        assertEquals(PacketClass.UNKNOWN, PacketClass.classify(new byte[] {(byte) 0x80}, 0, 1));
        assertEquals(PacketClass.STUN, PacketClass.classify(new byte[] {0}, 0, 1));
        assertEquals(PacketClass.DTLS, PacketClass.classify(new byte[] {22}, 0, 1));
    }

    @Test
    void readsAtTheGivenOffset() {
        byte[] buf = {0, 0, (byte) 0x80, (byte) 200, 0};
        assertEquals(PacketClass.RTCP, PacketClass.classify(buf, 2, 2));
        assertEquals(PacketClass.STUN, PacketClass.classify(buf, 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> PacketClass.classify(buf, 4, 2));
    }
}
