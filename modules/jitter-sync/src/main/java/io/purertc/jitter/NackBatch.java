package io.purertc.jitter;

import java.util.List;

/**
 * What a receiver should send now: a generic NACK for {@code sequenceNumbers} (oldest first; none
 * means no NACK) and, if {@code keyFrameRequested}, a PLI or FIR (through a {@link KeyFrameRequestLimiter})
 * because retransmission could not repair the loss.
 *
 * @param sequenceNumbers 16-bit RTP sequence numbers, ready for {@code io.purertc.rtcp.GenericNack.of}
 * @param keyFrameRequested whether only a key frame can restore decoding: a packet was given up with no
 *     key frame after it, the list overflowed or the stream started anew
 */
public record NackBatch(List<Integer> sequenceNumbers, boolean keyFrameRequested) {

    public NackBatch {
        sequenceNumbers = List.copyOf(sequenceNumbers);
    }
}
