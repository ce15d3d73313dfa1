package io.purertc.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code getStats} returns: every stats object of the connection at one instant.
 *
 * @param timestamp when the report was taken, in milliseconds since the Unix epoch
 * @param stats the objects, each id once
 */
// W3C WebRTC 1.0: RTCStatsReport; W3C Identifiers for WebRTC's Statistics API
public record StatsReport(double timestamp, List<RtcStats> stats) {

    public StatsReport {
        stats = List.copyOf(stats);
        if (stats.stream().map(RtcStats::id).distinct().count() != stats.size()) {
            throw new IllegalArgumentException("stats ids repeat: " + stats);
        }
    }

    /** The object with this id, as a report's {@code get(id)}. */
    public Optional<RtcStats> get(String id) {
        return stats.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public List<InboundRtpStats> inboundRtp() {
        return ofType(InboundRtpStats.class);
    }

    public List<OutboundRtpStats> outboundRtp() {
        return ofType(OutboundRtpStats.class);
    }

    public List<CandidatePairStats> candidatePairs() {
        return ofType(CandidatePairStats.class);
    }

    /** The transport; a BUNDLEd connection has one once it has a transport at all. */
    public Optional<TransportStats> transport() {
        return ofType(TransportStats.class).stream().findFirst();
    }

    public List<CertificateStats> certificates() {
        return ofType(CertificateStats.class);
    }

    private <T extends RtcStats> List<T> ofType(Class<T> type) {
        List<T> found = new ArrayList<>();
        for (RtcStats s : stats) {
            if (type.isInstance(s)) {
                found.add(type.cast(s));
            }
        }
        return found;
    }
}
