package io.purertc.rtcp;

import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.NtpTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reception statistics about one source, as a sender or receiver report carries them.
 *
 * @param ssrc the source these statistics are about
 * @param fractionLost packets lost since the previous report, as a fraction of those expected, in 1/256
 * @param cumulativeLost packets lost since reception began, signed 24-bit (duplicates can make it negative)
 * @param extendedHighestSeq the highest sequence number received, with its count of wraps in the top 16 bits
 * @param jitter interarrival jitter in RTP timestamp units
 * @param lsr the middle 32 bits of the NTP timestamp of the last sender report received, or 0 for none
 * @param dlsr the delay since that sender report was received, in 1/65536 s, or 0 for none
 */
// RFC 3550 §6.4.1
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSeq, long jitter,
        long lsr, long dlsr) {

    static final int LENGTH = 24;

    public ReportBlock {
        Fields.u32("SSRC", ssrc);
        Fields.range("fraction lost", fractionLost, 0, 255);
        Fields.range("cumulative lost", cumulativeLost, -(1 << 23), (1 << 23) - 1);
        Fields.u32("extended highest sequence number", extendedHighestSeq);
        Fields.u32("jitter", jitter);
        Fields.u32("LSR", lsr);
        Fields.u32("DLSR", dlsr);
    }

    /**
     * The round-trip time this block tells its receiver, who got it at {@code arrivalCompact}
     * (compact NTP): A - LSR - DLSR, in 1/65536 s.
     *
     * @return empty when the block carries no LSR (no sender report reached its sender yet), or
     *     when the result is negative because the clocks or the block are inconsistent
     */
    // RFC 3550 §6.4.1
    public OptionalLong roundTripTime(long arrivalCompact) {
        if (lsr == 0) {
            return OptionalLong.empty();
        }
        long rtt = NtpTime.compactDifference(arrivalCompact, lsr + dlsr);
        return rtt < 0 ? OptionalLong.empty() : OptionalLong.of(rtt);
    }

    static List<ReportBlock> readAll(RtcpInput in, int pos, int count) {
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++, pos += LENGTH) {
            blocks.add(new ReportBlock(in.u32(pos), in.u8(pos + 4), in.s24(pos + 5), in.u32(pos + 8),
                    in.u32(pos + 12), in.u32(pos + 16), in.u32(pos + 20)));
        }
        return blocks;
    }

    /** The bytes after the report blocks, which a profile may define (RFC 3550 §6.4.3). */
    static byte[] readProfileExtension(RtcpInput in, int pos, int end) throws MalformedPacketException {
        if ((end - pos) % 4 != 0) {
            throw in.malformed(pos, "profile extension is not whole 32-bit words");
        }
        return pos == end ? Wire.NO_BYTES : in.copy(pos, end);
    }

    /** Bytes the report blocks and the profile extension after them take. */
    static int length(List<ReportBlock> blocks, byte[] profileExtension) {
        return blocks.size() * LENGTH + profileExtension.length;
    }

    /** Writes the report blocks and the profile extension after them. */
    static void writeAll(List<ReportBlock> blocks, byte[] profileExtension, byte[] dst, int pos) {
        for (ReportBlock block : blocks) {
            Wire.put32(dst, pos, block.ssrc);
            dst[pos + 4] = (byte) block.fractionLost;
            Wire.put24(dst, pos + 5, block.cumulativeLost);
            Wire.put32(dst, pos + 8, block.extendedHighestSeq);
            Wire.put32(dst, pos + 12, block.jitter);
            Wire.put32(dst, pos + 16, block.lsr);
            Wire.put32(dst, pos + 20, block.dlsr);
            pos += LENGTH;
        }
        System.arraycopy(profileExtension, 0, dst, pos, profileExtension.length);
    }
}
