package io.purertc.rtp;

/**
 * The RtpStreamId ({@code a=rid}) of a simulcast layer, or in a redundancy stream such as RTX the
 * RepairedRtpStreamId of the stream it repairs. Both carry the same text format.
 */
// RFC 8852 §3.1-3.2, §4
public final class RtpStreamId {

    public static final String URI = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String REPAIRED_URI = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    private RtpStreamId() {
    }

    /** @throws MalformedPacketException if the id is empty or not UTF-8; the offset is the index in {@code buf} */
    public static String read(byte[] buf, int offset, int length) throws MalformedPacketException {
        return SdesText.read(buf, offset, length, "RtpStreamId");
    }

    public static byte[] toBytes(String rtpStreamId) {
        return SdesText.toBytes(rtpStreamId, "RtpStreamId");
    }
}
