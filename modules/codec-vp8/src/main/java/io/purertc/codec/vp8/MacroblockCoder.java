package io.purertc.codec.vp8;

import static io.purertc.codec.vp8.Macroblocks.mvCol;
import static io.purertc.codec.vp8.Macroblocks.mvRow;
import static io.purertc.codec.vp8.Macroblocks.packMv;

import io.purertc.media.CodecException;

// RFC 6386 mode decision, motion estimation and residual coding of one macroblock, after libvpx's real-time
// path (pickinter.c, mcomp.c, encodeintra.c, encodemb.c): candidates are ranked by the squared error of their
// prediction plus lambda times their rate from the current probabilities; the chosen one is predicted and its
// residual added back through FrameReconstructor, exactly as the decoder will do it.
final class MacroblockCoder {

    private static final int LEVELS_PER_MB = 25 * 16;
    private static final int MARGIN = 16 << 3;
    private static final int MV_COSTS = 2 * MotionVectors.MAX_COMPONENT + 1;
    private static final int[][] DIAMOND = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}, {-1, -1}, {-1, 1}, {1, -1}, {1, 1}};

    /** The quantised levels of every macroblock, raster order within each block, 400 per macroblock. */
    final short[] levels;
    /** Per block of every macroblock (25 each): the zigzag position after its last non-zero level. */
    final byte[] ends;

    private final Macroblocks m;
    private final byte[] srcY;
    private final byte[] srcU;
    private final byte[] srcV;
    private final int srcStrideY;
    private final int srcStrideUV;
    private final NearMvs nearMvs = new NearMvs();
    private final short[] diff = new short[LEVELS_PER_MB];
    private final short[] coeffs = new short[LEVELS_PER_MB];
    private final short[] dequantised = new short[LEVELS_PER_MB];
    private final int[] eobs = new int[25];
    private final byte[] pred = new byte[16 * 16];
    private final byte[] pred4 = new byte[16];
    private final int[] bilinearRows = new int[17 * 16];
    private final long[] halfErrors = new long[4];
    private final byte[] predUV = new byte[2 * 64];
    private final int[] mvCosts = new int[2 * MV_COSTS];

    private FrameHeader h;
    private EntropyContext probs;
    private Quantizer quantizer;
    private FrameReconstructor reconstructor;
    private FrameBuffer frame;
    private int referenceMask;
    private int speed;
    // SSE per bit: libvpx rdopt.c RDMULT / 100 with RDDIV 1, 0.028 times the square of the DC step
    private int lambda;
    private int sadPerBit;
    // the cost of the intra choice decideIntra made last
    private long intraCost;
    // the prediction error and MV rate of the MV search returned last
    private long searchCost;

    MacroblockCoder(Macroblocks m, byte[] srcY, byte[] srcU, byte[] srcV, int srcStrideY, int srcStrideUV) {
        this.m = m;
        this.srcY = srcY;
        this.srcU = srcU;
        this.srcV = srcV;
        this.srcStrideY = srcStrideY;
        this.srcStrideUV = srcStrideUV;
        levels = new short[m.stride * (m.rows + 1) * LEVELS_PER_MB];
        ends = new byte[m.stride * (m.rows + 1) * 25];
    }

    int levelOffset(int i) {
        return i * LEVELS_PER_MB;
    }

    void startFrame(FrameHeader header, EntropyContext probs, Quantizer q, FrameReconstructor r, FrameBuffer frame,
            int referenceMask, int speed) {
        this.h = header;
        this.probs = probs;
        this.quantizer = q;
        this.reconstructor = r;
        this.frame = frame;
        this.referenceMask = referenceMask;
        this.speed = speed;
        int step = q.y1.dequant[0];
        lambda = Math.max(1, step * step * 28 / 1000);
        sadPerBit = Math.max(1, (int) Math.sqrt(lambda));
        if (!header.keyFrame) {
            MotionVectors.costTable(probs.mvProbs, mvCosts);
        }
    }

    /** Decides, codes and reconstructs macroblock (row, col). */
    void encode(int row, int col) throws CodecException {
        int i = m.index(row, col);
        FrameBuffer f = frame;
        int yPos = f.originY + row * 16 * f.strideY + col * 16;
        int uvPos = f.originUV + row * 8 * f.strideUV + col * 8;
        int sy = row * 16 * srcStrideY + col * 16;
        int suv = row * 8 * srcStrideUV + col * 8;
        m.segmentId[i] = 0;
        m.needsClamping[i] = false;
        int lo = levelOffset(i);
        boolean bpred;
        if (h.keyFrame) {
            bpred = decideIntra(i, row, col, yPos, sy, Long.MAX_VALUE, 0, true);
        } else {
            bpred = decideInter(i, row, col, yPos, sy);
        }
        if (m.refFrame[i] == Vp8Tables.INTRA_FRAME) {
            m.uvMode[i] = (byte) chooseChromaMode(row, col, uvPos, suv);
            reconstructor.predictIntra(f, m, i, row, col);
        } else {
            reconstructor.predictInter(f, m, i, row, col);
        }
        boolean hasY2 = !bpred;
        boolean coded = bpred && anyEob(0, 16);
        if (!bpred) {
            coded |= codeLuma16(yPos, sy, lo);
        }
        coded |= codeChroma(uvPos, suv, lo);
        m.skipCoefficients[i] = !coded;
        for (int b = 0; b < 25; b++) {
            ends[i * 25 + b] = (byte) eobs[b];
        }
        if (coded) {
            FrameReconstructor.addResiduals(f, dequantised, eobs, yPos, uvPos, m.yMode[i], hasY2);
        }
    }

    private boolean anyEob(int from, int to) {
        for (int b = from; b < to; b++) {
            if (eobs[b] != 0) {
                return true;
            }
        }
        return false;
    }

    // The intra modes: the best 16x16 mode and, when B_PRED does better, its sub-block modes, which are then
    // already reconstructed. Returns whether B_PRED won; its cost must beat bound to be taken.
    private boolean decideIntra(int i, int row, int col, int yPos, int sy, long bound, int extraRate, boolean key) {
        FrameBuffer f = frame;
        int stride = f.strideY;
        long best = Long.MAX_VALUE;
        int bestMode = IntraPredictor.DC_PRED;
        for (int mode = IntraPredictor.DC_PRED; mode <= IntraPredictor.TM_PRED; mode++) {
            IntraPredictor.predictLuma16(mode, f.y, yPos - stride, f.y, yPos - 1, stride, row > 0, col > 0,
                    pred, 0, 16);
            int rate = extraRate + (key ? TreeCode.KF_YMODE.cost(Vp8Tables.KF_YMODE_PROBS, 0, mode)
                    : TreeCode.YMODE.cost(probs.ymodeProbs, 0, mode));
            // on key frames the DC a mode misses costs little through Y2: libvpx pickinter.c measures the
            // variance there; on inter frames the error must compare with the inter modes' squared error
            long error = key ? variance16(srcY, sy, srcStrideY, pred)
                    : sse(srcY, sy, srcStrideY, pred, 0, 16, 16, 16);
            long cost = error + rdRate(rate);
            if (cost < best) {
                best = cost;
                bestMode = mode;
            }
        }
        m.refFrame[i] = Vp8Tables.INTRA_FRAME;
        m.mv[i] = 0;
        if (best < bound && (key || speed < 5)) {
            int rate = extraRate + (key ? TreeCode.KF_YMODE.cost(Vp8Tables.KF_YMODE_PROBS, 0, Vp8Tables.B_PRED)
                    : TreeCode.YMODE.cost(probs.ymodeProbs, 0, Vp8Tables.B_PRED));
            if (trySubblocks(i, yPos, sy, Math.min(best, bound), rate, key)) {
                m.yMode[i] = Vp8Tables.B_PRED;
                return true;
            }
        }
        m.yMode[i] = (byte) bestMode;
        intraCost = best;
        return false;
    }

    // B_PRED: each sub-block takes its best of the ten modes and is reconstructed before the next is predicted.
    // Gives up (false) as soon as the running cost reaches bound.
    private boolean trySubblocks(int i, int yPos, int sy, long bound, int modeRate, boolean key) {
        FrameBuffer f = frame;
        int stride = f.strideY;
        byte yModeBefore = m.yMode[i];
        m.yMode[i] = Vp8Tables.B_PRED;
        FrameReconstructor.copyAboveRightDown(f, yPos);
        long total = rdRate(modeRate);
        int lo = levelOffset(i);
        for (int b = 0; b < 16; b++) {
            int at = yPos + (b >> 2) * 4 * stride + (b & 3) * 4;
            int s = sy + (b >> 2) * 4 * srcStrideY + (b & 3) * 4;
            int context = key ? (ModeParser.aboveBlockMode(m, i, b) * 10 + ModeParser.leftBlockMode(m, i, b)) * 9 : 0;
            int[] modeProbs = key ? Vp8Tables.KF_BMODE_PROBS : Vp8Tables.BMODE_PROBS;
            long best = Long.MAX_VALUE;
            int bestMode = 0;
            for (int mode = 0; mode < 10; mode++) {
                IntraPredictor.predictLuma4(mode, f.y, at - stride, f.y, at - 1, stride, pred4, 0, 4);
                long cost = sse(srcY, s, srcStrideY, pred4, 0, 4, 4, 4)
                        + rdRate(TreeCode.BMODE.cost(modeProbs, context, mode));
                if (cost < best) {
                    best = cost;
                    bestMode = mode;
                }
            }
            total += best;
            if (total >= bound) {
                m.yMode[i] = yModeBefore;
                return false;
            }
            m.subModes[i * 16 + b] = (byte) bestMode;
            FrameReconstructor.predictSubblock(f, bestMode, yPos, b);
            residual4(f.y, at, stride, srcY, s, srcStrideY, diff, b * 16);
            ForwardTransform.fdct(diff, b * 16, coeffs, b * 16);
            int eob = Quantizer.quantize(coeffs, b * 16, quantizer.y1, 0, levels, lo + b * 16, dequantised);
            eobs[b] = eob;
            if (eob > 0) {
                FrameReconstructor.addSubblockResidual(f, dequantised, b, eob, yPos);
            }
        }
        intraCost = total;
        return true;
    }

    private int chooseChromaMode(int row, int col, int uvPos, int suv) {
        FrameBuffer f = frame;
        int stride = f.strideUV;
        long best = Long.MAX_VALUE;
        int bestMode = IntraPredictor.DC_PRED;
        int[] modeProbs = h.keyFrame ? Vp8Tables.KF_UV_MODE_PROBS : probs.uvModeProbs;
        for (int mode = IntraPredictor.DC_PRED; mode <= IntraPredictor.TM_PRED; mode++) {
            IntraPredictor.predictChroma8(mode, f.u, uvPos - stride, f.u, uvPos - 1, stride, row > 0, col > 0,
                    predUV, 0, 8);
            IntraPredictor.predictChroma8(mode, f.v, uvPos - stride, f.v, uvPos - 1, stride, row > 0, col > 0,
                    predUV, 64, 8);
            long cost = sse(srcU, suv, srcStrideUV, predUV, 0, 8, 8, 8)
                    + sse(srcV, suv, srcStrideUV, predUV, 64, 8, 8, 8)
                    + rdRate(TreeCode.UV_MODE.cost(modeProbs, 0, mode));
            if (cost < best) {
                best = cost;
                bestMode = mode;
            }
        }
        return bestMode;
    }

    // Inter frames: ZEROMV, NEARESTMV, NEARMV and a searched NEWMV for each allowed reference, against the
    // intra modes. Returns whether B_PRED won.
    private boolean decideInter(int i, int row, int col, int yPos, int sy) throws CodecException {
        long best = Long.MAX_VALUE;
        int bestRef = 0;
        int bestMode = 0;
        int bestMv = 0;
        NearMvs nm = nearMvs;
        int intraRate = BoolEncoder.cost(h.probIntra, 0);
        int interRate = BoolEncoder.cost(h.probIntra, 1);
        int firstReference = Vp8Tables.LAST_FRAME + Integer.numberOfTrailingZeros(referenceMask);
        for (int ref = Vp8Tables.LAST_FRAME; ref <= Vp8Tables.ALTREF_FRAME; ref++) {
            if ((referenceMask & (1 << (ref - 1))) == 0) {
                continue;
            }
            FrameBuffer rb = reconstructor.reference(ref);
            nm.find(h, m, i, row, col, ref);
            int refRate = interRate + (ref == Vp8Tables.LAST_FRAME ? BoolEncoder.cost(h.probLast, 0)
                    : BoolEncoder.cost(h.probLast, 1) + BoolEncoder.cost(h.probGolden, ref - Vp8Tables.GOLDEN_FRAME));
            int zeroRate = refRate + BoolEncoder.cost(Vp8Tables.MODE_CONTEXTS[nm.zeroContext * 4], 0);
            int notZero = refRate + BoolEncoder.cost(Vp8Tables.MODE_CONTEXTS[nm.zeroContext * 4], 1);
            int nearestRate = notZero + BoolEncoder.cost(Vp8Tables.MODE_CONTEXTS[nm.nearestContext * 4 + 1], 0);
            int notNearest = notZero + BoolEncoder.cost(Vp8Tables.MODE_CONTEXTS[nm.nearestContext * 4 + 1], 1);
            int nearRate = notNearest + BoolEncoder.cost(Vp8Tables.MODE_CONTEXTS[nm.nearContext * 4 + 2], 0);
            int newRate = notNearest + BoolEncoder.cost(Vp8Tables.MODE_CONTEXTS[nm.nearContext * 4 + 2], 1)
                    + BoolEncoder.cost(Vp8Tables.MODE_CONTEXTS[nm.splitContext * 4 + 3], 0);
            long zero = predictionCost(rb, yPos, sy, 0, Long.MAX_VALUE) + rdRate(zeroRate);
            if (zero < best) {
                best = zero;
                bestRef = ref;
                bestMode = Vp8Tables.ZEROMV;
                bestMv = 0;
            }
            long nearest = nm.nearest == 0 ? Long.MAX_VALUE
                    : predictionCost(rb, yPos, sy, nm.nearest, best - rdRate(nearestRate)) + rdRate(nearestRate);
            if (nearest < best) {
                best = nearest;
                bestRef = ref;
                bestMode = Vp8Tables.NEARESTMV;
                bestMv = nm.nearest;
            }
            long near = nm.near == 0 || nm.near == nm.nearest ? Long.MAX_VALUE
                    : predictionCost(rb, yPos, sy, nm.near, best - rdRate(nearRate)) + rdRate(nearRate);
            if (near < best) {
                best = near;
                bestRef = ref;
                bestMode = Vp8Tables.NEARMV;
                bestMv = nm.near;
            }
            // a static block at real-time speed: nothing to search for
            if (speed >= 6 && zero <= 16 * 16 * lambda / 8) {
                continue;
            }
            // above speed 3 only the first reference the mask allows is searched (the last frame, normally)
            if (ref != firstReference && speed >= 4) {
                continue;
            }
            int mv = search(rb, yPos, sy, nm);
            if (searchCost == Long.MAX_VALUE) {
                continue;
            }
            long cost = searchCost + rdRate(newRate);
            if (cost < best) {
                best = cost;
                bestRef = ref;
                bestMode = Vp8Tables.NEWMV;
                bestMv = mv;
            }
        }
        // at real-time speeds intra is only tried where inter prediction does badly
        boolean tryIntra = speed < 6 || best > 16 * 16 * lambda * (speed >= 7 ? 2 : 1) / 2;
        if (tryIntra) {
            boolean bpred = decideIntra(i, row, col, yPos, sy, best, intraRate, false);
            if (bpred || intraCost < best) {
                return bpred;
            }
        }
        m.refFrame[i] = (byte) bestRef;
        m.yMode[i] = (byte) bestMode;
        m.mv[i] = bestMv;
        if (bestMode == Vp8Tables.NEWMV) {
            nm.find(h, m, i, row, col, bestRef);
            m.needsClamping[i] = nm.outOfBounds(bestMv);
        }
        return false;
    }

    private int mvRate(int mv, int best) {
        int dr = (mvRow(mv) - mvRow(best)) >> 1;
        int dc = (mvCol(mv) - mvCol(best)) >> 1;
        return mvCosts[MotionVectors.MAX_COMPONENT + dr] + mvCosts[MV_COSTS + MotionVectors.MAX_COMPONENT + dc];
    }

    private boolean mvCodable(int mv, int best) {
        return Math.abs(mvRow(mv) - mvRow(best)) <= 2 * MotionVectors.MAX_COMPONENT
                && Math.abs(mvCol(mv) - mvCol(best)) <= 2 * MotionVectors.MAX_COMPONENT;
    }

    // The luma prediction error of a 16x16 MV (1/8 pixels, even) from reference rb, or any sum of at least limit
    // once the error reaches it: the candidate has lost already.
    private long predictionCost(FrameBuffer rb, int yPos, int sy, int mv, long limit) {
        int r = mvRow(mv);
        int c = mvCol(mv);
        int at = yPos + (r >> 3) * rb.strideY + (c >> 3);
        if ((r & 7) == 0 && (c & 7) == 0) {
            return sse(srcY, sy, srcStrideY, rb.y, at, rb.strideY, 16, 16, limit);
        }
        return bilinearSse(rb.y, at, rb.strideY, c & 7, r & 7, sy, limit);
    }

    // libvpx's encoder ranks sub-pixel candidates by their error against a bilinear interpolation
    // (vp8_sub_pixel_variance16x16), not the six-tap prediction the decoder makes: about a third of the work and
    // close enough to choose between them. The two passes round as libvpx's bilinear filter does.
    private long bilinearSse(byte[] y, int at, int stride, int xFrac, int yFrac, int sy, long limit) {
        if (xFrac == 0 || yFrac == 0) {
            // a pass with fraction 0 returns its input exactly: one pass along the other direction is all
            int next = xFrac == 0 ? stride : 1;
            int t1 = 16 * (xFrac | yFrac);
            int t0 = 128 - t1;
            int sum = 0;
            for (int r = 0; r < 16; r++) {
                int p = at + r * stride;
                int s = sy + r * srcStrideY;
                for (int c = 0; c < 16; c++) {
                    int d = (srcY[s + c] & 0xFF) - (((y[p + c] & 0xFF) * t0 + (y[p + c + next] & 0xFF) * t1 + 64) >> 7);
                    sum += d * d;
                }
                if (sum >= limit) {
                    return sum;
                }
            }
            return sum;
        }
        int[] first = bilinearRows;
        int h1 = 16 * xFrac;
        int h0 = 128 - h1;
        for (int r = 0; r < 17; r++) {
            int p = at + r * stride;
            for (int c = 0; c < 16; c++) {
                first[r * 16 + c] = ((y[p + c] & 0xFF) * h0 + (y[p + c + 1] & 0xFF) * h1 + 64) >> 7;
            }
        }
        int v1 = 16 * yFrac;
        int v0 = 128 - v1;
        int sum = 0;
        for (int r = 0; r < 16; r++) {
            int s = sy + r * srcStrideY;
            for (int c = 0; c < 16; c++) {
                int d = (srcY[s + c] & 0xFF) - ((first[r * 16 + c] * v0 + first[r * 16 + 16 + c] * v1 + 64) >> 7);
                sum += d * d;
            }
            if (sum >= limit) {
                return sum;
            }
        }
        return sum;
    }

    // libvpx mcomp.c in spirit: a full-pixel step search from the best of zero, nearest and near, narrowing the
    // step, then half- and (below speed 7) quarter-pixel refinement. Every MV it returns stays inside the range
    // the decoder predicts without clamping and can be coded against nm.best.
    private int search(FrameBuffer rb, int yPos, int sy, NearMvs nm) {
        int minC = (nm.toLeft - MARGIN) / 8 + 1;
        int maxC = (nm.toRight + MARGIN) / 8 - 1;
        int minR = (nm.toTop - MARGIN) / 8 + 1;
        int maxR = (nm.toBottom + MARGIN) / 8 - 1;
        int range = speed >= 7 ? 8 : speed >= 5 ? 16 : speed >= 3 ? 32 : 64;
        int bestR = 0;
        int bestC = 0;
        long best = Long.MAX_VALUE;
        for (int k = 0; k < 3; k++) {
            int start = k == 0 ? 0 : k == 1 ? nm.nearest : nm.near;
            int r = Math.max(minR, Math.min(maxR, (mvRow(start) + 4) >> 3));
            int c = Math.max(minC, Math.min(maxC, (mvCol(start) + 4) >> 3));
            if (k > 0 && r == bestR && c == bestC) {
                continue;
            }
            long cost = fullPixelCost(rb, yPos, sy, r, c, nm.best, best);
            if (cost < best) {
                best = cost;
                bestR = r;
                bestC = c;
            }
        }
        if (best == Long.MAX_VALUE) {
            // no start point can be coded against nm.best (more than 255 pixels away)
            searchCost = Long.MAX_VALUE;
            return 0;
        }
        int centreR = bestR;
        int centreC = bestC;
        int directions = speed >= 6 ? 4 : 8;
        for (int step = range / 2, rounds = 0; step >= 1 && rounds < 32; rounds++) {
            int moveR = bestR;
            int moveC = bestC;
            for (int d = 0; d < directions; d++) {
                int r = bestR + DIAMOND[d][0] * step;
                int c = bestC + DIAMOND[d][1] * step;
                if (r < minR || r > maxR || c < minC || c > maxC
                        || Math.abs(r - centreR) > range || Math.abs(c - centreC) > range) {
                    continue;
                }
                long cost = fullPixelCost(rb, yPos, sy, r, c, nm.best, best);
                if (cost < best) {
                    best = cost;
                    moveR = r;
                    moveC = c;
                }
            }
            if (moveR == bestR && moveC == bestC) {
                step >>= 1;
            } else {
                bestR = moveR;
                bestC = moveC;
            }
        }
        int mv = packMv(bestR * 8, bestC * 8);
        long bestCost = predictionCost(rb, yPos, sy, mv, Long.MAX_VALUE) + rdRate(mvRate(mv, nm.best));
        int finest = speed >= 7 ? 4 : 2;
        for (int sub = 4; sub >= finest; sub >>= 1) {
            int centre = mv;
            if (speed >= 5 && sub == 4) {
                // libvpx vp8_find_best_half_pixel_step: the four neighbours, then the diagonal between the
                // better horizontal and the better vertical one, all measured on bilinear half-pixel averages
                halfPixelErrors(rb, yPos, sy, centre);
                long left = halfPixelCost(nm, centre, 0, -sub, halfErrors[0]);
                long right = halfPixelCost(nm, centre, 0, sub, halfErrors[1]);
                long up = halfPixelCost(nm, centre, -sub, 0, halfErrors[2]);
                long down = halfPixelCost(nm, centre, sub, 0, halfErrors[3]);
                int dc = left < right ? -sub : sub;
                int dr = up < down ? -sub : sub;
                long diagonal = diagonalCost(rb, yPos, sy, nm, centre, dr, dc);
                int r = mvRow(centre);
                int c = mvCol(centre);
                if (left < bestCost) {
                    bestCost = left;
                    mv = packMv(r, c - sub);
                }
                if (right < bestCost) {
                    bestCost = right;
                    mv = packMv(r, c + sub);
                }
                if (up < bestCost) {
                    bestCost = up;
                    mv = packMv(r - sub, c);
                }
                if (down < bestCost) {
                    bestCost = down;
                    mv = packMv(r + sub, c);
                }
                if (diagonal < bestCost) {
                    bestCost = diagonal;
                    mv = packMv(r + dr, c + dc);
                }
                // the averages are the bilinear half-pixel interpolation predictionCost measures (the diagonal
                // within rounding), so the winner's cost needs no second look
                continue;
            }
            for (int d = 0; d < 8; d++) {
                long cost = subpixelCost(rb, yPos, sy, nm, centre, DIAMOND[d][0] * sub, DIAMOND[d][1] * sub);
                if (cost < bestCost) {
                    bestCost = cost;
                    mv = packMv(mvRow(centre) + DIAMOND[d][0] * sub, mvCol(centre) + DIAMOND[d][1] * sub);
                }
            }
        }
        searchCost = bestCost;
        return mv;
    }

    // The errors of the four half-pixel MVs left, right, above and below the whole-pixel one centre, estimated on
    // plain pixel averages into halfErrors in that order: one pass over the block serves all four, as each
    // pixel's average with a neighbour is shared by two of them.
    private void halfPixelErrors(FrameBuffer rb, int yPos, int sy, int centre) {
        int stride = rb.strideY;
        int at = yPos + (mvRow(centre) >> 3) * stride + (mvCol(centre) >> 3);
        byte[] y = rb.y;
        int left = 0;
        int right = 0;
        int up = 0;
        int down = 0;
        for (int r = 0; r < 16; r++) {
            int p = at + r * stride;
            int s = sy + r * srcStrideY;
            int before = y[p - 1] & 0xFF;
            for (int c = 0; c < 16; c++) {
                int q = p + c;
                int here = y[q] & 0xFF;
                int src = srcY[s + c] & 0xFF;
                int d = src - ((before + here + 1) >> 1);
                left += d * d;
                d = src - ((here + (y[q + 1] & 0xFF) + 1) >> 1);
                right += d * d;
                d = src - (((y[q - stride] & 0xFF) + here + 1) >> 1);
                up += d * d;
                d = src - ((here + (y[q + stride] & 0xFF) + 1) >> 1);
                down += d * d;
                before = here;
            }
        }
        halfErrors[0] = left;
        halfErrors[1] = right;
        halfErrors[2] = up;
        halfErrors[3] = down;
    }

    private long halfPixelCost(NearMvs nm, int centre, int dr, int dc, long error) {
        int cand = packMv(mvRow(centre) + dr, mvCol(centre) + dc);
        if (nm.outOfBounds(cand) || !mvCodable(cand, nm.best)) {
            return Long.MAX_VALUE;
        }
        return error + rdRate(mvRate(cand, nm.best));
    }

    // The error of the diagonal half-pixel MV (dr, dc) from the whole-pixel one centre, estimated on the average
    // of four pixels.
    private long diagonalCost(FrameBuffer rb, int yPos, int sy, NearMvs nm, int centre, int dr, int dc) {
        int cand = packMv(mvRow(centre) + dr, mvCol(centre) + dc);
        if (nm.outOfBounds(cand) || !mvCodable(cand, nm.best)) {
            return Long.MAX_VALUE;
        }
        int stride = rb.strideY;
        int at = yPos + (mvRow(centre) >> 3) * stride + (mvCol(centre) >> 3) + (dr < 0 ? -stride : 0)
                + (dc < 0 ? -1 : 0);
        byte[] y = rb.y;
        int sum = 0;
        for (int r = 0; r < 16; r++) {
            int p = at + r * stride;
            int s = sy + r * srcStrideY;
            for (int c = 0; c < 16; c++) {
                int q = p + c;
                int avg = ((y[q] & 0xFF) + (y[q + 1] & 0xFF) + (y[q + stride] & 0xFF) + (y[q + stride + 1] & 0xFF)
                        + 2) >> 2;
                int d = (srcY[s + c] & 0xFF) - avg;
                sum += d * d;
            }
        }
        return sum + rdRate(mvRate(cand, nm.best));
    }

    private long subpixelCost(FrameBuffer rb, int yPos, int sy, NearMvs nm, int centre, int dr, int dc) {
        int cand = packMv(mvRow(centre) + dr, mvCol(centre) + dc);
        if (nm.outOfBounds(cand) || !mvCodable(cand, nm.best)) {
            return Long.MAX_VALUE;
        }
        return predictionCost(rb, yPos, sy, cand, Long.MAX_VALUE) + rdRate(mvRate(cand, nm.best));
    }

    private long fullPixelCost(FrameBuffer rb, int yPos, int sy, int r, int c, int bestMv, long limit) {
        int mv = packMv(r * 8, c * 8);
        if (!mvCodable(mv, bestMv)) {
            return Long.MAX_VALUE;
        }
        long rate = (long) sadPerBit * mvRate(mv, bestMv) >> 8;
        // at real-time speeds every other row stands for its neighbour
        int rowStep = speed >= 7 ? 2 : 1;
        return rate + rowStep * sad16(srcY, sy, srcStrideY, rb.y, yPos + r * rb.strideY + c, rb.strideY,
                (limit - rate) / rowStep, rowStep);
    }

    // Transforms and quantises the luma of a 16x16-predicted macroblock (prediction already in the frame), with
    // the DCs through Y2. Returns whether any level is non-zero.
    private boolean codeLuma16(int yPos, int sy, int lo) {
        FrameBuffer f = frame;
        int stride = f.strideY;
        for (int b = 0; b < 16; b++) {
            int at = yPos + (b >> 2) * 4 * stride + (b & 3) * 4;
            int s = sy + (b >> 2) * 4 * srcStrideY + (b & 3) * 4;
            residual4(f.y, at, stride, srcY, s, srcStrideY, diff, b * 16);
            ForwardTransform.fdct(diff, b * 16, coeffs, b * 16);
        }
        ForwardTransform.walsh(coeffs, 0, coeffs, Residuals.Y2 * 16);
        boolean coded = false;
        int y2 = Quantizer.quantize(coeffs, Residuals.Y2 * 16, quantizer.y2, 0, levels, lo + Residuals.Y2 * 16,
                dequantised);
        eobs[Residuals.Y2] = y2;
        coded |= y2 != 0;
        for (int b = 0; b < 16; b++) {
            levels[lo + b * 16] = 0;
            int eob = Quantizer.quantize(coeffs, b * 16, quantizer.y1, 1, levels, lo + b * 16, dequantised);
            eobs[b] = eob;
            coded |= eob != 0;
        }
        return coded;
    }

    private boolean codeChroma(int uvPos, int suv, int lo) {
        FrameBuffer f = frame;
        int stride = f.strideUV;
        boolean coded = false;
        for (int b = 16; b < 24; b++) {
            byte[] plane = b < 20 ? f.u : f.v;
            byte[] src = b < 20 ? srcU : srcV;
            int k = b & 3;
            int at = uvPos + (k >> 1) * 4 * stride + (k & 1) * 4;
            int s = suv + (k >> 1) * 4 * srcStrideUV + (k & 1) * 4;
            residual4(plane, at, stride, src, s, srcStrideUV, diff, b * 16);
            ForwardTransform.fdct(diff, b * 16, coeffs, b * 16);
            int eob = Quantizer.quantize(coeffs, b * 16, quantizer.uv, 0, levels, lo + b * 16, dequantised);
            eobs[b] = eob;
            coded |= eob != 0;
        }
        return coded;
    }

    private long rdRate(int rate) {
        return (long) lambda * rate >> 8;
    }

    private static void residual4(byte[] p, int pOff, int pStride, byte[] s, int sOff, int sStride, short[] out,
            int outOff) {
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                int d = (s[sOff + r * sStride + c] & 0xFF) - (p[pOff + r * pStride + c] & 0xFF);
                out[outOff + r * 4 + c] = (short) d;
            }
        }
    }

    private static long variance16(byte[] a, int aOff, int aStride, byte[] b) {
        long sum = 0;
        long sq = 0;
        for (int r = 0; r < 16; r++) {
            for (int c = 0; c < 16; c++) {
                int d = (a[aOff + r * aStride + c] & 0xFF) - (b[r * 16 + c] & 0xFF);
                sum += d;
                sq += d * d;
            }
        }
        return sq - sum * sum / 256;
    }

    private static long sse(byte[] a, int aOff, int aStride, byte[] b, int bOff, int bStride, int w, int rows) {
        return sse(a, aOff, aStride, b, bOff, bStride, w, rows, Long.MAX_VALUE);
    }

    // The sum of squared differences, stopping after the row that takes it to limit or beyond.
    private static long sse(byte[] a, int aOff, int aStride, byte[] b, int bOff, int bStride, int w, int rows,
            long limit) {
        // at most 256 squares of 255: an int holds the sum
        int sum = 0;
        for (int r = 0; r < rows; r++) {
            int pa = aOff + r * aStride;
            int pb = bOff + r * bStride;
            for (int c = 0; c < w; c++) {
                int d = (a[pa + c] & 0xFF) - (b[pb + c] & 0xFF);
                sum += d * d;
            }
            if (sum >= limit) {
                return sum;
            }
        }
        return sum;
    }

    // The sum of absolute differences over the rows 0, rowStep, 2 rowStep, ... of a 16x16 block. Stops once the
    // sum passes limit: the candidate has lost already.
    private static long sad16(byte[] a, int aOff, int aStride, byte[] b, int bOff, int bStride, long limit,
            int rowStep) {
        int sum = 0;
        for (int r = 0; r < 16; r += rowStep) {
            int pa = aOff + r * aStride;
            int pb = bOff + r * bStride;
            for (int c = 0; c < 16; c++) {
                sum += Math.abs((a[pa + c] & 0xFF) - (b[pb + c] & 0xFF));
            }
            if (sum >= limit) {
                return sum;
            }
        }
        return sum;
    }
}
