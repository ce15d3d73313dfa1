package io.purertc.codec.vp8;

import io.purertc.media.CodecException;
import java.util.Arrays;

// RFC 6386 §12, §14, §15, §18 reconstruction shared by the decoder and the encoder, arranged as libvpx
// decodeframe.c / onyxd_if.c do it: the intra edges, inter prediction (reconinter.c), residual addition,
// per-macroblock loop filter levels (vp8_loopfilter.c) and the reference buffer updates (swap_frame_buffers).
// The encoder reconstructs through this class so that its references equal any decoder's.
final class FrameReconstructor {

    // Four buffers cover last, golden, altref and the frame being made.
    private static final int BUFFERS = 4;

    private final InterPredictor inter = new InterPredictor();
    // libvpx lfi_n->lvl[segment][ref][mode class]
    private final int[] levelTable = new int[4 * 4 * 4];

    private FrameBuffer[] buffers;
    private int last;
    private int golden;
    private int altRef;
    private int current;
    private byte[] filterLevels;
    private boolean[] innerEdges;

    /** Sizes the buffers for a key frame; returns whether the size changed (and the buffers are new). */
    boolean allocate(int width, int height) {
        if (buffers != null && buffers[0].width == width && buffers[0].height == height) {
            return false;
        }
        buffers = new FrameBuffer[BUFFERS];
        for (int i = 0; i < BUFFERS; i++) {
            buffers[i] = new FrameBuffer(width, height);
        }
        // libvpx vp8_alloc_frame_buffers: the first frame goes to buffer 0, and later ones to the lowest buffer no
        // reference holds, so that a buffer's stale content (see InterPredictor) is the same as libvpx's
        last = 1;
        golden = 2;
        altRef = 3;
        FrameBuffer b = buffers[0];
        filterLevels = new byte[b.mbCols * b.mbRows];
        innerEdges = new boolean[b.mbCols * b.mbRows];
        inter.allocate(b);
        return true;
    }

    /** Picks the buffer the frame is built in and sets up its top edge; returns it. */
    FrameBuffer startFrame(FrameHeader h) {
        current = freeBuffer();
        FrameBuffer frame = buffers[current];
        // RFC 6386 §9.1 / libvpx vp8_setup_version: versions 1-3 predict with bilinear filters and 3 with
        // whole-pixel chroma; the reserved versions 4-7 decode like 0
        inter.startFrame(h.version == 3 ? ~7 : ~0, h.version >= 1 && h.version <= 3);
        setupTopEdge(frame);
        return frame;
    }

    /** The buffer that reference {@code ref} (LAST_FRAME, GOLDEN_FRAME or ALTREF_FRAME) holds. */
    FrameBuffer reference(int ref) {
        if (ref == Vp8Tables.LAST_FRAME) {
            return buffers[last];
        }
        return buffers[ref == Vp8Tables.GOLDEN_FRAME ? golden : altRef];
    }

    private int freeBuffer() {
        for (int i = 0; i < BUFFERS; i++) {
            if (i != last && i != golden && i != altRef) {
                return i;
            }
        }
        throw new IllegalStateException("three references cannot hold four buffers");
    }

    /** Predicts an intra macroblock's chroma and, unless it is B_PRED, its luma. */
    void predictIntra(FrameBuffer f, Macroblocks m, int i, int row, int col) {
        int yPos = f.originY + row * 16 * f.strideY + col * 16;
        int uvPos = f.originUV + row * 8 * f.strideUV + col * 8;
        predictChroma(f, uvPos, m.uvMode[i], row > 0, col > 0);
        if (m.yMode[i] != Vp8Tables.B_PRED) {
            IntraPredictor.predictLuma16(m.yMode[i], f.y, yPos - f.strideY, f.y, yPos - 1, f.strideY,
                    row > 0, col > 0, f.y, yPos, f.strideY);
        }
    }

    /** Predicts an inter macroblock from its reference. */
    void predictInter(FrameBuffer f, Macroblocks m, int i, int row, int col) throws CodecException {
        int yPos = f.originY + row * 16 * f.strideY + col * 16;
        int uvPos = f.originUV + row * 8 * f.strideUV + col * 8;
        inter.predict(m, i, row, col, reference(m.refFrame[i]), f, yPos, uvPos);
    }

