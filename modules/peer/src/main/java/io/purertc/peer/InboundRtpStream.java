package io.purertc.peer;

import io.purertc.media.MediaKind;
import io.purertc.rtcp.ReceiverStatistics;
import io.purertc.rtcp.ReportBlock;
import io.purertc.rtcp.SenderReport;
import java.util.Objects;
import java.util.Optional;

/**
 * One remote SSRC we receive: its RFC 3550 reception statistics, the report blocks we send about it, its latest
 * sender report (the NTP↔RTP pair that lines it up with the sender's other streams), and the feedback we sent.
 * All times are on the connection's Unix wall clock, in nanoseconds.
 */
// RFC 3550 §6.4.1, Appendix A.1, A.3, A.8
final class InboundRtpStream {

    private static final long NANOS_PER_MICRO = 1_000L;
    private static final double NANOS_PER_MILLI = 1e6;

    private final long ssrc;
    private final MediaKind kind;
    private final String mid;
    private final int clockRate;
    private final ReceiverStatistics statistics;

    private long packetsReceived;
    private long payloadBytesReceived;
    private long headerBytesReceived;
    private boolean heard;
    private long lastArrivalUnixNanos;
    private boolean receivedSinceReport;

    private SenderReport lastSenderReport;
    private int firSequence = -1;
    private long lastSenderReportArrivalUnixNanos;

    private long nackCount;
    private long pliCount;
    private long firCount;

    InboundRtpStream(long ssrc, MediaKind kind, String mid, int clockRate) {
        this.statistics = new ReceiverStatistics(ssrc, clockRate);
        this.ssrc = ssrc;
        this.kind = Objects.requireNonNull(kind);
        this.mid = Objects.requireNonNull(mid);
        this.clockRate = clockRate;
    }

    /**
     * Counts one RTP packet of this SSRC.
     *
     * @return whether it counts: not while the source is on probation or seems to restart its sequence
     *     ({@link ReceiverStatistics#onRtpPacket})
     */
    boolean onRtp(int sequenceNumber, long rtpTimestamp, int headerBytes, int payloadBytes, long arrivalUnixNanos) {
        heard = true;
        lastArrivalUnixNanos = arrivalUnixNanos;
        // W3C packetsReceived counts every packet; RFC 3550 A.1 statistics leave out those on probation.
        packetsReceived++;
        headerBytesReceived += headerBytes;
        payloadBytesReceived += payloadBytes;
        if (!statistics.onRtpPacket(sequenceNumber, rtpTimestamp, arrivalUnixNanos / NANOS_PER_MICRO)) {
            return false;
        }
        receivedSinceReport = true;
        return true;
    }

    /** Keeps a sender report of this SSRC: its LSR and arrival go into our next report block about it. */
    void onSenderReport(SenderReport report, long arrivalUnixNanos) {
        statistics.onSenderReport(report.ntpTimestamp(), arrivalUnixNanos / NANOS_PER_MICRO);
        lastSenderReport = report;
        lastSenderReportArrivalUnixNanos = arrivalUnixNanos;
    }

    /**
     * The report block about this SSRC as of {@code nowUnixNanos}, closing the interval its fraction lost
     * covers.
     *
     * @return empty when no packet counted since the last block: RFC 3550 §6.4.1 reports only sources heard
     *     since the last report
     */
    Optional<ReportBlock> reportBlock(long nowUnixNanos) {
        if (!receivedSinceReport) {
            return Optional.empty();
        }
        receivedSinceReport = false;
        return statistics.reportBlock(nowUnixNanos / NANOS_PER_MICRO);
    }

    /** The latest sender report from this SSRC, with its NTP↔RTP pair, if one came. */
    Optional<SenderReport> lastSenderReport() {
        return Optional.ofNullable(lastSenderReport);
    }

    /** When {@link #lastSenderReport()} arrived; meaningless without one. */
    long lastSenderReportArrivalUnixNanos() {
        return lastSenderReportArrivalUnixNanos;
    }

    /** Whether any RTP packet came, counted or not. */
    boolean heard() {
        return heard;
    }

    long lastArrivalUnixNanos() {
        return lastArrivalUnixNanos;
    }

    void onNackSent() {
        nackCount++;
    }

    void onPictureLossIndicationSent() {
        pliCount++;
    }

    void onFullIntraRequestSent() {
        firCount++;
    }

    /** The sequence number of our next FIR about this stream: the last plus one, modulo 256 (RFC 5104 §4.3.1.1). */
    int nextFullIntraRequestSequence() {
        firSequence = (firSequence + 1) & 0xFF;
        return firSequence;
    }

    long ssrc() {
        return ssrc;
    }

    /** The stream's record for getStats. */
    InboundRtpStats stats() {
        return new InboundRtpStats(InboundRtpStats.TYPE + "-" + ssrc, ssrc, kind.sdpName(), mid, packetsReceived,
                payloadBytesReceived, headerBytesReceived, statistics.isValid() ? statistics.cumulativeLost() : 0,
                statistics.jitter() / (double) clockRate, nackCount, pliCount, firCount,
                heard ? lastArrivalUnixNanos / NANOS_PER_MILLI : Double.NaN);
    }
}
