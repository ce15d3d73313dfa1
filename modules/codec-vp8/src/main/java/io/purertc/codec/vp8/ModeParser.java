package io.purertc.codec.vp8;

import static io.purertc.codec.vp8.Macroblocks.mvCol;
import static io.purertc.codec.vp8.Macroblocks.mvRow;
import static io.purertc.codec.vp8.Macroblocks.packMv;

// RFC 6386 §11, §16, §17, §19.3: macroblock headers of the first partition, as libvpx decodemv.c reads them
// (near-MV search with sign-bias inversion, clamping of near/nearest/best MVs, split MVs, need_to_clamp_mvs).
final class ModeParser {

    private static final int MARGIN = 16 << 3;

    private final int[] nearMvs = new int[4];
    private final int[] counts = new int[4];
    // index in nearMvs of the last distinct MV found so far
    private int found;

    /** Reads every macroblock header of the frame into {@code m}. */
    void parse(FrameHeader h, EntropyContext probs, BoolDecoder bd, Macroblocks m) {
        for (int row = 0; row < m.rows; row++) {
            for (int col = 0; col < m.cols; col++) {
                int i = m.index(row, col);
                if (h.updateSegmentMap) {
                    int[] p = h.segmentTreeProbs;
                    m.segmentId[i] = (byte) (bd.readBool(p[0]) == 1 ? 2 + bd.readBool(p[2]) : bd.readBool(p[1]));
                } else if (h.keyFrame) {
                    m.segmentId[i] = 0;
                }
                m.skipCoefficients[i] = h.mbNoCoeffSkip && bd.readBool(h.probSkipFalse) == 1;
                if (h.keyFrame) {
                    readKeyFrameModes(bd, m, i);
                } else {
                    readInterFrameModes(h, probs, bd, m, i, row, col);
                }
            }
        }
    }

    private static void readKeyFrameModes(BoolDecoder bd, Macroblocks m, int i) {
        m.refFrame[i] = Vp8Tables.INTRA_FRAME;
        m.mv[i] = 0;
        int ymode = bd.readTree(Vp8Tables.KF_YMODE_TREE, Vp8Tables.KF_YMODE_PROBS, 0);
        m.yMode[i] = (byte) ymode;
        if (ymode == Vp8Tables.B_PRED) {
            for (int b = 0; b < 16; b++) {
                int above = aboveBlockMode(m, i, b);
                int left = leftBlockMode(m, i, b);
                int probs = (above * 10 + left) * 9;
                m.subModes[i * 16 + b] = (byte) bd.readTree(Vp8Tables.BMODE_TREE, Vp8Tables.KF_BMODE_PROBS, probs);
            }
        }
        m.uvMode[i] = (byte) bd.readTree(Vp8Tables.UV_MODE_TREE, Vp8Tables.KF_UV_MODE_PROBS, 0);
    }

    // RFC 6386 §11.3: a neighbour that is not B_PRED lends the sub-block mode matching its 16x16 mode.
    private static int impliedSubMode(int ymode) {
        switch (ymode) {
            case IntraPredictor.V_PRED:
                return IntraPredictor.B_VE_PRED;
            case IntraPredictor.H_PRED:
                return IntraPredictor.B_HE_PRED;
            case IntraPredictor.TM_PRED:
                return IntraPredictor.B_TM_PRED;
            default:
                return IntraPredictor.B_DC_PRED;
        }
    }

    private static int aboveBlockMode(Macroblocks m, int i, int b) {
        if (b >= 4) {
            return m.subModes[i * 16 + b - 4];
        }
        int above = i - m.stride;
        return m.yMode[above] == Vp8Tables.B_PRED ? m.subModes[above * 16 + b + 12] : impliedSubMode(m.yMode[above]);
    }

    private static int leftBlockMode(Macroblocks m, int i, int b) {
        if ((b & 3) != 0) {
            return m.subModes[i * 16 + b - 1];
        }
        int left = i - 1;
        return m.yMode[left] == Vp8Tables.B_PRED ? m.subModes[left * 16 + b + 3] : impliedSubMode(m.yMode[left]);
    }