    private static void predictChroma(FrameBuffer f, int uvPos, int mode, boolean haveAbove, boolean haveLeft) {
        IntraPredictor.predictChroma8(mode, f.u, uvPos - f.strideUV, f.u, uvPos - 1, f.strideUV, haveAbove, haveLeft,
                f.u, uvPos, f.strideUV);
        IntraPredictor.predictChroma8(mode, f.v, uvPos - f.strideUV, f.v, uvPos - 1, f.strideUV, haveAbove, haveLeft,
                f.v, uvPos, f.strideUV);
    }

    // RFC 6386 §12.3 with libvpx's intra_prediction_down_copy: the sub-blocks of the right column all see the
    // above-right macroblock's bottom row, copied down beside rows 3, 7 and 11, as their above-right pixels.
    static void copyAboveRightDown(FrameBuffer f, int yPos) {
        int aboveRight = yPos - f.strideY + 16;
        for (int r = 1; r < 4; r++) {
            System.arraycopy(f.y, aboveRight, f.y, aboveRight + r * 4 * f.strideY, 4);
        }
    }

    /** Predicts luma sub-block {@code b} of the B_PRED macroblock at {@code yPos} in place. */
    static void predictSubblock(FrameBuffer f, int mode, int yPos, int b) {
        int stride = f.strideY;
        int at = yPos + (b >> 2) * 4 * stride + (b & 3) * 4;
        IntraPredictor.predictLuma4(mode, f.y, at - stride, f.y, at - 1, stride, f.y, at, stride);
    }

    /**
     * Adds the dequantised coefficients {@code c} (25 blocks of 16, Y2 last) to the prediction: luma unless the
     * macroblock is B_PRED (whose sub-blocks add theirs as they are predicted), the Y2 DCs first when it has Y2.
     */
    static void addResiduals(FrameBuffer f, short[] c, int[] eobs, int yPos, int uvPos, int ymode, boolean hasY2) {
        if (ymode != Vp8Tables.B_PRED) {
            if (hasY2) {
                Idct.inverseWalsh(c, Residuals.Y2 * 16, c, 0);
            }
            for (int b = 0; b < 16; b++) {
                int at = yPos + (b >> 2) * 4 * f.strideY + (b & 3) * 4;
                addResidual(c, b, eobs[b], f.y, at, f.strideY);
            }
        }
        for (int b = 16; b < 24; b++) {
            byte[] plane = b < 20 ? f.u : f.v;
            int k = b & 3;
            int at = uvPos + (k >> 1) * 4 * f.strideUV + (k & 1) * 4;
            addResidual(c, b, eobs[b], plane, at, f.strideUV);
        }
    }

    /** Adds one block's residual to the luma sub-block {@code b} at {@code yPos}. */
    static void addSubblockResidual(FrameBuffer f, short[] c, int b, int eob, int yPos) {
        int at = yPos + (b >> 2) * 4 * f.strideY + (b & 3) * 4;
        addResidual(c, b, eob, f.y, at, f.strideY);
    }

    // libvpx takes the DC-only path for blocks with at most one token; both give the same result.
    private static void addResidual(short[] c, int block, int eob, byte[] plane, int at, int stride) {
        if (eob > 1) {
            Idct.inverseDctAdd(c, block * 16, plane, at, stride);
        } else {
            Idct.inverseDcAdd(c[block * 16], plane, at, stride);
        }
    }

    // libvpx vp8_setup_intra_recon_top_line: 127 above the frame, from the above-left pixel to 4 past the right edge.
    private static void setupTopEdge(FrameBuffer f) {
        int y = f.originY - f.strideY - 1;
        Arrays.fill(f.y, y, y + f.mbCols * 16 + 5, (byte) 127);
        int uv = f.originUV - f.strideUV - 1;
        Arrays.fill(f.u, uv, uv + f.mbCols * 8 + 5, (byte) 127);
        Arrays.fill(f.v, uv, uv + f.mbCols * 8 + 5, (byte) 127);
    }

    // libvpx setup_intra_recon_left: 129 left of each macroblock row.
    static void startRow(FrameBuffer f, int row) {
        int y = f.originY + row * 16 * f.strideY - 1;
        for (int r = 0; r < 16; r++) {
            f.y[y + r * f.strideY] = (byte) 129;
        }
        int uv = f.originUV + row * 8 * f.strideUV - 1;
        for (int r = 0; r < 8; r++) {
            f.u[uv + r * f.strideUV] = (byte) 129;
            f.v[uv + r * f.strideUV] = (byte) 129;
        }
    }

