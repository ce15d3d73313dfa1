package io.purertc.rtp;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * When the first sample of a frame was captured, on the capturer's NTP clock, so that a receiver
 * of relayed or mixed media can still synchronise it.
 *
 * @param absoluteCaptureTimestamp 64-bit NTP time (RFC 5905 §6, UQ32.32 seconds since 1900), as
 *     the unsigned bits of a {@code long}
 * @param estimatedCaptureClockOffset the sender's estimate of capture clock minus its own clock,
 *     signed Q32.32 seconds; present only in the 16-byte form
 */
// webrtc.org/experiments/rtp-hdrext/abs-capture-time
public record AbsCaptureTime(long absoluteCaptureTimestamp, OptionalLong estimatedCaptureClockOffset) {

    public static final String URI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";
    public static final int SHORT_LENGTH = 8;
    public static final int LONG_LENGTH = 16;

    public AbsCaptureTime {
        Objects.requireNonNull(estimatedCaptureClockOffset, "estimatedCaptureClockOffset");
    }

    /** @throws MalformedPacketException unless {@code length} is 8 or 16 */
    public static AbsCaptureTime read(byte[] buf, int offset, int length) throws MalformedPacketException {
        if (length == SHORT_LENGTH) {
            return new AbsCaptureTime(BigEndian.i64(buf, offset), OptionalLong.empty());
        }
        if (length == LONG_LENGTH) {
            return new AbsCaptureTime(BigEndian.i64(buf, offset), OptionalLong.of(BigEndian.i64(buf, offset + 8)));
        }
        throw new MalformedPacketException(RtpPacket.PROTOCOL, offset, "abs-capture-time extension must be 8 or 16 bytes");
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[estimatedCaptureClockOffset.isPresent() ? LONG_LENGTH : SHORT_LENGTH];
        BigEndian.putI64(bytes, 0, absoluteCaptureTimestamp);
        if (estimatedCaptureClockOffset.isPresent()) {
            BigEndian.putI64(bytes, SHORT_LENGTH, estimatedCaptureClockOffset.getAsLong());
        }
        return bytes;
    }
}
