package io.purertc.peer;

import io.purertc.ice.IceCandidate;
import io.purertc.sdp.Fingerprint;
import io.purertc.sdp.Setup;
import java.util.List;

/**
 * The transport we describe once for every BUNDLEd section (RFC 8843 §7.1.3): ICE credentials, the candidates
 * gathered so far, whether gathering has ended (RFC 8840 {@code end-of-candidates}), our certificate's
 * fingerprint and our DTLS {@code setup} role.
 */
record LocalTransport(String ufrag, String password, Fingerprint fingerprint, Setup setup,
                      List<IceCandidate> candidates, boolean gatheringComplete, boolean iceLite) {

    LocalTransport {
        candidates = List.copyOf(candidates);
    }
}
