package io.purertc.peer;

import io.purertc.media.MediaKind;
import io.purertc.sdp.Codec;
import io.purertc.sdp.Direction;
import io.purertc.sdp.Extmap;
import io.purertc.sdp.Msid;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One m-section of a remote description, read for routing and negotiation: its index and MID, its kind (empty
 * for {@code application} and other media we do not carry), the direction as the remote states it, its codecs
 * and extensions, the SSRCs it announces (RFC 5576) with RTX repair SSRCs by primary ({@code ssrc-group:FID}),
 * and its {@code msid} (RFC 8830).
 */
record RemoteSection(int index, String mid, Optional<MediaKind> kind, Direction direction, List<Codec> codecs,
                     List<Extmap> extmaps, List<Long> ssrcs, Map<Long, Long> rtxSsrcByPrimary,
                     Optional<Msid> msid, boolean rejected) {

    RemoteSection {
        codecs = List.copyOf(codecs);
        extmaps = List.copyOf(extmaps);
        ssrcs = List.copyOf(ssrcs);
        rtxSsrcByPrimary = Map.copyOf(rtxSsrcByPrimary);
    }
}
