package io.purertc.media;

import java.util.Arrays;

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

    @Override
    public boolean equals(Object o) {
        return o instanceof RtpPayload other && marker == other.marker && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(payload) + Boolean.hashCode(marker);
    }

    @Override
    public String toString() {
        return "RtpPayload[" + payload.length + " bytes" + (marker ? ", marker" : "") + "]";
    }
}
