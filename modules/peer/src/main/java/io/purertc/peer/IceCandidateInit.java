package io.purertc.peer;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A trickled candidate as signaling carries it (RFC 8829 §4.1.17, W3C {@code RTCIceCandidateInit}): the
 * {@code candidate:} attribute text, and the section it belongs to by MID or by m-line index. An empty
 * {@code candidate} marks the end of candidates.
 */
public record IceCandidateInit(String candidate, String sdpMid, OptionalInt sdpMLineIndex) {

    public IceCandidateInit {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(sdpMLineIndex, "sdpMLineIndex");
    }

    /** Whether this is the end-of-candidates marker rather than a candidate. */
    public boolean isEndOfCandidates() {
        return candidate.isEmpty();
    }
}
