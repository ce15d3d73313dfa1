package io.purertc.codec.vp8;

import java.util.Arrays;

// RFC 6386 §13 token decoding, shaped like libvpx detokenize.c: contexts from the above/left "has tokens" flags,
// the Y2 block first, Y blocks from coefficient 1 when Y2 carries their DC, no EOB right after a zero.
// Coefficients are stored dequantised (RFC 6386 §14.1) and in raster order, 16-bit as libvpx keeps them.
final class Residuals {

    static final int Y2 = 24;

    // libvpx block types: Y after Y2, Y2, chroma, Y with DC
    private static final int TYPE_Y_NO_DC = 0;
    private static final int TYPE_Y2 = 1;
    private static final int TYPE_UV = 2;
    private static final int TYPE_Y_WITH_DC = 3;
    private static final int TYPE_SIZE = 8 * 3 * Vp8Tables.COEF_NODES;
    private static final int BAND_SIZE = 3 * Vp8Tables.COEF_NODES;

    // 9 flags per macroblock: 4 luma columns/rows, 2 U, 2 V, 1 Y2 (libvpx ENTROPY_CONTEXT_PLANES)
    private static final int CONTEXTS = 9;

    final short[] coefficients = new short[25 * 16];
    final int[] eobs = new int[25];
    private byte[] above = new byte[0];
    private final byte[] left = new byte[CONTEXTS];

    /**
     * Sizes and clears the above contexts at the start of a frame, and the coefficients: a frame refused in the
     * middle of a macroblock leaves them dirty, and the next frame's first macroblock would add them in.
     */
    void startFrame(int mbCols) {
        if (above.length != mbCols * CONTEXTS) {
            above = new byte[mbCols * CONTEXTS];
        } else {
            Arrays.fill(above, (byte) 0);
        }
        Arrays.fill(coefficients, (short) 0);
    }

    void startRow() {
        Arrays.fill(left, (byte) 0);
    }

    /** A macroblock without coefficients clears its contexts; Y2's only if it would have had one. */
    void skip(int mbCol, boolean hasY2) {
        int a = mbCol * CONTEXTS;
        Arrays.fill(above, a, a + 8, (byte) 0);
        Arrays.fill(left, 0, 8, (byte) 0);
        if (hasY2) {
            above[a + 8] = 0;
            left[8] = 0;
        }
    }

    /**
     * Decodes a macroblock's tokens into {@link #coefficients} (which must be all zero on entry) and
     * {@link #eobs}; returns libvpx's eobtotal, 0 when the macroblock has no tokens at all.
     */
    int decode(BoolDecoder bd, int[] probs, boolean hasY2, int mbCol, Dequantizer.Factors q) {
        int a = mbCol * CONTEXTS;
        short[] c = coefficients;
        int total = 0;
        int yType = TYPE_Y_WITH_DC;
        int first = 0;
        if (hasY2) {
            int n = readBlock(bd, probs, TYPE_Y2 * TYPE_SIZE, above[a + 8] + left[8], 0, c, Y2 * 16, q.y2Dc, q.y2Ac);
            byte flag = (byte) (n > 0 ? 1 : 0);
            above[a + 8] = flag;
            left[8] = flag;
            eobs[Y2] = n;
            total += n - 16;
            yType = TYPE_Y_NO_DC;
            first = 1;
        }
        for (int i = 0; i < 16; i++) {
            int ai = a + (i & 3);
            int li = i >> 2;
            int n = readBlock(bd, probs, yType * TYPE_SIZE, above[ai] + left[li], first, c, i * 16, q.y1Dc, q.y1Ac);
            byte flag = (byte) (n > 0 ? 1 : 0);
            above[ai] = flag;
            left[li] = flag;
            n += first;
            eobs[i] = n;
            total += n;
        }
        for (int i = 16; i < 24; i++) {
            int plane = i > 19 ? 2 : 0;
            int ai = a + 4 + plane + (i & 1);
            int li = 4 + plane + ((i & 3) > 1 ? 1 : 0);
            int n = readBlock(bd, probs, TYPE_UV * TYPE_SIZE, above[ai] + left[li], 0, c, i * 16, q.uvDc, q.uvAc);
            byte flag = (byte) (n > 0 ? 1 : 0);
            above[ai] = flag;
            left[li] = flag;
            eobs[i] = n;
            total += n;
        }
        return total;
    }

    // libvpx GetCoeffs: returns the position after the last token read (0 if the block starts with EOB).
    private static int readBlock(BoolDecoder bd, int[] probs, int typeBase, int context, int start, short[] out,
            int outOff, int dcFactor, int acFactor) {
        int n = start;
        // positions 0 and 1 are in bands 0 and 1
        int p = typeBase + n * BAND_SIZE + context * Vp8Tables.COEF_NODES;
        if (bd.readBool(probs[p]) == 0) {
            return 0;
        }
        while (true) {
            ++n;
            if (bd.readBool(probs[p + 1]) == 0) {
                p = typeBase + Vp8Tables.COEF_BANDS[n] * BAND_SIZE;
            } else {
                int v;
                int nextContext;
                if (bd.readBool(probs[p + 2]) == 0) {
                    v = 1;
                    nextContext = 1;
                } else {
                    v = readLargeValue(bd, probs, p);
                    nextContext = 2;
                }
                int j = Vp8Tables.ZIGZAG[n - 1];
                if (bd.readBool(128) == 1) {
                    v = -v;
                }
                out[outOff + j] = (short) (v * (j == 0 ? dcFactor : acFactor));
                p = typeBase + Vp8Tables.COEF_BANDS[n] * BAND_SIZE + nextContext * Vp8Tables.COEF_NODES;
                if (n == 16 || bd.readBool(probs[p]) == 0) {
                    return n;
                }
            }
            if (n == 16) {
                return 16;
            }
        }
    }

    // RFC 6386 §13.2: tokens TWO .. DCT_CAT6 with their extra bits.
    private static int readLargeValue(BoolDecoder bd, int[] probs, int p) {
        if (bd.readBool(probs[p + 3]) == 0) {
            if (bd.readBool(probs[p + 4]) == 0) {
                return 2;
            }
            return 3 + bd.readBool(probs[p + 5]);
        }
        if (bd.readBool(probs[p + 6]) == 0) {
            if (bd.readBool(probs[p + 7]) == 0) {
                return 5 + bd.readBool(159);
            }
            int v = 7 + 2 * bd.readBool(165);
            return v + bd.readBool(145);
        }
        int bit1 = bd.readBool(probs[p + 8]);
        int bit0 = bd.readBool(probs[p + 9 + bit1]);
        int cat = 2 * bit1 + bit0;
        int v = 0;
        for (int prob : Vp8Tables.CAT_PROBS[cat]) {
            v += v + bd.readBool(prob);
        }
        return v + 3 + (8 << cat);
    }
}
