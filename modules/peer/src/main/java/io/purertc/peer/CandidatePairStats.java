package io.purertc.peer;

import java.util.Objects;

/**
 * One ICE candidate pair (W3C {@code RTCIceCandidatePairStats}).
 *
 * @param state {@code "frozen"}, {@code "waiting"}, {@code "in-progress"}, {@code "failed"} or
 *     {@code "succeeded"}
 * @param nominated whether the pair is nominated
 * @param localCandidate our candidate, as its {@code candidate:} attribute reads
 * @param remoteCandidate the remote candidate, as its {@code candidate:} attribute reads
 * @param bytesSent payload bytes sent on the pair, UDP payloads without their headers
 * @param bytesReceived payload bytes received on the pair
 * @param packetsSent datagrams sent on the pair
 * @param packetsReceived datagrams received on the pair
 * @param currentRoundTripTime the latest round-trip time of a connectivity check in seconds; NaN before any
 */
// W3C Identifiers for WebRTC's Statistics API: RTCIceCandidatePairStats
public record CandidatePairStats(String id, String state, boolean nominated, String localCandidate,
        String remoteCandidate, long bytesSent, long bytesReceived, long packetsSent, long packetsReceived,
        double currentRoundTripTime) implements RtcStats {

    static final String TYPE = "candidate-pair";

    public CandidatePairStats {
        Objects.requireNonNull(id);
        Objects.requireNonNull(state);
        Objects.requireNonNull(localCandidate);
        Objects.requireNonNull(remoteCandidate);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
