package io.purertc.ice;

import java.net.InetSocketAddress;

/**
 * An authenticated Binding request that was answered with success: what the agent needs to learn a
 * peer-reflexive candidate, schedule a triggered check and follow nomination and role.
 *
 * @param remote the request's source address
 * @param username USERNAME as received, {@code "<local ufrag>:<remote ufrag>"}
 * @param priority PRIORITY, or -1 when the request lacked it
 * @param useCandidate whether USE-CANDIDATE was present
 * @param iceControlling whether the peer sent ICE-CONTROLLING
 * @param iceControlled whether the peer sent ICE-CONTROLLED
 * @param tieBreaker the peer's tie-breaker from either attribute; 0 when neither was sent
 */
// RFC 8445 §7.3.1
public record BindingCheck(InetSocketAddress remote, String username, long priority, boolean useCandidate,
                           boolean iceControlling, boolean iceControlled, long tieBreaker) {
}
