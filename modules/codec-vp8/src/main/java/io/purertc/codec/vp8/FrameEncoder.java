package io.purertc.codec.vp8;

import io.purertc.media.CodecException;
import io.purertc.media.VideoFrame;
import java.util.Arrays;

// RFC 6386 encoding of one frame at a time, in libvpx's arrangement (onyx_if.c, encodeframe.c, bitstream.c):
// every macroblock's modes are decided and its residual quantised in raster order while the frame is
// reconstructed through the decoder's own FrameReconstructor; then the token probabilities are chosen from the
// counts, and the first partition (header, modes, MVs) and one token partition are written. The header keeps to
// a fixed subset: version 0, no segmentation, normal loop filter with libvpx's default ref/mode deltas, one token
// partition, no quantiser deltas, no buffer copies, sign bias 0, no mode probability updates; no SPLITMV.
final class FrameEncoder {

    // libvpx onyx_if.c set_default_lf_deltas: intra +2, last 0, golden and altref -2; B_PRED +4, ZEROMV -2,
    // the other whole-macroblock MVs +2, SPLITMV +4
    private static final int[] REF_FILTER_DELTAS = {2, 0, -2, -2};
    private static final int[] MODE_FILTER_DELTAS = {4, -2, 2, 4};

    private final int width;
    private final int height;
    private final int mbCols;
    private final int mbRows;
    // the source padded to the macroblock-aligned size by repeating its last column and row (as libvpx does)
    private final byte[] srcY;
    private final byte[] srcU;
    private final byte[] srcV;
    private final int srcStrideY;
    private final int srcStrideUV;

    private final FrameHeader header = new FrameHeader();
    private final EntropyContext probs = new EntropyContext();
    private final EntropyContext savedProbs = new EntropyContext();
    private final EntropyContext startProbs = new EntropyContext();
    private final FrameReconstructor reconstructor = new FrameReconstructor();
    private final Macroblocks macroblocks;
    private final Dequantizer dequantizer = new Dequantizer();
    private final Quantizer quantizer = new Quantizer();
    private final MacroblockCoder coder;
    private final TokenWriter tokens = new TokenWriter();
    private final BoolEncoder first = new BoolEncoder();
    private final BoolEncoder residual = new BoolEncoder();
    private final NearMvs nearMvs = new NearMvs();
    private final boolean[] coefUpdated = new boolean[Vp8Tables.COEF_PROB_COUNT];
    private final boolean[] mvUpdated = new boolean[2 * Vp8Tables.MVP_COUNT];
    private final int[] mvCounts = new int[2 * 2 * Vp8Tables.MVP_COUNT];
    private final int[] refCounts = new int[4];

    /** The first partition's length in the frame just written, for the frame tag. */
    private int firstPartitionSize;
    private FrameBuffer reconstruction;
    private FrameStatistics statistics;
    private boolean haveKeyFrame;

