package io.purertc.rtcp;

import io.purertc.rtp.NtpTime;
import java.util.Optional;

/**
 * Reception statistics of one RTP source, kept as RFC 3550 Appendix A lays out, and the report
 * blocks they fill. Fed plain RTP header fields, so it works before any packet class exists.
 * Not thread-safe: it belongs to the thread that receives the source's packets.
 *
 * <p>A new source is on probation until {@link #MIN_SEQUENTIAL} packets arrive in sequence
 * (A.1); packets during probation are not counted. A jump of {@link #MAX_DROPOUT} or more
 * ahead, or of {@link #MAX_MISORDER} or more behind, is taken as a restart of the sequence once
 * the packet after it confirms it; until then it is not counted.
 */
// RFC 3550 §6.4.1, Appendix A.1, A.3, A.8
public final class ReceiverStatistics {

    public static final int MAX_DROPOUT = 3000;
    public static final int MAX_MISORDER = 100;
    public static final int MIN_SEQUENTIAL = 2;

    private static final int RTP_SEQ_MOD = 1 << 16;
    private static final int SEQ_MASK = RTP_SEQ_MOD - 1;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private final long ssrc;
    private final int clockRate;

    private boolean heard;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private int probation;
    private long received;
    private long expectedPrior;
    private long receivedPrior;

    private long arrivalOriginMicros;
    private boolean hasTransit;
    private int transit;
    /** Jitter in RTP timestamp units, times 16, as the integer form of A.8 keeps it. */
    private long jitterTimes16;

    private boolean hasSenderReport;
    private long lastSenderReportCompact;
    private long lastSenderReportArrivalMicros;

    /**
     * @param ssrc the source
     * @param clockRate its RTP clock rate in Hz, to turn arrival times into timestamp units
     */
    public ReceiverStatistics(long ssrc, int clockRate) {
        this.ssrc = Fields.u32("SSRC", ssrc);
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate is positive: " + clockRate);
        }
        this.clockRate = clockRate;
    }

    /**
     * Counts one RTP packet of this source.
     *
     * @param sequenceNumber its 16-bit sequence number
     * @param rtpTimestamp its 32-bit RTP timestamp
     * @param arrivalMicros when it arrived, in microseconds of any steady clock
     * @return whether the packet counts: false while the source is on probation and for a packet
     *     far out of sequence that may start a new sequence
     */
    public boolean onRtpPacket(int sequenceNumber, long rtpTimestamp, long arrivalMicros) {
        Fields.range("sequence number", sequenceNumber, 0, SEQ_MASK);
        Fields.u32("RTP timestamp", rtpTimestamp);
        if (!heard) {
            heard = true;
            initSeq(sequenceNumber);
            maxSeq = (sequenceNumber - 1) & SEQ_MASK;
            probation = MIN_SEQUENTIAL;
            arrivalOriginMicros = arrivalMicros;
        }
        if (!updateSeq(sequenceNumber)) {
            return false;
        }
        updateJitter(rtpTimestamp, arrivalMicros);
        return true;
    }

    /**
     * Notes a sender report from this source, for the LSR and DLSR of the next report blocks.
     *
     * @param ntpTimestamp the report's 64-bit NTP timestamp
     * @param arrivalMicros when it arrived, on the clock later passed to {@link #reportBlock(long)}
     */
    public void onSenderReport(long ntpTimestamp, long arrivalMicros) {
        hasSenderReport = true;
        lastSenderReportCompact = NtpTime.compact(ntpTimestamp);
        lastSenderReportArrivalMicros = arrivalMicros;
    }

    /**
     * The report block about this source as of {@code nowMicros}, closing the interval that
     * its fraction lost covers (the next block's fraction counts from here).
     *
     * @return empty while the source is on probation: there is nothing to report yet
     */
    // RFC 3550 Appendix A.3
    public Optional<ReportBlock> reportBlock(long nowMicros) {
        if (!isValid()) {
            return Optional.empty();
        }
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        long receivedInterval = received - receivedPrior;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fractionLost = expectedInterval == 0 || lostInterval <= 0 ? 0
                : (int) ((lostInterval << 8) / expectedInterval);
        int cumulativeLost = (int) Math.max(-(1 << 23), Math.min((1 << 23) - 1, cumulativeLost()));
        long lsr = hasSenderReport ? lastSenderReportCompact : 0;
        long dlsr = hasSenderReport
                ? NtpTime.compactFromMicros(Math.max(0, nowMicros - lastSenderReportArrivalMicros)) : 0;
        return Optional.of(new ReportBlock(ssrc, fractionLost, cumulativeLost,
                extendedHighestSequence() & 0xFFFF_FFFFL, jitter(), lsr, dlsr));
    }

    public long ssrc() {
        return ssrc;
    }

    /** Whether the source has passed probation (A.1) and its packets are counted. */
    public boolean isValid() {
        return heard && probation == 0;
    }

    /** Packets counted since the sequence began, late and duplicate ones included. */
    public long packetsReceived() {
        return received;
    }

    /** The highest sequence number seen, extended by 65536 for each wrap. */
    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    /** Packets expected minus packets received since the sequence began; negative with duplicates. */
    public long cumulativeLost() {
        return expected() - received;
    }

    /** Interarrival jitter in RTP timestamp units. */
    public long jitter() {
        return jitterTimes16 >> 4;
    }

    private long expected() {
        return extendedHighestSequence() - baseSeq + 1;
    }

    // RFC 3550 Appendix A.1 init_seq
    private void initSeq(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = RTP_SEQ_MOD + 1;
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    // RFC 3550 Appendix A.1 update_seq; "max_seq + 1" is taken modulo 2^16, as the RFC means it
    private boolean updateSeq(int seq) {
        int udelta = (seq - maxSeq) & SEQ_MASK;
        if (probation > 0) {
            if (seq == ((maxSeq + 1) & SEQ_MASK)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSeq(seq);
                    received++;
                    return true;
                }
            } else {
                probation = MIN_SEQUENTIAL - 1;
                maxSeq = seq;
            }
            return false;
        } else if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += RTP_SEQ_MOD;
            }
            maxSeq = seq;
        } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                initSeq(seq);
            } else {
                badSeq = (seq + 1) & SEQ_MASK;
                return false;
            }
        }
        // otherwise a duplicate, or a packet less than MAX_MISORDER late: counted, max_seq kept
        received++;
        return true;
    }

    // RFC 3550 Appendix A.8, integer form
    private void updateJitter(long rtpTimestamp, long arrivalMicros) {
        long arrival = Math.floorDiv((arrivalMicros - arrivalOriginMicros) * clockRate, MICROS_PER_SECOND);
        int transitNow = (int) (arrival - rtpTimestamp);
        if (hasTransit) {
            long d = Math.abs((long) (transitNow - transit));
            jitterTimes16 += d - ((jitterTimes16 + 8) >> 4);
        }
        transit = transitNow;
        hasTransit = true;
    }
}
