package io.purertc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PacketClassTest {

    /** RFC 7983 §7's first-byte ranges, with the gaps between them, covering 0..255 in order. */
    private static final Object[][] FIRST_BYTE_RANGES = {
        {0, 3, PacketClass.STUN},
        {4, 15, PacketClass.UNKNOWN},
        {16, 19, PacketClass.ZRTP},
        {20, 63, PacketClass.DTLS},
        {64, 79, PacketClass.TURN_CHANNEL_DATA},
        {80, 127, PacketClass.UNKNOWN},
        {128, 191, PacketClass.RTP},
        {192, 255, PacketClass.UNKNOWN},
    };

    /** RFC 5761 §4 on the second byte (marker bit and payload type) of an RTP/RTCP datagram. */
    private static final Object[][] SECOND_BYTE_RANGES = {
        {0, 63, PacketClass.RTP},
        {64, 95, PacketClass.RTCP},
        {96, 191, PacketClass.RTP},
        {192, 223, PacketClass.RTCP},
        {224, 255, PacketClass.RTP},
    };

    private static PacketClass classify(int first, int second) {
        return PacketClass.classify(new byte[] {(byte) first, (byte) second}, 0, 2);
    }

    @Test
    void classifiesEveryFirstByteByItsRange() {
        int next = 0;
        for (Object[] range : FIRST_BYTE_RANGES) {
            assertEquals(next, range[0], "ranges must cover every byte value in order");
            for (int b = (int) range[0]; b <= (int) range[1]; b++) {
                assertEquals(range[2], classify(b, 96), "first byte " + b);
            }
            next = (int) range[1] + 1;
        }
        assertEquals(256, next);
    }

    @Test
    void separatesRtcpFromRtpByEverySecondByte() {
        for (int first : new int[] {128, 0x81, 0xA0, 191}) {
            int next = 0;
            for (Object[] range : SECOND_BYTE_RANGES) {
                assertEquals(next, range[0], "ranges must cover every byte value in order");
                for (int second = (int) range[0]; second <= (int) range[1]; second++) {
                    assertEquals(range[2], classify(first, second), "bytes " + first + ", " + second);
                }
                next = (int) range[1] + 1;
            }
            assertEquals(256, next);
        }
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
