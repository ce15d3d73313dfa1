package io.purertc.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.purertc.rtp.MalformedPacketException;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every packet type against bytes laid out by hand from the packet diagrams of its RFC: the
 * record writes exactly these bytes, and these bytes parse to exactly the record.
 */
class RtcpPacketLayoutTest {

    private static final ReportBlock BLOCK = new ReportBlock(0x0102_0304L, 64, -2, 0x0001_0005L, 0x20,
            0xB705_2000L, 0x0005_4000L);
    private static final String BLOCK_BYTES = ""
            + "01020304" // SSRC_1
            + "40 fffffe" // fraction lost 64/256, cumulative lost -2 (signed 24-bit)
            + "00010005" // extended highest sequence number: 1 cycle, seq 5
            + "00000020" // interarrival jitter
            + "b7052000" // LSR
            + "00054000"; // DLSR 5.25 s

    private static void assertLayout(String hex, RtcpPacket packet) throws MalformedPacketException {
        byte[] expected = Hex.bytes(hex);
        assertEquals(expected.length, packet.wireLength());
        assertArrayEquals(expected, RtcpCompound.write(List.of(packet)));
        assertEquals(List.of(packet), RtcpCompound.parse(expected, 0, expected.length));
    }

    // RFC 3550 §6.4.1
    @Test
    void senderReport() throws MalformedPacketException {
        assertLayout("81 c8 000c" // V=2 P=0 RC=1, PT=200, length 12 words - 1
                + "11223344" // SSRC of sender
                + "e3c4b5a6 80000000" // NTP timestamp, most and least significant words
                + "00bc614e" // RTP timestamp 12345678
                + "000003e8" // sender's packet count 1000
                + "000f4240" // sender's octet count 1000000
                + BLOCK_BYTES,
                new SenderReport(0x1122_3344L, 0xE3C4_B5A6_8000_0000L, 12_345_678, 1000, 1_000_000,
                        List.of(BLOCK)));
    }

    // RFC 3550 §6.4.1: profile-specific extensions follow the report blocks
    @Test
    void senderReportKeepsItsProfileExtension() throws MalformedPacketException {
        assertLayout("80 c8 0007 11223344 e3c4b5a680000000 00000001 00000002 00000003 cafebabe",
                new SenderReport(0x1122_3344L, 0xE3C4_B5A6_8000_0000L, 1, 2, 3, List.of(),
                        Hex.bytes("cafebabe")));
    }

    // RFC 3550 §6.4.2
    @Test
    void receiverReport() throws MalformedPacketException {
        assertLayout("81 c9 0007" // RC=1, PT=201, length 7
                + "55667788" + BLOCK_BYTES,
                new ReceiverReport(0x5566_7788L, List.of(BLOCK)));
        assertLayout("80 c9 0001 55667788", new ReceiverReport(0x5566_7788L, List.of()));
    }

    // RFC 3550 §6.5
    @Test
    void sourceDescriptionWithCname() throws MalformedPacketException {
        SourceDescription sdes = SourceDescription.ofCname(0x1122_3344L, "abcd");
        assertLayout("81 ca 0003" // SC=1, PT=202, length 3
                + "11223344" // SSRC
                + "01 04 61626364" // CNAME=1, length 4, "abcd"
                + "0000", // null item ends the list, then padding to 32 bits
                sdes);
        assertEquals(Optional.of("abcd"), sdes.cname(0x1122_3344L));
        assertEquals(Optional.empty(), sdes.cname(0x1122_3345L));
    }

    // RFC 3550 §6.5: a list of items ending exactly on a word boundary still needs a whole null word
    @Test
    void sourceDescriptionKeepsEveryItemAndChunk() throws MalformedPacketException {
        assertLayout("83 ca 0009"
                + "00000001 01 02 6869 06 02 6162 00000000" // CNAME "hi", TOOL "ab", a whole null word
                + "00000002 08 03 017a79 00 0000" // PRIV: prefix length 1, prefix "z", value "y"
                + "00000003 00000000", // a chunk without items
                new SourceDescription(List.of(
                        new SourceDescription.Chunk(1, List.of(SourceDescription.Item.text(SourceDescription.CNAME,
                                "hi"), SourceDescription.Item.text(SourceDescription.TOOL, "ab"))),
                        new SourceDescription.Chunk(2, List.of(new SourceDescription.Item(SourceDescription.PRIV,
                                Hex.bytes("017a79")))),
                        new SourceDescription.Chunk(3, List.of()))));
    }

    // RFC 3550 §6.6
    @Test
    void goodbye() throws MalformedPacketException {
        assertLayout("82 cb 0004" // SC=2, PT=203, length 4
                + "11223344 55667788"
                + "05 6c6f6e67 21 0000", // reason "long!" padded to 32 bits
                new Goodbye(List.of(0x1122_3344L, 0x5566_7788L), "long!"));
        assertLayout("81 cb 0001 11223344", new Goodbye(List.of(0x1122_3344L), ""));
    }

    // RFC 3550 §6.7
    @Test
    void applicationDefined() throws MalformedPacketException {
        assertLayout("85 cc 0003" // subtype 5, PT=204, length 3
                + "11223344" + "50555245" // SSRC, name "PURE"
                + "deadbeef", // application-dependent data
                new ApplicationDefined(5, 0x1122_3344L, "PURE", Hex.bytes("deadbeef")));
    }

