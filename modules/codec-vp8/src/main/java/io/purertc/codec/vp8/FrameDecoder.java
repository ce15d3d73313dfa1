package io.purertc.codec.vp8;

import io.purertc.media.CodecException;
import java.util.Arrays;

// RFC 6386 §5, §9-§19 frame decoding, arranged as libvpx decodeframe.c / onyxd_if.c do it so that the output
// matches vpxdec byte for byte: the intra edges, inter prediction (reconinter.c), per-macroblock loop filter
// levels (vp8_loopfilter.c) and the reference buffer updates (swap_frame_buffers).
final class FrameDecoder {

    // Four buffers cover last, golden, altref and the frame being decoded.
    private static final int BUFFERS = 4;
    // Larger frames would need over 100 MB of reference buffers; WebRTC video stops well short of this.
    static final int MAX_DIMENSION = 4096;

    private final FrameHeader header = new FrameHeader();
    private final EntropyContext probs = new EntropyContext();
    private final EntropyContext savedProbs = new EntropyContext();
    private final BoolDecoder firstPartition = new BoolDecoder();
    private final BoolDecoder[] partitions = new BoolDecoder[FrameHeader.MAX_PARTITIONS];
    private final ModeParser modeParser = new ModeParser();
    private final Residuals residuals = new Residuals();
    private final Dequantizer dequantizer = new Dequantizer();
    private final InterPredictor inter = new InterPredictor();
    // libvpx lfi_n->lvl[segment][ref][mode class]
    private final int[] levelTable = new int[4 * 4 * 4];

    private FrameBuffer[] buffers;
    private int last;
    private int golden;
    private int altRef;
    private Macroblocks macroblocks;
    private byte[] filterLevels;
    private boolean[] innerEdges;
    private boolean haveKeyFrame;

