package io.purertc.codec.vp8;

/**
 * What one frame is to be (RFC 6386 §9): the rate controller decides, {@link FrameEncoder} obeys.
 *
 * @param qIndex base quantiser index 0..127 (§9.6); the deltas are 0
 * @param loopFilterLevel 0..63, or -1 for the level FrameEncoder derives from qIndex
 * @param sharpness 0..7
 * @param referenceMask which references inter macroblocks may use: bit 0 last, 1 golden, 2 altref
 * @param refreshEntropy false in error-resilient mode (refresh_entropy_probs = 0)
 * @param speed 0 (best, slowest) .. 8 (real time, fastest)
 */
record FrameParameters(
        boolean keyFrame,
        int qIndex,
        int loopFilterLevel,
        int sharpness,
        boolean refreshLast,
        boolean refreshGolden,
        boolean refreshAltRef,
        int referenceMask,
        boolean refreshEntropy,
        int speed) {

    FrameParameters {
        if (qIndex < 0 || qIndex > 127) {
            throw new IllegalArgumentException("qIndex out of 0..127: " + qIndex);
        }
        if (loopFilterLevel < -1 || loopFilterLevel > 63) {
            throw new IllegalArgumentException("loopFilterLevel out of -1..63: " + loopFilterLevel);
        }
        if (sharpness < 0 || sharpness > 7) {
            throw new IllegalArgumentException("sharpness out of 0..7: " + sharpness);
        }
        if (referenceMask < 0 || referenceMask > 7) {
            throw new IllegalArgumentException("referenceMask out of 0..7: " + referenceMask);
        }
        if (speed < 0 || speed > 8) {
            throw new IllegalArgumentException("speed out of 0..8: " + speed);
        }
    }

    /** A key frame at {@code qIndex} with the derived loop filter level. */
    static FrameParameters key(int qIndex, int speed) {
        return new FrameParameters(true, qIndex, -1, 0, true, true, true, 0, true, speed);
    }

    /** An inter frame from the last frame only, refreshing only the last frame. */
    static FrameParameters inter(int qIndex, int speed) {
        return new FrameParameters(false, qIndex, -1, 0, true, false, false, 1, true, speed);
    }
}
