package io.purertc.peer;

import java.util.Objects;

/**
 * What we received on one remote SSRC (W3C {@code RTCInboundRtpStreamStats}).
 *
 * @param ssrc the remote source
 * @param kind {@code "audio"} or {@code "video"}
 * @param mid the MID of the m-section the stream belongs to
 * @param packetsReceived RTP packets counted as RFC 3550 §6.4.1 counts them, retransmissions included
 * @param bytesReceived payload bytes of those packets
 * @param headerBytesReceived RTP header, extension and padding bytes of those packets
 * @param packetsLost packets expected minus packets received; negative when duplicates arrive
 * @param jitter interarrival jitter in seconds
 * @param nackCount NACK packets we sent about this stream
 * @param pliCount PLI packets we sent about this stream
 * @param firCount FIR packets we sent about this stream
 * @param lastPacketReceivedTimestamp arrival of the last packet, in milliseconds since the Unix epoch; NaN
 *     before the first
 */
// W3C Identifiers for WebRTC's Statistics API: RTCInboundRtpStreamStats
public record InboundRtpStats(String id, long ssrc, String kind, String mid, long packetsReceived,
        long bytesReceived, long headerBytesReceived, long packetsLost, double jitter, long nackCount,
        long pliCount, long firCount, double lastPacketReceivedTimestamp) implements RtcStats {

    static final String TYPE = "inbound-rtp";

    public InboundRtpStats {
        Objects.requireNonNull(id);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(mid);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
