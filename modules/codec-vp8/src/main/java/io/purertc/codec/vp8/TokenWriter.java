package io.purertc.codec.vp8;

import java.util.Arrays;

// RFC 6386 §13 token writing, shaped like libvpx tokenize.c and bitstream.c pack_tokens: the inverse of
// Residuals, with the same "has tokens" contexts, no EOB right after a zero, and the Y2 block first. A counting
// pass over the same path gives the branch counts that libvpx's savings test weighs the probability updates by.
final class TokenWriter {

    private static final int TYPE_SIZE = Residuals.TYPE_SIZE;
    private static final int BAND_SIZE = Residuals.BAND_SIZE;
    // smallest value of the categories DCT_CAT3 .. DCT_CAT6 (RFC 6386 §13.2)
    private static final int[] CAT_BASE = {11, 19, 35, 67};

    // per probability: how often its branch took 0 and 1
    final int[] branchCounts = new int[Vp8Tables.COEF_PROB_COUNT * 2];
    private final TokenContexts contexts = new TokenContexts();
    private BoolEncoder out;
    private int[] probs;

    /** Starts a pass over the frame: writing to {@code e} with {@code coefProbs}, or counting when e is null. */
    void startFrame(int mbCols, BoolEncoder e, int[] coefProbs) {
        contexts.startFrame(mbCols);
        out = e;
        probs = coefProbs;
        if (e == null) {
            Arrays.fill(branchCounts, 0);
        }
    }

    void startRow() {
        contexts.startRow();
    }

    /** A macroblock coded as skipped clears its contexts as the decoder does (Residuals.skip). */
    void skip(int mbCol, boolean hasY2) {
        contexts.skip(mbCol, hasY2);
    }

    /**
     * Writes (or counts) the tokens of one macroblock's levels {@code levels[off..+400]}, raster order, whose
     * blocks end (zigzag position after the last non-zero level) at {@code ends[endOff..+25]}.
     */
    void macroblock(short[] levels, int off, byte[] ends, int endOff, boolean hasY2, int mbCol) {
        TokenContexts t = contexts;
        int yType = Residuals.TYPE_Y_WITH_DC;
        int first = 0;
        if (hasY2) {
            int y2 = Residuals.Y2;
            t.set(mbCol, y2, block(levels, off + y2 * 16, ends[endOff + y2], Residuals.TYPE_Y2, t.context(mbCol, y2), 0));
            yType = Residuals.TYPE_Y_NO_DC;
            first = 1;
        }
        for (int i = 0; i < 16; i++) {
            t.set(mbCol, i, block(levels, off + i * 16, ends[endOff + i], yType, t.context(mbCol, i), first));
        }
        for (int i = 16; i < 24; i++) {
            t.set(mbCol, i, block(levels, off + i * 16, ends[endOff + i], Residuals.TYPE_UV, t.context(mbCol, i), 0));
        }
    }

    // Whether the block has a token other than an immediate EOB.
    private boolean block(short[] levels, int off, int end, int type, int context, int first) {
        int last = end - 1;
        int typeBase = type * TYPE_SIZE;
        int p = typeBase + Vp8Tables.COEF_BANDS[first] * BAND_SIZE + context * Vp8Tables.COEF_NODES;
        if (last < 0) {
            put(p, 0);
            return false;
        }
        put(p, 1);
        for (int n = first; n <= last; n++) {
            int v = levels[off + Vp8Tables.ZIGZAG[n]];
            if (v == 0) {
                put(p + 1, 0);
                p = typeBase + Vp8Tables.COEF_BANDS[n + 1] * BAND_SIZE;
                continue;
            }
            put(p + 1, 1);
            int abs = Math.abs(v);
            int nextContext = 2;
            if (abs == 1) {
                put(p + 2, 0);
                nextContext = 1;
            } else {
                put(p + 2, 1);
                largeValue(abs, p);
            }
            fixed(128, v < 0 ? 1 : 0);
            p = typeBase + Vp8Tables.COEF_BANDS[n + 1] * BAND_SIZE + nextContext * Vp8Tables.COEF_NODES;
            if (n + 1 < 16) {
                put(p, n < last ? 1 : 0);
            }
        }
        return true;
    }

    // RFC 6386 §13.2: tokens TWO .. DCT_CAT6 and their extra bits.
    private void largeValue(int abs, int p) {
        if (abs <= 4) {
            put(p + 3, 0);
            if (abs == 2) {
                put(p + 4, 0);
            } else {
                put(p + 4, 1);
                put(p + 5, abs - 3);
            }
            return;
        }
        put(p + 3, 1);
        if (abs <= 10) {
            put(p + 6, 0);
            if (abs <= 6) {
                put(p + 7, 0);
                fixed(159, abs - 5);
            } else {
                put(p + 7, 1);
                fixed(165, (abs - 7) >> 1);
                fixed(145, (abs - 7) & 1);
            }
            return;
        }
        put(p + 6, 1);
        int cat = 3;
        while (abs < CAT_BASE[cat]) {
            cat--;
        }
        put(p + 8, cat >> 1);
        put(p + 9 + (cat >> 1), cat & 1);
        int[] catProbs = Vp8Tables.CAT_PROBS[cat];
        int extra = abs - CAT_BASE[cat];
        for (int k = 0; k < catProbs.length; k++) {
            fixed(catProbs[k], (extra >> (catProbs.length - 1 - k)) & 1);
        }
    }

    private void put(int probIndex, int bit) {
        if (out == null) {
            branchCounts[probIndex * 2 + bit]++;
        } else {
            out.writeBool(probs[probIndex], bit);
        }
    }

    private void fixed(int probability, int bit) {
        if (out != null) {
            out.writeBool(probability, bit);
        }
    }

    /**
     * libvpx vp8_update_coef_probs: each probability whose update saves bits on the counted branches is
     * replaced in {@code coefProbs} and its flag set in {@code updated}.
     */
    void chooseUpdates(int[] coefProbs, boolean[] updated) {
        for (int i = 0; i < coefProbs.length; i++) {
            int c0 = branchCounts[i * 2];
            int c1 = branchCounts[i * 2 + 1];
            updated[i] = false;
            int total = c0 + c1;
            if (total == 0) {
                continue;
            }
            int newProb = Math.max(1, Math.min(255, (int) (((long) c0 * 256 + (total >> 1)) / total)));
            int old = coefProbs[i];
            int upd = Vp8Tables.COEF_UPDATE_PROBS[i];
            long oldBits = (long) c0 * BoolEncoder.cost(old, 0) + (long) c1 * BoolEncoder.cost(old, 1);
            long newBits = (long) c0 * BoolEncoder.cost(newProb, 0) + (long) c1 * BoolEncoder.cost(newProb, 1);
            long updateBits = 8 * 256 + BoolEncoder.cost(upd, 1) - BoolEncoder.cost(upd, 0);
            if (oldBits - newBits - updateBits > 0) {
                coefProbs[i] = newProb;
                updated[i] = true;
            }
        }
    }
}
