package io.purertc.codec.vp8;

import io.purertc.media.CodecException;
import java.util.Arrays;

// RFC 6386 §9 and §19.2, read as libvpx decodeframe.c vp8_decode_frame and decodemv.c mb_mode_mv_init do.
// Segmentation data and loop-filter deltas persist from frame to frame until a key frame resets them,
// so one instance lives as long as the decoder.
final class FrameHeader {

    static final int MAX_PARTITIONS = 8;

    // frame tag (§9.1)
    boolean keyFrame;
    int version;
    boolean showFrame;
    int firstPartitionSize;
    int headerSize;
    int width;
    int height;

    // §9.3 segmentation
    boolean segmentationEnabled;
    boolean updateSegmentMap;
    boolean segmentAbsolute;
    final int[] segmentQuant = new int[4];
    final int[] segmentFilterLevel = new int[4];
    final int[] segmentTreeProbs = new int[3];

    // §9.6 loop filter
    int filterType;
    int filterLevel;
    int sharpness;
    boolean filterDeltasEnabled;
    final int[] refFilterDeltas = new int[4];
    final int[] modeFilterDeltas = new int[4];

    // §9.5 token partitions: where each starts in the frame's bytes and how long it is
    int partitionCount;
    final int[] partitionOffset = new int[MAX_PARTITIONS];
    final int[] partitionSize = new int[MAX_PARTITIONS];

    // §9.6 quantiser indices
    int baseQ;
    int y1DcDelta;
    int y2DcDelta;
    int y2AcDelta;
    int uvDcDelta;
    int uvAcDelta;

    // §9.7-9.8 reference updates
    boolean refreshGolden;
    boolean refreshAltRef;
    int copyToGolden;
    int copyToAltRef;
    final boolean[] signBias = new boolean[4];
    boolean refreshEntropy;
    boolean refreshLast;

    // §9.10-9.11 and §19.2 per-macroblock header probabilities
    boolean mbNoCoeffSkip;
    int probSkipFalse;
    int probIntra;
    int probLast;
    int probGolden;

    /**
     * Reads the uncompressed data chunk (RFC 6386 §9.1, §19.1). On a key frame, also resets what key frames
     * reset (libvpx init_frame).
     */
    void readFrameTag(byte[] data, int offset, int length) throws CodecException {
        if (length < 3) {
            throw new CodecException("VP8", "frame of " + length
                    + " bytes is shorter than its 3-byte frame tag (RFC 6386 §9.1)");
        }
        int tag = (data[offset] & 0xFF) | (data[offset + 1] & 0xFF) << 8 | (data[offset + 2] & 0xFF) << 16;
        keyFrame = (tag & 1) == 0;
        version = (tag >> 1) & 7;
        showFrame = ((tag >> 4) & 1) == 1;
        firstPartitionSize = tag >>> 5;
        headerSize = 3;
        if (firstPartitionSize == 0) {
            throw new CodecException("VP8", "first partition size is 0 at byte 0 (RFC 6386 §9.1)");
        }
        if (keyFrame) {
            if (length < 10) {
                throw new CodecException("VP8", "key frame of " + length
                        + " bytes is shorter than its 10-byte header (RFC 6386 §9.1)");
            }
            if ((data[offset + 3] & 0xFF) != 0x9D || (data[offset + 4] & 0xFF) != 0x01
                    || (data[offset + 5] & 0xFF) != 0x2A) {
                throw new CodecException("VP8", "key frame start code is not 9d 01 2a at byte 3 (RFC 6386 §9.1)");
            }
            // the top two bits of each are the upscaling hint, which decoding ignores (libvpx does too)
            width = ((data[offset + 6] & 0xFF) | (data[offset + 7] & 0xFF) << 8) & 0x3FFF;
            height = ((data[offset + 8] & 0xFF) | (data[offset + 9] & 0xFF) << 8) & 0x3FFF;
            if (width == 0 || height == 0) {
                throw new CodecException("VP8", "key frame size " + width + "x" + height
                        + " at byte 6 is empty (RFC 6386 §9.1)");
            }
            headerSize = 10;
        }
        if (length - headerSize < firstPartitionSize) {
            throw new CodecException("VP8", "first partition of " + firstPartitionSize + " bytes at byte " + headerSize
                    + " runs past the frame's " + length + " bytes (RFC 6386 §9.1)");
        }
    }

