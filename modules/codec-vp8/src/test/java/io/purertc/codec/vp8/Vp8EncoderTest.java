package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.purertc.codec.vp8.Clips.Content;
import io.purertc.media.CodecException;
import io.purertc.media.EncodedFrame;
import io.purertc.media.VideoFrame;

class Vp8EncoderTest {

    private static EncodedFrame only(List<EncodedFrame> frames) {
        assertEquals(1, frames.size(), "one frame per picture, none dropped");
        return frames.get(0);
    }

    private static byte[] shown(Vp8Decoder decoder, EncodedFrame frame) throws CodecException {
        Optional<VideoFrame> picture = decoder.decode(frame);
        assertTrue(picture.isPresent());
        return Md5.i420(picture.get());
    }

    @Test
    void ourDecoderShowsExactlyTheReconstruction() throws CodecException {
        List<VideoFrame> clip = Clips.make(Content.SCENE_CUT, 177, 99, 16, 3);
        try (Vp8Encoder encoder = new Vp8Encoder(Vp8Encoder.Settings.realTime(400_000));
             Vp8Decoder decoder = new Vp8Decoder()) {
            for (int i = 0; i < clip.size(); i++) {
                EncodedFrame frame = only(encoder.encode(clip.get(i), 3000L * i));
                assertEquals(i == 0, frame.keyFrame());
                assertEquals(3000L * i, frame.rtpTimestamp());
                assertArrayEquals(Md5.i420(encoder.reconstruction().toVideoFrame(0)), shown(decoder, frame),
                        "frame " + i);
            }
        }
    }

    /**
     * Full-range noise at quantizer 0 makes a key frame larger than the first output buffer (w*h*3/2 + 1024
     * bytes); the encoder grows its buffer and the frame still decodes to the reconstruction.
     */
    @Test
    void aFrameLargerThanTheFirstBufferIsStillEncoded() throws CodecException {
        int width = 320;
        int height = 240;
        Random random = new Random(3);
        byte[] y = new byte[width * height];
        byte[] u = new byte[width * height / 4];
        byte[] v = new byte[width * height / 4];
        for (int i = 0; i < y.length; i++) {
            // a one-pixel checkerboard with noise on it: every coefficient of every block is large
            y[i] = (byte) ((((i % width) + (i / width)) & 1) * 255 + random.nextInt(7) - 3);
        }
        random.nextBytes(u);
        random.nextBytes(v);
        VideoFrame noise = new VideoFrame(width, height, y, width, u, width / 2, v, width / 2, 0, 0);
        Vp8Encoder.Settings lossless = new Vp8Encoder.Settings(30, 100_000_000, 0, 0, 3000, 1, false, 8);
        try (Vp8Encoder encoder = new Vp8Encoder(lossless); Vp8Decoder decoder = new Vp8Decoder()) {
            EncodedFrame frame = only(encoder.encode(noise, 0));
            assertTrue(frame.payload().length > width * height * 3 / 2 + 1024, frame.toString());
            assertArrayEquals(Md5.i420(encoder.reconstruction().toVideoFrame(0)), shown(decoder, frame));
        }
    }

    @Test
    void aRequestedKeyFrameIsTheNextFrameAndASizeChangeStartsOne() throws CodecException {
        List<VideoFrame> clip = Clips.make(Content.GRADIENTS, 64, 48, 8, 1);
        try (Vp8Encoder encoder = new Vp8Encoder(Vp8Encoder.Settings.realTime(300_000))) {
            for (int i = 0; i < 4; i++) {
                encoder.encode(clip.get(i), i);
            }
            encoder.requestKeyFrame();
            assertTrue(only(encoder.encode(clip.get(4), 4)).keyFrame());
            assertFalse(only(encoder.encode(clip.get(5), 5)).keyFrame());
            EncodedFrame resized = only(encoder.encode(Clips.make(Content.GRADIENTS, 48, 64, 1, 1).get(0), 6));
            assertTrue(resized.keyFrame());
            try (Vp8Decoder decoder = new Vp8Decoder()) {
                assertEquals(48, decoder.decode(resized).orElseThrow().width());
            }
        }
    }

