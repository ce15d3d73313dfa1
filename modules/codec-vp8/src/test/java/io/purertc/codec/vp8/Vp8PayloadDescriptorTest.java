package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.purertc.media.CodecException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class Vp8PayloadDescriptorTest {

    private static Vp8PayloadDescriptor parse(int... octets) throws CodecException {
        byte[] bytes = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
            bytes[i] = (byte) octets[i];
        }
        return Vp8PayloadDescriptor.parse(bytes, 0, bytes.length);
    }

    /** RFC 7741 §4.6, "key frame in a single RTP packet": X=1, S=1, I=1, a 7-bit PictureID of 17. */
    @Test
    void keyFrameInOnePacketFigure() throws CodecException {
        Vp8PayloadDescriptor d = parse(0x90, 0x80, 0x11, 0x50, 0x24, 0x00);
        assertTrue(d.extended());
        assertTrue(d.startsFrame());
        assertEquals(17, d.pictureId());
        assertFalse(d.longPictureId());
        assertEquals(-1, d.tl0PicIdx());
        assertEquals(-1, d.temporalLayer());
        assertEquals(-1, d.keyIndex());
        assertEquals(3, d.size());
    }

    /** RFC 7741 §4.6, "non-discardable VP8 interframe ... partitions in separate packets": no extension. */
    @Test
    void partitionsInSeparatePacketsFigure() throws CodecException {
        Vp8PayloadDescriptor first = parse(0x10, 0x00);
        assertTrue(first.startsFrame());
        assertEquals(1, first.size());
        Vp8PayloadDescriptor second = parse(0x11, 0x00);
        assertTrue(second.startOfPartition());
        assertEquals(1, second.partitionIndex());
        assertFalse(second.startsFrame());
        Vp8PayloadDescriptor middle = parse(0x01, 0x00);
        assertFalse(middle.startOfPartition());
        assertEquals(1, middle.partitionIndex());
    }

    /** RFC 7741 §4.6, "VP8 frame with long PictureID": PictureID 4711 in 15 bits, then TL0PICIDX and TID/Y/KEYIDX. */
    @Test
    void longPictureIdWithAllOptionalFields() throws CodecException {
        Vp8PayloadDescriptor d = parse(0xB0, 0xF0, 0x80 | (4711 >> 8), 4711 & 0xFF, 0x2A, 0x65, 0x00);
        assertTrue(d.nonReference());
        assertEquals(4711, d.pictureId());
        assertTrue(d.longPictureId());
        assertEquals(42, d.tl0PicIdx());
        assertEquals(1, d.temporalLayer());
        assertTrue(d.layerSync());
        assertEquals(5, d.keyIndex());
        assertEquals(6, d.size());
    }

    /** The extension octet may announce nothing; it still takes its octet. */
    @Test
    void extensionOctetWithoutFieldsStillCounts() throws CodecException {
        Vp8PayloadDescriptor d = parse(0x90, 0x00, 0x50);
        assertTrue(d.extended());
        assertEquals(2, d.size());
        byte[] out = new byte[2];
        assertEquals(2, d.write(out, 0));
        assertEquals(0x90, out[0] & 0xFF);
    }

    /** T=0 with K=1: the TID bits of the shared octet are not a temporal layer; reserved bits are ignored. */
    @Test
    void keyIndexWithoutTemporalLayerAndReservedBitsIgnored() throws CodecException {
        Vp8PayloadDescriptor d = parse(0xC8, 0x1F, 0xFF, 0x00);
        assertEquals(-1, d.temporalLayer());
        assertFalse(d.layerSync());
        assertEquals(31, d.keyIndex());
        assertEquals(0, d.partitionIndex());
        assertFalse(d.startOfPartition());
    }

    @Test
    void truncatedFieldNamesItsRuleAndOffset() {
        CodecException e = assertThrows(CodecException.class, () -> parse(0x80, 0x80, 0x80));
        assertEquals("VP8", e.codec());
        assertTrue(e.getMessage().contains("byte 3"), e.getMessage());
        assertTrue(e.getMessage().contains("15-bit PictureID"), e.getMessage());
        assertThrows(CodecException.class, () -> parse());
    }

    @Provide
    Arbitrary<Vp8PayloadDescriptor> descriptors() {
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        return Combinators.combine(bool, bool, bool, Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(-1, 0x7FFF), Arbitraries.integers().between(-1, 255),
                Arbitraries.integers().between(-1, 3), Arbitraries.integers().between(-1, 31)).as(
                        (n, s, y, pid, pictureId, tl0, tid, key) -> {
                            boolean longId = pictureId > 0x7F || (pictureId >= 0 && y);
                            boolean extended = pictureId >= 0 || tl0 >= 0 || tid >= 0 || key >= 0 || n;
                            return new Vp8PayloadDescriptor(extended, n, s, pid, pictureId, longId, tl0, tid,
                                    y && tid >= 0, key);
                        });
    }

    @Property
    void parseOfWriteIsIdentity(@ForAll("descriptors") Vp8PayloadDescriptor d,
            @ForAll @IntRange(max = 5) int offset) throws CodecException {
        byte[] buffer = new byte[offset + d.size() + 2];
        assertEquals(d.size(), d.write(buffer, offset));
        assertEquals(d, Vp8PayloadDescriptor.parse(buffer, offset, d.size()));
    }

    @Property
    void truncationsAreCodecExceptions(@ForAll("descriptors") Vp8PayloadDescriptor d) {
        byte[] buffer = new byte[d.size()];
        d.write(buffer, 0);
        for (int length = 0; length < buffer.length; length++) {
            int cut = length;
            assertThrows(CodecException.class, () -> Vp8PayloadDescriptor.parse(buffer, 0, cut));
        }
    }

    @Property
    void randomBytesParseOrThrowCodecException(@ForAll @Size(max = 8) byte[] bytes) {
        try {
            Vp8PayloadDescriptor d = Vp8PayloadDescriptor.parse(bytes, 0, bytes.length);
            assertTrue(d.size() <= bytes.length);
            byte[] again = new byte[d.size()];
            d.write(again, 0);
            assertEquals(d, Vp8PayloadDescriptor.parse(again, 0, again.length));
            // Only reserved bits may differ from what was read.
            assertTrue(Arrays.equals(again, 0, 1, new byte[] {(byte) (bytes[0] & 0xB7)}, 0, 1));
        } catch (CodecException e) {
            assertEquals("VP8", e.codec());
        }
    }
}
