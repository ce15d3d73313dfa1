package io.purertc.codec.vp8;

// RFC 6386 §9.7-9.11, §13.4, §16.2, §17.2: the probabilities a frame may update and, when
// refresh_entropy_probs is 0, must give back afterwards (libvpx FRAME_CONTEXT fc / lfc).
final class EntropyContext {

    final int[] coefProbs = new int[Vp8Tables.COEF_PROB_COUNT];
    final int[] ymodeProbs = new int[4];
    final int[] uvModeProbs = new int[3];
    final int[] mvProbs = new int[2 * Vp8Tables.MVP_COUNT];

    /** The defaults a key frame starts from. */
    void reset() {
        System.arraycopy(Vp8Tables.DEFAULT_COEF_PROBS, 0, coefProbs, 0, coefProbs.length);
        System.arraycopy(Vp8Tables.DEFAULT_YMODE_PROBS, 0, ymodeProbs, 0, ymodeProbs.length);
        System.arraycopy(Vp8Tables.DEFAULT_UV_MODE_PROBS, 0, uvModeProbs, 0, uvModeProbs.length);
        System.arraycopy(Vp8Tables.DEFAULT_MV_PROBS, 0, mvProbs, 0, mvProbs.length);
    }

    void copyFrom(EntropyContext other) {
        System.arraycopy(other.coefProbs, 0, coefProbs, 0, coefProbs.length);
        System.arraycopy(other.ymodeProbs, 0, ymodeProbs, 0, ymodeProbs.length);
        System.arraycopy(other.uvModeProbs, 0, uvModeProbs, 0, uvModeProbs.length);
        System.arraycopy(other.mvProbs, 0, mvProbs, 0, mvProbs.length);
    }
}