    /**
     * Three temporal layers: a decoder given only the base layer, or only layers 0 and 1, shows for each of its
     * frames exactly what a decoder given everything shows, so an SFU may drop the upper layers.
     */
    @Test
    void droppingUpperLayersLeavesTheLowerOnesBitExact() throws CodecException {
        List<VideoFrame> clip = Clips.make(Content.PAN, 96, 64, 24, 5);
        Vp8Encoder.Settings settings = Vp8Encoder.Settings.realTime(600_000).withTemporalLayers(3);
        try (Vp8Encoder encoder = new Vp8Encoder(settings);
             Vp8Decoder all = new Vp8Decoder();
             Vp8Decoder base = new Vp8Decoder();
             Vp8Decoder twoLayers = new Vp8Decoder()) {
            int[] perLayer = new int[3];
            for (int i = 0; i < clip.size(); i++) {
                EncodedFrame frame = only(encoder.encode(clip.get(i), i));
                Vp8Encoder.LayerInfo layer = encoder.lastLayerInfo();
                perLayer[layer.temporalLayer()]++;
                byte[] full = shown(all, frame);
                if (layer.temporalLayer() == 0) {
                    assertArrayEquals(full, shown(base, frame), "base-layer frame " + i);
                }
                if (layer.temporalLayer() <= 1) {
                    assertArrayEquals(full, shown(twoLayers, frame), "layer 0-1 frame " + i);
                }
            }
            assertArrayEquals(new int[] {6, 6, 12}, perLayer);
        }
    }

    /**
     * Pictures at 15 fps to an encoder told 30: the RTP timestamps show the real rate, so each frame gets twice
     * the hinted budget and the stream still comes close to its bitrate rather than to half of it.
     */
    @Test
    void theBudgetFollowsTheRateTheTimestampsShow() {
        List<VideoFrame> clip = Clips.make(Content.PAN, 160, 96, 60, 9);
        long bytes = 0;
        try (Vp8Encoder encoder = new Vp8Encoder(Vp8Encoder.Settings.realTime(150_000))) {
            for (int i = 0; i < clip.size(); i++) {
                for (EncodedFrame frame : encoder.encode(clip.get(i), 6000L * i)) {
                    bytes += frame.payload().length;
                }
            }
        }
        double kbps = bytes * 8 / 4.0 / 1000;
        assertTrue(kbps > 120 && kbps < 170, kbps + " kb/s for 150");
    }

    /** A bitrate cut congestion control might make: pictures are dropped, but a requested key frame never is. */
    @Test
    void aSuddenBitrateCutDropsPicturesButNotARequestedKeyFrame() throws CodecException {
        List<VideoFrame> clip = Clips.make(Content.PAN, 160, 96, 50, 4);
        try (Vp8Encoder encoder = new Vp8Encoder(Vp8Encoder.Settings.realTime(500_000));
             Vp8Decoder decoder = new Vp8Decoder()) {
            int dropped = 0;
            for (int i = 0; i < clip.size(); i++) {
                if (i == 20) {
                    encoder.setTargetBitrate(15_000);
                }
                if (i == 45) {
                    encoder.requestKeyFrame();
                }
                List<EncodedFrame> frames = encoder.encode(clip.get(i), 3000L * i);
                if (frames.isEmpty()) {
                    assertTrue(i > 20, "dropped before the cut: " + i);
                    dropped++;
                } else {
                    assertEquals(i == 0 || i == 45, frames.get(0).keyFrame(), "frame " + i);
                    assertArrayEquals(Md5.i420(encoder.reconstruction().toVideoFrame(0)), shown(decoder, only(frames)));
                }
            }
            assertTrue(dropped > 5, "dropped " + dropped);
        }
    }