    // libvpx vp8_extend_mb_row: the last two rows of the row's last macroblock, extended by 4 pixels, are the
    // above-right pixels of the next row's last macroblock.
    static void endRow(FrameBuffer f, int row) {
        int yEnd = f.originY + (row * 16 + 14) * f.strideY + f.mbCols * 16;
        for (int r = 0; r < 2; r++) {
            int at = yEnd + r * f.strideY;
            Arrays.fill(f.y, at, at + 4, f.y[at - 1]);
        }
        int uvEnd = f.originUV + (row * 8 + 6) * f.strideUV + f.mbCols * 8;
        for (int r = 0; r < 2; r++) {
            int at = uvEnd + r * f.strideUV;
            Arrays.fill(f.u, at, at + 4, f.u[at - 1]);
            Arrays.fill(f.v, at, at + 4, f.v[at - 1]);
        }
    }

    /**
     * Loop-filters the frame being made, extends its borders and assigns the references as the header says;
     * returns the frame.
     */
    FrameBuffer finishFrame(FrameHeader h, Macroblocks m) {
        FrameBuffer frame = buffers[current];
        if (h.filterLevel != 0) {
            computeFilterLevels(h, m);
            LoopFilter.filterFrame(frame, h.filterType, h.sharpness, h.keyFrame, filterLevels, innerEdges);
        }
        frame.extendBorders();
        updateReferences(h);
        return frame;
    }

    // libvpx swap_frame_buffers: the alt-ref copy comes first, so "golden from alt-ref" sees its new value.
    private void updateReferences(FrameHeader h) {
        if (h.copyToAltRef == 1) {
            altRef = last;
        } else if (h.copyToAltRef == 2) {
            altRef = golden;
        }
        if (h.copyToGolden == 1) {
            golden = last;
        } else if (h.copyToGolden == 2) {
            golden = altRef;
        }
        if (h.refreshGolden) {
            golden = current;
        }
        if (h.refreshAltRef) {
            altRef = current;
        }
        if (h.refreshLast) {
            last = current;
        }
    }

    // RFC 6386 §9.3, §9.6; libvpx vp8_loop_filter_frame_init and the per-macroblock lookup of the row filters.
    private void computeFilterLevels(FrameHeader h, Macroblocks m) {
        for (int seg = 0; seg < 4; seg++) {
            int level = h.filterLevel;
            if (h.segmentationEnabled) {
                level = h.segmentAbsolute ? h.segmentFilterLevel[seg] : level + h.segmentFilterLevel[seg];
                level = clampLevel(level);
            }
            for (int ref = 0; ref < 4; ref++) {
                for (int mode = 0; mode < 4; mode++) {
                    int value = level;
                    if (h.filterDeltasEnabled) {
                        value += h.refFilterDeltas[ref];
                        // intra 16x16 modes take no mode delta; B_PRED takes delta 0, inter modes 1..3
                        if (ref != Vp8Tables.INTRA_FRAME || mode == 0) {
                            value += h.modeFilterDeltas[mode];
                        }
                        value = clampLevel(value);
                    }
                    levelTable[(seg * 4 + ref) * 4 + mode] = value;
                }
            }
        }
        for (int row = 0; row < m.rows; row++) {
            for (int col = 0; col < m.cols; col++) {
                int i = m.index(row, col);
                int ymode = m.yMode[i];
                int out = row * m.cols + col;
                filterLevels[out] = (byte) levelTable[(m.segmentId[i] * 4 + m.refFrame[i]) * 4 + modeClass(ymode)];
                innerEdges[out] = ymode == Vp8Tables.B_PRED || ymode == Vp8Tables.SPLITMV || !m.skipCoefficients[i];
            }
        }
    }

    // libvpx mode_lf_lut
    private static int modeClass(int ymode) {
        switch (ymode) {
            case Vp8Tables.B_PRED:
                return 0;
            case Vp8Tables.ZEROMV:
                return 1;
            case Vp8Tables.SPLITMV:
                return 3;
            case Vp8Tables.NEARESTMV:
            case Vp8Tables.NEARMV:
            case Vp8Tables.NEWMV:
                return 2;
            default:
                return 1;
        }
    }

    private static int clampLevel(int level) {
        return Math.max(0, Math.min(63, level));
    }
}
