package io.purertc.codec.vp8;

import static io.purertc.codec.vp8.Macroblocks.mvCol;
import static io.purertc.codec.vp8.Macroblocks.mvRow;
import static io.purertc.codec.vp8.Macroblocks.packMv;

// RFC 6386 §16.3 and libvpx findnearmv.c vp8_find_near_mvs: the nearest, near and best MVs of an inter
// macroblock from its above, left and above-left neighbours, and the counts that pick the mode probabilities.
// Shared by the decoder's ModeParser and the encoder, which must find exactly what the decoder will.
final class NearMvs {

    private static final int MARGIN = 16 << 3;

    private final int[] nearMvs = new int[4];
    private final int[] counts = new int[4];
    // index in nearMvs of the last distinct MV found so far
    private int found;

    int nearest;
    int near;
    int best;
    // the context of each bool of the inter mode tree (libvpx vp8_mode_contexts row per bool)
    int zeroContext;
    int nearestContext;
    int nearContext;
    int splitContext;
    // the MV bounds of the macroblock in 1/8 pixels: how far it lies from each edge of the frame
    int toLeft;
    int toRight;
    int toTop;
    int toBottom;

    /** Finds the near MVs of macroblock {@code i} at (row, col) for reference {@code ref}. */
    void find(FrameHeader h, Macroblocks m, int i, int row, int col, int ref) {
        int above = i - m.stride;
        int left = i - 1;
        int aboveLeft = above - 1;
        int[] nearMv = nearMvs;
        int[] cnt = counts;
        nearMv[0] = nearMv[1] = nearMv[2] = nearMv[3] = 0;
        cnt[0] = cnt[1] = cnt[2] = cnt[3] = 0;
        found = 0;
        considerNeighbour(h, m, above, ref, 2);
        considerNeighbour(h, m, left, ref, 2);
        considerNeighbour(h, m, aboveLeft, ref, 1);
        int n = found;
        toLeft = -(col * 16) << 3;
        toRight = ((m.cols - 1 - col) * 16) << 3;
        toTop = -(row * 16) << 3;
        toBottom = ((m.rows - 1 - row) * 16) << 3;
        zeroContext = cnt[0];
        // a third distinct MV equal to the nearest one adds to its weight
        if (cnt[3] > 0 && nearMv[n] == nearMv[1]) {
            cnt[1] += 1;
        }
        if (cnt[2] > cnt[1]) {
            int t = cnt[1];
            cnt[1] = cnt[2];
            cnt[2] = t;
            t = nearMv[1];
            nearMv[1] = nearMv[2];
            nearMv[2] = t;
        }
        nearestContext = cnt[1];
        nearContext = cnt[2];
        nearest = clamp(nearMv[1]);
        near = clamp(nearMv[2]);
        best = clamp(nearMv[cnt[1] >= cnt[0] ? 1 : 0]);
        splitContext = (m.yMode[above] == Vp8Tables.SPLITMV ? 2 : 0) + (m.yMode[left] == Vp8Tables.SPLITMV ? 2 : 0)
                + (m.yMode[aboveLeft] == Vp8Tables.SPLITMV ? 1 : 0);
    }

    // An inter neighbour adds its weight to its MV's count (a new entry when it differs from the last one found)
    // or, with a zero MV, to the zero count.
    private void considerNeighbour(FrameHeader h, Macroblocks m, int neighbour, int ref, int weight) {
        if (m.refFrame[neighbour] == Vp8Tables.INTRA_FRAME) {
            return;
        }
        if (m.mv[neighbour] == 0) {
            counts[0] += weight;
            return;
        }
        int mv = biased(h, m.mv[neighbour], m.refFrame[neighbour], ref);
        if (mv != nearMvs[found]) {
            nearMvs[++found] = mv;
        }
        counts[found] += weight;
    }

    // libvpx mv_bias: a neighbour whose reference lies on the other side in time points the other way.
    private static int biased(FrameHeader h, int mv, int neighbourRef, int ref) {
        if (h.signBias[neighbourRef] == h.signBias[ref]) {
            return mv;
        }
        return packMv((short) -mvRow(mv), (short) -mvCol(mv));
    }

    // libvpx vp8_clamp_mv2: at most 16 pixels beyond the frame's macroblock-aligned edges.
    private int clamp(int mv) {
        int col = mvCol(mv);
        int row = mvRow(mv);
        if (col < toLeft - MARGIN) {
            col = toLeft - MARGIN;
        } else if (col > toRight + MARGIN) {
            col = toRight + MARGIN;
        }
        if (row < toTop - MARGIN) {
            row = toTop - MARGIN;
        } else if (row > toBottom + MARGIN) {
            row = toBottom + MARGIN;
        }
        return packMv((short) row, (short) col);
    }

    /** Whether {@code mv} reaches further than {@link #clamp} allows (libvpx need_to_clamp_mvs). */
    boolean outOfBounds(int mv) {
        int col = mvCol(mv);
        int row = mvRow(mv);
        return col < toLeft - MARGIN || col > toRight + MARGIN || row < toTop - MARGIN || row > toBottom + MARGIN;
    }
}