    private void readInterFrameModes(FrameHeader h, EntropyContext probs, BoolDecoder bd, Macroblocks m, int i,
            int row, int col) {
        if (bd.readBool(h.probIntra) == 0) {
            m.refFrame[i] = Vp8Tables.INTRA_FRAME;
            m.mv[i] = 0;
            int ymode = bd.readTree(Vp8Tables.YMODE_TREE, probs.ymodeProbs, 0);
            m.yMode[i] = (byte) ymode;
            if (ymode == Vp8Tables.B_PRED) {
                for (int b = 0; b < 16; b++) {
                    m.subModes[i * 16 + b] = (byte) bd.readTree(Vp8Tables.BMODE_TREE, Vp8Tables.BMODE_PROBS, 0);
                }
            }
            m.uvMode[i] = (byte) bd.readTree(Vp8Tables.UV_MODE_TREE, probs.uvModeProbs, 0);
            return;
        }
        int ref = Vp8Tables.LAST_FRAME;
        if (bd.readBool(h.probLast) == 1) {
            ref = Vp8Tables.GOLDEN_FRAME + bd.readBool(h.probGolden);
        }
        m.refFrame[i] = (byte) ref;
        m.needsClamping[i] = false;

        int above = i - m.stride;
        int left = i - 1;
        int aboveLeft = above - 1;
        int[] near = nearMvs;
        int[] cnt = counts;
        near[0] = near[1] = near[2] = near[3] = 0;
        cnt[0] = cnt[1] = cnt[2] = cnt[3] = 0;
        found = 0;
        considerNeighbour(h, m, above, ref, 2);
        considerNeighbour(h, m, left, ref, 2);
        considerNeighbour(h, m, aboveLeft, ref, 1);
        int n = found;

        int toLeft = -(col * 16) << 3;
        int toRight = ((m.cols - 1 - col) * 16) << 3;
        int toTop = -(row * 16) << 3;
        int toBottom = ((m.rows - 1 - row) * 16) << 3;

        if (bd.readBool(Vp8Tables.MODE_CONTEXTS[cnt[0] * 4]) == 0) {
            m.yMode[i] = Vp8Tables.ZEROMV;
            m.mv[i] = 0;
            return;
        }
        // a third distinct MV equal to the nearest one adds to its weight
        if (cnt[3] > 0 && near[n] == near[1]) {
            cnt[1] += 1;
        }
        if (cnt[2] > cnt[1]) {
            int t = cnt[1];
            cnt[1] = cnt[2];
            cnt[2] = t;
            t = near[1];
            near[1] = near[2];
            near[2] = t;
        }
        if (bd.readBool(Vp8Tables.MODE_CONTEXTS[cnt[1] * 4 + 1]) == 0) {
            m.yMode[i] = Vp8Tables.NEARESTMV;
            m.mv[i] = clamp(near[1], toLeft, toRight, toTop, toBottom);
            return;
        }
        if (bd.readBool(Vp8Tables.MODE_CONTEXTS[cnt[2] * 4 + 2]) == 0) {
            m.yMode[i] = Vp8Tables.NEARMV;
            m.mv[i] = clamp(near[2], toLeft, toRight, toTop, toBottom);
            return;
        }
        int best = clamp(near[cnt[1] >= cnt[0] ? 1 : 0], toLeft, toRight, toTop, toBottom);
        int splitCount = (m.yMode[above] == Vp8Tables.SPLITMV ? 2 : 0) + (m.yMode[left] == Vp8Tables.SPLITMV ? 2 : 0)
                + (m.yMode[aboveLeft] == Vp8Tables.SPLITMV ? 1 : 0);
        int[] mvProbs = probs.mvProbs;
        if (bd.readBool(Vp8Tables.MODE_CONTEXTS[splitCount * 4 + 3]) == 1) {
            readSplitMvs(bd, m, i, best, mvProbs, toLeft, toRight, toTop, toBottom);
            m.yMode[i] = Vp8Tables.SPLITMV;
            m.mv[i] = m.subMvs[i * 16 + 15];
            return;
        }
        int mv = readMv(bd, mvProbs, best);
        m.yMode[i] = Vp8Tables.NEWMV;
        m.mv[i] = mv;
        m.needsClamping[i] = outOfBounds(mv, toLeft, toRight, toTop, toBottom);
    }

    // libvpx vp8_find_near_mvs: an inter neighbour adds its weight to its MV's count (a new entry when it differs
    // from the last one found) or, with a zero MV, to the zero count.
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

