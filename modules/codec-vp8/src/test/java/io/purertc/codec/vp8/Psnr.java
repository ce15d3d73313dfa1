package io.purertc.codec.vp8;

import io.purertc.media.VideoFrame;

/** PSNR over all three planes of two pictures of the same size. */
final class Psnr {

    private Psnr() {
    }

    static double of(VideoFrame a, VideoFrame b) {
        byte[] x = Md5.i420(a);
        byte[] y = Md5.i420(b);
        long sse = 0;
        for (int i = 0; i < x.length; i++) {
            int d = (x[i] & 0xFF) - (y[i] & 0xFF);
            sse += d * d;
        }
        if (sse == 0) {
            return 100;
        }
        return 10 * Math.log10(255.0 * 255.0 * x.length / sse);
    }
}
