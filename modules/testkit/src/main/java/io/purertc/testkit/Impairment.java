package io.purertc.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What one direction of an {@link ImpairmentProxy} does to the datagrams that pass it: loss (random
 * or Gilbert-Elliott bursts), a bandwidth cap (token bucket feeding a drop-tail queue), a fixed
 * delay with jitter, explicit reordering and duplication, in that order, each packet's random
 * decisions drawn from the proxy's seed in packet order. Optionally only the packets a predicate
 * selects are impaired; the others pass this impairment untouched.
 *
 * <p>Probabilities are fractions (0.05 is 5 %). Build with {@link #builder()}; {@link #NONE} passes
 * everything at once.
 */
public final class Impairment {

    /** Passes every datagram unchanged and without delay. */
    public static final Impairment NONE = builder().build();

    /** The shape of the random delay added to the fixed delay. */
    public enum Jitter {
        /** No random delay. */
        NONE,
        /** Uniform between zero and the spread. */
        UNIFORM,
        /** Normal with the spread as standard deviation, centred on the fixed delay (never below zero delay). */
        NORMAL
    }

    private final long delayNanos;
    private final Jitter jitter;
    private final long jitterNanos;
    private final boolean jitterReorders;
    private final double loss;
    private final double goodToBad;
    private final double badToGood;
    private final double lossInBad;
    private final double reorder;
    private final long reorderHoldNanos;
    private final double duplicate;
    private final long capBitsPerSecond;
    private final int bucketBytes;
    private final int queueLimitBytes;
    private final long queueLimitNanos;
    private final Predicate<byte[]> appliesTo;

    private Impairment(Builder b) {
        delayNanos = b.delayNanos;
        jitter = b.jitter;
        jitterNanos = b.jitterNanos;
        jitterReorders = b.jitterReorders;
        loss = b.loss;
        goodToBad = b.goodToBad;
        badToGood = b.badToGood;
        lossInBad = b.lossInBad;
        reorder = b.reorder;
        reorderHoldNanos = b.reorderHoldNanos;
        duplicate = b.duplicate;
        capBitsPerSecond = b.capBitsPerSecond;
        bucketBytes = b.bucketBytes;
        queueLimitBytes = b.queueLimitBytes;
        queueLimitNanos = b.queueLimitNanos;
        appliesTo = b.appliesTo;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Selects RTP packets (not RTCP) of one synchronization source. The RTP header stays in the
     * clear under SRTP, so this works on protected packets; remember the stream's RTX SSRC too.
     */
    // RFC 3550 §5.1 (SSRC at bytes 8..11), RFC 7983 §7 and RFC 5761 §4 (RTP versus RTCP)
    public static Predicate<byte[]> rtpSsrc(long ssrc) {
        return packet -> isRtp(packet) && (((packet[8] & 0xFFL) << 24 | (packet[9] & 0xFFL) << 16
                | (packet[10] & 0xFFL) << 8 | (packet[11] & 0xFFL)) == ssrc);
    }

    /** Selects RTP packets (not RTCP) of one payload type, as {@link #rtpSsrc} does by SSRC. */
    // RFC 3550 §5.1 (PT is the low seven bits of byte 1), RFC 7983 §7, RFC 5761 §4
    public static Predicate<byte[]> rtpPayloadType(int payloadType) {
        return packet -> isRtp(packet) && (packet[1] & 0x7F) == payloadType;
    }

    /**
     * An RTP packet on a port shared with STUN, DTLS and RTCP: first byte 128..191, and a second
     * byte whose low seven bits are not 64..95, which would be RTCP packet types 192..223.
     */
    private static boolean isRtp(byte[] packet) {
        if (packet.length < 12) {
            return false;
        }
        int first = packet[0] & 0xFF;
        int type = packet[1] & 0x7F;
        return first >= 128 && first <= 191 && (type < 64 || type > 95);
    }

    long delayNanos() {
        return delayNanos;
    }

    Jitter jitter() {
        return jitter;
    }

    long jitterNanos() {
        return jitterNanos;
    }

    boolean jitterReorders() {
        return jitterReorders;
    }

    double loss() {
        return loss;
    }

    boolean burstLoss() {
        return goodToBad > 0;
    }

    double goodToBad() {
        return goodToBad;
    }

    double badToGood() {
        return badToGood;
    }

    double lossInBad() {
        return lossInBad;
    }

    double reorder() {
        return reorder;
    }

    long reorderHoldNanos() {
        return reorderHoldNanos;
    }

    double duplicate() {
        return duplicate;
    }

    boolean capped() {
        return capBitsPerSecond > 0;
    }

    long capBitsPerSecond() {
        return capBitsPerSecond;
    }

    int bucketBytes() {
        return bucketBytes;
    }

    int queueLimitBytes() {
        return queueLimitBytes;
    }

    long queueLimitNanos() {
        return queueLimitNanos;
    }

    boolean appliesTo(byte[] packet) {
        return appliesTo == null || appliesTo.test(packet);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Impairment[delay=").append(delayNanos / 1e6).append("ms");
        if (jitter != Jitter.NONE) {
            s.append(", jitter=").append(jitter).append(' ').append(jitterNanos / 1e6).append("ms")
                    .append(jitterReorders ? " reordering" : " in order");
        }
        s.append(", loss=").append(loss);
        if (burstLoss()) {
            s.append(", burst=").append(goodToBad).append('/').append(badToGood).append('/').append(lossInBad);
        }
        if (reorder > 0) {
            s.append(", reorder=").append(reorder).append(" by ").append(reorderHoldNanos / 1e6).append("ms");
        }
        s.append(", duplicate=").append(duplicate);
        if (capped()) {
            s.append(", cap=").append(capBitsPerSecond).append("b/s bucket ").append(bucketBytes).append('B')
                    .append(" queue ").append(queueLimitBytes > 0 ? queueLimitBytes + "B" : queueLimitNanos / 1e6 + "ms");
        }
        return s.append(appliesTo == null ? "" : ", selected packets").append(']').toString();
    }

    /** Collects an {@link Impairment}; every setting starts off (no delay, no loss, no cap). */
    public static final class Builder {

        private long delayNanos;
        private Jitter jitter = Jitter.NONE;
        private long jitterNanos;
        private boolean jitterReorders;
        private double loss;
        private double goodToBad;
        private double badToGood = 1;
        private double lossInBad;
        private double reorder;
        private long reorderHoldNanos;
        private double duplicate;
        private long capBitsPerSecond;
        private int bucketBytes;
        private int queueLimitBytes;
        private long queueLimitNanos;
        private Predicate<byte[]> appliesTo;

        private Builder() {
        }

        /** A fixed delay added to every packet. */
        public Builder delay(Duration delay) {
            delayNanos = nonNegativeNanos(delay, "delay");
            return this;
        }

        /** Adds a delay uniform in [0, max) to the fixed delay. */
        public Builder uniformJitter(Duration max) {
            jitter = Jitter.UNIFORM;
            jitterNanos = nonNegativeNanos(max, "jitter");
            return this;
        }

        /** Adds a normal deviation with standard deviation {@code sigma}; the total delay never goes below zero. */
        public Builder normalJitter(Duration sigma) {
            jitter = Jitter.NORMAL;
            jitterNanos = nonNegativeNanos(sigma, "jitter");
            return this;
        }

        /**
         * Whether jitter may reorder packets. Off by default: like a real queue, a packet then
         * never leaves before the one that arrived before it, so jitter only bunches packets up.
         */
        public Builder jitterReorders(boolean reorders) {
            jitterReorders = reorders;
            return this;
        }

        /** Random loss; with {@link #burstLoss} it is the loss in the good state. */
        public Builder loss(double fraction) {
            loss = probability(fraction, "loss");
            return this;
        }

        /**
         * Gilbert-Elliott burst loss: before each packet the channel moves from good to bad with
         * {@code goodToBad} and back with {@code badToGood}; then the packet is lost with
         * {@link #loss} in the good state or {@code lossInBad} in the bad one.
         */
        public Builder burstLoss(double goodToBad, double badToGood, double lossInBad) {
            this.goodToBad = probability(goodToBad, "goodToBad");
            this.badToGood = probability(badToGood, "badToGood");
            this.lossInBad = probability(lossInBad, "lossInBad");
            return this;
        }

        /** Holds back {@code fraction} of the packets by {@code hold} more, so later ones overtake them. */
        public Builder reorder(double fraction, Duration hold) {
            reorder = probability(fraction, "reorder");
            reorderHoldNanos = nonNegativeNanos(hold, "reorder hold");
            return this;
        }

        /** Sends {@code fraction} of the packets twice. */
        public Builder duplicate(double fraction) {
            duplicate = probability(fraction, "duplicate");
            return this;
        }

        /**
         * Caps the rate of UDP payload bytes with a token bucket of {@code bucketBytes} that fills
         * at {@code bitsPerSecond}; packets wait for tokens in a queue of at most
         * {@code queueLimitBytes} (packets waiting, this one included) and are dropped when it is full.
         */
        public Builder bandwidthCap(long bitsPerSecond, int bucketBytes, int queueLimitBytes) {
            cap(bitsPerSecond, bucketBytes);
            if (queueLimitBytes <= 0) {
                throw new IllegalArgumentException("queue limit must be positive: " + queueLimitBytes);
            }
            this.queueLimitBytes = queueLimitBytes;
            this.queueLimitNanos = 0;
            return this;
        }

        /** As {@link #bandwidthCap(long, int, int)}, but dropping packets that would wait longer than {@code queueLimit}. */
        public Builder bandwidthCap(long bitsPerSecond, int bucketBytes, Duration queueLimit) {
            cap(bitsPerSecond, bucketBytes);
            long limit = nonNegativeNanos(queueLimit, "queue limit");
            if (limit == 0) {
                throw new IllegalArgumentException("queue limit must be positive: " + queueLimit);
            }
            this.queueLimitNanos = limit;
            this.queueLimitBytes = 0;
            return this;
        }

        /**
         * Impairs only the packets {@code selector} accepts; the others pass this impairment
         * untouched. It runs on the proxy's thread, sees the whole datagram and must not change it.
         */
        public Builder appliesTo(Predicate<byte[]> selector) {
            appliesTo = Objects.requireNonNull(selector, "selector");
            return this;
        }

        public Impairment build() {
            return new Impairment(this);
        }

        private void cap(long bitsPerSecond, int bucketBytes) {
            if (bitsPerSecond <= 0 || bucketBytes <= 0) {
                throw new IllegalArgumentException("cap rate and bucket must be positive: " + bitsPerSecond
                        + " b/s, " + bucketBytes + " B");
            }
            this.capBitsPerSecond = bitsPerSecond;
            this.bucketBytes = bucketBytes;
        }

        private static long nonNegativeNanos(Duration d, String what) {
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative: " + d);
            }
            return d.toNanos();
        }

        private static double probability(double p, String what) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(what + " must be a fraction in [0, 1]: " + p);
            }
            return p;
        }
    }
}
