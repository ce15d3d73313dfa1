package io.purertc.jitter;

/**
 * Limits and timing constants of a {@link VideoFrameBuffer}.
 *
 * @param maxPackets packets held at most, and the width of the sequence-number window: a packet
 *     this far or farther from the next expected one resets the buffer (2048 by default, about
 *     half a second of a 30 Mbit/s stream)
 * @param maxBytes payload bytes held at most; a packet that would exceed it resets the buffer. At
 *     least 65536, so that one packet of any size fits after a reset (8 MiB by default)
 * @param maxWaitMicros how long past its render time a frame may stay incomplete before the
 *     buffer gives up on it and waits for a key frame (500 ms by default). Retransmission needs
 *     about one round trip plus the NACK delay, so a caller that knows the RTT passes, say,
 *     {@code 2 * rtt + 50 ms} through {@link #withMaxWaitMicros(long)}
 * @param minPlayoutDelayMicros the least delay added to a frame's expected arrival (0 by default)
 * @param maxPlayoutDelayMicros the most delay added to a frame's expected arrival, whatever the
 *     jitter or the extra delay asks for (10 s by default, libwebrtc's value)
 * @param arrivalFitForgetting the weight each earlier frame keeps in the fit of arrival time
 *     against RTP time at every new frame, just below 1: 0.998 forgets with a time constant of
 *     500 frames (about 17 s at 30 frames/s), slow enough to smooth jitter away, quick enough to
 *     follow the drift between the sender's and the receiver's clocks
 * @param jitterWindowFrames the number of frames over which the mean and variance of the frames'
 *     lateness against the fit are averaged (exponentially, 64 by default: about 2 s)
 * @param jitterDeviations how many standard deviations of lateness above its mean the jitter
 *     estimate covers (2 by default: 98 % of normally distributed delays, all of uniform ones)
 * @param delayChangeMicrosPerSecond how fast the playout delay may move towards its target, per
 *     second of media time, so that playback speeds up or slows down smoothly (100 ms/s by
 *     default, libwebrtc's value)
 */
public record VideoFrameBufferConfig(
        int maxPackets,
        long maxBytes,
        long maxWaitMicros,
        long minPlayoutDelayMicros,
        long maxPlayoutDelayMicros,
        double arrivalFitForgetting,
        int jitterWindowFrames,
        double jitterDeviations,
        long delayChangeMicrosPerSecond) {

    /** The defaults named above. */
    public static final VideoFrameBufferConfig DEFAULT = new VideoFrameBufferConfig(
            2048, 8L << 20, 500_000, 0, 10_000_000, 0.998, 64, 2.0, 100_000);

    public VideoFrameBufferConfig {
        if (maxPackets < 2 || maxPackets > 32768) {
            throw new IllegalArgumentException("maxPackets must be 2..32768 (half the sequence-number space), got "
                    + maxPackets);
        }
        if (maxBytes < 65536) {
            throw new IllegalArgumentException("maxBytes must hold the largest RTP payload (65536), got " + maxBytes);
        }
        if (maxWaitMicros < 0 || minPlayoutDelayMicros < 0 || maxPlayoutDelayMicros < minPlayoutDelayMicros) {
            throw new IllegalArgumentException("need 0 <= maxWait and 0 <= minPlayoutDelay <= maxPlayoutDelay, got "
                    + maxWaitMicros + ", " + minPlayoutDelayMicros + ", " + maxPlayoutDelayMicros);
        }
        if (!(arrivalFitForgetting > 0.5 && arrivalFitForgetting <= 1.0)) {
            throw new IllegalArgumentException("arrivalFitForgetting must be in (0.5, 1], got " + arrivalFitForgetting);
        }
        if (jitterWindowFrames < 1 || !(jitterDeviations >= 0) || delayChangeMicrosPerSecond <= 0) {
            throw new IllegalArgumentException("need jitterWindowFrames >= 1, jitterDeviations >= 0 and "
                    + "delayChangeMicrosPerSecond > 0");
        }
    }

    /** This configuration with another {@code maxWaitMicros}, e.g. one derived from the round-trip time. */
    public VideoFrameBufferConfig withMaxWaitMicros(long maxWait) {
        return new VideoFrameBufferConfig(maxPackets, maxBytes, maxWait, minPlayoutDelayMicros, maxPlayoutDelayMicros,
                arrivalFitForgetting, jitterWindowFrames, jitterDeviations, delayChangeMicrosPerSecond);
    }
}
