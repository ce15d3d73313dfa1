package io.purertc.peer;

import io.purertc.sdp.SessionDescription;
import java.util.List;

/**
 * A remote offer or answer once validated for WebRTC use: every section, the one BUNDLE group's MIDs
 * (RFC 8843), and the transport that group shares.
 */
record RemoteDescription(SessionDescription sdp, List<RemoteSection> sections, List<String> bundleMids,
                         RemoteTransport transport) {

    RemoteDescription {
        sections = List.copyOf(sections);
        bundleMids = List.copyOf(bundleMids);
    }
}
