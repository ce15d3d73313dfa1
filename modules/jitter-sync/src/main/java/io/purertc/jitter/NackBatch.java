package io.purertc.jitter;

import java.util.List;

/**
 * What a receiver should send now: a generic NACK for {@code sequenceNumbers} (oldest first; none
 * means no NACK) and, if {@code keyFrameRequested}, a PLI or FIR because loss was too heavy to
 * repair by retransmission.
 *
 * @param sequenceNumbers 16-bit RTP sequence numbers, ready for {@code io.purertc.rtcp.GenericNack.of}
 * @param keyFrameRequested whether the list was cleared and only a key frame can restore decoding
 */
public record NackBatch(List<Integer> sequenceNumbers, boolean keyFrameRequested) {

    public NackBatch {
        sequenceNumbers = List.copyOf(sequenceNumbers);
    }
}
