package io.purertc.jitter;

/**
 * How an {@link AudioJitterBuffer} plays out.
 *
 * @param frameMillis the duration of every pulled frame: 10 or 20 ms, the media clock's tick
 * @param minDelayMillis the target delay never goes below this (0 lets the estimate alone decide)
 * @param maxDelayMillis the target delay never goes above this, whatever the measured jitter
 * @param maxPackets the most encoded packets held at once; when a stalled puller lets it fill up,
 *     the buffer is flushed and re-buffers, so memory stays bounded
 */
public record AudioJitterBufferConfig(int frameMillis, int minDelayMillis, int maxDelayMillis, int maxPackets) {

    /** The largest delay a caller may ask for; beyond it a call is no longer interactive. */
    public static final int MAX_DELAY_LIMIT_MILLIS = 10_000;

    public AudioJitterBufferConfig {
        if (frameMillis != 10 && frameMillis != 20) {
            throw new IllegalArgumentException("frame duration must be 10 or 20 ms, got " + frameMillis);
        }
        if (minDelayMillis < 0 || minDelayMillis > maxDelayMillis || maxDelayMillis > MAX_DELAY_LIMIT_MILLIS) {
            throw new IllegalArgumentException("need 0 <= min delay <= max delay <= " + MAX_DELAY_LIMIT_MILLIS
                    + " ms, got " + minDelayMillis + " and " + maxDelayMillis);
        }
        if (maxPackets < 2 || maxPackets > 10_000) {
            throw new IllegalArgumentException("packet cap must be 2..10000, got " + maxPackets);
        }
    }

    /** Pulls of {@code frameMillis}, no minimum delay, at most 500 ms of delay and 200 packets. */
    public static AudioJitterBufferConfig withFrame(int frameMillis) {
        return new AudioJitterBufferConfig(frameMillis, 0, 500, 200);
    }
}
