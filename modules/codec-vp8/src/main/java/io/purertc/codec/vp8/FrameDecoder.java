package io.purertc.codec.vp8;

import io.purertc.media.CodecException;
import java.util.Arrays;

// RFC 6386 §5, §9-§19 frame decoding, arranged as libvpx decodeframe.c / onyxd_if.c do it so that the output
// matches vpxdec byte for byte; the reconstruction itself is FrameReconstructor's, shared with the encoder.
final class FrameDecoder {

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
    private final FrameReconstructor reconstructor = new FrameReconstructor();

    private Macroblocks macroblocks;
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
        FrameBuffer frame = reconstructor.startFrame(h);
        decodeMacroblocks(frame);
        reconstructor.finishFrame(h, m);
        if (!h.refreshEntropy) {
            probs.copyFrom(savedProbs);
        }
        haveKeyFrame = true;
        return h.showFrame ? frame : null;
    }

    private void allocate(int width, int height) throws CodecException {
        if (width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new CodecException("VP8", "frame size " + width + "x" + height + " at byte 6 exceeds this decoder's "
                    + MAX_DIMENSION + "x" + MAX_DIMENSION + " limit");
        }
        if (reconstructor.allocate(width, height)) {
            macroblocks = new Macroblocks((width + 15) >> 4, (height + 15) >> 4);
        }
    }

    private void decodeMacroblocks(FrameBuffer frame) throws CodecException {
        FrameHeader h = header;
        Macroblocks m = macroblocks;
        residuals.startFrame(m.cols);
        for (int row = 0; row < m.rows; row++) {
            BoolDecoder bd = partitions[row & (h.partitionCount - 1)];
            residuals.startRow();
            FrameReconstructor.startRow(frame, row);
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
            FrameReconstructor.endRow(frame, row);
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
            reconstructor.predictIntra(frame, m, i, row, col);
            if (ymode == Vp8Tables.B_PRED) {
                FrameReconstructor.copyAboveRightDown(frame, yPos);
                for (int b = 0; b < 16; b++) {
                    FrameReconstructor.predictSubblock(frame, m.subModes[i * 16 + b], yPos, b);
                    if (residual && eobs[b] > 0) {
                        FrameReconstructor.addSubblockResidual(frame, c, b, eobs[b], yPos);
                    }
                }
            }
        } else {
            reconstructor.predictInter(frame, m, i, row, col);
        }
        if (residual) {
            FrameReconstructor.addResiduals(frame, c, eobs, yPos, uvPos, ymode, hasY2);
            Arrays.fill(c, (short) 0);
        }
    }
}
