package io.purertc.media;

/** Conventions for timestamps carried by frames. */
public final class MediaTime {

    /** Marks a capture time that is not (yet) known. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private MediaTime() {
    }
}
