package io.purertc.codec.vp8;

import java.util.Arrays;

// RFC 6386 §13 token decoding, shaped like libvpx detokenize.c: contexts from the above/left "has tokens" flags,
// the Y2 block first, Y blocks from coefficient 1 when Y2 carries their DC, no EOB right after a zero.
// Coefficients are stored dequantised (RFC 6386 §14.1) and in raster order, 16-bit as libvpx keeps them.
final class Residuals {

    static final int Y2 = 24;

    // libvpx block types: Y after Y2, Y2, chroma, Y with DC
    static final int TYPE_Y_NO_DC = 0;
    static final int TYPE_Y2 = 1;
    static final int TYPE_UV = 2;
    static final int TYPE_Y_WITH_DC = 3;
    static final int TYPE_SIZE = 8 * 3 * Vp8Tables.COEF_NODES;
    static final int BAND_SIZE = 3 * Vp8Tables.COEF_NODES;

    final short[] coefficients = new short[25 * 16];
    final int[] eobs = new int[25];
    private final TokenContexts contexts = new TokenContexts();

    /**
     * Sizes and clears the above contexts at the start of a frame, and the coefficients: a frame refused in the
     * middle of a macroblock leaves them dirty, and the next frame's first macroblock would add them in.
     */
    void startFrame(int mbCols) {
        contexts.startFrame(mbCols);
        Arrays.fill(coefficients, (short) 0);
    }

    void startRow() {
        contexts.startRow();
    }

    /** A macroblock without coefficients clears its contexts; Y2's only if it would have had one. */
    void skip(int mbCol, boolean hasY2) {
        contexts.skip(mbCol, hasY2);
    }

    /**
     * Decodes a macroblock's tokens into {@link #coefficients} (which must be all zero on entry) and
     * {@link #eobs}; returns libvpx's eobtotal, 0 when the macroblock has no tokens at all.
     */
    int decode(BoolDecoder bd, int[] probs, boolean hasY2, int mbCol, Dequantizer.Factors q) {
        TokenContexts t = contexts;
        short[] c = coefficients;
        int total = 0;
        int yType = TYPE_Y_WITH_DC;
        int first = 0;
        if (hasY2) {
            int n = readBlock(bd, probs, TYPE_Y2 * TYPE_SIZE, t.context(mbCol, Y2), 0, c, Y2 * 16, q.y2Dc, q.y2Ac);
            t.set(mbCol, Y2, n > 0);
            eobs[Y2] = n;
            total += n - 16;
            yType = TYPE_Y_NO_DC;
            first = 1;
        }
        for (int i = 0; i < 16; i++) {
            int n = readBlock(bd, probs, yType * TYPE_SIZE, t.context(mbCol, i), first, c, i * 16, q.y1Dc, q.y1Ac);
            t.set(mbCol, i, n > 0);
            n += first;
            eobs[i] = n;
            total += n;
        }
        for (int i = 16; i < 24; i++) {
            int n = readBlock(bd, probs, TYPE_UV * TYPE_SIZE, t.context(mbCol, i), 0, c, i * 16, q.uvDc, q.uvAc);
            t.set(mbCol, i, n > 0);
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
