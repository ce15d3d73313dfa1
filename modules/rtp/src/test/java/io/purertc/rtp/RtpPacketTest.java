package io.purertc.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class RtpPacketTest {

    private static final HexFormat HEX = HexFormat.of();

    static byte[] hex(String spaced) {
        return HEX.parseHex(spaced.replace(" ", ""));
    }

    private static MalformedPacketException rejects(byte[] packet) {
        return assertThrows(MalformedPacketException.class, () -> RtpPacket.parse(packet, 0, packet.length));
    }

    /** Element {@code id} has its data at buffer index {@code offset} and is {@code length} bytes (-1, -1: absent). */
    private static void assertElement(RtpPacket packet, int id, int offset, int length) {
        assertEquals(offset, packet.extensionOffset(id), "offset of element " + id);
        assertEquals(length, packet.extensionLength(id), "length of element " + id);
    }

    private static void assertRule(byte[] packet, int offset, String rule) {
        MalformedPacketException e = rejects(packet);
        assertEquals("RTP", e.protocol());
        assertEquals(rule, e.rule());
        assertEquals(offset, e.offset());
    }

    @Test
    void readsEveryFieldOfTheFixedHeader() throws Exception {
        byte[] bytes = hex("80 E0 12 34 89 AB CD EF 9A BC DE F0 01 02 03");
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);

        assertEquals(2, packet.version());
        assertFalse(packet.padding());
        assertFalse(packet.extension());
        assertEquals(0, packet.csrcCount());
        assertTrue(packet.marker());
        assertEquals(96, packet.payloadType());
        assertEquals(0x1234, packet.sequenceNumber());
        assertEquals(0x89ABCDEFL, packet.timestamp());
        assertEquals(0x9ABCDEF0L, packet.ssrc());
        assertEquals(12, packet.headerLength());
        assertEquals(12, packet.payloadOffset());
        assertEquals(3, packet.payloadLength());
        assertEquals(0, packet.paddingLength());
        assertSame(bytes, packet.buffer());
        assertEquals(0, packet.offset());
        assertEquals(15, packet.length());
        assertEquals(-1, packet.extensionOffset(1));
    }

    @Test
    void readsFifteenCsrcs() throws Exception {
        StringBuilder csrcs = new StringBuilder();
        for (int i = 1; i <= 15; i++) {
            csrcs.append(String.format("FF 00 00 %02X ", i));
        }
        byte[] bytes = hex("8F 00 00 01 00 00 00 02 00 00 00 03 " + csrcs + "AA");
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);

        assertEquals(15, packet.csrcCount());
        assertEquals(72, packet.headerLength());
        assertEquals(0xFF000001L, packet.csrc(0));
        assertEquals(0xFF00000FL, packet.csrc(14));
        assertThrows(IndexOutOfBoundsException.class, () -> packet.csrc(15));
        assertEquals(1, packet.payloadLength());
        assertEquals(15, packet.header().csrcs().size());
    }

    @Test
    void rejectsFifteenCsrcsThatDoNotFit() {
        byte[] bytes = new byte[71];
        bytes[0] = (byte) 0x8F;
        assertRule(bytes, 12, "CSRC list runs past the end of the packet");
    }

    /** The one-byte example of RFC 8285 §4.2: ids 1, 2, 3 with 1, 2 and 4 data bytes, two padding bytes between. */
    @Test
    void readsTheOneByteLayoutOfRfc8285Section4_2() throws Exception {
        byte[] bytes = hex("90 60 00 01 00 00 00 02 00 00 00 03"
                + " BE DE 00 03"
                + " 10 AA 21 BB"
                + " BB 00 00 33"
                + " CC CC CC CC"
                + " 01 02 03");
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);

        assertEquals(28, packet.headerLength());
        assertEquals(3, packet.payloadLength());
        assertElement(packet, 1, 17, 1);
        assertElement(packet, 2, 19, 2);
        assertElement(packet, 3, 24, 4);
        assertElement(packet, 4, -1, -1);
        assertEquals(List.of(
                        new HeaderExtension(1, hex("AA")),
                        new HeaderExtension(2, hex("BB BB")),
                        new HeaderExtension(3, hex("CC CC CC CC"))),
                packet.extensions());
    }

    /** The two-byte example of RFC 8285 §4.3: id 1 empty, id 2 one byte, a padding byte, id 3 four bytes. */
    @Test
    void readsTheTwoByteLayoutOfRfc8285Section4_3() throws Exception {
        byte[] bytes = hex("90 60 00 01 00 00 00 02 00 00 00 03"
                + " 10 00 00 03"
                + " 01 00 02 01"
                + " AA 00 03 04"
                + " DD DD DD DD");
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);

        assertEquals(28, packet.headerLength());
        assertEquals(0, packet.payloadLength());
        assertElement(packet, 1, 18, 0);
        assertElement(packet, 2, 20, 1);
        assertElement(packet, 3, 24, 4);
        assertEquals(List.of(
                        new HeaderExtension(1, new byte[0]),
                        new HeaderExtension(2, hex("AA")),
                        new HeaderExtension(3, hex("DD DD DD DD"))),
                packet.extensions());
    }

    @Test
    void readsTheTwoByteFormWhateverItsAppBits() throws Exception {
        byte[] bytes = hex("90 60 00 01 00 00 00 02 00 00 00 03 10 0F 00 01 07 01 AA 00");
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);

        assertElement(packet, 7, 18, 1);
    }

    @Test
    void stopsReadingOneByteElementsAtId15() throws Exception {
        // id 2 after the id-15 byte would run past the block if it were read.
        byte[] bytes = hex("90 60 00 01 00 00 00 02 00 00 00 03 BE DE 00 02 11 AA AA F0 2F 00 00 00");
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);

        assertEquals(17, packet.extensionOffset(1));
        assertEquals(-1, packet.extensionOffset(2));
        assertEquals(-1, packet.extensionOffset(15));
        assertEquals(List.of(new HeaderExtension(1, hex("AA AA"))), packet.extensions());
    }

    @Test
    void keepsTheFirstOfTwoElementsWithOneId() throws Exception {
        byte[] bytes = hex("90 60 00 01 00 00 00 02 00 00 00 03 BE DE 00 01 10 AA 10 BB");
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);

        assertEquals(17, packet.extensionOffset(1));
        assertEquals(List.of(new HeaderExtension(1, hex("AA"))), packet.extensions());
    }

    @Test
    void skipsTheElementsOfAnotherProfile() throws Exception {
        byte[] bytes = hex("90 60 00 01 00 00 00 02 00 00 00 03 AB CD 00 01 10 AA 10 BB 77");
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);

        assertTrue(packet.extension());
        assertEquals(20, packet.headerLength());
        assertEquals(1, packet.payloadLength());
        assertEquals(-1, packet.extensionOffset(1));
        assertEquals(List.of(), packet.extensions());
        assertThrows(IllegalStateException.class, () -> packet.withExtension(new HeaderExtension(1, hex("01"))));
    }

    @Test
    void rejectsMalformedOneByteElements() {
        assertRule(hex("90 60 00 01 00 00 00 02 00 00 00 03 BE DE 00 01 10 AA 05 00"), 18,
                "one-byte extension element with id 0 must be a zero padding byte");
        assertRule(hex("90 60 00 01 00 00 00 02 00 00 00 03 BE DE 00 01 10 AA 21 BB"), 18,
                "one-byte extension element runs past the extension block");
        assertRule(hex("90 60 00 01 00 00 00 02 00 00 00 03 BE DE 00 01 00 00 00 1F EE EE"), 19,
                "one-byte extension element runs past the extension block");
    }

    @Test
    void rejectsMalformedTwoByteElements() {
        assertRule(hex("90 60 00 01 00 00 00 02 00 00 00 03 10 00 00 01 01 01 AA 07"), 19,
                "two-byte extension element header runs past the extension block");
        assertRule(hex("90 60 00 01 00 00 00 02 00 00 00 03 10 00 00 01 01 03 AA BB"), 17,
                "two-byte extension element runs past the extension block");
    }

    @Test
    void rejectsVersionsOtherThanTwo() {
        for (int version : new int[] {0, 1, 3}) {
            byte[] bytes = hex("00 60 00 01 00 00 00 02 00 00 00 03");
            bytes[0] = (byte) (version << 6);
            assertRule(bytes, 0, "version must be 2");
        }
    }

    /** CC=2 and a one-byte extension of one word, then 4 payload bytes: 32 bytes. */
    private static final byte[] LAYERED = hex("92 60 00 01 00 00 00 02 00 00 00 03"
            + " 11 11 11 11 22 22 22 22"
            + " BE DE 00 01 12 AA BB CC"
            + " 01 02 03 04");

    @Test
    void truncationAtEveryByteNamesTheFieldThatNoLongerFits() throws Exception {
        for (int len = 0; len <= LAYERED.length; len++) {
            byte[] prefix = Arrays.copyOf(LAYERED, len);
            if (len < 12) {
                assertRule(prefix, 0, "fixed header needs 12 bytes");
            } else if (len < 20) {
                assertRule(prefix, 12, "CSRC list runs past the end of the packet");
            } else if (len < 24) {
                assertRule(prefix, 20, "header extension header runs past the end of the packet");
            } else if (len < 28) {
                assertRule(prefix, 22, "header extension length runs past the end of the packet");
            } else {
                RtpPacket packet = RtpPacket.parse(prefix, 0, len);
                assertEquals(len - 28, packet.payloadLength());
                assertEquals(25, packet.extensionOffset(1));
            }
        }
    }

    @Test
    void reportsOffsetsRelativeToThePacketNotTheBuffer() throws Exception {
        byte[] buffer = new byte[5 + LAYERED.length + 7];
        System.arraycopy(LAYERED, 0, buffer, 5, LAYERED.length);

        RtpPacket packet = RtpPacket.parse(buffer, 5, LAYERED.length);
        assertEquals(4, packet.payloadLength());
        assertEquals(5 + 28, packet.payloadOffset());
        assertEquals(5 + 25, packet.extensionOffset(1));
        assertEquals(0x22222222L, packet.csrc(1));

        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> RtpPacket.parse(buffer, 5, 26));
        assertEquals(22, e.offset());
        assertThrows(IndexOutOfBoundsException.class, () -> RtpPacket.parse(buffer, 5, buffer.length));
    }

    @Test
    void paddingOfOneByteIsJustTheCount() throws Exception {
        byte[] bytes = hex("A0 60 00 01 00 00 00 02 00 00 00 03 AA BB 01");
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);

        assertTrue(packet.padding());
        assertEquals(1, packet.paddingLength());
        assertEquals(2, packet.payloadLength());
    }

    @Test
    void paddingMayTakeEveryByteAfterTheHeader() throws Exception {
        byte[] bytes = hex("B0 60 00 01 00 00 00 02 00 00 00 03 BE DE 00 01 10 AA 00 00 00 00 00 04");
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);

        assertEquals(4, packet.paddingLength());
        assertEquals(0, packet.payloadLength());
        assertEquals(bytes.length, packet.payloadOffset() + packet.paddingLength());
    }

    @Test
    void rejectsPaddingCountsOfZeroOrBeyondThePayload() {
        assertRule(hex("A0 60 00 01 00 00 00 02 00 00 00 03 AA BB 00"), 14, "padding count must be at least 1");
        assertRule(hex("A0 60 00 01 00 00 00 02 00 00 00 03 AA BB 04"), 14,
                "padding count exceeds the bytes after the header");
        // Header only: the count byte would be the SSRC's last byte.
        assertRule(hex("A0 60 00 01 00 00 00 02 00 00 00 01"), 11,
                "padding count exceeds the bytes after the header");
        assertRule(hex("A0 60 00 01 00 00 00 02 00 00 00 00"), 11, "padding count must be at least 1");
    }

    @Test
    void writesTheOneByteFormByHand() {
        RtpHeader header = new RtpHeader(false, 111, 0xABCD, 0x01020304L, 0x11223344L, List.of(0xCAFEBABEL),
                List.of(new HeaderExtension(1, hex("30")), new HeaderExtension(3, hex("12 34"))));

        byte[] packet = header.toPacket(hex("DE AD"), 0, 2, 3);

        assertArrayEquals(hex("B1 6F AB CD 01 02 03 04 11 22 33 44 CA FE BA BE"
                + " BE DE 00 02 10 30 31 12 34 00 00 00"
                + " DE AD"
                + " 00 00 03"), packet);
        assertEquals(28, header.headerLength());
        assertEquals(33, header.packetLength(2, 3));
    }

    @Test
    void writesTheTwoByteFormWhenAnElementDoesNotFitOneByte() {
        RtpHeader header = new RtpHeader(true, 96, 1, 2, 3, List.of(),
                List.of(new HeaderExtension(1, new byte[0]), new HeaderExtension(20, hex("01 02 03"))));

        byte[] packet = header.toPacket(new byte[0], 0, 0, 0);

        assertArrayEquals(hex("90 E0 00 01 00 00 00 02 00 00 00 03 10 00 00 02 01 00 14 03 01 02 03 00"), packet);
    }

    @Test
    void writesThePayloadAfterAHeaderAtAnOffset() {
        RtpHeader header = new RtpHeader(false, 0, 0, 0, 0);
        byte[] dst = new byte[20];
        Arrays.fill(dst, (byte) 0x77);

        int written = header.write(hex("00 01 02 03 04"), 1, 3, 0, dst, 4);

        assertEquals(15, written);
        assertArrayEquals(hex("77 77 77 77 80 00 00 00 00 00 00 00 00 00 00 00 01 02 03 77"), dst);
        assertThrows(IndexOutOfBoundsException.class, () -> header.write(new byte[9], 0, 9, 0, dst, 0));
        assertThrows(IllegalArgumentException.class, () -> header.write(new byte[1], 0, 1, 256, new byte[300], 0));
    }

    @Test
    void writesOverAPayloadAlreadyPlacedAfterTheHeaderRoom() throws Exception {
        RtpHeader header = new RtpHeader(false, 8, 5, 6, 7, List.of(),
                List.of(new HeaderExtension(2, hex("AB"))));
        byte[] dst = new byte[header.headerLength() + 3];
        dst[20] = 1;
        dst[21] = 2;
        dst[22] = 3;

        header.write(dst, 20, 3, 0, dst, 0);

        RtpPacket packet = RtpPacket.parse(dst, 0, dst.length);
        assertEquals(header, packet.header());
        assertArrayEquals(hex("01 02 03"), Arrays.copyOfRange(dst, 20, 23));
    }

    @Test
    void replacesAnElementOfTheSameLengthInPlace() throws Exception {
        byte[] bytes = hex("90 60 00 01 00 00 00 02 00 00 00 03 BE DE 00 02 11 AA BB 20 CC 00 00 00 FF");
        byte[] before = bytes.clone();
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);

        RtpPacket result = packet.withExtension(new HeaderExtension(1, hex("01 02")));

        assertSame(packet, result);
        before[17] = 1;
        before[18] = 2;
        assertArrayEquals(before, bytes);
    }

    @Test
    void rebuildsThePacketWhenTheLengthChanges() throws Exception {
        byte[] bytes = hex("B0 60 00 01 00 00 00 02 00 00 00 03 BE DE 00 02 11 AA BB 20 CC 00 00 00 F1 F2 09 02");
        byte[] before = bytes.clone();
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);

        RtpPacket longer = packet.withExtension(new HeaderExtension(2, hex("01 02 03")));
        RtpPacket twoByte = packet.withExtension(new HeaderExtension(40, hex("05")));

        assertArrayEquals(before, bytes);
        assertNotSame(bytes, longer.buffer());
        assertEquals(List.of(new HeaderExtension(1, hex("AA BB")), new HeaderExtension(2, hex("01 02 03"))),
                longer.extensions());
        assertEquals(List.of(new HeaderExtension(1, hex("AA BB")), new HeaderExtension(2, hex("CC")),
                new HeaderExtension(40, hex("05"))), twoByte.extensions());
        assertEquals(0x10, twoByte.buffer()[12]);
        for (RtpPacket rebuilt : List.of(longer, twoByte)) {
            assertEquals(packet.sequenceNumber(), rebuilt.sequenceNumber());
            assertEquals(2, rebuilt.paddingLength());
            assertEquals(2, rebuilt.payloadLength());
            assertEquals(0xF1, rebuilt.buffer()[rebuilt.payloadOffset()] & 0xFF);
            assertEquals(0xF2, rebuilt.buffer()[rebuilt.payloadOffset() + 1] & 0xFF);
            assertEquals(0, rebuilt.buffer()[rebuilt.payloadOffset() + 2], "padding is rewritten as zeros");
        }
    }

    @Test
    void addsTheFirstExtensionToAPacketWithout() throws Exception {
        byte[] bytes = hex("80 60 00 01 00 00 00 02 00 00 00 03 AA");
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);

        RtpPacket extended = packet.withExtension(new HeaderExtension(5, hex("01 02")));

        assertArrayEquals(hex("90 60 00 01 00 00 00 02 00 00 00 03 BE DE 00 01 51 01 02 00 AA"),
                Arrays.copyOfRange(extended.buffer(), extended.offset(), extended.length()));
    }

    @Test
    void settersRejectValuesOutsideTheirFields() throws Exception {
        byte[] bytes = hex("80 60 00 01 00 00 00 02 00 00 00 03");
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);

        assertThrows(IllegalArgumentException.class, () -> packet.setPayloadType(128));
        assertThrows(IllegalArgumentException.class, () -> packet.setSequenceNumber(65536));
        assertThrows(IllegalArgumentException.class, () -> packet.setTimestamp(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> packet.setSsrc(-1));
        assertThrows(IllegalArgumentException.class, () -> packet.extensionOffset(0));
        assertThrows(IllegalArgumentException.class, () -> packet.extensionOffset(256));
        assertArrayEquals(hex("80 60 00 01 00 00 00 02 00 00 00 03"), bytes);
    }

    @Test
    void headerRejectsInvalidValues() {
        List<Long> sixteen = Collections.nCopies(16, 1L);
        assertThrows(IllegalArgumentException.class, () -> new RtpHeader(false, 0, 0, 0, 0, sixteen, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new RtpHeader(false, 0, 0, 0, 0, List.of(),
                List.of(new HeaderExtension(3, hex("01")), new HeaderExtension(3, hex("02")))));
        assertThrows(IllegalArgumentException.class, () -> new RtpHeader(false, -1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new HeaderExtension(0, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> new HeaderExtension(1, new byte[256]));
    }
}