    private static void readSplitMvs(BoolDecoder bd, Macroblocks m, int i, int best, int[] mvProbs,
            int toLeft, int toRight, int toTop, int toBottom) {
        int s = 3;
        if (bd.readBool(110) == 1) {
            s = 2;
            if (bd.readBool(111) == 1) {
                s = bd.readBool(150);
            }
        }
        m.partitioning[i] = (byte) s;
        int left = i - 1;
        int above = i - m.stride;
        int base = i * 16;
        int[] offsets = Vp8Tables.MBSPLIT_OFFSET[s];
        int[] owner = Vp8Tables.MBSPLITS[s];
        boolean clampNeeded = false;
        for (int j = 0; j < offsets.length; j++) {
            int k = offsets[j];
            int leftMv;
            if ((k & 3) != 0) {
                leftMv = m.subMvs[base + k - 1];
            } else {
                leftMv = m.yMode[left] == Vp8Tables.SPLITMV ? m.subMvs[left * 16 + k + 3] : m.mv[left];
            }
            int aboveMv;
            if (k >= 4) {
                aboveMv = m.subMvs[base + k - 4];
            } else {
                aboveMv = m.yMode[above] == Vp8Tables.SPLITMV ? m.subMvs[above * 16 + k + 12] : m.mv[above];
            }
            int context = (aboveMv == 0 ? 4 : 0) | (leftMv == 0 ? 2 : 0) | (leftMv == aboveMv ? 1 : 0);
            int p = context * 3;
            int blockMv;
            if (bd.readBool(Vp8Tables.SUB_MV_REF_PROBS[p]) == 0) {
                blockMv = leftMv;
            } else if (bd.readBool(Vp8Tables.SUB_MV_REF_PROBS[p + 1]) == 0) {
                blockMv = aboveMv;
            } else if (bd.readBool(Vp8Tables.SUB_MV_REF_PROBS[p + 2]) == 0) {
                blockMv = 0;
            } else {
                blockMv = readMv(bd, mvProbs, best);
            }
            clampNeeded |= outOfBounds(blockMv, toLeft, toRight, toTop, toBottom);
            for (int b = 0; b < 16; b++) {
                if (owner[b] == j) {
                    m.subMvs[base + b] = blockMv;
                }
            }
        }
        m.needsClamping[i] = clampNeeded;
    }

    // RFC 6386 §17.1: the new MV is a difference from the best MV; libvpx keeps components in 16 bits.
    private static int readMv(BoolDecoder bd, int[] mvProbs, int best) {
        int row = (short) (readMvComponent(bd, mvProbs, 0) * 2);
        int col = (short) (readMvComponent(bd, mvProbs, Vp8Tables.MVP_COUNT) * 2);
        return packMv((short) (row + mvRow(best)), (short) (col + mvCol(best)));
    }

    // RFC 6386 §17.2
    private static int readMvComponent(BoolDecoder bd, int[] p, int off) {
        int x;
        if (bd.readBool(p[off + Vp8Tables.MVP_IS_SHORT]) == 1) {
            x = 0;
            for (int i = 0; i < 3; i++) {
                x += bd.readBool(p[off + Vp8Tables.MVP_BITS + i]) << i;
            }
            for (int i = Vp8Tables.MV_LONG_BITS - 1; i > 3; i--) {
                x += bd.readBool(p[off + Vp8Tables.MVP_BITS + i]) << i;
            }
            // bit 3 is implicit when no higher bit is set: such a value would have been coded short
            if ((x & 0xFFF0) == 0 || bd.readBool(p[off + Vp8Tables.MVP_BITS + 3]) == 1) {
                x += 8;
            }
        } else {
            x = bd.readTree(Vp8Tables.SMALL_MV_TREE, p, off + Vp8Tables.MVP_SHORT);
        }
        if (x != 0 && bd.readBool(p[off + Vp8Tables.MVP_SIGN]) == 1) {
            x = -x;
        }
        return x;
    }

    // libvpx mv_bias: a neighbour whose reference lies on the other side in time points the other way.
    private static int biased(FrameHeader h, int mv, int neighbourRef, int ref) {
        if (h.signBias[neighbourRef] == h.signBias[ref]) {
            return mv;
        }
        return packMv((short) -mvRow(mv), (short) -mvCol(mv));
    }

    // libvpx vp8_clamp_mv2: at most 16 pixels beyond the frame's macroblock-aligned edges.
    private static int clamp(int mv, int toLeft, int toRight, int toTop, int toBottom) {
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

    private static boolean outOfBounds(int mv, int toLeft, int toRight, int toTop, int toBottom) {
        int col = mvCol(mv);
        int row = mvRow(mv);
        return col < toLeft - MARGIN || col > toRight + MARGIN || row < toTop - MARGIN || row > toBottom + MARGIN;
    }
}
