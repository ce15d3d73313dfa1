package io.purertc.rtcp;

import io.purertc.rtp.MalformedPacketException;
import java.util.Objects;

/**
 * A receiver lost picture data and asks the sender for a picture it can decode from.
 *
 * @param senderSsrc who asks
 * @param mediaSsrc the video stream asked to repair
 */
// RFC 4585 §6.3.1
public record PictureLossIndication(long senderSsrc, long mediaSsrc) implements RtcpPacket {

    static final int FMT = 1;

    public PictureLossIndication {
        Fields.u32("sender SSRC", senderSsrc);
        Fields.u32("media SSRC", mediaSsrc);
    }

    static PictureLossIndication parse(RtcpInput in, int start, int end) throws MalformedPacketException {
        if (end - start != Wire.FEEDBACK_HEADER_LENGTH) {
            throw in.malformed(start + 2, "PLI length field is not 2");
        }
        return new PictureLossIndication(in.u32(start + 4), in.u32(start + 8));
    }

    @Override
    public int wireLength() {
        return Wire.FEEDBACK_HEADER_LENGTH;
    }

    @Override
    public int writeTo(byte[] dst, int off) {
        Objects.checkFromIndexSize(off, Wire.FEEDBACK_HEADER_LENGTH, dst.length);
        Wire.feedbackHeader(dst, off, FMT, Wire.PSFB, Wire.FEEDBACK_HEADER_LENGTH, senderSsrc, mediaSsrc);
        return Wire.FEEDBACK_HEADER_LENGTH;
    }
}
