package io.purertc.rtp;

import java.util.Objects;

/**
 * Which protocol a datagram on a shared WebRTC port belongs to. The first byte separates STUN,
 * ZRTP, DTLS, TURN ChannelData and RTP/RTCP; with rtcp-mux the second byte then separates RTCP
 * (packet types 192..223, the marker bit being the top bit of the packet type) from RTP.
 */
// RFC 7983 §7, RFC 5761 §4
public enum PacketClass {
    STUN,
    ZRTP,
    DTLS,
    TURN_CHANNEL_DATA,
    RTP,
    RTCP,
    UNKNOWN;

    /**
     * Classifies {@code buf[offset, offset + length)} without allocating. RTCP is a second byte
     * whose low seven bits are 64..95 (byte values 64..95 and 192..223): RTP must not use those
     * payload types on a muxed port, so either marker value means RTCP, as libwebrtc reads it.
     * A datagram too short to tell is {@link #UNKNOWN}.
     */
    public static PacketClass classify(byte[] buf, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        if (length < 1) {
            return UNKNOWN;
        }
        int first = buf[offset] & 0xFF;
        if (first <= 3) {
            return STUN;
        }
        if (first >= 16 && first <= 19) {
            return ZRTP;
        }
        if (first >= 20 && first <= 63) {
            return DTLS;
        }
        if (first >= 64 && first <= 79) {
            return TURN_CHANNEL_DATA;
        }
        if (first >= 128 && first <= 191 && length >= 2) {
            int payloadType = buf[offset + 1] & 0x7F;
            return payloadType >= 64 && payloadType <= 95 ? RTCP : RTP;
        }
        return UNKNOWN;
    }
}
