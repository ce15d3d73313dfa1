package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.media.CodecException;
import io.purertc.media.VideoFrame;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameEncoderTest {

    /** Encodes the clip with the given parameters per frame; every frame must decode to the reconstruction. */
    static double[] roundTrip(List<VideoFrame> clip, java.util.function.IntFunction<FrameParameters> params)
            throws CodecException {
        VideoFrame first = clip.get(0);
        FrameEncoder encoder = new FrameEncoder(first.width(), first.height());
        Vp8Decoder decoder = new Vp8Decoder();
        byte[] out = new byte[first.width() * first.height() * 3 / 2 + 1024];
        double[] psnr = new double[clip.size()];
        for (int n = 0; n < clip.size(); n++) {
            int length = encoder.encode(clip.get(n), params.apply(n), out);
            Optional<VideoFrame> decoded = decoder.decode(out, 0, length);
            assertTrue(decoded.isPresent(), "frame " + n + " not shown");
            VideoFrame reconstruction = encoder.reconstruction().toVideoFrame(0);
            assertArrayEquals(Md5.i420(reconstruction), Md5.i420(decoded.get()), "frame " + n);
            psnr[n] = Psnr.psnr(clip.get(n), decoded.get());
            assertEquals(length, encoder.lastStatistics().bytes());
        }
        return psnr;
    }

    @Test
    void keyFramesDecodeToTheReconstruction() throws CodecException {
        List<VideoFrame> clip = Clips.make(Clips.Content.GRADIENTS, 64, 48, 3, 1);
        double[] psnr = roundTrip(clip, n -> FrameParameters.key(20, 8));
        for (double p : psnr) {
            assertTrue(p > 30, "PSNR " + p);
        }
    }

    @Test
    void interFramesDecodeToTheReconstruction() throws CodecException {
        List<VideoFrame> clip = Clips.make(Clips.Content.GRADIENTS, 64, 48, 6, 1);
        double[] psnr = roundTrip(clip, n -> n == 0 ? FrameParameters.key(20, 8) : FrameParameters.inter(20, 8));
        for (double p : psnr) {
            assertTrue(p > 30, "PSNR " + p);
        }
    }

    // key, then inter frames cycling through reference masks, refreshes and speeds; entropy kept on some only
    private static FrameParameters mixed(int n, int q) {
        if (n == 0) {
            return FrameParameters.key(q, n % 9);
        }
        int mask = 1 + (n % 7);
        boolean golden = n % 3 == 1;
        boolean altRef = n % 4 == 2;
        boolean last = n % 5 != 3;
        return new FrameParameters(false, q, n % 4 == 0 ? -1 : n * 7 % 64, n % 8, last, golden, altRef, mask,
                n % 6 != 5, n % 9);
    }

    @ParameterizedTest
    @CsvSource({"GRADIENTS, 1, 1", "GRADIENTS, 17, 9", "NOISE, 177, 99", "SCENE_CUT, 48, 32", "PAN, 80, 64",
            "STILL_WITH_MOVING_BOX, 33, 47", "TEXT, 64, 48"})
    void everyFrameDecodesToTheReconstruction(Clips.Content content, int width, int height) throws CodecException {
        List<VideoFrame> clip = Clips.make(content, width, height, 12, width * 31 + height);
        double[] psnr = roundTrip(clip, n -> mixed(n, 10 + n * 9));
        System.out.println(content + " " + width + "x" + height + " PSNR " + java.util.Arrays.toString(psnr));
    }

    @Property(tries = 25)
    void randomParametersDecodeToTheReconstruction(@ForAll long seed, @ForAll @IntRange(min = 1, max = 56) int width,
            @ForAll @IntRange(min = 1, max = 40) int height) throws CodecException {
        Random random = new Random(seed);
        Clips.Content content = Clips.Content.values()[random.nextInt(Clips.Content.values().length)];
        List<VideoFrame> clip = Clips.make(content, width, height, 5, seed);
        roundTrip(clip, n -> new FrameParameters(n == 0 || random.nextInt(8) == 0, random.nextInt(128),
                random.nextInt(65) - 1, random.nextInt(8), random.nextBoolean(), random.nextBoolean(),
                random.nextBoolean(), random.nextInt(8), random.nextBoolean(), random.nextInt(9)));
    }

    /** Sane quality at larger sizes; the 640x480 pan updates MV probabilities on its fifth frame. */
    @ParameterizedTest
    @CsvSource({"GRADIENTS, 320, 240, 4, 20, 30", "PAN, 640, 480, 6, 30, 33"})
    void qualityAtLargerSizes(Clips.Content content, int width, int height, int frames, int q, double minPsnr)
            throws CodecException {
        List<VideoFrame> clip = Clips.make(content, width, height, frames, width + height);
        double[] psnr = roundTrip(clip, n -> n == 0 ? FrameParameters.key(q, 8) : FrameParameters.inter(q, 8));
        System.out.println(content + " " + width + "x" + height + " q" + q + " PSNR " + java.util.Arrays.toString(psnr));
        for (double p : psnr) {
            assertTrue(p > minPsnr, "PSNR " + p);
        }
    }

    @Test
    void aFrameThatDoesNotFitLeavesTheEncoderAsItWas() throws CodecException {
        List<VideoFrame> clip = Clips.make(Clips.Content.NOISE, 48, 32, 3, 5);
        FrameEncoder encoder = new FrameEncoder(48, 32);
        Vp8Decoder decoder = new Vp8Decoder();
        byte[] out = new byte[48 * 32 * 3 / 2 + 1024];
        int length = encoder.encode(clip.get(0), FrameParameters.key(4, 8), out);
        decoder.decode(out, 0, length);
        assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(clip.get(1), FrameParameters.inter(4, 8), new byte[100]));
        assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(clip.get(1), FrameParameters.key(4, 8), new byte[100]));
        length = encoder.encode(clip.get(2), FrameParameters.inter(4, 8), out);
        VideoFrame decoded = decoder.decode(out, 0, length).orElseThrow();
        assertArrayEquals(Md5.i420(encoder.reconstruction().toVideoFrame(0)), Md5.i420(decoded));
    }

    @Test
    void interFrameBeforeKeyFrameIsRefused() {
        FrameEncoder encoder = new FrameEncoder(16, 16);
        assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(VideoFrame.black(16, 16), FrameParameters.inter(10, 8), new byte[2048]));
    }
}
