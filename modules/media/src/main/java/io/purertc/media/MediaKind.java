package io.purertc.media;

import java.util.Optional;

/** The SDP media type a codec and a track belong to ({@code m=audio}, {@code m=video}; RFC 8866 §5.14). */
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