    /** Three layers at 300 kb/s: the whole stream and each layer's share (40/20/40) come near their targets. */
    @Test
    void eachTemporalLayerSpendsItsShareOfTheBitrate() {
        List<VideoFrame> clip = Clips.make(Content.PAN, 160, 96, 120, 6);
        long[] bits = new long[3];
        try (Vp8Encoder encoder = new Vp8Encoder(Vp8Encoder.Settings.realTime(300_000).withTemporalLayers(3))) {
            for (int i = 0; i < clip.size(); i++) {
                for (EncodedFrame frame : encoder.encode(clip.get(i), 3000L * i)) {
                    bits[encoder.lastLayerInfo().temporalLayer()] += 8L * frame.payload().length;
                }
            }
        }
        double seconds = clip.size() / 30.0;
        double[] shares = {0.4, 0.2, 0.4};
        for (int layer = 0; layer < 3; layer++) {
            double target = 300_000 * shares[layer];
            assertEquals(target, bits[layer] / seconds, target * 0.3, "layer " + layer);
        }
        assertEquals(300_000, (bits[0] + bits[1] + bits[2]) / seconds, 30_000);
    }

    /** The frame headers as a decoder reads them: what each layer refreshes, and entropy kept only where allowed. */
    @Test
    void headersSignalTheLayerPatternAndErrorResilience() throws CodecException {
        List<VideoFrame> clip = Clips.make(Content.SCENE_CUT, 96, 64, 16, 2);
        Vp8Encoder.Settings threeLayers = Vp8Encoder.Settings.realTime(500_000).withTemporalLayers(3);
        for (Vp8Encoder.Settings settings : List.of(threeLayers, threeLayers.withErrorResilient(true),
                Vp8Encoder.Settings.realTime(500_000).withErrorResilient(true))) {
            try (Vp8Encoder encoder = new Vp8Encoder(settings)) {
                for (int i = 0; i < clip.size(); i++) {
                    byte[] data = only(encoder.encode(clip.get(i), i)).payload();
                    FrameHeader h = new FrameHeader();
                    h.readFrameTag(data, 0, data.length);
                    h.readHeader(data, 0, data.length, new BoolDecoder(), new EntropyContext(), new EntropyContext());
                    int layer = encoder.lastLayerInfo() == null ? 0 : encoder.lastLayerInfo().temporalLayer();
                    String where = settings + " frame " + i;
                    assertEquals(!settings.errorResilient() && layer == 0, h.refreshEntropy, where);
                    if (i > 0) {
                        assertEquals(layer == 0, h.refreshLast, where);
                        assertEquals(layer == 1, h.refreshGolden, where);
                        assertFalse(h.refreshAltRef, where);
                        assertEquals(0, h.copyToGolden + h.copyToAltRef, where);
                    }
                }
            }
        }
    }

    @Test
    void aSingleLayerEncoderReportsNoLayerInfo() {
        try (Vp8Encoder encoder = new Vp8Encoder()) {
            encoder.encode(VideoFrame.black(32, 32), 0);
            assertNull(encoder.lastLayerInfo());
            encoder.close();
            assertThrows(IllegalStateException.class, () -> encoder.encode(VideoFrame.black(32, 32), 1));
        }
    }

    @Test
    void settingsRefuseWhatTheEncoderCannotDo() {
        Vp8Encoder.Settings rt = Vp8Encoder.Settings.realTime(500_000);
        assertEquals(2, rt.minQuantizer());
        assertEquals(56, rt.maxQuantizer());
        assertEquals(3000, rt.keyFrameInterval());
        assertEquals(106, Vp8Encoder.qIndex(56));
        assertThrows(IllegalArgumentException.class, () -> rt.withTemporalLayers(4));
        assertThrows(IllegalArgumentException.class, () -> new Vp8Encoder.Settings(30, 1000, 10, 64, 1, 1, false, 8));
        assertThrows(IllegalArgumentException.class, () -> new Vp8Encoder.Settings(30, 1000, 10, 9, 1, 1, false, 8));
        assertThrows(IllegalArgumentException.class, () -> new Vp8Encoder.Settings(0, 1000, 2, 56, 1, 1, false, 8));
        assertThrows(IllegalArgumentException.class, () -> new Vp8Encoder.Settings(30, 0, 2, 56, 1, 1, false, 8));
        assertThrows(IllegalArgumentException.class, () -> new Vp8Encoder.Settings(30, 1000, 2, 56, 1, 1, false, 9));
    }
}