    FrameDecoder() {
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = new BoolDecoder();
        }
    }

    /** Whether the next frame may be an inter frame. */
    boolean hasReferences() {
        return haveKeyFrame;
    }

    /** Forgets the references, after which only a key frame decodes. */
    void dropReferences() {
        haveKeyFrame = false;
    }

    /** Decodes one frame; returns the buffer to show, or null for a frame with show_frame = 0. */
    FrameBuffer decode(byte[] data, int offset, int length) throws CodecException {
        FrameHeader h = header;
        h.readFrameTag(data, offset, length);
        if (!h.keyFrame && !haveKeyFrame) {
            throw new CodecException("VP8", "inter frame while waiting for a key frame (RFC 6386 §9.1)");
        }
        if (h.keyFrame) {
            haveKeyFrame = false;
            allocate(h.width, h.height);
        }
        h.readHeader(data, offset, length, firstPartition, probs, savedProbs);
        if (h.copyToGolden == 3 || h.copyToAltRef == 3) {
            throw new CodecException("VP8", "buffer copy flag 3 is undefined (RFC 6386 §9.7)");
        }
        dequantizer.setup(h);
        Macroblocks m = macroblocks;
        modeParser.parse(h, probs, firstPartition, m);
        if (firstPartition.pastEnd()) {
            throw new CodecException("VP8", "first partition ends inside the macroblock headers (RFC 6386 §19.3)");
        }
        for (int i = 0; i < h.partitionCount; i++) {
            partitions[i].init(data, h.partitionOffset[i], h.partitionSize[i]);
        }
        int current = freeBuffer();
        FrameBuffer frame = buffers[current];
        // RFC 6386 §9.1 / libvpx vp8_setup_version: versions 1-3 predict with bilinear filters and 3 with
        // whole-pixel chroma; the reserved versions 4-7 decode like 0
        inter.startFrame(h.version == 3 ? ~7 : ~0, h.version >= 1 && h.version <= 3);
        decodeMacroblocks(frame);
        if (h.filterLevel != 0) {
            computeFilterLevels();
            LoopFilter.filterFrame(frame, h.filterType, h.sharpness, h.keyFrame, filterLevels, innerEdges);
        }
        frame.extendBorders();
        if (!h.refreshEntropy) {
            probs.copyFrom(savedProbs);
        }
        updateReferences(current);
        haveKeyFrame = true;
        return h.showFrame ? frame : null;
    }

    private void allocate(int width, int height) throws CodecException {
        if (width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new CodecException("VP8", "frame size " + width + "x" + height + " at byte 6 exceeds this decoder's "
                    + MAX_DIMENSION + "x" + MAX_DIMENSION + " limit");
        }
        if (buffers != null && buffers[0].width == width && buffers[0].height == height) {
            return;
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
        macroblocks = new Macroblocks(b.mbCols, b.mbRows);
        filterLevels = new byte[b.mbCols * b.mbRows];
        innerEdges = new boolean[b.mbCols * b.mbRows];
        inter.allocate(b);
    }

    private int freeBuffer() {
        for (int i = 0; i < BUFFERS; i++) {
            if (i != last && i != golden && i != altRef) {
                return i;
            }
        }
        throw new IllegalStateException("three references cannot hold four buffers");
    }

    // libvpx swap_frame_buffers: the alt-ref copy comes first, so "golden from alt-ref" sees its new value.
    private void updateReferences(int current) {
        FrameHeader h = header;
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

    private void decodeMacroblocks(FrameBuffer frame) throws CodecException {
        FrameHeader h = header;
        Macroblocks m = macroblocks;
        setupTopEdge(frame);
        residuals.startFrame(m.cols);
        for (int row = 0; row < m.rows; row++) {
            BoolDecoder bd = partitions[row & (h.partitionCount - 1)];
            residuals.startRow();
            setupLeftEdge(frame, row);
            for (int col = 0; col < m.cols; col++) {
                int i = m.index(row, col);
                int ymode = m.yMode[i];
                boolean hasY2 = ymode != Vp8Tables.B_PRED && ymode != Vp8Tables.SPLITMV;
                if (m.skipCoefficients[i]) {
                    residuals.skip(col, hasY2);
                } else {
                    Dequantizer.Factors q = dequantizer.forSegment(m.segmentId[i]);
                    m.skipCoefficients[i] = residuals.decode(bd, probs.coefProbs, hasY2, col, q) == 0;
                }
                if (bd.pastEnd()) {
                    throw new CodecException("VP8", "token partition " + ((row & (h.partitionCount - 1)) + 1)
                            + " ends inside macroblock (" + row + ", " + col + ") (RFC 6386 §13)");
                }
                reconstruct(frame, m, i, row, col, ymode, hasY2);
            }
            extendRowRight(frame, row);
        }
    }

    private void reconstruct(FrameBuffer frame, Macroblocks m, int i, int row, int col, int ymode, boolean hasY2)
            throws CodecException {
        int yPos = frame.originY + row * 16 * frame.strideY + col * 16;
        int uvPos = frame.originUV + row * 8 * frame.strideUV + col * 8;
        boolean residual = !m.skipCoefficients[i];
        short[] c = residuals.coefficients;
        int[] eobs = residuals.eobs;
        if (m.refFrame[i] == Vp8Tables.INTRA_FRAME) {
            predictChroma(frame, uvPos, m.uvMode[i], row > 0, col > 0);
            if (ymode == Vp8Tables.B_PRED) {
                predictSubblocks(frame, m, i, yPos, residual);
            } else {
                IntraPredictor.predictLuma16(ymode, frame.y, yPos - frame.strideY, frame.y, yPos - 1, frame.strideY,
                        row > 0, col > 0, frame.y, yPos, frame.strideY);
            }
        } else {
            inter.predict(m, i, row, col, buffers[referenceBuffer(m.refFrame[i])], frame, yPos, uvPos);
        }
        if (!residual) {
            return;
        }
        if (ymode != Vp8Tables.B_PRED) {
            if (hasY2) {
                Idct.inverseWalsh(c, Residuals.Y2 * 16, c, 0);
            }
            for (int b = 0; b < 16; b++) {
                int at = yPos + (b >> 2) * 4 * frame.strideY + (b & 3) * 4;
                addResidual(c, b, eobs[b], frame.y, at, frame.strideY);
            }
        }
        for (int b = 16; b < 24; b++) {
            byte[] plane = b < 20 ? frame.u : frame.v;
            int k = b & 3;
            int at = uvPos + (k >> 1) * 4 * frame.strideUV + (k & 1) * 4;
            addResidual(c, b, eobs[b], plane, at, frame.strideUV);
        }
        Arrays.fill(c, (short) 0);
    }

    // libvpx takes the DC-only path for blocks with at most one token; both give the same result.
    private static void addResidual(short[] c, int block, int eob, byte[] plane, int at, int stride) {
        if (eob > 1) {
            Idct.inverseDctAdd(c, block * 16, plane, at, stride);
        } else {
            Idct.inverseDcAdd(c[block * 16], plane, at, stride);
        }
    }

    private int referenceBuffer(int ref) {
        if (ref == Vp8Tables.LAST_FRAME) {
            return last;
        }
        return ref == Vp8Tables.GOLDEN_FRAME ? golden : altRef;
    }

    private static void predictChroma(FrameBuffer f, int uvPos, int mode, boolean haveAbove, boolean haveLeft) {
        IntraPredictor.predictChroma8(mode, f.u, uvPos - f.strideUV, f.u, uvPos - 1, f.strideUV, haveAbove, haveLeft,
                f.u, uvPos, f.strideUV);
        IntraPredictor.predictChroma8(mode, f.v, uvPos - f.strideUV, f.v, uvPos - 1, f.strideUV, haveAbove, haveLeft,
                f.v, uvPos, f.strideUV);
    }

    // RFC 6386 §12.3 with libvpx's intra_prediction_down_copy: the sub-blocks of the right column all see the
    // above-right macroblock's bottom row, copied down beside rows 3, 7 and 11, as their above-right pixels.
    private void predictSubblocks(FrameBuffer f, Macroblocks m, int i, int yPos, boolean residual) {
        int stride = f.strideY;
        byte[] y = f.y;
        int aboveRight = yPos - stride + 16;
        for (int r = 1; r < 4; r++) {
            System.arraycopy(y, aboveRight, y, aboveRight + r * 4 * stride, 4);
        }
        short[] c = residuals.coefficients;
        int[] eobs = residuals.eobs;
        for (int b = 0; b < 16; b++) {
            int at = yPos + (b >> 2) * 4 * stride + (b & 3) * 4;
            IntraPredictor.predictLuma4(m.subModes[i * 16 + b], y, at - stride, y, at - 1, stride, y, at, stride);
            if (residual && eobs[b] > 0) {
                addResidual(c, b, eobs[b], y, at, stride);
            }
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
    private static void setupLeftEdge(FrameBuffer f, int row) {
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
    private static void extendRowRight(FrameBuffer f, int row) {
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

    // RFC 6386 §9.3, §9.6; libvpx vp8_loop_filter_frame_init and the per-macroblock lookup of the row filters.
    private void computeFilterLevels() {
        FrameHeader h = header;
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
        Macroblocks m = macroblocks;
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
