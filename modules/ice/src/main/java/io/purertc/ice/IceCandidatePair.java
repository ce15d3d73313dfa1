package io.purertc.ice;

/**
 * A pair as the agent reports it: the local candidate data leaves from (a host or relayed candidate, the
 * base of any reflexive one) and the remote candidate it goes to.
 */
// RFC 8445 §6.1.2
public record IceCandidatePair(IceCandidate local, IceCandidate remote, long priority, boolean nominated) {

    /** RFC 8445 §6.1.2.3: 2^32 MIN(G,D) + 2 MAX(G,D) + (G > D ? 1 : 0), G the controlling side's priority. */
    static long priority(long controlling, long controlled) {
        return (Math.min(controlling, controlled) << 32) + 2 * Math.max(controlling, controlled)
                + (controlling > controlled ? 1 : 0);
    }
}
