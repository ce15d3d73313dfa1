package io.purertc.media;

import java.util.Arrays;

/**
 * A block of 16-bit linear PCM audio, channels interleaved.
 *
 * @param samples interleaved samples, {@code channels} per sampling instant
 * @param sampleRate samples per second per channel (8000 .. 192000)
 * @param channels 1 (mono) or 2 (stereo); more are allowed for layouts a codec supports
 * @param captureTimeMicros when the first sample was captured, in microseconds of the sender's
 *     wall clock since the Unix epoch (known once RTCP sender reports map RTP time to NTP), or
 *     {@link MediaTime#UNKNOWN} before that
 */
public record AudioFrame(short[] samples, int sampleRate, int channels, long captureTimeMicros) {

    public AudioFrame {
        if (samples == null) {
            throw new IllegalArgumentException("samples must not be null");
        }
        if (sampleRate < 8000 || sampleRate > 192_000) {
            throw new IllegalArgumentException("sample rate out of range: " + sampleRate);
        }
        if (channels < 1 || channels > 8) {
            throw new IllegalArgumentException("channel count out of range: " + channels);
        }
        if (samples.length % channels != 0) {
            throw new IllegalArgumentException(
                    samples.length + " samples do not divide into " + channels + " channels");
        }
    }

    /** An audio frame whose capture time is not known. */
    public AudioFrame(short[] samples, int sampleRate, int channels) {
        this(samples, sampleRate, channels, MediaTime.UNKNOWN);
    }

    /** Sampling instants in this frame (samples per channel). */
    public int samplesPerChannel() {
        return samples.length / channels;
    }

    /** Duration in microseconds. */
    public long durationMicros() {
        return samplesPerChannel() * 1_000_000L / sampleRate;
    }

    public boolean hasCaptureTime() {
        return captureTimeMicros != MediaTime.UNKNOWN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioFrame other
                && sampleRate == other.sampleRate
                && channels == other.channels
                && captureTimeMicros == other.captureTimeMicros
                && Arrays.equals(samples, other.samples);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(samples) + sampleRate) + channels)
                + Long.hashCode(captureTimeMicros);
    }

    @Override
    public String toString() {
        return "AudioFrame[" + samplesPerChannel() + " samples x " + channels + " ch @ "
                + sampleRate + " Hz, capture=" + captureTimeMicros + "]";
    }
}
