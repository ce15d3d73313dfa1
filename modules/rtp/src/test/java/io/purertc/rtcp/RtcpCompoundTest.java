package io.purertc.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.purertc.rtp.MalformedPacketException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpCompoundTest {

    private static final String RR = "80 c9 0001 11223344";
    private static final String SDES = "81 ca 0003 11223344 01 04 61626364 0000";
    private static final String PLI = "81 ce 0002 11223344 55667788";

    private static List<RtcpPacket> parse(String hex) throws MalformedPacketException {
        byte[] bytes = Hex.bytes(hex);
        return RtcpCompound.parse(bytes, 0, bytes.length);
    }

    private static void assertRejected(String hex, int offset, String rule) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> parse(hex));
        assertEquals("RTCP", e.protocol());
        assertEquals(rule, e.rule());
        assertEquals(offset, e.offset());
    }

    @Test
    void fullCompoundParsesInOrder() throws MalformedPacketException {
        List<RtcpPacket> packets = parse(RR + SDES + PLI);
        assertEquals(3, packets.size());
        assertInstanceOf(ReceiverReport.class, packets.get(0));
        assertInstanceOf(SourceDescription.class, packets.get(1));
        assertInstanceOf(PictureLossIndication.class, packets.get(2));
    }

    // RFC 5506 §3: reduced-size RTCP need not start with a report
    @Test
    void reducedSizeCompoundsAreAccepted() throws MalformedPacketException {
        assertEquals(List.of(new PictureLossIndication(0x1122_3344L, 0x5566_7788L)), parse(PLI));
        assertEquals(2, parse(SDES + PLI).size());
    }

    @Test
    void unknownPacketsAreSkippedNotFatal() throws MalformedPacketException {
        List<RtcpPacket> packets = parse(RR + "81 cf 0001 00000000" + "8f ce 0003 11223344 00000000 41424344" + PLI);
        assertEquals(new UnknownRtcpPacket(207, 1, new byte[4]), packets.get(1));
        // PSFB FMT 15 that is not REMB
        assertEquals(new UnknownRtcpPacket(206, 15, Hex.bytes("11223344 00000000 41424344")), packets.get(2));
        assertInstanceOf(PictureLossIndication.class, packets.get(3));
    }

    @Test
    void parsesAWindowOfALargerBuffer() throws MalformedPacketException {
        byte[] pli = Hex.bytes(PLI);
        byte[] buf = new byte[7 + pli.length + 5];
        Arrays.fill(buf, (byte) 0xEE);
        System.arraycopy(pli, 0, buf, 7, pli.length);
        assertEquals(List.of(new PictureLossIndication(0x1122_3344L, 0x5566_7788L)),
                RtcpCompound.parse(buf, 7, pli.length));
        // offsets of failures count from the window's start
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> RtcpCompound.parse(buf, 7, pli.length - 4));
        assertEquals(0, e.offset());
    }

    @Test
    void writesIntoACallersBufferAtAnOffset() {
        List<RtcpPacket> packets = List.of(new ReceiverReport(0x1122_3344L, List.of()),
                new PictureLossIndication(0x1122_3344L, 0x5566_7788L));
        byte[] buf = new byte[40];
        assertEquals(20, RtcpCompound.write(packets, buf, 3));
        assertArrayEquals(Hex.bytes(RR + PLI), Arrays.copyOfRange(buf, 3, 23));
        assertEquals(0, buf[2]);
        assertEquals(0, buf[23]);
        byte[] small = new byte[40];
        assertThrows(IndexOutOfBoundsException.class, () -> RtcpCompound.write(packets, small, 21));
        assertArrayEquals(new byte[40], small);
    }

    @Test
    void writerKeepsPaddingToTheLastPacket() {
        UnknownRtcpPacket padded = new UnknownRtcpPacket(207, 0, new byte[3]);
        PictureLossIndication pli = new PictureLossIndication(1, 2);
        assertEquals(20, RtcpCompound.write(List.of(pli, padded)).length);
        assertThrows(IllegalArgumentException.class, () -> RtcpCompound.write(List.of(padded, pli)));
    }

    // RFC 3550 §6.4.1: padding is counted by the packet's last octet and excluded from its content
    @Test
    void paddingOfTheLastPacketIsRemoved() throws MalformedPacketException {
        assertEquals(List.of(new ReceiverReport(0x1122_3344L, List.of()),
                new PictureLossIndication(0x1122_3344L, 0x5566_7788L)),
                parse(RR + "a1 ce 0003 11223344 55667788 00000004"));
    }

    @Test
    void emptyCompound() {
        assertRejected("", 0, "empty compound");
    }

    @Test
    void truncatedHeader() {
        assertRejected(RR + "80c9", 8, "truncated RTCP header");
    }

    @Test
    void versionOtherThanTwo() {
        assertRejected(RR + "40 c9 0001 11223344", 8, "version is not 2");
    }

    @Test
    void lengthBeyondTheBuffer() {
        assertRejected(RR + "80 c9 0002 11223344", 8, "length field exceeds the compound");
    }

    // libwebrtc pads transport-wide feedback wherever it stands in a compound (RFC 3550 A.2 would not)
    @Test
    void paddingOnAPacketBeforeTheLastIsAccepted() throws MalformedPacketException {
        List<RtcpPacket> packets = parse("a0 c9 0002 11223344 00000004" + RR);
        assertEquals(2, packets.size());
        assertEquals(new ReceiverReport(0x11223344L, List.of()), packets.get(0));
        assertEquals(packets.get(0), packets.get(1));
    }

    @Test
    void paddingCountOfZeroOrBeyondThePacket() {
        assertRejected(RR + "a0 c9 0002 11223344 00000000", 19, "padding count is 0 or exceeds the packet");
        assertRejected(RR + "a0 c9 0002 11223344 0000000d", 19, "padding count is 0 or exceeds the packet");
    }

    @Test
    void reportCountsMustFitTheirPacket() {
        assertRejected("81 c9 0001 11223344", 0, "RR shorter than its report blocks");
        assertRejected("81 c8 0006 11223344 00000000 00000000 00000000 00000000 00000000", 0,
                "SR shorter than its sender info and report blocks");
        // padding of 3 leaves a profile extension of 1 byte
        assertRejected("a0 c9 0002 11223344 00000003", 8, "profile extension is not whole 32-bit words");
    }

    @Test
    void sourceDescriptionRules() {
        assertRejected("82 ca 0003 11223344 01 04 61626364 0000", 16, "SDES chunk shorter than its SSRC");
        assertRejected("81 ca 0003 11223344 01 05 6162636465 01", 15, "SDES item shorter than its type and length");
        assertRejected("81 ca 0002 11223344 01 05 6162", 10, "SDES item longer than its packet");
        assertRejected("81 ca 0002 11223344 01 02 6162", 12, "SDES chunk not ended by a null octet");
        assertRejected("80 ca 0001 11223344", 4, "bytes after the last SDES chunk");
    }

    @Test
    void goodbyeRules() {
        assertRejected("82 cb 0001 11223344", 4, "BYE shorter than its SSRC count");
        assertRejected("81 cb 0002 11223344 05 616263", 9, "BYE reason longer than its packet");
        assertRejected("81 cb 0003 11223344 00 000000 00000000", 9,
                "bytes after the BYE reason beyond its padding");
        assertRejected("81 cb 0002 11223344 02 c328 00", 9, "BYE reason is not UTF-8");
    }

    @Test
    void applicationDefinedRules() {
        assertRejected("80 cc 0001 11223344", 0, "APP shorter than its SSRC and name");
        assertRejected("a0 cc 0003 11223344 41424344 00000003", 12, "APP data is not whole 32-bit words");
    }

    @Test
    void feedbackRules() {
        assertRejected("81 cd 0001 11223344", 0, "feedback message shorter than its SSRCs");
        assertRejected("81 cd 0002 11223344 55667788", 12, "NACK FCI is not one or more 4-byte entries");
        assertRejected("81 ce 0003 11223344 55667788 00000000", 2, "PLI length field is not 2");
        assertRejected("84 ce 0003 11223344 00000000 55667788", 12, "FIR FCI is not one or more 8-byte entries");
        assertRejected("8f ce 0003 11223344 00000000 52454d42", 0, "REMB shorter than its bitrate");
        assertRejected("8f ce 0005 11223344 00000000 52454d42 02 000001 55667788", 16,
                "REMB length does not match its SSRC count");
        // exponent 46 with a mantissa of 2^17 would need 64 bits
        assertRejected("8f ce 0004 11223344 00000000 52454d42 00 ba 0000", 17, "REMB bitrate overflows 63 bits");
    }

    @Test
    void transportWideFeedbackRules() {
        String fixed = "11223344 55667788 0000";
        assertRejected("8f cd 0003 11223344 55667788 00000001", 0, "TWCC shorter than its fixed fields");
        assertRejected("8f cd 0004 " + fixed + "0000 00000000", 14, "TWCC packet status count is 0");
        assertRejected("8f cd 0004 " + fixed + "0014 00000000", 20,
                "TWCC packet chunks end before the packet status count");
        // a run of 2 large deltas needs 4 bytes, 2 are there
        assertRejected("8f cd 0005 " + fixed + "0002 00000000 4002 0500", 22, "TWCC receive deltas run past the packet");
        assertRejected("8f cd 0006 " + fixed + "0001 00000000 2001 0500 00000000", 23,
                "bytes after the TWCC receive deltas beyond their padding");
        assertRejected("8f cd 0005 " + fixed + "0001 00000000 6001 0000", 20, "TWCC status symbol 3 is reserved");
    }
}
