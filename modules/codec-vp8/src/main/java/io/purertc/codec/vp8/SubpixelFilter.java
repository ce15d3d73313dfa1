package io.purertc.codec.vp8;

/**
 * Sub-pixel interpolation for inter prediction, RFC 6386 §18, bit-exact with libvpx's
 * vp8/common/filter.c: a horizontal pass over the rows the vertical taps need, rounded and
 * saturated to 8 bits, then a vertical pass over that.
 *
 * <p>Which filter runs is the decoder's choice from the frame header's version (RFC 6386 §9.1):
 * version 0 uses {@link #sixtap}, versions 1 and 2 {@link #bilinear}, and version 3 uses whole
 * pixels only, which the decoder gets by rounding the motion vectors so both fractions are 0.
 *
 * <p>An instance owns the scratch rows of the first pass, so filtering allocates nothing; use one
 * instance per decoding thread.
 */
final class SubpixelFilter {

    /**
     * The six taps for each eighth-pel position. Row 0 is the identity (128 on the centre tap),
     * so a pass with fraction 0 returns its input exactly and can be skipped.
     */
    private static final int[][] SIXTAP = {
        {0, 0, 128, 0, 0, 0},
        {0, -6, 123, 12, -1, 0},
        {2, -11, 108, 36, -8, 1},
        {0, -9, 93, 50, -6, 0},
        {3, -16, 77, 77, -16, 3},
        {0, -6, 50, 93, -9, 0},
        {1, -8, 36, 108, -11, 2},
        {0, -1, 12, 123, -6, 0},
    };

    /** Weight of the second pixel of the pair; the first gets 128 minus it. */
    private static final int[] BILINEAR = {0, 16, 32, 48, 64, 80, 96, 112};

    private static final int MAX_SIZE = 16;

    /** First-pass output: up to 16 + 5 rows of up to 16 columns, row pitch = block width. */
    private final int[] firstPass = new int[(MAX_SIZE + 5) * MAX_SIZE];

    /** Six-tap prediction of a width x height block (each 4, 8 or 16) at (xFrac, yFrac) eighths. */
    void sixtap(byte[] ref, int refOff, int refStride, int xFrac, int yFrac, byte[] dst, int dstOff, int dstStride,
            int width, int height) {
        if (yFrac == 0) {
            if (xFrac == 0) {
                copy(ref, refOff, refStride, dst, dstOff, dstStride, width, height);
            } else {
                sixtapBytes(ref, refOff, refStride, 1, SIXTAP[xFrac], dst, dstOff, dstStride, width, height);
            }
        } else if (xFrac == 0) {
            sixtapBytes(ref, refOff, refStride, refStride, SIXTAP[yFrac], dst, dstOff, dstStride, width, height);
        } else {
            sixtapFirstPass(ref, refOff - 2 * refStride, refStride, SIXTAP[xFrac], width, height + 5);
            sixtapSecondPass(SIXTAP[yFrac], dst, dstOff, dstStride, width, height);
        }
    }

    /**
     * Bilinear prediction (versions 1 and 2). It reads one pixel right of and one row below the
     * block, and only where the corresponding fraction is non-zero.
     */
    void bilinear(byte[] ref, int refOff, int refStride, int xFrac, int yFrac, byte[] dst, int dstOff,
            int dstStride, int width, int height) {
        if (yFrac == 0) {
            if (xFrac == 0) {
                copy(ref, refOff, refStride, dst, dstOff, dstStride, width, height);
            } else {
                bilinearBytes(ref, refOff, refStride, 1, BILINEAR[xFrac], dst, dstOff, dstStride, width, height);
            }
        } else if (xFrac == 0) {
            bilinearBytes(ref, refOff, refStride, refStride, BILINEAR[yFrac], dst, dstOff, dstStride, width,
                    height);
        } else {
            bilinearFirstPass(ref, refOff, refStride, BILINEAR[xFrac], width, height + 1);
            bilinearSecondPass(BILINEAR[yFrac], dst, dstOff, dstStride, width, height);
        }
    }

    private static void copy(byte[] ref, int refOff, int refStride, byte[] dst, int dstOff, int dstStride, int width,
            int height) {
        for (int row = 0; row < height; row++, refOff += refStride, dstOff += dstStride) {
            System.arraycopy(ref, refOff, dst, dstOff, width);
        }
    }

