package io.purertc.media;

/**
 * The payload of one RTP packet as a packetizer produces it, with the marker bit the payload
 * format asks for (RFC 3550 §5.1: for video, the last packet of a frame).
 */
public record RtpPayload(byte[] payload, boolean marker) {

    public RtpPayload {
        if (payload == null) {
            throw new IllegalArgumentException("payload must not be null");
        }
    }
}
