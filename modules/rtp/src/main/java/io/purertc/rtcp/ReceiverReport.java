package io.purertc.rtcp;

import io.purertc.rtp.MalformedPacketException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a participant that is not sending says about what it received from up to 31 sources.
 *
 * @param ssrc the reporter
 * @param reportBlocks reception statistics, one per source, at most 31
 * @param profileExtension bytes after the report blocks that a profile defines, whole 32-bit words; kept as received
 */
// RFC 3550 §6.4.2
public record ReceiverReport(long ssrc, List<ReportBlock> reportBlocks, byte[] profileExtension)
        implements RtcpPacket {

    private static final int FIXED_LENGTH = 8;

    public ReceiverReport {
        Fields.u32("SSRC", ssrc);
        reportBlocks = Fields.list("report blocks", reportBlocks, Fields.MAX_COUNT);
        Fields.words("profile extension", profileExtension);
        Fields.fits("RR", length(reportBlocks, profileExtension));
    }

    /** A receiver report without a profile extension. */
    public ReceiverReport(long ssrc, List<ReportBlock> reportBlocks) {
        this(ssrc, reportBlocks, Wire.NO_BYTES);
    }

    static ReceiverReport parse(RtcpInput in, int start, int end, int count) throws MalformedPacketException {
        in.require(start, FIXED_LENGTH + count * ReportBlock.LENGTH, end, "RR shorter than its report blocks");
        int blocks = start + FIXED_LENGTH;
        return new ReceiverReport(in.u32(start + 4), ReportBlock.readAll(in, blocks, count),
                ReportBlock.readProfileExtension(in, blocks + count * ReportBlock.LENGTH, end));
    }

    @Override
    public int wireLength() {
        return length(reportBlocks, profileExtension);
    }

    private static int length(List<ReportBlock> reportBlocks, byte[] profileExtension) {
        return FIXED_LENGTH + ReportBlock.length(reportBlocks, profileExtension);
    }

    @Override
    public int writeTo(byte[] dst, int off) {
        int length = wireLength();
        Objects.checkFromIndexSize(off, length, dst.length);
        int pos = Wire.header(dst, off, reportBlocks.size(), Wire.RR, length);
        Wire.put32(dst, pos, ssrc);
        ReportBlock.writeAll(reportBlocks, profileExtension, dst, pos + 4);
        return length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceiverReport other
                && ssrc == other.ssrc
                && reportBlocks.equals(other.reportBlocks)
                && Arrays.equals(profileExtension, other.profileExtension);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ssrc, reportBlocks) * 31 + Arrays.hashCode(profileExtension);
    }

    @Override
    public String toString() {
        return "ReceiverReport[ssrc=" + ssrc + ", blocks=" + reportBlocks + ", profileExtension="
                + profileExtension.length + " bytes]";
    }
}