    /** One-dimensional six-tap pass straight from the reference; step is 1 (across) or the stride (down). */
    private static void sixtapBytes(byte[] ref, int refOff, int refStride, int step, int[] taps, byte[] dst,
            int dstOff, int dstStride, int width, int height) {
        int t0 = taps[0];
        int t1 = taps[1];
        int t2 = taps[2];
        int t3 = taps[3];
        int t4 = taps[4];
        int t5 = taps[5];
        for (int row = 0; row < height; row++, refOff += refStride, dstOff += dstStride) {
            for (int col = 0; col < width; col++) {
                int s = refOff + col;
                int sum = (ref[s - 2 * step] & 0xFF) * t0 + (ref[s - step] & 0xFF) * t1 + (ref[s] & 0xFF) * t2
                        + (ref[s + step] & 0xFF) * t3 + (ref[s + 2 * step] & 0xFF) * t4
                        + (ref[s + 3 * step] & 0xFF) * t5;
                dst[dstOff + col] = (byte) FrameBuffer.clampPixel((sum + 64) >> 7);
            }
        }
    }

    /** Horizontal pass over rows -2 .. height+2 of the block, saturated like libvpx's first pass. */
    private void sixtapFirstPass(byte[] ref, int refOff, int refStride, int[] taps, int width, int rows) {
        int[] out = firstPass;
        int t0 = taps[0];
        int t1 = taps[1];
        int t2 = taps[2];
        int t3 = taps[3];
        int t4 = taps[4];
        int t5 = taps[5];
        for (int row = 0, o = 0; row < rows; row++, refOff += refStride, o += width) {
            for (int col = 0; col < width; col++) {
                int s = refOff + col;
                int sum = (ref[s - 2] & 0xFF) * t0 + (ref[s - 1] & 0xFF) * t1 + (ref[s] & 0xFF) * t2
                        + (ref[s + 1] & 0xFF) * t3 + (ref[s + 2] & 0xFF) * t4 + (ref[s + 3] & 0xFF) * t5;
                out[o + col] = FrameBuffer.clampPixel((sum + 64) >> 7);
            }
        }
    }

    private void sixtapSecondPass(int[] taps, byte[] dst, int dstOff, int dstStride, int width, int height) {
        int[] in = firstPass;
        int t0 = taps[0];
        int t1 = taps[1];
        int t2 = taps[2];
        int t3 = taps[3];
        int t4 = taps[4];
        int t5 = taps[5];
        int p = width;
        for (int row = 0, i = 2 * width; row < height; row++, i += width, dstOff += dstStride) {
            for (int col = 0; col < width; col++) {
                int s = i + col;
                int sum = in[s - 2 * p] * t0 + in[s - p] * t1 + in[s] * t2 + in[s + p] * t3 + in[s + 2 * p] * t4
                        + in[s + 3 * p] * t5;
                dst[dstOff + col] = (byte) FrameBuffer.clampPixel((sum + 64) >> 7);
            }
        }
    }

    /** One-dimensional bilinear pass straight from the reference; step is 1 (across) or the stride (down). */
    private static void bilinearBytes(byte[] ref, int refOff, int refStride, int step, int weight, byte[] dst,
            int dstOff, int dstStride, int width, int height) {
        int w0 = 128 - weight;
        for (int row = 0; row < height; row++, refOff += refStride, dstOff += dstStride) {
            for (int col = 0; col < width; col++) {
                int s = refOff + col;
                dst[dstOff + col] = (byte) (((ref[s] & 0xFF) * w0 + (ref[s + step] & 0xFF) * weight + 64) >> 7);
            }
        }
    }

    private void bilinearFirstPass(byte[] ref, int refOff, int refStride, int weight, int width, int rows) {
        int[] out = firstPass;
        int w0 = 128 - weight;
        for (int row = 0, o = 0; row < rows; row++, refOff += refStride, o += width) {
            for (int col = 0; col < width; col++) {
                int s = refOff + col;
                out[o + col] = ((ref[s] & 0xFF) * w0 + (ref[s + 1] & 0xFF) * weight + 64) >> 7;
            }
        }
    }

    private void bilinearSecondPass(int weight, byte[] dst, int dstOff, int dstStride, int width, int height) {
        int[] in = firstPass;
        int w0 = 128 - weight;
        for (int row = 0, i = 0; row < height; row++, i += width, dstOff += dstStride) {
            for (int col = 0; col < width; col++) {
                int s = i + col;
                dst[dstOff + col] = (byte) ((in[s] * w0 + in[s + width] * weight + 64) >> 7);
            }
        }
    }
}
