package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.media.CodecException;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class FrameHeaderTest {

    private static TestFrames.Options options() {
        TestFrames.Options o = new TestFrames.Options();
        o.width = 100;
        o.height = 37;
        o.segmentation = true;
        o.absoluteSegments = true;
        o.segmentQuant = new int[] {5, -3, 0, 60};
        o.segmentLevel = new int[] {1, 2, -3, 0};
        o.filterType = 1;
        o.filterLevel = 20;
        o.sharpness = 3;
        o.refDeltas = new int[] {2, 0, -2, -2};
        o.modeDeltas = new int[] {4, -2, 2, 4};
        o.partitionsLog2 = 2;
        o.q = 10;
        o.y2DcDelta = 3;
        o.uvAcDelta = -2;
        o.show = false;
        return o;
    }

    @Test
    void readsEveryFieldOfAHandBuiltKeyFrameHeader() throws CodecException {
        byte[] frame = TestFrames.keyFrame(options());
        FrameHeader h = new FrameHeader();
        h.readFrameTag(frame, 0, frame.length);
        assertTrue(h.keyFrame);
        assertFalse(h.showFrame);
        assertEquals(0, h.version);
        assertEquals(100, h.width);
        assertEquals(37, h.height);
        EntropyContext probs = new EntropyContext();
        h.readHeader(frame, 0, frame.length, new BoolDecoder(), probs, new EntropyContext());
        assertTrue(h.segmentationEnabled);
        assertTrue(h.updateSegmentMap);
        assertTrue(h.segmentAbsolute);
        assertArrayEquals(new int[] {5, -3, 0, 60}, h.segmentQuant);
        assertArrayEquals(new int[] {1, 2, -3, 0}, h.segmentFilterLevel);
        assertArrayEquals(new int[] {128, 128, 128}, h.segmentTreeProbs);
        assertEquals(1, h.filterType);
        assertEquals(20, h.filterLevel);
        assertEquals(3, h.sharpness);
        assertTrue(h.filterDeltasEnabled);
        assertArrayEquals(new int[] {2, 0, -2, -2}, h.refFilterDeltas);
        assertArrayEquals(new int[] {4, -2, 2, 4}, h.modeFilterDeltas);
        assertEquals(4, h.partitionCount);
        assertEquals(10, h.baseQ);
        assertEquals(0, h.y1DcDelta);
        assertEquals(3, h.y2DcDelta);
        assertEquals(-2, h.uvAcDelta);
        assertTrue(h.refreshGolden && h.refreshAltRef && h.refreshLast && h.refreshEntropy);
        assertFalse(h.mbNoCoeffSkip);
        assertArrayEquals(Vp8Tables.DEFAULT_COEF_PROBS, probs.coefProbs);
        // the four partitions tile the rest of the frame
        int end = h.partitionOffset[0];
        for (int i = 0; i < 4; i++) {
            assertEquals(end, h.partitionOffset[i]);
            assertTrue(h.partitionSize[i] > 0);
            end += h.partitionSize[i];
        }
        assertEquals(frame.length, end);
    }

    @Property(tries = 200)
    void readsBackWhateverHeaderWasWritten(@ForAll long seed) throws CodecException {
        Random random = new Random(seed);
        TestFrames.Options o = new TestFrames.Options();
        o.width = 1 + random.nextInt(200);
        o.height = 1 + random.nextInt(200);
        o.segmentation = random.nextBoolean();
        o.absoluteSegments = random.nextBoolean();
        for (int i = 0; i < 4; i++) {
            o.segmentQuant[i] = random.nextInt(255) - 127;
            o.segmentLevel[i] = random.nextInt(127) - 63;
        }
        o.filterType = random.nextInt(2);
        o.filterLevel = random.nextInt(64);
        o.sharpness = random.nextInt(8);
        if (random.nextBoolean()) {
            o.refDeltas = random.ints(4, -63, 64).toArray();
            o.modeDeltas = random.ints(4, -63, 64).toArray();
        }
        o.partitionsLog2 = random.nextInt(4);
        o.q = random.nextInt(128);
        o.y2DcDelta = random.nextInt(31) - 15;
        o.uvAcDelta = random.nextInt(31) - 15;
        o.show = random.nextBoolean();
        byte[] frame = TestFrames.keyFrame(o);
        FrameHeader h = new FrameHeader();
        h.readFrameTag(frame, 0, frame.length);
        readHeader(h, frame);
        assertEquals(o.width, h.width);
        assertEquals(o.height, h.height);
        assertEquals(o.show, h.showFrame);
        assertEquals(o.segmentation, h.segmentationEnabled);
        if (o.segmentation) {
            assertEquals(o.absoluteSegments, h.segmentAbsolute);
            assertArrayEquals(o.segmentQuant, h.segmentQuant);
            assertArrayEquals(o.segmentLevel, h.segmentFilterLevel);
        }
        assertEquals(o.filterType, h.filterType);
        assertEquals(o.filterLevel, h.filterLevel);
        assertEquals(o.sharpness, h.sharpness);
        assertEquals(o.refDeltas != null, h.filterDeltasEnabled);
        if (o.refDeltas != null) {
            assertArrayEquals(o.refDeltas, h.refFilterDeltas);
            assertArrayEquals(o.modeDeltas, h.modeFilterDeltas);
        }
        assertEquals(1 << o.partitionsLog2, h.partitionCount);
        assertEquals(o.q, h.baseQ);
        assertEquals(o.y2DcDelta, h.y2DcDelta);
        assertEquals(o.uvAcDelta, h.uvAcDelta);
    }

    @Test
    void aKeyFrameResetsWhatTheLastFrameLeft() throws CodecException {
        FrameHeader h = new FrameHeader();
        byte[] first = TestFrames.keyFrame(options());
        h.readFrameTag(first, 0, first.length);
        readHeader(h, first);
        byte[] plain = TestFrames.keyFrame(new TestFrames.Options());
        h.readFrameTag(plain, 0, plain.length);
        readHeader(h, plain);
        assertFalse(h.segmentationEnabled);
        assertArrayEquals(new int[4], h.segmentQuant);
        assertArrayEquals(new int[4], h.refFilterDeltas);
        assertArrayEquals(new int[4], h.modeFilterDeltas);
        assertEquals(1, h.partitionCount);
    }

    @Test
    void rejectsBrokenFrameTags() {
        byte[] frame = TestFrames.keyFrame(new TestFrames.Options());
        FrameHeader h = new FrameHeader();
        assertThrows(CodecException.class, () -> h.readFrameTag(frame, 0, 2));
        assertThrows(CodecException.class, () -> h.readFrameTag(frame, 0, 9));
        byte[] badStart = frame.clone();
        badStart[4] = 0x02;
        assertThrows(CodecException.class, () -> h.readFrameTag(badStart, 0, badStart.length));
        byte[] zeroWidth = frame.clone();
        zeroWidth[6] = 0;
        zeroWidth[7] = (byte) 0xC0; // only the scaling bits
        assertThrows(CodecException.class, () -> h.readFrameTag(zeroWidth, 0, zeroWidth.length));
        byte[] emptyFirst = frame.clone();
        emptyFirst[0] &= 0x1F;
        emptyFirst[1] = 0;
        emptyFirst[2] = 0;
        assertThrows(CodecException.class, () -> h.readFrameTag(emptyFirst, 0, emptyFirst.length));
        int firstSize = ((frame[0] & 0xFF) | (frame[1] & 0xFF) << 8 | (frame[2] & 0xFF) << 16) >>> 5;
        assertThrows(CodecException.class, () -> h.readFrameTag(frame, 0, 10 + firstSize - 1));
    }

    @Test
    void rejectsPartitionSizesThatDoNotFit() throws CodecException {
        TestFrames.Options o = new TestFrames.Options();
        o.partitionsLog2 = 1;
        byte[] frame = TestFrames.keyFrame(o);
        FrameHeader h = new FrameHeader();
        h.readFrameTag(frame, 0, frame.length);
        int sizeAt = 10 + h.firstPartitionSize;
        byte[] tooBig = frame.clone();
        tooBig[sizeAt + 2] = 0x7F;
        h.readFrameTag(tooBig, 0, tooBig.length);
        assertThrows(CodecException.class,
                () -> readHeader(h, tooBig));
        byte[] zero = frame.clone();
        Arrays.fill(zero, sizeAt, sizeAt + 3, (byte) 0);
        h.readFrameTag(zero, 0, zero.length);
        assertThrows(CodecException.class,
                () -> readHeader(h, zero));
    }

    private static void readHeader(FrameHeader h, byte[] frame) throws CodecException {
        h.readHeader(frame, 0, frame.length, new BoolDecoder(), new EntropyContext(), new EntropyContext());
    }
}
