package io.purertc.srtp;

/**
 * One SSRC's rollover counter (ROC) and highest sequence number s_l, from which a packet's 48-bit index
 * ROC * 2^16 + SEQ is estimated: the guess v is ROC - 1, ROC or ROC + 1, whichever puts SEQ nearest to s_l.
 * Sender and receiver keep the same state, so the sender's ROC steps up when its sequence numbers wrap.
 * The state starts at the first packet's sequence number with ROC 0.
 */
// RFC 3711 §3.3.1, Appendix A
final class RolloverCounter {

    private static final int HALF = 1 << 15;

    private int highestSeq;
    private long roc;

    RolloverCounter(int firstSeq) {
        this.highestSeq = firstSeq;
    }

    /** The index of a packet with sequence number {@code seq}; negative if it would precede ROC 0. */
    long estimate(int seq) {
        long v;
        if (highestSeq < HALF) {
            v = seq - highestSeq > HALF ? roc - 1 : roc;
        } else {
            v = highestSeq - HALF > seq ? roc + 1 : roc;
        }
        return v < 0 ? -1 : v << 16 | seq;
    }

    /** Records a packet at {@code index}, which moves s_l and the ROC only when it is the newest yet. */
    void advance(long index) {
        if (index > (roc << 16 | highestSeq)) {
            roc = index >>> 16;
            highestSeq = (int) (index & 0xFFFF);
        }
    }
}
