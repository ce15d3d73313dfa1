package io.purertc.codec.vp8;

/**
 * What the last frame cost and how it looked, for the rate controller.
 *
 * @param bytes the frame's length
 * @param modeBits bits of the first partition: frame header, modes and motion vectors
 * @param residualBits bits of the token partition
 * @param meanSquaredError per displayed pixel (luma and chroma together) of the reconstruction against the source
 * @param intraShare the share of intra macroblocks, 0..1 (1 for key frames; high on an inter frame means a cut)
 * @param meanMotion mean absolute motion vector component of the inter macroblocks, in pixels
 * @param filterLevel the loop filter level the frame was coded with
 */
record FrameStatistics(
        int bytes,
        long modeBits,
        long residualBits,
        double meanSquaredError,
        double intraShare,
        double meanMotion,
        int filterLevel) {
}
