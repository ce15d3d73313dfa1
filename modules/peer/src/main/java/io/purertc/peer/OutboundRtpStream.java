package io.purertc.peer;

import io.purertc.media.MediaKind;
import io.purertc.rtcp.ReportBlock;
import io.purertc.rtcp.SenderReport;
import io.purertc.rtp.NtpTime;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One RTP stream we send: what its sender reports say, and what the remote side reports and asks about it.
 *
 * <p>Sender reports take their NTP time from the Unix wall clock the caller passes, one clock for every stream
 * of the connection, and extrapolate the RTP time from the capture time of the last packet sent (libwebrtc's
 * RTCPSender does the same), so the pairs of our audio and video streams map onto one time line of capture
 * instants, whatever delay each stream's encoding added, and a receiver can play them in sync.
 */
// RFC 3550 §6.4.1 (sender info, RTT), §6.4 (who sends SR); RFC 4585 §6.2.1, §6.3.1; RFC 5104 §4.3.1
final class OutboundRtpStream {

    private static final long LOW_32 = 0xFFFF_FFFFL;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final double COMPACT_UNITS_PER_SECOND = 65536.0;

    private final long ssrc;
    private final OptionalLong rtxSsrc;
    private final MediaKind kind;
    private final String mid;
    private final int clockRate;

    private long packetsSent;
    private long payloadBytesSent;
    private long headerBytesSent;
    private long lastRtpTimestamp;
    private long lastCaptureUnixNanos;
    /** Packets sent when the last report and the one before it were built, for "sent in the last two intervals". */
    private long packetsAtLastReport;
    private long packetsAtReportBefore;

    private double roundTripTime = Double.NaN;
    private double fractionLost;
    private long remotePacketsLost;
    private double remoteJitter;

    private long nackCount;
    private long retransmittedPacketsSent;
    private long retransmittedBytesSent;
    private long pliCount;
    private long firCount;
    private int lastFirSequenceNumber = -1;

    /**
     * @param ssrc the stream's SSRC
     * @param rtxSsrc the SSRC its retransmissions use (RFC 4588), if any
     * @param clockRate the RTP clock rate of its codec in Hz
     */
    OutboundRtpStream(long ssrc, OptionalLong rtxSsrc, MediaKind kind, String mid, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate is positive: " + clockRate);
        }
        if (ssrc >>> 32 != 0 || rtxSsrc.orElse(0) >>> 32 != 0) {
            throw new IllegalArgumentException("SSRCs are 32-bit unsigned: " + ssrc + ", " + rtxSsrc);
        }
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.kind = Objects.requireNonNull(kind);
        this.mid = Objects.requireNonNull(mid);
        this.clockRate = clockRate;
    }

    /**
     * Counts one RTP packet sent on this SSRC.
     *
     * @param headerBytes its header with extensions and any padding
     * @param payloadBytes its payload, what the SR octet count and {@code bytesSent} count
     * @param rtpTimestamp its RTP timestamp, the media time of {@code captureUnixNanos} for sender reports
     * @param captureUnixNanos when its media was captured, on the connection's wall clock
     */
    void onRtpSent(int headerBytes, int payloadBytes, long rtpTimestamp, long captureUnixNanos) {
        packetsSent++;
        headerBytesSent += headerBytes;
        payloadBytesSent += payloadBytes;
        lastRtpTimestamp = rtpTimestamp & LOW_32;
        lastCaptureUnixNanos = captureUnixNanos;
    }

    /**
     * Whether this stream sends a sender report: it sent RTP since the report before last, that is during the
     * current or the previous reporting interval (RFC 3550 §6.4).
     */
    boolean isSender() {
        return packetsSent > packetsAtReportBefore;
    }

    /** Closes a reporting interval, for {@link #isSender()}. */
    void onReportSent() {
        packetsAtReportBefore = packetsAtLastReport;
        packetsAtLastReport = packetsSent;
    }

    /**
     * The sender report for {@code nowUnixNanos}: the wall clock as NTP, the RTP time extrapolated from the
     * capture time of the last packet sent, and the packet and payload octet counts modulo 2<sup>32</sup>.
     *
     * @throws IllegalStateException before the first packet, when no RTP time is known
     */
    SenderReport senderReport(long nowUnixNanos, List<ReportBlock> reportBlocks) {
        if (packetsSent == 0) {
            throw new IllegalStateException("no RTP sent on SSRC " + ssrc + " yet");
        }
        return new SenderReport(ssrc, NtpTime.fromUnixNanos(nowUnixNanos), rtpTimestampAt(nowUnixNanos),
                packetsSent & LOW_32, payloadBytesSent & LOW_32, reportBlocks);
    }

    /** The last packet's RTP time plus the wall time since its capture, in clock ticks rounded to the nearest. */
    private long rtpTimestampAt(long unixNanos) {
        long elapsed = unixNanos - lastCaptureUnixNanos;
        long seconds = Math.floorDiv(elapsed, NANOS_PER_SECOND);
        long nanos = Math.floorMod(elapsed, NANOS_PER_SECOND);
        long ticks = seconds * clockRate + (nanos * clockRate + NANOS_PER_SECOND / 2) / NANOS_PER_SECOND;
        return (lastRtpTimestamp + ticks) & LOW_32;
    }

    /**
     * Takes what a report block about this stream says: loss, remote jitter and, when the block carries an LSR,
     * the round-trip time A − LSR − DLSR.
     *
     * @param arrivalUnixNanos when the compound holding the block arrived, on the connection's wall clock
     */
    void onReportBlock(ReportBlock block, long arrivalUnixNanos) {
        fractionLost = block.fractionLost() / 256.0;
        remotePacketsLost = block.cumulativeLost();
        remoteJitter = block.jitter() / (double) clockRate;
        OptionalLong rtt = block.roundTripTime(NtpTime.compact(NtpTime.fromUnixNanos(arrivalUnixNanos)));
        if (rtt.isPresent()) {
            roundTripTime = rtt.getAsLong() / COMPACT_UNITS_PER_SECOND;
        }
    }

    void onNack() {
        nackCount++;
    }

    void onPictureLossIndication() {
        pliCount++;
    }

    /** Counts one packet of this stream sent again in an RTX packet, with its original payload size. */
    void onRetransmitted(int payloadBytes) {
        retransmittedPacketsSent++;
        retransmittedBytesSent += payloadBytes;
    }

    /** The latest round-trip time from a report block in microseconds; 0 while none is known. */
    long roundTripMicros() {
        return Double.isNaN(roundTripTime) ? 0 : Math.round(roundTripTime * 1e6);
    }

    /**
     * Counts a FIR entry for this stream.
     *
     * @return whether it is a new request; a repeat keeps its sequence number and asks for nothing new
     *     (RFC 5104 §4.3.1.2)
     */
    boolean onFullIntraRequest(int sequenceNumber) {
        firCount++;
        boolean fresh = sequenceNumber != lastFirSequenceNumber;
        lastFirSequenceNumber = sequenceNumber;
        return fresh;
    }

    long ssrc() {
        return ssrc;
    }

    OptionalLong rtxSsrc() {
        return rtxSsrc;
    }

    /** The stream's record for getStats. */
    OutboundRtpStats stats() {
        return new OutboundRtpStats(OutboundRtpStats.TYPE + "-" + ssrc, ssrc, kind.sdpName(), mid, packetsSent,
                payloadBytesSent, headerBytesSent, nackCount, pliCount, firCount, roundTripTime, fractionLost,
                remotePacketsLost, remoteJitter, retransmittedPacketsSent, retransmittedBytesSent);
    }
}
