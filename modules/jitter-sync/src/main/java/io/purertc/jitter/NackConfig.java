package io.purertc.jitter;

/**
 * How a {@link NackGenerator} asks for missing packets. {@link #DEFAULT} takes libwebrtc's video
 * receiver's limits (10 NACKs per packet, a list of at most 1000 packets, nothing older than
 * 10 000 packets, no reordering wait) and adds ours: a 5 ms retry margin and a 1 s age limit,
 * beyond which a video jitter buffer has stopped waiting for the packet. Audio, with a shorter
 * playout delay, wants a shorter age limit.
 *
 * @param maxRetries NACKs sent for one packet before it is given up
 * @param retryMarginMicros added to the RTT to give the time between two NACKs for one packet: one
 *     RTT is the soonest the retransmission answering a NACK can arrive, and it is late by the
 *     sender's queueing and the path's jitter; with a tiny RTT the margin is most of the interval
 * @param maxAgeMicros a missing packet not recovered this long after its gap was seen is given up:
 *     by then it would arrive too late to be played
 * @param maxListSize missing packets tracked at most; a gap that would exceed it drops the
 *     packets before the oldest key frames that make room, or clears the list and asks for a key frame
 * @param maxPacketAge missing packets this many sequence numbers behind the newest are given up;
 *     a packet further than this from the newest, either way, is out of the window (below 2^15)
 * @param reorderingWaitMicros how long a hole waits before its first NACK, in case the packet is
 *     only reordered (RFC 4588 §6.3); 0 for paths that rarely reorder, a few ms where they do
 */
public record NackConfig(int maxRetries, long retryMarginMicros, long maxAgeMicros, int maxListSize,
                         int maxPacketAge, long reorderingWaitMicros) {

    /** 10 retries RTT + 5 ms apart, 1 s age, 1000 packets listed, 10 000 packets back, no reordering wait. */
    public static final NackConfig DEFAULT = new NackConfig(10, 5_000, 1_000_000, 1000, 10_000, 0);

    /** Half the sequence space: beyond it, ahead and behind cannot be told apart. */
    private static final int MAX_WINDOW = (1 << 15) - 1;

    public NackConfig {
        if (maxRetries < 1) {
            throw new IllegalArgumentException("maxRetries must be at least 1, got " + maxRetries);
        }
        if (retryMarginMicros < 0 || reorderingWaitMicros < 0 || maxAgeMicros < 1) {
            throw new IllegalArgumentException("times must not be negative and the age must be positive");
        }
        if (maxPacketAge < 1 || maxPacketAge > MAX_WINDOW) {
            throw new IllegalArgumentException("maxPacketAge must be 1.." + MAX_WINDOW + ", got " + maxPacketAge);
        }
        if (maxListSize < 1 || maxListSize > maxPacketAge) {
            throw new IllegalArgumentException("maxListSize must be 1..maxPacketAge, got " + maxListSize);
        }
    }

    /** This configuration with another reordering wait. */
    public NackConfig withReorderingWaitMicros(long micros) {
        return new NackConfig(maxRetries, retryMarginMicros, maxAgeMicros, maxListSize, maxPacketAge, micros);
    }
}
