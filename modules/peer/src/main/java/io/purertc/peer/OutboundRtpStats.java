package io.purertc.peer;

import java.util.Objects;

/**
 * What we sent on one SSRC (W3C {@code RTCOutboundRtpStreamStats}), and what the receiver's reports say about
 * it (the loss, jitter and round-trip time that W3C keeps in {@code RTCRemoteInboundRtpStreamStats}).
 *
 * @param ssrc our source
 * @param kind {@code "audio"} or {@code "video"}
 * @param mid the MID of the m-section the stream belongs to
 * @param packetsSent RTP packets sent
 * @param bytesSent payload bytes of those packets, as the sender report's octet count counts them
 * @param headerBytesSent RTP header, extension and padding bytes of those packets
 * @param nackCount NACK packets received about this stream
 * @param pliCount PLI packets received about this stream
 * @param firCount FIR requests received for this stream
 * @param roundTripTime the latest round-trip time in seconds from a report block; NaN until one carries it
 * @param fractionLost the loss fraction, 0 to 1, of the latest report block; 0 before any
 * @param remotePacketsLost the cumulative loss of the latest report block; 0 before any
 * @param remoteJitter the interarrival jitter in seconds of the latest report block; 0 before any
 * @param retransmittedPacketsSent packets sent again in RTX packets, answering NACKs
 * @param retransmittedBytesSent payload bytes of the packets sent again, without the RTX header and OSN
 */
// W3C Identifiers for WebRTC's Statistics API: RTCOutboundRtpStreamStats, RTCRemoteInboundRtpStreamStats
public record OutboundRtpStats(String id, long ssrc, String kind, String mid, long packetsSent, long bytesSent,
        long headerBytesSent, long nackCount, long pliCount, long firCount, double roundTripTime,
        double fractionLost, long remotePacketsLost, double remoteJitter, long retransmittedPacketsSent,
        long retransmittedBytesSent) implements RtcStats {

    static final String TYPE = "outbound-rtp";

    public OutboundRtpStats {
        Objects.requireNonNull(id);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(mid);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
