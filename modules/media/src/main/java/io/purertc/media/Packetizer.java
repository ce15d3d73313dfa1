package io.purertc.media;

import java.util.List;

/**
 * Splits encoded frames into RTP payloads by the codec's payload format (RFC 7587 for Opus,
 * RFC 7741 for VP8). The RTP header itself (sequence number, timestamp, SSRC) is written by the
 * caller; every payload of one frame carries the frame's RTP timestamp.
 *
 * <p>Threads: one thread at a time per instance (a payload format may number its fragments).
 */
public interface Packetizer {

    /**
     * @param maxPayloadSize bytes available for one payload after the RTP header and its
     *     extensions; a frame that does not fit and cannot be fragmented is an
     *     {@link IllegalArgumentException}
     * @return one or more payloads in sending order
     */
    List<RtpPayload> packetize(EncodedFrame frame, int maxPayloadSize);
}
