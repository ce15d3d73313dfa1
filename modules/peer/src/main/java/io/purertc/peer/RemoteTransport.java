package io.purertc.peer;

import io.purertc.ice.IceCandidate;
import io.purertc.sdp.Fingerprint;
import io.purertc.sdp.Setup;
import java.util.List;

/**
 * The transport parameters the remote description gives for the BUNDLE group (RFC 8843 §7.1.3, RFC 8839 §5,
 * RFC 8122 §5, RFC 8842 §5): what the ICE agent and the DTLS endpoint are configured with.
 */
record RemoteTransport(String ufrag, String password, List<Fingerprint> fingerprints, Setup setup,
                       List<IceCandidate> candidates, boolean endOfCandidates, boolean iceLite) {

    RemoteTransport {
        fingerprints = List.copyOf(fingerprints);
        candidates = List.copyOf(candidates);
    }
}
