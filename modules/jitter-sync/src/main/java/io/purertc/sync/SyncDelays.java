package io.purertc.sync;

/**
 * Playout delay to add on top of what each stream's jitter buffer already holds, so that audio and
 * video captured together are played together.
 *
 * @param audioMicros extra delay for the audio stream, 0 or more
 * @param videoMicros extra delay for the video stream, 0 or more; at most one of the two is not 0
 */
public record SyncDelays(long audioMicros, long videoMicros) {
}