    /**
     * Reads the frame header from the first partition (RFC 6386 §9.2-9.11, §19.2), leaving {@code bd} at the
     * first macroblock header. {@code probs} is updated in place; {@code saved} receives its state when this
     * frame's updates are not to persist.
     */
    void readHeader(byte[] data, int offset, int length, BoolDecoder bd, EntropyContext probs, EntropyContext saved)
            throws CodecException {
        if (keyFrame) {
            probs.reset();
            Arrays.fill(segmentQuant, 0);
            Arrays.fill(segmentFilterLevel, 0);
            segmentAbsolute = false;
            Arrays.fill(refFilterDeltas, 0);
            Arrays.fill(modeFilterDeltas, 0);
            refreshGolden = true;
            refreshAltRef = true;
            copyToGolden = 0;
            copyToAltRef = 0;
            signBias[Vp8Tables.GOLDEN_FRAME] = false;
            signBias[Vp8Tables.ALTREF_FRAME] = false;
        }
        // libvpx reads the first partition with the rest of the frame behind it, not cut at its size
        bd.init(data, offset + headerSize, length - headerSize);
        if (keyFrame) {
            bd.readFlag(); // colour space: decoding ignores it
            bd.readFlag(); // clamping type: libvpx always clamps
        }
        readSegmentation(bd);
        filterType = bd.readLiteral(1);
        filterLevel = bd.readLiteral(6);
        sharpness = bd.readLiteral(3);
        readFilterDeltas(bd);
        partitionCount = 1 << bd.readLiteral(2);
        locatePartitions(data, offset, length);
        baseQ = bd.readLiteral(7);
        y1DcDelta = readQuantDelta(bd);
        y2DcDelta = readQuantDelta(bd);
        y2AcDelta = readQuantDelta(bd);
        uvDcDelta = readQuantDelta(bd);
        uvAcDelta = readQuantDelta(bd);
        if (!keyFrame) {
            refreshGolden = bd.readFlag();
            refreshAltRef = bd.readFlag();
            copyToGolden = refreshGolden ? 0 : bd.readLiteral(2);
            copyToAltRef = refreshAltRef ? 0 : bd.readLiteral(2);
            signBias[Vp8Tables.GOLDEN_FRAME] = bd.readFlag();
            signBias[Vp8Tables.ALTREF_FRAME] = bd.readFlag();
        }
        refreshEntropy = bd.readFlag();
        if (!refreshEntropy) {
            saved.copyFrom(probs);
        }
        refreshLast = keyFrame || bd.readFlag();
        int[] coef = probs.coefProbs;
        for (int i = 0; i < coef.length; i++) {
            if (bd.readBool(Vp8Tables.COEF_UPDATE_PROBS[i]) == 1) {
                coef[i] = bd.readLiteral(8);
            }
        }
        mbNoCoeffSkip = bd.readFlag();
        probSkipFalse = mbNoCoeffSkip ? bd.readLiteral(8) : 0;
        if (!keyFrame) {
            probIntra = bd.readLiteral(8);
            probLast = bd.readLiteral(8);
            probGolden = bd.readLiteral(8);
            if (bd.readFlag()) {
                for (int i = 0; i < 4; i++) {
                    probs.ymodeProbs[i] = bd.readLiteral(8);
                }
            }
            if (bd.readFlag()) {
                for (int i = 0; i < 3; i++) {
                    probs.uvModeProbs[i] = bd.readLiteral(8);
                }
            }
            readMvProbs(bd, probs.mvProbs);
        }
    }

    private void readSegmentation(BoolDecoder bd) {
        segmentationEnabled = bd.readFlag();
        updateSegmentMap = false;
        if (!segmentationEnabled) {
            return;
        }
        updateSegmentMap = bd.readFlag();
        boolean updateData = bd.readFlag();
        if (updateData) {
            segmentAbsolute = bd.readFlag();
            for (int i = 0; i < 4; i++) {
                segmentQuant[i] = bd.readFlag() ? bd.readSignedLiteral(7) : 0;
            }
            for (int i = 0; i < 4; i++) {
                segmentFilterLevel[i] = bd.readFlag() ? bd.readSignedLiteral(6) : 0;
            }
        }
        if (updateSegmentMap) {
            for (int i = 0; i < 3; i++) {
                segmentTreeProbs[i] = bd.readFlag() ? bd.readLiteral(8) : 255;
            }
        }
    }

    private void readFilterDeltas(BoolDecoder bd) {
        filterDeltasEnabled = bd.readFlag();
        if (filterDeltasEnabled && bd.readFlag()) {
            for (int i = 0; i < 4; i++) {
                if (bd.readFlag()) {
                    refFilterDeltas[i] = bd.readSignedLiteral(6);
                }
            }
            for (int i = 0; i < 4; i++) {
                if (bd.readFlag()) {
                    modeFilterDeltas[i] = bd.readSignedLiteral(6);
                }
            }
        }
    }

    private static int readQuantDelta(BoolDecoder bd) {
        return bd.readFlag() ? bd.readSignedLiteral(4) : 0;
    }

    private static void readMvProbs(BoolDecoder bd, int[] mvProbs) {
        for (int i = 0; i < mvProbs.length; i++) {
            if (bd.readBool(Vp8Tables.MV_UPDATE_PROBS[i]) == 1) {
                int x = bd.readLiteral(7);
                mvProbs[i] = x != 0 ? x << 1 : 1;
            }
        }
    }

    // §9.5: the sizes of all partitions but the last follow the first partition, 3 bytes each. Like libvpx,
    // a size of 0 or one running past the frame is corrupt; partitions after the data ran out are empty.
    private void locatePartitions(byte[] data, int offset, int length) throws CodecException {
        int sizesAt = headerSize + firstPartitionSize;
        int dataAt = sizesAt + 3 * (partitionCount - 1);
        if (dataAt > length) {
            throw new CodecException("VP8", "the sizes of " + partitionCount + " token partitions at byte " + sizesAt
                    + " run past the frame's " + length + " bytes (RFC 6386 §9.5)");
        }
        int at = dataAt;
        for (int i = 0; i < partitionCount; i++) {
            int remaining = length - at;
            int size;
            if (remaining == 0) {
                size = 0;
            } else if (i < partitionCount - 1) {
                int p = offset + sizesAt + 3 * i;
                size = (data[p] & 0xFF) | (data[p + 1] & 0xFF) << 8 | (data[p + 2] & 0xFF) << 16;
                if (size == 0 || size > remaining) {
                    throw new CodecException("VP8", "token partition " + (i + 1) + " of " + size + " bytes at byte "
                            + at + " does not fit the " + remaining + " bytes left (RFC 6386 §9.5)");
                }
            } else {
                size = remaining;
            }
            partitionOffset[i] = offset + at;
            partitionSize[i] = size;
            at += size;
        }
    }
}
