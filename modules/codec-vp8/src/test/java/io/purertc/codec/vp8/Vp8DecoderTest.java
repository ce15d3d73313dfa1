package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.media.CodecException;
import io.purertc.media.EncodedFrame;
import io.purertc.media.VideoFrame;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Vp8DecoderTest {

    @Test
    void aKeyFrameOfEmptyDcMacroblocksIsFlatGrey() throws CodecException {
        // RFC 6386 §12.2: DC prediction with neither edge available is 128, and every later block averages 128s
        TestFrames.Options o = new TestFrames.Options();
        o.width = 40;
        o.height = 23;
        Vp8Decoder decoder = new Vp8Decoder();
        VideoFrame picture = decoder.decode(new EncodedFrame("VP8", TestFrames.keyFrame(o), 0, true)).orElseThrow();
        assertEquals(40, picture.width());
        assertEquals(23, picture.height());
        assertEquals(40 * 23, picture.y().length);
        assertEquals(20 * 12, picture.u().length);
        for (byte b : picture.y()) {
            assertEquals(128, b & 0xFF);
        }
        for (int i = 0; i < picture.u().length; i++) {
            assertEquals(128, picture.u()[i] & 0xFF);
            assertEquals(128, picture.v()[i] & 0xFF);
        }
        assertEquals(1, decoder.framesDecoded());
    }

    @Test
    void refusesInterFramesUntilAKeyFrameDecodes() throws CodecException {
        Vp8Decoder decoder = new Vp8Decoder();
        assertTrue(decoder.needsKeyFrame());
        byte[] inter = {0x31, 0x01, 0x00, 0, 0, 0, 0, 0};
        CodecException refused = assertThrows(CodecException.class, () -> decoder.decode(inter, 0, inter.length));
        assertTrue(refused.getMessage().contains("waiting for a key frame"), refused.getMessage());
        assertEquals(0, decoder.framesCorrupt());
        byte[] key = TestFrames.keyFrame(new TestFrames.Options());
        decoder.decode(key, 0, key.length);
        assertFalse(decoder.needsKeyFrame());
        byte[] broken = java.util.Arrays.copyOf(key, 12);
        assertThrows(CodecException.class, () -> decoder.decode(broken, 0, broken.length));
        assertTrue(decoder.needsKeyFrame());
        assertEquals(1, decoder.framesCorrupt());
    }

    @Test
    void refusesFramesLargerThanItsLimitBeforeAllocating() {
        TestFrames.Options o = new TestFrames.Options();
        o.width = FrameDecoder.MAX_DIMENSION + 1;
        o.height = 16;
        byte[] key = TestFrames.keyFrame(o);
        Vp8Decoder decoder = new Vp8Decoder();
        CodecException e = assertThrows(CodecException.class, () -> decoder.decode(key, 0, key.length));
        assertTrue(e.getMessage().contains("4097x16"), e.getMessage());
    }

    @Test
    void aHiddenFrameDecodesWithoutAPicture() throws CodecException {
        TestFrames.Options o = new TestFrames.Options();
        o.show = false;
        byte[] key = TestFrames.keyFrame(o);
        Vp8Decoder decoder = new Vp8Decoder();
        Optional<VideoFrame> picture = decoder.decode(key, 0, key.length);
        assertTrue(picture.isEmpty());
        assertEquals(1, decoder.framesDecoded());
        assertFalse(decoder.needsKeyFrame());
    }

    @Test
    void decodesAtAnOffsetAndFollowsSizeChanges() throws CodecException {
        Vp8Decoder decoder = new Vp8Decoder();
        for (int size : new int[] {17, 48, 5}) {
            TestFrames.Options o = new TestFrames.Options();
            o.width = size;
            o.height = size + 3;
            o.modeSeed = (long) size;
            o.partitionsLog2 = 3;
            byte[] key = TestFrames.keyFrame(o);
            byte[] padded = new byte[key.length + 9];
            System.arraycopy(key, 0, padded, 4, key.length);
            VideoFrame picture = decoder.decode(padded, 4, key.length).orElseThrow();
            assertEquals(size, picture.width());
            assertEquals(size + 3, picture.height());
        }
    }
}
