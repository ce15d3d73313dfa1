package io.purertc.rtp;

/**
 * The BUNDLE identification tag ({@code a=mid}) of the media description an RTP stream belongs
 * to; how a receiver routes a new SSRC before signaling has named it.
 */
// RFC 8843 §15.2
public final class RtpMid {

    public static final String URI = "urn:ietf:params:rtp-hdrext:sdes:mid";

    private RtpMid() {
    }

    /** @throws MalformedPacketException if the tag is empty or not UTF-8; the offset is the index in {@code buf} */
    public static String read(byte[] buf, int offset, int length) throws MalformedPacketException {
        return SdesText.read(buf, offset, length, "MID");
    }

    public static byte[] toBytes(String mid) {
        return SdesText.toBytes(mid, "MID");
    }
}
