package io.purertc.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import io.purertc.rtp.RtpArbitraries.Packet;

class RtpPacketPropertiesTest {

    @Provide
    Arbitrary<Packet> packets() {
        return RtpArbitraries.packets();
    }

    @Property
    void parseOfWriteGivesBackHeaderPayloadAndPadding(@ForAll("packets") Packet written,
                                                     @ForAll @IntRange(max = 40) int offset) throws Exception {
        RtpHeader header = written.header();
        byte[] dst = new byte[offset + header.packetLength(written.payload().length, written.paddingLength()) + 3];

        int length = header.write(written.payload(), 0, written.payload().length, written.paddingLength(), dst, offset);
        RtpPacket packet = RtpPacket.parse(dst, offset, length);

        assertEquals(header, packet.header());
        assertEquals(written.paddingLength(), packet.paddingLength());
        assertArrayEquals(written.payload(),
                Arrays.copyOfRange(dst, packet.payloadOffset(), packet.payloadOffset() + packet.payloadLength()));
        assertEquals(header.headerLength(), packet.headerLength());
        for (HeaderExtension extension : header.extensions()) {
            int at = packet.extensionOffset(extension.id());
            assertEquals(extension.length(), packet.extensionLength(extension.id()));
            assertArrayEquals(extension.data(), Arrays.copyOfRange(dst, at, at + extension.length()));
        }
        if (!header.extensions().isEmpty()) {
            boolean oneByte = header.extensions().stream().allMatch(HeaderExtension::fitsOneByteForm);
            int profile = BigEndian.u16(dst, offset + 12 + 4 * header.csrcs().size());
            assertEquals(oneByte ? 0xBEDE : 0x1000, profile);
        }
    }

    @Property
    void randomBytesAreReadOrRejectedAsMalformed(@ForAll @Size(max = 300) byte[] bytes,
                                                 @ForAll boolean forceVersion2) {
        if (forceVersion2 && bytes.length > 0) {
            bytes[0] = (byte) (bytes[0] & 0x3F | 0x80);
        }
        ParseOutcome.of(bytes, 0, bytes.length);
    }

    @Property
    void everyTruncationOfAValidPacketIsReadOrRejectedAsMalformed(@ForAll("packets") Packet written) {
        byte[] bytes = written.toBytes();
        for (int length = 0; length <= bytes.length; length++) {
            ParseOutcome.of(bytes, 0, length);
        }
    }

    @Property
    void corruptedValidPacketsAreReadOrRejectedAsMalformed(@ForAll("packets") Packet written,
                                                          @ForAll @IntRange(max = 100) int position,
                                                          @ForAll byte value) {
        byte[] bytes = written.toBytes();
        bytes[position % bytes.length] = value;
        ParseOutcome.of(bytes, 0, bytes.length);
    }

    @Property
    void setSsrcChangesOnlyTheSsrc(@ForAll("packets") Packet written,
                                   @ForAll @IntRange(max = Integer.MAX_VALUE) int high, @ForAll boolean top)
            throws Exception {
        long ssrc = high | (top ? 0x8000_0000L : 0);
        assertRewrite(written, packet -> packet.setSsrc(ssrc), 8, new int[] {0xFF, 0xFF, 0xFF, 0xFF});
        assertEquals(ssrc, rewritten(written, packet -> packet.setSsrc(ssrc)).ssrc());
    }

    @Property
    void setTimestampChangesOnlyTheTimestamp(@ForAll("packets") Packet written,
                                             @ForAll("unsigned32") long timestamp) throws Exception {
        assertRewrite(written, packet -> packet.setTimestamp(timestamp), 4, new int[] {0xFF, 0xFF, 0xFF, 0xFF});
        assertEquals(timestamp, rewritten(written, packet -> packet.setTimestamp(timestamp)).timestamp());
    }

    @Property
    void setSequenceNumberChangesOnlyTheSequenceNumber(@ForAll("packets") Packet written,
                                                       @ForAll @IntRange(max = 0xFFFF) int sequenceNumber)
            throws Exception {
        assertRewrite(written, packet -> packet.setSequenceNumber(sequenceNumber), 2, new int[] {0xFF, 0xFF});
        assertEquals(sequenceNumber,
                rewritten(written, packet -> packet.setSequenceNumber(sequenceNumber)).sequenceNumber());
    }

    @Property
    void setPayloadTypeChangesOnlyTheSevenPayloadTypeBits(@ForAll("packets") Packet written,
                                                          @ForAll @IntRange(max = 127) int payloadType)
            throws Exception {
        assertRewrite(written, packet -> packet.setPayloadType(payloadType), 1, new int[] {0x7F});
        RtpPacket packet = rewritten(written, p -> p.setPayloadType(payloadType));
        assertEquals(payloadType, packet.payloadType());
        assertEquals(written.header().marker(), packet.marker());
    }

    @Property
    void setMarkerChangesOnlyTheMarkerBit(@ForAll("packets") Packet written, @ForAll boolean marker)
            throws Exception {
        assertRewrite(written, packet -> packet.setMarker(marker), 1, new int[] {0x80});
        RtpPacket packet = rewritten(written, p -> p.setMarker(marker));
        assertEquals(marker, packet.marker());
        assertEquals(written.header().payloadType(), packet.payloadType());
    }

    @Property
    void withExtensionKeepsEverythingElse(@ForAll("packets") Packet written,
                                          @ForAll("extensions") HeaderExtension extension) throws Exception {
        byte[] bytes = written.toBytes();
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length).withExtension(extension);

        assertEquals(written.header().withExtension(extension), packet.header());
        assertEquals(written.paddingLength(), packet.paddingLength());
        assertArrayEquals(written.payload(), Arrays.copyOfRange(packet.buffer(), packet.payloadOffset(),
                packet.payloadOffset() + packet.payloadLength()));
    }

    @Provide
    Arbitrary<Long> unsigned32() {
        return RtpArbitraries.unsigned32();
    }

    @Provide
    Arbitrary<HeaderExtension> extensions() {
        return Arbitraries.oneOf(RtpArbitraries.oneByteExtension(), RtpArbitraries.twoByteExtension());
    }

    private interface Rewrite {
        void apply(RtpPacket packet);
    }

    private static RtpPacket rewritten(Packet written, Rewrite rewrite) throws MalformedPacketException {
        byte[] bytes = written.toBytes();
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);
        rewrite.apply(packet);
        return RtpPacket.parse(bytes, 0, bytes.length);
    }

    /** Only the bits in {@code fieldMasks}, for the bytes from {@code fieldOffset} on, may change. */
    private static void assertRewrite(Packet written, Rewrite rewrite, int fieldOffset, int[] fieldMasks)
            throws MalformedPacketException {
        byte[] before = written.toBytes();
        byte[] after = before.clone();
        rewrite.apply(RtpPacket.parse(after, 0, after.length));
        for (int i = 0; i < before.length; i++) {
            int field = i - fieldOffset;
            int mask = field >= 0 && field < fieldMasks.length ? fieldMasks[field] : 0;
            assertEquals(before[i] & 0xFF & ~mask, after[i] & 0xFF & ~mask, "byte " + i + " changed outside the field");
        }
    }
}
