package io.purertc.codec.vp8;

/**
 * What the last frame cost and how it looked, for the frame planner.
 *
 * @param bytes the frame's length
 * @param intraShare the share of intra macroblocks, 0..1 (1 for key frames; high on an inter frame means a cut)
 */
record FrameStatistics(int bytes, double intraShare) {
}
