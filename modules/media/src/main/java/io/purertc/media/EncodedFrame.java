package io.purertc.media;

import java.util.Arrays;

/**
 * One compressed frame as a codec produces or consumes it: a whole Opus packet or a whole VP8
 * frame, before packetization or after depacketization.
 *
 * @param codec the codec's RTP encoding name as in SDP {@code rtpmap}, e.g. {@code "opus"}, {@code "VP8"}
 * @param rtpTimestamp the frame's RTP timestamp on the codec's clock
 * @param keyFrame whether the frame decodes without any earlier frame (always true for audio)
 */
public record EncodedFrame(String codec, byte[] payload, long rtpTimestamp, boolean keyFrame) {

    public EncodedFrame {
        if (codec == null || codec.isEmpty()) {
            throw new IllegalArgumentException("codec must be named");
        }
        if (payload == null) {
            throw new IllegalArgumentException("payload must not be null");
        }
        if (rtpTimestamp < 0 || rtpTimestamp > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("RTP timestamp is 32-bit unsigned: " + rtpTimestamp);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedFrame other
                && codec.equals(other.codec)
                && rtpTimestamp == other.rtpTimestamp
                && keyFrame == other.keyFrame
                && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * codec.hashCode() + Arrays.hashCode(payload))
                + Long.hashCode(rtpTimestamp)) + Boolean.hashCode(keyFrame);
    }

    @Override
    public String toString() {
        return "EncodedFrame[" + codec + ", " + payload.length + " bytes, ts=" + rtpTimestamp
                + (keyFrame ? ", key" : "") + "]";
    }
}
