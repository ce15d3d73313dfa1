package io.purertc.codec.vp8;

import io.purertc.media.VideoFrame;

/**
 * Peak signal-to-noise ratio of 8-bit I420 pictures as libvpx's tools report it: the squared error of all three
 * planes summed over all their samples, so chroma counts by its sample count; identical pictures give
 * {@link #MAX_PSNR}.
 */
// libvpx vpx_dsp/psnr.c (vpx_sse_to_psnr, MAX_PSNR 100)
public final class Psnr {

    /** What identical pictures score, as libvpx caps it. */
    public static final double MAX_PSNR = 100.0;

    private Psnr() {
    }

    /** The summed squared error of the Y, U and V planes of two pictures of the same size. */
    public static long sse(VideoFrame reference, VideoFrame distorted) {
        if (reference.width() != distorted.width() || reference.height() != distorted.height()) {
            throw new IllegalArgumentException("sizes differ: " + reference + " vs " + distorted);
        }
        int cw = VideoFrame.chromaWidth(reference.width());
        int ch = VideoFrame.chromaHeight(reference.height());
        return sse(reference.y(), reference.strideY(), distorted.y(), distorted.strideY(), reference.width(),
                reference.height())
                + sse(reference.u(), reference.strideU(), distorted.u(), distorted.strideU(), cw, ch)
                + sse(reference.v(), reference.strideV(), distorted.v(), distorted.strideV(), cw, ch);
    }

    /** The samples of a picture's three planes: the denominator {@link #sse(VideoFrame, VideoFrame)} goes with. */
    public static long samples(int width, int height) {
        return (long) width * height + 2L * VideoFrame.chromaWidth(width) * VideoFrame.chromaHeight(height);
    }

    /** The PSNR of one picture against its reference. */
    public static double psnr(VideoFrame reference, VideoFrame distorted) {
        return fromSse(sse(reference, distorted), samples(reference.width(), reference.height()));
    }

    /** PSNR in dB of a squared error over {@code samples} 8-bit samples, at most {@link #MAX_PSNR}. */
    public static double fromSse(long sse, long samples) {
        if (sse <= 0) {
            return MAX_PSNR;
        }
        return Math.min(MAX_PSNR, 10 * Math.log10(255.0 * 255.0 * samples / sse));
    }

    private static long sse(byte[] a, int strideA, byte[] b, int strideB, int width, int height) {
        long sum = 0;
        for (int row = 0; row < height; row++) {
            int ia = row * strideA;
            int ib = row * strideB;
            for (int col = 0; col < width; col++) {
                int d = (a[ia + col] & 0xFF) - (b[ib + col] & 0xFF);
                sum += d * d;
            }
        }
        return sum;
    }
}
