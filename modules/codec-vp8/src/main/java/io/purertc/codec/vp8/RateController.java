package io.purertc.codec.vp8;

/**
 * One-pass constant-bitrate rate control for real-time VP8, after libvpx's (ratectrl.c, onyx_if.c): a leaky
 * bucket that fills at the target bitrate and drains by each frame's size, a per-frame budget leaning against
 * the bucket's distance from its optimal level, the quantiser index from a bits-per-macroblock model scaled by
 * a correction factor learned from what the last frames really cost, and frames dropped when the bucket runs
 * low (the sender has spent more than the network carries and its queue would overflow).
 */
// libvpx vp8/encoder/ratectrl.c (calc_pframe_target_size, vp8_regulate_q, vp8_update_rate_correction_factors),
// onyx_if.c (vp8_new_framerate, update_buffer_level, the drop_frames_water_mark check); buffer sizes and drop
// threshold as libwebrtc's libvpx_vp8_encoder.cc configures them
final class RateController {

    /** The bucket's level when the stream starts (rc_buf_initial_sz). */
    static final int STARTING_BUFFER_MS = 500;
    /** The level the per-frame budget steers towards (rc_buf_optimal_sz). */
    static final int OPTIMAL_BUFFER_MS = 600;
    /** The bucket's capacity: bits not spent beyond it are lost, so a quiet scene cannot bank a burst (rc_buf_sz). */
    static final int MAXIMUM_BUFFER_MS = 1000;
    /** Inter frames are dropped while the level is below this share of the optimal level (rc_dropframe_thresh). */
    static final int DROP_WATERMARK_PERCENT = 30;
    /** How far below / above the per-frame bandwidth the budget may go (rc_undershoot_pct, rc_overshoot_pct). */
    private static final int UNDERSHOOT_PERCENT = 100;
    private static final int OVERSHOOT_PERCENT = 15;

    // libvpx's vp8_bits_per_mb tables are 450000/Q (intra, Q the DC step / 10) and 285000/Q (inter, Q the AC
    // step / 10) in 1/512 bit units; computing them from the quantiser tables gives the same shape.
    private static final int BPER_MB_NORMBITS = 9;
    private static final double KEY_BITS_PER_MB_TIMES_STEP = 4_500_000;
    private static final double INTER_BITS_PER_MB_TIMES_STEP = 2_850_000;
    private static final double MIN_CORRECTION = 0.01;
    private static final double MAX_CORRECTION = 50.0;
    // How much of a measured error one frame moves the factor: libvpx's 0.75 undamped / 0.25 damped; a key
    // frame's factor is learnt from few samples, so it moves fast, the inter factor more steadily.
    private static final double KEY_ADJUSTMENT_LIMIT = 0.75;
    private static final double INTER_ADJUSTMENT_LIMIT = 0.375;

    private final int minQ;
    private final int maxQ;
    private int macroblocks;
    private double framesPerSecond;
    private int bitsPerSecond;
    private long perFrameBits;
    private long optimalBits;
    private long maximumBits;
    private long bufferLevel;
    private double keyCorrection = 1.0;
    private double interCorrection = 1.0;

    /**
     * @param macroblocks macroblocks per frame
     * @param framesPerSecond the rate frames arrive at (of this layer, with temporal layers)
     * @param bitsPerSecond the bitrate to aim at
     * @param minQ lowest quantiser index allowed, 0..127
     * @param maxQ highest quantiser index allowed, minQ..127
     */
    RateController(int macroblocks, double framesPerSecond, int bitsPerSecond, int minQ, int maxQ) {
        if (minQ < 0 || maxQ > 127 || minQ > maxQ) {
            throw new IllegalArgumentException("q range " + minQ + ".." + maxQ + " is not within 0..127");
        }
        this.minQ = minQ;
        this.maxQ = maxQ;
        this.macroblocks = macroblocks;
        this.framesPerSecond = framesPerSecond;
        configure(bitsPerSecond);
        bufferLevel = Math.min(maximumBits, msToBits(STARTING_BUFFER_MS));
    }

    /** Aims at a new bitrate from the next frame on; the bucket keeps its bits, capped at the new maximum. */
    void setTargetBitrate(int bitsPerSecond) {
        configure(bitsPerSecond);
        bufferLevel = Math.min(bufferLevel, maximumBits);
    }

    void setFrameRate(double framesPerSecond) {
        this.framesPerSecond = framesPerSecond;
        configure(bitsPerSecond);
    }

    void setMacroblocks(int macroblocks) {
        this.macroblocks = macroblocks;
    }

