package io.purertc.codec.vp8;

/**
 * Sub-pixel interpolation for inter prediction, RFC 6386 §18, bit-exact with libvpx's
 * vp8/common/filter.c: a horizontal pass over the rows the vertical taps need, rounded and
 * saturated to 8 bits, then a vertical pass over that.
 *
 * <p>Which filter runs is the decoder's choice from the frame header's version (RFC 6386 §9.1):
 * version 0 uses {@link #sixtap}, versions 1 to 3 {@link #bilinear}. Version 3's "full pixel"
 * is, in libvpx (vp8_setup_version, reconinter.c fullpixel_mask), only a truncation of the
 * derived chroma motion vectors to whole pixels ({@code & ~7}); luma keeps its fractions and is
 * filtered bilinearly. Both are the decoder's job: it passes the fractions it has left.
 *
 * <p>Both filters read up to 2 pixels before and 3 after the block in each direction whose
 * fraction is non-zero (the bilinear taps there are zero, but the shared kernel still loads them).
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

    /**
     * libvpx's bilinear weights (128 - 16f, 16f) placed on the centre taps of the six-tap kernel:
     * the sums, the rounding and the shift are the same, the saturation never triggers on a
     * weighted mean, and the outer taps are zero, so this reproduces vp8_bilinear_predict exactly.
     * Bilinear streams are rare, so sharing the kernel is worth the four wasted multiplications.
     */
    private static final int[][] BILINEAR = new int[8][];

    static {
        for (int f = 0; f < 8; f++) {
            BILINEAR[f] = new int[] {0, 0, 128 - 16 * f, 16 * f, 0, 0};
        }
    }

    private static final int MAX_SIZE = 16;

    /**
     * First-pass output: up to 16 + 5 rows of up to 16 columns, row pitch = block width. libvpx
     * keeps it in ints, but the pass saturates to 0..255, so bytes hold it losslessly.
     */
    private final byte[] firstPass = new byte[(MAX_SIZE + 5) * MAX_SIZE];

    /** Six-tap prediction of a width x height block (each 4, 8 or 16) at (xFrac, yFrac) eighths. */
    void sixtap(byte[] ref, int refOff, int refStride, int xFrac, int yFrac, byte[] dst, int dstOff, int dstStride,
            int width, int height) {
        predict(SIXTAP, ref, refOff, refStride, xFrac, yFrac, dst, dstOff, dstStride, width, height);
    }

    /** Bilinear prediction (versions 1 and 2), same reads and block sizes as {@link #sixtap}. */
    void bilinear(byte[] ref, int refOff, int refStride, int xFrac, int yFrac, byte[] dst, int dstOff,
            int dstStride, int width, int height) {
        predict(BILINEAR, ref, refOff, refStride, xFrac, yFrac, dst, dstOff, dstStride, width, height);
    }

    private void predict(int[][] filters, byte[] ref, int refOff, int refStride, int xFrac, int yFrac, byte[] dst,
            int dstOff, int dstStride, int width, int height) {
        if (yFrac == 0) {
            if (xFrac == 0) {
                for (int row = 0; row < height; row++, refOff += refStride, dstOff += dstStride) {
                    System.arraycopy(ref, refOff, dst, dstOff, width);
                }
            } else {
                slide(ref, refOff, refStride, 1, filters[xFrac], dst, dstOff, dstStride, 1, height, width);
            }
        } else if (xFrac == 0) {
            slide(ref, refOff, 1, refStride, filters[yFrac], dst, dstOff, 1, dstStride, width, height);
        } else {
            // Across first, over the two rows above and three below that the vertical taps read.
            slide(ref, refOff - 2 * refStride, refStride, 1, filters[xFrac], firstPass, 0, width, 1, height + 5,
                    width);
            slide(firstPass, 2 * width, 1, width, filters[yFrac], dst, dstOff, 1, dstStride, width, height);
        }
    }

    /**
     * Filters {@code lines} lines of {@code length} pixels, where a line is a row ({@code step} 1)
     * or a column ({@code step} the stride). The six source pixels slide along in locals, so each
     * output costs one load instead of six.
     */
    private static void slide(byte[] src, int srcOff, int srcLineStep, int step, int[] taps, byte[] dst, int dstOff,
            int dstLineStep, int dstStep, int lines, int length) {
        int t0 = taps[0];
        int t1 = taps[1];
        int t2 = taps[2];
        int t3 = taps[3];
        int t4 = taps[4];
        int t5 = taps[5];
        for (int line = 0; line < lines; line++, srcOff += srcLineStep, dstOff += dstLineStep) {
            int a = src[srcOff - 2 * step] & 0xFF;
            int b = src[srcOff - step] & 0xFF;
            int c = src[srcOff] & 0xFF;
            int d = src[srcOff + step] & 0xFF;
            int e = src[srcOff + 2 * step] & 0xFF;
            for (int i = 0, s = srcOff + 3 * step, o = dstOff; i < length; i++, s += step, o += dstStep) {
                int f = src[s] & 0xFF;
                int sum = a * t0 + b * t1 + c * t2 + d * t3 + e * t4 + f * t5;
                dst[o] = (byte) FrameBuffer.clampPixel((sum + 64) >> 7);
                a = b;
                b = c;
                c = d;
                d = e;
                e = f;
            }
        }
    }
}
