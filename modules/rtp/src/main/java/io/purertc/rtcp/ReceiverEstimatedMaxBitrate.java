package io.purertc.rtcp;

import io.purertc.rtp.MalformedPacketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * REMB: the total bitrate a receiver estimates it can take from the listed streams.
 *
 * <p>The wire carries the bitrate as an 18-bit mantissa and a 6-bit exponent. Writing keeps the
 * top 18 significant bits with the smallest exponent that fits, rounding down (an estimated
 * maximum must not grow in transit), so only values with at most 18 significant bits survive a
 * round trip unchanged.
 *
 * @param senderSsrc who estimates
 * @param bitrate the estimate in bits per second
 * @param ssrcs the media streams the estimate covers, at most 255
 */
// draft-alvestrand-rmcat-remb-03 §2.2
public record ReceiverEstimatedMaxBitrate(long senderSsrc, long bitrate, List<Long> ssrcs) implements RtcpPacket {

    static final int FMT = 15;
    private static final byte[] IDENTIFIER = "REMB".getBytes(StandardCharsets.US_ASCII);
    private static final int FIXED_LENGTH = Wire.FEEDBACK_HEADER_LENGTH + 8;
    private static final int MANTISSA_BITS = 18;

    public ReceiverEstimatedMaxBitrate {
        Fields.u32("sender SSRC", senderSsrc);
        if (bitrate < 0) {
            throw new IllegalArgumentException("bitrate is not negative: " + bitrate);
        }
        ssrcs = Fields.ssrcs("REMB SSRCs", ssrcs, 255);
    }

    /** Whether an application-layer feedback message (PSFB FMT 15) carries the REMB identifier. */
    static boolean isRemb(RtcpInput in, int start, int end) {
        int id = start + Wire.FEEDBACK_HEADER_LENGTH;
        if (end - id < IDENTIFIER.length) {
            return false;
        }
        for (int i = 0; i < IDENTIFIER.length; i++) {
            if (in.u8(id + i) != IDENTIFIER[i]) {
                return false;
            }
        }
        return true;
    }

    static ReceiverEstimatedMaxBitrate parse(RtcpInput in, int start, int end) throws MalformedPacketException {
        int fci = start + Wire.FEEDBACK_HEADER_LENGTH;
        in.require(start, FIXED_LENGTH, end, "REMB shorter than its bitrate");
        int count = in.u8(fci + 4);
        if (end - start != FIXED_LENGTH + 4 * count) {
            throw in.malformed(fci + 4, "REMB length does not match its SSRC count");
        }
        int exponent = in.u8(fci + 5) >>> 2;
        long mantissa = (in.u8(fci + 5) & 0x3) << 16 | in.u16(fci + 6);
        if (mantissa != 0 && exponent >= Long.numberOfLeadingZeros(mantissa)) {
            throw in.malformed(fci + 5, "REMB bitrate overflows 63 bits");
        }
        List<Long> ssrcs = new ArrayList<>(count);
        for (int pos = start + FIXED_LENGTH; pos < end; pos += 4) {
            ssrcs.add(in.u32(pos));
        }
        return new ReceiverEstimatedMaxBitrate(in.u32(start + 4), mantissa << exponent, ssrcs);
    }

    @Override
    public int wireLength() {
        return FIXED_LENGTH + 4 * ssrcs.size();
    }

    @Override
    public int writeTo(byte[] dst, int off) {
        int length = wireLength();
        Objects.checkFromIndexSize(off, length, dst.length);
        // draft-alvestrand-rmcat-remb-03 §2.2: the media source field is always 0
        int pos = Wire.feedbackHeader(dst, off, FMT, Wire.PSFB, length, senderSsrc, 0);
        int exponent = Math.max(0, Long.SIZE - Long.numberOfLeadingZeros(bitrate) - MANTISSA_BITS);
        System.arraycopy(IDENTIFIER, 0, dst, pos, IDENTIFIER.length);
        dst[pos + 4] = (byte) ssrcs.size();
        Wire.put24(dst, pos + 5, exponent << MANTISSA_BITS | (int) (bitrate >>> exponent));
        pos += 8;
        for (long ssrc : ssrcs) {
            Wire.put32(dst, pos, ssrc);
            pos += 4;
        }
        return length;
    }
}