    private void configure(int bitsPerSecond) {
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("target bitrate must be positive: " + bitsPerSecond);
        }
        if (!(framesPerSecond > 0)) {
            throw new IllegalArgumentException("frame rate must be positive: " + framesPerSecond);
        }
        this.bitsPerSecond = bitsPerSecond;
        perFrameBits = Math.max(1, Math.round(bitsPerSecond / framesPerSecond));
        optimalBits = msToBits(OPTIMAL_BUFFER_MS);
        maximumBits = msToBits(MAXIMUM_BUFFER_MS);
    }

    private long msToBits(int ms) {
        return (long) bitsPerSecond * ms / 1000;
    }

    long bufferLevel() {
        return bufferLevel;
    }

    long maximumBufferLevel() {
        return maximumBits;
    }

    /** Whether the next inter frame should be dropped: the bucket is below the drop watermark. */
    boolean shouldDrop() {
        return bufferLevel < optimalBits * DROP_WATERMARK_PERCENT / 100;
    }

    /** A frame was dropped: its share of the bandwidth refills the bucket and nothing drains it. */
    void frameDropped() {
        fill(perFrameBits);
    }

    /**
     * The bits the next frame may cost. An inter frame gets the per-frame bandwidth, less when the bucket is
     * below its optimal level, more when above; a key frame half the optimal level (libwebrtc's maximum
     * intra-frame target, {@code rc_max_intra_bitrate_pct}), but never more than the bucket holds.
     */
    long frameTarget(boolean keyFrame) {
        if (keyFrame) {
            return Math.max(perFrameBits, Math.min(optimalBits / 2, bufferLevel));
        }
        long onePercent = 1 + optimalBits / 100;
        long target = perFrameBits;
        if (bufferLevel < optimalBits) {
            long percentLow = Math.min(UNDERSHOOT_PERCENT, (optimalBits - bufferLevel) / onePercent);
            target -= target * percentLow / 200;
        } else {
            long percentHigh = Math.min(OVERSHOOT_PERCENT, (bufferLevel - optimalBits) / onePercent);
            target += target * percentHigh / 200;
        }
        return Math.max(target, perFrameBits / 4);
    }

    /**
     * The quantiser index whose predicted size is nearest the target from below (or the next lower one when
     * that is nearer), within the allowed range.
     */
    int chooseQ(boolean keyFrame, long targetBits) {
        double targetPerMb = (double) (targetBits << BPER_MB_NORMBITS) / macroblocks;
        double lastError = Double.MAX_VALUE;
        for (int q = minQ; q <= maxQ; q++) {
            double atQ = correction(keyFrame) * bitsPerMb(keyFrame, q);
            if (atQ <= targetPerMb) {
                return targetPerMb - atQ <= lastError || q == minQ ? q : q - 1;
            }
            lastError = atQ - targetPerMb;
        }
        return maxQ;
    }

    /** The predicted size of a frame at {@code q} with what the model has learnt so far. */
    long predictedBits(boolean keyFrame, int q) {
        return Math.round(correction(keyFrame) * bitsPerMb(keyFrame, q) * macroblocks) >> BPER_MB_NORMBITS;
    }

    /** Learns from a frame's real size and drains the bucket by it. */
    void frameEncoded(boolean keyFrame, int q, long actualBits) {
        long predicted = predictedBits(keyFrame, q);
        if (predicted > 0) {
            double ratio = (double) actualBits / predicted;
            double limit = keyFrame ? KEY_ADJUSTMENT_LIMIT : INTER_ADJUSTMENT_LIMIT;
            // libvpx leaves the factor alone within a 2 % dead band, so noise does not make it wander
            if (ratio > 1.02 || ratio < 0.99) {
                double factor = correction(keyFrame) * (1 + (ratio - 1) * limit);
                factor = Math.max(MIN_CORRECTION, Math.min(MAX_CORRECTION, factor));
                if (keyFrame) {
                    keyCorrection = factor;
                } else {
                    interCorrection = factor;
                }
            }
        }
        fill(perFrameBits - actualBits);
    }

    private void fill(long bits) {
        bufferLevel = Math.min(maximumBits, bufferLevel + bits);
    }

    private double correction(boolean keyFrame) {
        return keyFrame ? keyCorrection : interCorrection;
    }

    private static double bitsPerMb(boolean keyFrame, int q) {
        return keyFrame ? KEY_BITS_PER_MB_TIMES_STEP / Vp8Tables.DC_QLOOKUP[q]
                : INTER_BITS_PER_MB_TIMES_STEP / Vp8Tables.AC_QLOOKUP[q];
    }
}
