package io.purertc.jitter;

import io.purertc.media.EncodedFrame;

/**
 * A frame the {@link VideoFrameBuffer} hands to the decoder, in decode order.
 *
 * @param frame the frame as the depacketizer assembled it
 * @param rtpTimestamp its RTP timestamp, 0 .. 2^32-1
 * @param firstSequenceNumber the sequence number of its first packet, 0 .. 65535
 * @param lastSequenceNumber the sequence number of its last (marker) packet, 0 .. 65535
 * @param lastArrivalMicros when its last packet to arrive arrived, on the caller's clock
 * @param renderTimeMicros when it should be shown, on the caller's clock (it may already have passed)
 */
public record ReleasedVideoFrame(EncodedFrame frame, long rtpTimestamp, int firstSequenceNumber,
        int lastSequenceNumber, long lastArrivalMicros, long renderTimeMicros) {
}
