package io.purertc.server;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Our candidates for one session (RFC 8838 trickle ICE, server to browser): at least those gathered after its
 * description went out, in gathering order (ones the description had may come again, which ICE ignores), and
 * whether gathering has ended. The list only grows, so a client
 * may poll it again and add just the entries past those it has.
 */
public record LocalCandidates(List<Candidate> candidates, boolean complete) {

    /**
     * One candidate as the browser's {@code addIceCandidate} takes it (W3C {@code RTCIceCandidateInit}): the
     * {@code candidate:} attribute text and the m-section it belongs to, by MID (may be null) or m-line index.
     * A browser refuses a candidate that names neither, so the constructor does too.
     */
    public record Candidate(String candidate, String sdpMid, OptionalInt sdpMLineIndex) {

        public Candidate {
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(sdpMLineIndex, "sdpMLineIndex");
            if (sdpMid == null && sdpMLineIndex.isEmpty()) {
                throw new IllegalArgumentException("a candidate names its m-section by sdpMid or sdpMLineIndex");
            }
        }
    }

    public LocalCandidates {
        candidates = List.copyOf(candidates);
    }
}
