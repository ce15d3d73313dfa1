package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.purertc.media.MediaTime;
import io.purertc.media.VideoFrame;
import org.junit.jupiter.api.Test;

class PsnrTest {

    @Test
    void identicalPicturesScoreTheCap() {
        VideoFrame black = VideoFrame.black(17, 9);
        assertEquals(Psnr.MAX_PSNR, Psnr.psnr(black, VideoFrame.black(17, 9)));
    }

    @Test
    void chromaCountsByItsSampleCountAndStridesAreHonoured() {
        VideoFrame a = VideoFrame.black(4, 2);
        // the same picture at a wider luma stride with one V sample 10 off; 8 + 2 + 2 samples in all
        byte[] y = new byte[8 * 2];
        java.util.Arrays.fill(y, (byte) 16);
        byte[] u = {(byte) 128, (byte) 128, 0, 0};
        byte[] v = {(byte) 138, (byte) 128, 0, 0};
        VideoFrame b = new VideoFrame(4, 2, y, 8, u, 4, v, 4, 0, MediaTime.UNKNOWN);
        assertEquals(100, Psnr.sse(a, b));
        assertEquals(12, Psnr.samples(4, 2));
        assertEquals(10 * Math.log10(255.0 * 255 * 12 / 100), Psnr.psnr(a, b), 1e-12);
    }

    @Test
    void aUniformErrorOfOneIsFortyEightDecibels() {
        assertEquals(48.1308, Psnr.fromSse(1000, 1000), 1e-4);
    }

    @Test
    void picturesOfDifferentSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Psnr.sse(VideoFrame.black(4, 4), VideoFrame.black(4, 2)));
    }
}
