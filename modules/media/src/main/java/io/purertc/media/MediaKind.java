package io.purertc.media;

/** The SDP media type a codec belongs to ({@code m=audio}, {@code m=video}). */
public enum MediaKind {
    AUDIO,
    VIDEO
}