    FrameEncoder(int width, int height) {
        if (width < 1 || height < 1 || width > FrameDecoder.MAX_DIMENSION || height > FrameDecoder.MAX_DIMENSION) {
            throw new IllegalArgumentException("VP8 frame size out of 1.." + FrameDecoder.MAX_DIMENSION + ": "
                    + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        mbCols = (width + 15) >> 4;
        mbRows = (height + 15) >> 4;
        srcStrideY = mbCols * 16;
        srcStrideUV = mbCols * 8;
        srcY = new byte[srcStrideY * mbRows * 16];
        srcU = new byte[srcStrideUV * mbRows * 8];
        srcV = new byte[srcU.length];
        reconstructor.allocate(width, height);
        macroblocks = new Macroblocks(mbCols, mbRows);
        coder = new MacroblockCoder(macroblocks, srcY, srcU, srcV, srcStrideY, srcStrideUV);
        // libvpx's initial reference probabilities (vp8_init_mbmode_probs / onyx_if.c)
        header.probIntra = 63;
        header.probLast = 128;
        header.probGolden = 128;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The reconstruction of the frame just encoded (what a decoder shows). */
    FrameBuffer reconstruction() {
        return reconstruction;
    }

    /** Statistics of the last frame encoded. */
    FrameStatistics lastStatistics() {
        return statistics;
    }

    /**
     * Encodes one I420 picture into {@code out[0..]} and returns the length; the references are updated as the
     * parameters say, exactly as a decoder will update its own.
     *
     * @throws IllegalArgumentException if the picture's size is not this encoder's, if out is too small
     *     (width*height*3/2 + 1024 suffices), or if an inter frame comes before the first key frame
     */
    int encode(VideoFrame picture, FrameParameters p, byte[] out) {
        if (picture.width() != width || picture.height() != height) {
            throw new IllegalArgumentException("picture " + picture.width() + "x" + picture.height()
                    + " is not the encoder's " + width + "x" + height);
        }
        if (!p.keyFrame() && !haveKeyFrame) {
            throw new IllegalArgumentException("an inter frame needs a key frame before it");
        }
        copySource(picture);
        setupHeader(p);
        FrameHeader h = header;
        // given back if the frame does not fit in out
        startProbs.copyFrom(probs);
        if (h.keyFrame) {
            probs.reset();
        }
        // given back after a frame whose updates must not persist (refresh_entropy_probs = 0)
        savedProbs.copyFrom(probs);
        dequantizer.setup(h);
        quantizer.setup(dequantizer.forSegment(0), h.baseQ);
        FrameBuffer frame = reconstructor.startFrame(h);
        int mask = h.keyFrame ? 0 : p.referenceMask();
        coder.startFrame(h, probs, quantizer, reconstructor, frame, mask, p.speed());
        for (int row = 0; row < mbRows; row++) {
            FrameReconstructor.startRow(frame, row);
            for (int col = 0; col < mbCols; col++) {
                try {
                    coder.encode(row, col);
                } catch (CodecException e) {
                    throw new IllegalStateException("motion vector outside the reference's border", e);
                }
            }
            FrameReconstructor.endRow(frame, row);
        }
        chooseProbabilities();
        int length = writeFrame();
        if (out.length < length) {
            probs.copyFrom(startProbs);
            throw new IllegalArgumentException("output of " + out.length + " bytes cannot hold the " + length
                    + "-byte frame");
        }
        copyFrame(out);
        reconstruction = reconstructor.finishFrame(h, macroblocks);
        if (!h.refreshEntropy) {
            probs.copyFrom(savedProbs);
        }
        haveKeyFrame = true;
        statistics = measure(length);
        return length;
    }

    private void copySource(VideoFrame f) {
        copyPlane(f.y(), f.strideY(), width, height, srcY, srcStrideY, mbRows * 16);
        int cw = VideoFrame.chromaWidth(width);
        int ch = VideoFrame.chromaHeight(height);
        copyPlane(f.u(), f.strideU(), cw, ch, srcU, srcStrideUV, mbRows * 8);
        copyPlane(f.v(), f.strideV(), cw, ch, srcV, srcStrideUV, mbRows * 8);
    }

    private static void copyPlane(byte[] in, int inStride, int w, int h, byte[] dst, int stride, int rows) {
        for (int r = 0; r < h; r++) {
            int d = r * stride;
            System.arraycopy(in, r * inStride, dst, d, w);
            Arrays.fill(dst, d + w, d + stride, dst[d + w - 1]);
        }
        for (int r = h; r < rows; r++) {
            System.arraycopy(dst, (h - 1) * stride, dst, r * stride, stride);
        }
    }

    private void setupHeader(FrameParameters p) {
        FrameHeader h = header;
        h.keyFrame = p.keyFrame();
        h.version = 0;
        h.showFrame = true;
        h.width = width;
        h.height = height;
        h.segmentationEnabled = false;
        h.updateSegmentMap = false;
        h.filterType = LoopFilter.NORMAL;
        h.filterLevel = p.loopFilterLevel() >= 0 ? p.loopFilterLevel() : filterLevelFor(p.qIndex());
        h.sharpness = p.sharpness();
        h.filterDeltasEnabled = true;
        System.arraycopy(REF_FILTER_DELTAS, 0, h.refFilterDeltas, 0, 4);
        System.arraycopy(MODE_FILTER_DELTAS, 0, h.modeFilterDeltas, 0, 4);
        h.partitionCount = 1;
        h.baseQ = p.qIndex();
        h.y1DcDelta = 0;
        h.y2DcDelta = 0;
        h.y2AcDelta = 0;
        h.uvDcDelta = 0;
        h.uvAcDelta = 0;
        h.refreshGolden = p.keyFrame() || p.refreshGolden();
        h.refreshAltRef = p.keyFrame() || p.refreshAltRef();
        h.refreshLast = p.keyFrame() || p.refreshLast();
        h.copyToGolden = 0;
        h.copyToAltRef = 0;
        h.refreshEntropy = p.refreshEntropy();
        h.mbNoCoeffSkip = true;
    }

    /**
     * The loop filter level for a quantiser index: a straight line through the levels libvpx's real-time
     * picker (picklpf.c vp8cx_pick_filter_level_fast) settles on for natural video, 0 below index 8 where
     * quantisation leaves no visible block edges.
     */
    static int filterLevelFor(int qIndex) {
        return Math.max(0, Math.min(63, (qIndex * 10 - 40) / 24));
    }

    // libvpx vp8_update_coef_probs, and the skip and reference probabilities from this frame's counts
    // (bitstream.c vp8_pack_bitstream, onyx_if.c vp8_convert_rfct_to_prob).
    private void chooseProbabilities() {
        FrameHeader h = header;
        Macroblocks m = macroblocks;
        tokens.startFrame(mbCols, null, null);
        int skipped = 0;
        Arrays.fill(refCounts, 0);
        for (int row = 0; row < mbRows; row++) {
            tokens.startRow();
            for (int col = 0; col < mbCols; col++) {
                int i = m.index(row, col);
                refCounts[m.refFrame[i]]++;
                if (m.skipCoefficients[i]) {
                    skipped++;
                }
                tokenize(i, col);
            }
        }
        tokens.chooseUpdates(probs.coefProbs, coefUpdated);
        if (!h.keyFrame) {
            countMvs();
            MotionVectors.chooseUpdates(mvCounts, probs.mvProbs, mvUpdated);
        }
        int total = mbCols * mbRows;
        h.probSkipFalse = clampProb(((total - skipped) * 256) / total);
        if (!h.keyFrame) {
            int inter = total - refCounts[Vp8Tables.INTRA_FRAME];
            h.probIntra = Math.max(1, refCounts[Vp8Tables.INTRA_FRAME] * 255 / total);
            h.probLast = inter == 0 ? 128 : Math.max(1, refCounts[Vp8Tables.LAST_FRAME] * 255 / inter);
            int gf = refCounts[Vp8Tables.GOLDEN_FRAME];
            int arf = refCounts[Vp8Tables.ALTREF_FRAME];
            h.probGolden = gf + arf == 0 ? 128 : Math.max(1, gf * 255 / (gf + arf));
        }
    }

    private void countMvs() {
        Macroblocks m = macroblocks;
        Arrays.fill(mvCounts, 0);
        for (int row = 0; row < mbRows; row++) {
            for (int col = 0; col < mbCols; col++) {
                int i = m.index(row, col);
                if (m.refFrame[i] != Vp8Tables.INTRA_FRAME && m.yMode[i] == Vp8Tables.NEWMV) {
                    nearMvs.find(header, m, i, row, col, m.refFrame[i]);
                    MotionVectors.count(mvCounts, m.mv[i], nearMvs.best);
                }
            }
        }
    }

    private void tokenize(int i, int col) {
        Macroblocks m = macroblocks;
        int ymode = m.yMode[i];
        boolean hasY2 = ymode != Vp8Tables.B_PRED && ymode != Vp8Tables.SPLITMV;
        if (m.skipCoefficients[i]) {
            tokens.skip(col, hasY2);
        } else {
            tokens.macroblock(coder.levels, coder.levelOffset(i), coder.ends, i * 25, hasY2, col);
        }
    }

    private static int clampProb(int p) {
        return Math.max(1, Math.min(255, p));
    }

    // Writes both partitions; returns the frame's length.
    private int writeFrame() {
        FrameHeader h = header;
        BoolEncoder e = first;
        e.reset();
        writeHeader(e);
        Macroblocks m = macroblocks;
        for (int row = 0; row < mbRows; row++) {
            for (int col = 0; col < mbCols; col++) {
                int i = m.index(row, col);
                e.writeBool(h.probSkipFalse, m.skipCoefficients[i] ? 1 : 0);
                if (h.keyFrame) {
                    writeKeyFrameModes(e, i);
                } else {
                    writeInterFrameModes(e, i, row, col);
                }
            }
        }
        int firstSize = e.stop();
        residual.reset();
        tokens.startFrame(mbCols, residual, probs.coefProbs);
        for (int row = 0; row < mbRows; row++) {
            tokens.startRow();
            for (int col = 0; col < mbCols; col++) {
                tokenize(m.index(row, col), col);
            }
        }
        int tokenSize = residual.stop();
        if (firstSize >= 1 << 19) {
            throw new IllegalStateException("first partition of " + firstSize + " bytes exceeds 19 bits");
        }
        firstPartitionSize = firstSize;
        return (h.keyFrame ? 10 : 3) + firstSize + tokenSize;
    }

    // RFC 6386 §9.1: the frame tag, the key frame's start code and size, then the partitions.
    private void copyFrame(byte[] out) {
        FrameHeader h = header;
        int firstSize = firstPartitionSize;
        int headerSize = h.keyFrame ? 10 : 3;
        int tag = (h.keyFrame ? 0 : 1) | (h.version << 1) | 1 << 4 | firstSize << 5;
        out[0] = (byte) tag;
        out[1] = (byte) (tag >> 8);
        out[2] = (byte) (tag >> 16);
        if (h.keyFrame) {
            out[3] = (byte) 0x9D;
            out[4] = 0x01;
            out[5] = 0x2A;
            out[6] = (byte) width;
            out[7] = (byte) (width >> 8);
            out[8] = (byte) height;
            out[9] = (byte) (height >> 8);
        }
        first.copyTo(out, headerSize);
        residual.copyTo(out, headerSize + firstSize);
    }

    // RFC 6386 §9.2-9.11, §19.2, in FrameHeader.readHeader's order.
    private void writeHeader(BoolEncoder e) {
        FrameHeader h = header;
        if (h.keyFrame) {
            e.writeFlag(false); // colour space 0
            e.writeFlag(false); // clamping required
        }
        e.writeFlag(false); // segmentation
        e.writeLiteral(h.filterType, 1);
        e.writeLiteral(h.filterLevel, 6);
        e.writeLiteral(h.sharpness, 3);
        // the deltas are sent on key frames, which reset them in the decoder, and persist from there
        e.writeFlag(true);
        e.writeFlag(h.keyFrame);
        if (h.keyFrame) {
            for (int d : REF_FILTER_DELTAS) {
                e.writeFlag(true);
                e.writeSignedLiteral(d, 6);
            }
            for (int d : MODE_FILTER_DELTAS) {
                e.writeFlag(true);
                e.writeSignedLiteral(d, 6);
            }
        }
        e.writeLiteral(0, 2); // one token partition
        e.writeLiteral(h.baseQ, 7);
        for (int i = 0; i < 5; i++) {
            e.writeFlag(false); // quantiser deltas
        }
        if (!h.keyFrame) {
            e.writeFlag(h.refreshGolden);
            e.writeFlag(h.refreshAltRef);
            if (!h.refreshGolden) {
                e.writeLiteral(h.copyToGolden, 2);
            }
            if (!h.refreshAltRef) {
                e.writeLiteral(h.copyToAltRef, 2);
            }
            e.writeFlag(false); // sign bias golden
            e.writeFlag(false); // sign bias altref
        }
        e.writeFlag(h.refreshEntropy);
        if (!h.keyFrame) {
            e.writeFlag(h.refreshLast);
        }
        int[] coef = probs.coefProbs;
        for (int i = 0; i < coef.length; i++) {
            e.writeBool(Vp8Tables.COEF_UPDATE_PROBS[i], coefUpdated[i] ? 1 : 0);
            if (coefUpdated[i]) {
                e.writeLiteral(coef[i], 8);
            }
        }
        e.writeFlag(true); // mb_no_coeff_skip
        e.writeLiteral(h.probSkipFalse, 8);
        if (!h.keyFrame) {
            e.writeLiteral(h.probIntra, 8);
            e.writeLiteral(h.probLast, 8);
            e.writeLiteral(h.probGolden, 8);
            e.writeFlag(false); // no 16x16 mode probability update
            e.writeFlag(false); // no chroma mode probability update
            int[] mvProbs = probs.mvProbs;
            for (int i = 0; i < mvProbs.length; i++) {
                e.writeBool(Vp8Tables.MV_UPDATE_PROBS[i], mvUpdated[i] ? 1 : 0);
                if (mvUpdated[i]) {
                    e.writeLiteral(mvProbs[i] >> 1, 7);
                }
            }
        }
    }

    private void writeKeyFrameModes(BoolEncoder e, int i) {
        Macroblocks m = macroblocks;
        int ymode = m.yMode[i];
        TreeCode.KF_YMODE.write(e, Vp8Tables.KF_YMODE_PROBS, 0, ymode);
        if (ymode == Vp8Tables.B_PRED) {
            for (int b = 0; b < 16; b++) {
                int context = (ModeParser.aboveBlockMode(m, i, b) * 10 + ModeParser.leftBlockMode(m, i, b)) * 9;
                TreeCode.BMODE.write(e, Vp8Tables.KF_BMODE_PROBS, context, m.subModes[i * 16 + b]);
            }
        }
        TreeCode.UV_MODE.write(e, Vp8Tables.KF_UV_MODE_PROBS, 0, m.uvMode[i]);
    }

    // RFC 6386 §16, the inverse of ModeParser.readInterFrameModes.
    private void writeInterFrameModes(BoolEncoder e, int i, int row, int col) {
        FrameHeader h = header;
        Macroblocks m = macroblocks;
        int ref = m.refFrame[i];
        e.writeBool(h.probIntra, ref == Vp8Tables.INTRA_FRAME ? 0 : 1);
        if (ref == Vp8Tables.INTRA_FRAME) {
            int ymode = m.yMode[i];
            TreeCode.YMODE.write(e, probs.ymodeProbs, 0, ymode);
            if (ymode == Vp8Tables.B_PRED) {
                for (int b = 0; b < 16; b++) {
                    TreeCode.BMODE.write(e, Vp8Tables.BMODE_PROBS, 0, m.subModes[i * 16 + b]);
                }
            }
            TreeCode.UV_MODE.write(e, probs.uvModeProbs, 0, m.uvMode[i]);
            return;
        }
        e.writeBool(h.probLast, ref == Vp8Tables.LAST_FRAME ? 0 : 1);
        if (ref != Vp8Tables.LAST_FRAME) {
            e.writeBool(h.probGolden, ref == Vp8Tables.ALTREF_FRAME ? 1 : 0);
        }
        NearMvs nm = nearMvs;
        nm.find(h, m, i, row, col, ref);
        int mode = m.yMode[i];
        e.writeBool(Vp8Tables.MODE_CONTEXTS[nm.zeroContext * 4], mode == Vp8Tables.ZEROMV ? 0 : 1);
        if (mode == Vp8Tables.ZEROMV) {
            return;
        }
        e.writeBool(Vp8Tables.MODE_CONTEXTS[nm.nearestContext * 4 + 1], mode == Vp8Tables.NEARESTMV ? 0 : 1);
        if (mode == Vp8Tables.NEARESTMV) {
            return;
        }
        e.writeBool(Vp8Tables.MODE_CONTEXTS[nm.nearContext * 4 + 2], mode == Vp8Tables.NEARMV ? 0 : 1);
        if (mode == Vp8Tables.NEARMV) {
            return;
        }
        e.writeBool(Vp8Tables.MODE_CONTEXTS[nm.splitContext * 4 + 3], 0);
        MotionVectors.write(e, probs.mvProbs, m.mv[i], nm.best);
    }

    private FrameStatistics measure(int length) {
        Macroblocks m = macroblocks;
        int intra = 0;
        for (int row = 0; row < mbRows; row++) {
            for (int col = 0; col < mbCols; col++) {
                if (m.refFrame[m.index(row, col)] == Vp8Tables.INTRA_FRAME) {
                    intra++;
                }
            }
        }
        return new FrameStatistics(length, intra / (double) (mbCols * mbRows));
    }
}
