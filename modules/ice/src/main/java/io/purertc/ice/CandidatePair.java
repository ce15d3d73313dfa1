package io.purertc.ice;

import java.net.InetSocketAddress;

/**
 * One entry of the agent's checklist: the local base data leaves from, the remote candidate it goes to,
 * the pair's check state and what its checks proved. Confined to the agent's event loop.
 *
 * <p>When a check's XOR-MAPPED-ADDRESS shows a reflexive address, RFC 8445 §7.2.5.3.2 builds a separate
 * valid pair with that reflexive local candidate; data still leaves from the same base to the same remote,
 * so this pair is marked valid itself and keeps the reflexive candidate as {@link #validLocal} for reports.
 */
// RFC 8445 §6.1.2, §6.1.2.6, §7.2.5.3
final class CandidatePair {

    /** RFC 8445 §6.1.2.6 pair states. */
    enum State { FROZEN, WAITING, IN_PROGRESS, SUCCEEDED, FAILED }

    final IceAgent.LocalBase base;
    IceCandidate remote;
    final String foundation;
    long priority;
    State state;
    /** A check on it succeeded (RFC 8445 §7.2.5.3.2) and consent has not been lost since. */
    boolean valid;
    IceCandidate validLocal;
    /** Nominated: the controlling side's USE-CANDIDATE check on it succeeded (§8.1.1, §7.3.1.5). */
    boolean nominated;
    /** This controlling agent has a USE-CANDIDATE check for it queued or in flight. */
    boolean nominating;
    /** The controlled side saw USE-CANDIDATE before the pair was valid; nominated once it is (§7.3.1.5). */
    boolean remoteNominated;
    boolean triggered;
    StunClientTransactions.Cancellable transaction;
    /** When consent was last granted: a check or consent response, or for a lite agent a peer's check. */
    long lastConsentNanos;
    /**
     * The latest check or consent round trip, from the request's first transmission to its success response
     * (so a retransmitted request overstates it); -1 before any.
     */
    long roundTripNanos = -1;

    CandidatePair(IceAgent.LocalBase base, IceCandidate remote, long priority, State state) {
        this.base = base;
        this.remote = remote;
        this.foundation = base.candidate.foundation() + ":" + remote.foundation();
        this.priority = priority;
        this.state = state;
    }

    InetSocketAddress remoteAddress() {
        return remote.address();
    }

    boolean pending() {
        return state == State.FROZEN || state == State.WAITING || state == State.IN_PROGRESS;
    }

    IceCandidatePair snapshot() {
        return new IceCandidatePair(validLocal != null ? validLocal : base.candidate, remote, priority, nominated);
    }

    @Override
    public String toString() {
        return base.candidate.address() + " -> " + remote.address() + " " + state + (nominated ? " nominated" : "");
    }
}
