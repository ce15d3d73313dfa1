package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.RtpHeader;
import io.purertc.rtp.RtpPacket;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RtxTest {

    private static final HexFormat HEX = HexFormat.of();

    /** V=2 P X CC=2, M PT=96, seq 0x1234, two CSRCs, a one-byte extension, 3 payload bytes, 3 padding bytes. */
    private static final String ORIGINAL = "b2e01234" + "deadbeef" + "11223344" + "aaaaaaaa" + "bbbbbbbb"
            + "bede0001" + "107f0000" + "010203" + "000003";

    /** RFC 4588 §4: the original header with PT, seq and SSRC replaced and P clear, then the OSN and the payload. */
    private static final String RTX = "92e10102" + "deadbeef" + "55667788" + "aaaaaaaa" + "bbbbbbbb"
            + "bede0001" + "107f0000" + "1234" + "010203";

    @Test
    void wrapLaysOutTheRfc4588Packet() {
        byte[] rtx = Rtx.wrap(RtpPackets.parse(HEX.parseHex(ORIGINAL)), 0x55667788L, 97, 0x0102);
        assertEquals(RTX, HEX.formatHex(rtx));
    }

    @Test
    void wrapLeavesTheOriginalUntouchedAndReadsOnlyItsView() {
        byte[] framed = HEX.parseHex("ffff" + ORIGINAL + "ffff");
        byte[] before = framed.clone();
        RtpPacket original = RtpPackets.parse(framed, 2, framed.length - 4);
        assertEquals(RTX, HEX.formatHex(Rtx.wrap(original, 0x55667788L, 97, 0x0102)));
        assertArrayEquals(before, framed);
    }

    @Test
    void unwrapGivesBackTheOriginalWithoutItsPadding() throws MalformedPacketException {
        RtpPacket original = Rtx.unwrap(RtpPackets.parse(HEX.parseHex(RTX)), 96, 0x11223344L);
        String unpadded = "92e01234" + "deadbeef" + "11223344" + "aaaaaaaa" + "bbbbbbbb" + "bede0001" + "107f0000"
                + "010203";
        assertEquals(unpadded, HEX.formatHex(original.buffer()));
        assertEquals(0x7F, original.buffer()[original.extensionOffset(1)]);
    }

    @Test
    void unwrapDropsThePaddingOfTheRtxPacket() throws MalformedPacketException {
        RtpHeader header = new RtpHeader(false, 97, 7, 90_000, 0x55667788L);
        byte[] rtx = header.toPacket(HEX.parseHex("fffe0a0b"), 0, 4, 20);
        RtpPacket original = Rtx.unwrap(RtpPackets.parse(rtx), 96, 0x11223344L);
        assertEquals("8060fffe" + "00015f90" + "11223344" + "0a0b", HEX.formatHex(original.buffer()));
    }

    @Test
    void paddingOnlyPacketsAreProbesAndCarryNoOriginal() {
        byte[] probe = new RtpHeader(false, 97, 7, 90_000, 0x55667788L).toPacket(new byte[0], 0, 0, 224);
        RtpPacket packet = RtpPackets.parse(probe);
        assertTrue(Rtx.isPaddingOnly(packet));
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> Rtx.unwrap(packet, 96, 1));
        assertEquals("RTX", e.protocol());
        assertEquals(12, e.offset());
        assertFalse(Rtx.isPaddingOnly(RtpPackets.parse(HEX.parseHex(RTX))));
    }

    @Test
    void aOneBytePayloadIsTooShortForTheOsn() {
        byte[] rtx = new RtpHeader(false, 97, 7, 90_000, 0x55667788L).toPacket(new byte[] {0x12}, 0, 1, 0);
        RtpPacket packet = RtpPackets.parse(rtx);
        assertFalse(Rtx.isPaddingOnly(packet));
        assertThrows(MalformedPacketException.class, () -> Rtx.unwrap(packet, 96, 1));
    }

    @Property
    void unwrapOfWrapIsTheOriginalWithoutPadding(@ForAll("packets") RtpPackets.Packet packet,
                                                  @ForAll("unsigned32") long rtxSsrc,
                                                  @ForAll @IntRange(max = 127) int rtxPayloadType,
                                                  @ForAll @IntRange(max = 0xFFFF) int rtxSequenceNumber)
            throws MalformedPacketException {
        RtpPacket original = RtpPackets.parse(packet.toBytes());
        RtpPacket rtx = RtpPackets.parse(Rtx.wrap(original, rtxSsrc, rtxPayloadType, rtxSequenceNumber));
        assertEquals(rtxSsrc, rtx.ssrc());
        assertEquals(rtxPayloadType, rtx.payloadType());
        assertEquals(rtxSequenceNumber, rtx.sequenceNumber());
        assertEquals(original.payloadLength() + 2, rtx.payloadLength());
        RtpPacket back = Rtx.unwrap(rtx, original.payloadType(), original.ssrc());
        assertArrayEquals(packet.toBytesUnpadded(), Arrays.copyOfRange(back.buffer(), back.offset(),
                back.offset() + back.length()));
    }

    @Property
    void randomBytesOnlyEverFailAsMalformed(@ForAll("versionTwoBytes") byte[] bytes) {
        parseAndUnwrap(bytes);
    }

    @Property
    void truncatedRtxPacketsOnlyEverFailAsMalformed(@ForAll("packets") RtpPackets.Packet packet,
                                                    @ForAll @IntRange(max = 2000) int cut) {
        byte[] rtx = Rtx.wrap(RtpPackets.parse(packet.toBytes()), 1, 97, 1);
        parseAndUnwrap(Arrays.copyOf(rtx, Math.min(cut, rtx.length)));
    }

    /** RTP parsing and RTX unwrapping as a receiver does it: anything but MalformedPacketException fails. */
    private static void parseAndUnwrap(byte[] bytes) {
        try {
            RtpPacket rtx = RtpPacket.parse(bytes, 0, bytes.length);
            RtpPacket original = Rtx.unwrap(rtx, 96, 0x11223344L);
            assertEquals(rtx.length() - rtx.paddingLength() - 2, original.length());
        } catch (MalformedPacketException expected) {
            assertFalse(expected.rule().isEmpty());
        }
    }

    @Provide
    Arbitrary<RtpPackets.Packet> packets() {
        return RtpPackets.packets();
    }

    @Provide
    Arbitrary<Long> unsigned32() {
        return RtpPackets.unsigned32();
    }

    /** Random bytes, mostly with version 2 and no CSRCs so that the RTX rules are reached. */
    @Provide
    Arbitrary<byte[]> versionTwoBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(60).map(bytes -> {
            if (bytes.length > 0 && bytes[bytes.length - 1] % 4 != 0) {
                bytes[0] = (byte) (0x80 | bytes[0] & 0x30);
            }
            return bytes;
        });
    }
}
