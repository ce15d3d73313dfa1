package io.purertc.media;

import java.util.Optional;

/**
 * Reassembles encoded frames from RTP payloads by the codec's payload format.
 *
 * <p>Payloads are handed over in sequence-number order (the jitter buffer reorders). A gap in
 * the sequence numbers or a change of timestamp in the middle of a frame discards the partial
 * frame. Payloads come from the network: whatever their bytes, the depacketizer returns or throws
 * {@link CodecException}, never another exception, and stays usable.
 *
 * <p>Threads: a depacketizer holds the partial frame; one thread at a time may call it.
 */
public interface Depacketizer {

    /**
     * Takes one payload.
     *
     * @param sequenceNumber the packet's RTP sequence number, 0 .. 65535
     * @param rtpTimestamp the packet's RTP timestamp, 0 .. 2^32-1
     * @param marker the packet's marker bit
     * @return the frame this payload completes, or empty while a frame is still incomplete
     * @throws CodecException if the payload breaks its payload format
     */
    Optional<EncodedFrame> push(byte[] payload, int offset, int length, int sequenceNumber, long rtpTimestamp,
            boolean marker) throws CodecException;
}
