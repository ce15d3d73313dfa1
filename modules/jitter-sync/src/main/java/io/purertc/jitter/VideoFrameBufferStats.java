package io.purertc.jitter;

/**
 * Counters and current state of a {@link VideoFrameBuffer}; names follow W3C webrtc-stats where it has one.
 *
 * @param framesReceived frames that arrived complete and that the depacketizer assembled
 * @param framesReleased frames handed to the caller
 * @param framesDropped frames given up: incomplete past their wait, refused by the depacketizer,
 *     or delta frames while waiting for a key frame
 * @param keyFramesReleased key frames handed to the caller
 * @param packetsReceived packets passed to {@code insert}
 * @param packetsDuplicated packets whose sequence number was already buffered
 * @param packetsLate packets of frames already released or given up
 * @param resets times the buffer started over: a sequence-number jump wider than the window, or the byte cap
 * @param keyFrameRequestsNeeded loss episodes, each of which needed a key frame; {@code keyFrameNeeded()}
 *     reported each once, unless a key frame already buffered ended it before the caller asked
 * @param jitterMs the lateness against the expected arrival that the playout delay covers
 * @param targetDelayMs the playout delay now added to a frame's expected arrival
 * @param bufferedPackets packets held now
 * @param bufferedBytes payload bytes held now
 */
public record VideoFrameBufferStats(long framesReceived, long framesReleased, long framesDropped,
        long keyFramesReleased, long packetsReceived, long packetsDuplicated, long packetsLate, long resets,
        long keyFrameRequestsNeeded, double jitterMs, double targetDelayMs, int bufferedPackets, long bufferedBytes) {
}
