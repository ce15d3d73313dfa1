package io.purertc.peer;

import java.util.Optional;

/** The media type of an RTP m-section and of the track it carries (RFC 8866 §5.14, the two WebRTC uses). */
public enum MediaKind {
    AUDIO("audio"),
    VIDEO("video");

    private final String sdpName;

    MediaKind(String sdpName) {
        this.sdpName = sdpName;
    }

    /** The name on the {@code m=} line. */
    public String sdpName() {
        return sdpName;
    }

    /** The kind an {@code m=} line names, or empty for {@code application} and anything else. */
    public static Optional<MediaKind> fromSdp(String media) {
        for (MediaKind kind : values()) {
            if (kind.sdpName.equals(media)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