    // RFC 4585 §6.2.1: BLP bit i names PID + i + 1
    @Test
    void genericNack() throws MalformedPacketException {
        assertLayout("81 cd 0004" // FMT=1, PT=205, length 4
                + "11223344 55667788" // packet sender, media source
                + "0064 8001" // PID 100, BLP: 101 (bit 0) and 116 (bit 15)
                + "0075 0000", // PID 117: 17 after 100, beyond one entry's reach
                GenericNack.of(0x1122_3344L, 0x5566_7788L, List.of(117, 116, 101, 100)));
    }

    @Test
    void genericNackAcrossTheSequenceWrap() throws MalformedPacketException {
        // 65535, 0, 1 and 14 lie 1, 2, 3 and 16 after 65534
        assertLayout("81 cd 0003 11223344 55667788 fffe 8007",
                GenericNack.of(0x1122_3344L, 0x5566_7788L, List.of(0, 1, 14, 65534, 65535)));
    }

    // RFC 4585 §6.3.1
    @Test
    void pictureLossIndication() throws MalformedPacketException {
        assertLayout("81 ce 0002 11223344 55667788", new PictureLossIndication(0x1122_3344L, 0x5566_7788L));
    }

    // RFC 5104 §4.3.1.1
    @Test
    void fullIntraRequest() throws MalformedPacketException {
        assertLayout("84 ce 0006" // FMT=4, PT=206, length 6
                + "11223344 00000000" // media source unused: 0
                + "55667788 07 000000" // SSRC, command sequence number 7, reserved
                + "99aabbcc ff 000000",
                new FullIntraRequest(0x1122_3344L, List.of(new FullIntraRequest.Entry(0x5566_7788L, 7),
                        new FullIntraRequest.Entry(0x99AA_BBCCL, 255))));
    }

    // draft-alvestrand-rmcat-remb-03 §2.2: 1 000 000 = 250 000 (18 bits) * 2^2
    @Test
    void receiverEstimatedMaxBitrate() throws MalformedPacketException {
        assertLayout("8f ce 0006" // FMT=15, PT=206, length 6
                + "11223344 00000000" // media source always 0
                + "52454d42" // "REMB"
                + "02 0b d090" // 2 SSRCs, exponent 2 (6 bits) and mantissa 0x3d090 (18 bits)
                + "55667788 99aabbcc",
                new ReceiverEstimatedMaxBitrate(0x1122_3344L, 1_000_000, List.of(0x5566_7788L, 0x99AA_BBCCL)));
    }

    @Test
    void rembRoundsDownToEighteenSignificantBits() throws MalformedPacketException {
        // 2^18 + 1 needs 19 bits: exponent 1, mantissa 2^17, the low bit dropped
        byte[] bytes = RtcpCompound.write(List.of(new ReceiverEstimatedMaxBitrate(1, (1 << 18) + 1, List.of())));
        assertArrayEquals(Hex.bytes("8f ce 0004 00000001 00000000 52454d42 00 06 0000"), bytes);
        ReceiverEstimatedMaxBitrate parsed = (ReceiverEstimatedMaxBitrate) RtcpCompound.parse(bytes, 0,
                bytes.length).get(0);
        assertEquals(1 << 18, parsed.bitrate());
        // the largest bitrate: 2^63 - 1 keeps its top 18 bits with exponent 45
        byte[] max = RtcpCompound.write(List.of(new ReceiverEstimatedMaxBitrate(1, Long.MAX_VALUE, List.of())));
        assertArrayEquals(Hex.bytes("00 b7 ffff"), java.util.Arrays.copyOfRange(max, 16, 20));
    }

    // draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1
    @Test
    void transportWideFeedback() throws MalformedPacketException {
        assertLayout("8f cd 0006" // FMT=15, PT=205, length 6
                + "00000001 00000002" // packet sender, media source
                + "fffe 0004" // base sequence 65534, packet status count 4
                + "123456 07" // reference time 0x123456 * 64 ms, feedback packet count 7
                + "d240" // 2-bit status vector: small, not received, large, small, (3 unused)
                + "10 fffc ff" // receive deltas: 4 ms, -1 ms, 63.75 ms
                + "0000", // zero padding to 32 bits
                new TransportWideFeedback(1, 2, 0xFFFE, 4, 0x123456, 7, new int[] {0, 2, 3},
                        new int[] {16, -4, 255}));
    }

    @Test
    void unknownPacketTypeIsKeptWhole() throws MalformedPacketException {
        assertLayout("83 cf 0002 01020304 05060708", new UnknownRtcpPacket(207, 3, Hex.bytes("0102030405060708")));
        // an RTPFB with a format this codec does not read
        assertLayout("83 cd 0002 11223344 55667788", new UnknownRtcpPacket(205, 3, Hex.bytes("1122334455667788")));
    }

    @Test
    void unknownBodyWithPaddingIsWrittenBackPadded() throws MalformedPacketException {
        assertLayout("a3 cf 0002 01020304 05 000003", new UnknownRtcpPacket(207, 3, Hex.bytes("0102030405")));
    }

    @Test
    void nackWithPidOnlyAndRedundantEntriesParsesToItsSet() throws MalformedPacketException {
        byte[] bytes = Hex.bytes("81 cd 0004 11223344 55667788 0005 0001 0006 0000");
        GenericNack nack = (GenericNack) RtcpCompound.parse(bytes, 0, bytes.length).get(0);
        assertEquals(new TreeSet<>(List.of(5, 6)), nack.lostSequenceNumbers());
    }
}
