package io.purertc.codec.vp8;

import static io.purertc.codec.vp8.Macroblocks.mvCol;
import static io.purertc.codec.vp8.Macroblocks.mvRow;
import static io.purertc.codec.vp8.Macroblocks.packMv;

// RFC 6386 §11, §16, §17, §19.3: macroblock headers of the first partition, as libvpx decodemv.c reads them
// (near-MV search with sign-bias inversion, clamping of near/nearest/best MVs, split MVs, need_to_clamp_mvs).
final class ModeParser {

    private final NearMvs nearMvs = new NearMvs();

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

    static int aboveBlockMode(Macroblocks m, int i, int b) {
        if (b >= 4) {
            return m.subModes[i * 16 + b - 4];
        }
        int above = i - m.stride;
        return m.yMode[above] == Vp8Tables.B_PRED ? m.subModes[above * 16 + b + 12] : impliedSubMode(m.yMode[above]);
    }

    static int leftBlockMode(Macroblocks m, int i, int b) {
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
        NearMvs nm = nearMvs;
        nm.find(h, m, i, row, col, ref);
        if (bd.readBool(Vp8Tables.MODE_CONTEXTS[nm.zeroContext * 4]) == 0) {
            m.yMode[i] = Vp8Tables.ZEROMV;
            m.mv[i] = 0;
            return;
        }
        if (bd.readBool(Vp8Tables.MODE_CONTEXTS[nm.nearestContext * 4 + 1]) == 0) {
            m.yMode[i] = Vp8Tables.NEARESTMV;
            m.mv[i] = nm.nearest;
            return;
        }
        if (bd.readBool(Vp8Tables.MODE_CONTEXTS[nm.nearContext * 4 + 2]) == 0) {
            m.yMode[i] = Vp8Tables.NEARMV;
            m.mv[i] = nm.near;
            return;
        }
        int[] mvProbs = probs.mvProbs;
        if (bd.readBool(Vp8Tables.MODE_CONTEXTS[nm.splitContext * 4 + 3]) == 1) {
            readSplitMvs(bd, m, i, nm, mvProbs);
            m.yMode[i] = Vp8Tables.SPLITMV;
            m.mv[i] = m.subMvs[i * 16 + 15];
            return;
        }
        int mv = readMv(bd, mvProbs, nm.best);
        m.yMode[i] = Vp8Tables.NEWMV;
        m.mv[i] = mv;
        m.needsClamping[i] = nm.outOfBounds(mv);
    }

    private static void readSplitMvs(BoolDecoder bd, Macroblocks m, int i, NearMvs nm, int[] mvProbs) {
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
                blockMv = readMv(bd, mvProbs, nm.best);
            }
            clampNeeded |= nm.outOfBounds(blockMv);
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
}
