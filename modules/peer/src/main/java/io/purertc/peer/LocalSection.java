package io.purertc.peer;

import io.purertc.media.MediaKind;
import io.purertc.sdp.Codec;
import io.purertc.sdp.Direction;
import io.purertc.sdp.Extmap;
import java.util.List;
import java.util.OptionalLong;

/**
 * One m-section as we describe it (RFC 8829 §5.2.2 and §5.3.1): the codecs and header extensions we offer or
 * accepted, our direction, and the SSRCs we send with (RFC 5576 {@code a=ssrc}, RTX paired by
 * {@code ssrc-group:FID}). A rejected section is written with port 0 and nothing else of use.
 */
record LocalSection(String mid, MediaKind kind, Direction direction, List<Codec> codecs, List<Extmap> extmaps,
                    long ssrc, OptionalLong rtxSsrc, String streamId, String trackId, String cname,
                    boolean rejected) {

    LocalSection {
        codecs = List.copyOf(codecs);
        extmaps = List.copyOf(extmaps);
    }
}
