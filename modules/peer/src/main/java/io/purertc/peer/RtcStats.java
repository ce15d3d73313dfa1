package io.purertc.peer;

/**
 * One object of a {@link StatsReport}, named as the W3C webrtc-stats dictionaries name it: the same member names,
 * units (seconds for durations, milliseconds since the Unix epoch for timestamps) and type strings.
 */
// W3C Identifiers for WebRTC's Statistics API: RTCStats, RTCStatsType
public sealed interface RtcStats
        permits InboundRtpStats, OutboundRtpStats, CandidatePairStats, TransportStats, CertificateStats {

    /** Unique within its report, stable across reports for the same object. */
    String id();

    /** The W3C type string: {@code "inbound-rtp"}, {@code "outbound-rtp"}, {@code "candidate-pair"}, ... */
    String type();
}
