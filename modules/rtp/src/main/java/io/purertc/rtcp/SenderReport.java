package io.purertc.rtcp;

import io.purertc.rtp.MalformedPacketException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What an active sender says about its stream, and what it received from up to 31 others.
 *
 * @param ssrc the sender
 * @param ntpTimestamp the wall clock time of this report, 64-bit NTP (see {@link io.purertc.rtp.NtpTime})
 * @param rtpTimestamp the same instant on the stream's RTP clock: the pair maps RTP time to wall clock
 * @param packetCount RTP packets sent since the stream started, modulo 2<sup>32</sup>
 * @param octetCount payload octets sent since the stream started, modulo 2<sup>32</sup>
 * @param reportBlocks reception statistics about other sources, at most 31
 * @param profileExtension bytes after the report blocks that a profile defines, whole 32-bit words; kept as received
 */
// RFC 3550 §6.4.1
public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
        List<ReportBlock> reportBlocks, byte[] profileExtension) implements RtcpPacket {

    private static final int FIXED_LENGTH = 28;

    public SenderReport {
        Fields.u32("SSRC", ssrc);
        Fields.u32("RTP timestamp", rtpTimestamp);
        Fields.u32("packet count", packetCount);
        Fields.u32("octet count", octetCount);
        reportBlocks = Fields.list("report blocks", reportBlocks, Fields.MAX_COUNT);
        Fields.words("profile extension", profileExtension);
        Fields.fits("SR", length(reportBlocks, profileExtension));
    }

    /** A sender report without a profile extension. */
    public SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
            List<ReportBlock> reportBlocks) {
        this(ssrc, ntpTimestamp, rtpTimestamp, packetCount, octetCount, reportBlocks, Wire.NO_BYTES);
    }

    static SenderReport parse(RtcpInput in, int start, int end, int count) throws MalformedPacketException {
        in.require(start, FIXED_LENGTH + count * ReportBlock.LENGTH, end,
                "SR shorter than its sender info and report blocks");
        int blocks = start + FIXED_LENGTH;
        return new SenderReport(in.u32(start + 4), in.u32(start + 8) << 32 | in.u32(start + 12),
                in.u32(start + 16), in.u32(start + 20), in.u32(start + 24), ReportBlock.readAll(in, blocks, count),
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
        int pos = Wire.header(dst, off, reportBlocks.size(), Wire.SR, length);
        Wire.put32(dst, pos, ssrc);
        Wire.put32(dst, pos + 4, ntpTimestamp >>> 32);
        Wire.put32(dst, pos + 8, ntpTimestamp);
        Wire.put32(dst, pos + 12, rtpTimestamp);
        Wire.put32(dst, pos + 16, packetCount);
        Wire.put32(dst, pos + 20, octetCount);
        ReportBlock.writeAll(reportBlocks, profileExtension, dst, pos + 24);
        return length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SenderReport other
                && ssrc == other.ssrc
                && ntpTimestamp == other.ntpTimestamp
                && rtpTimestamp == other.rtpTimestamp
                && packetCount == other.packetCount
                && octetCount == other.octetCount
                && reportBlocks.equals(other.reportBlocks)
                && Arrays.equals(profileExtension, other.profileExtension);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ssrc, ntpTimestamp, rtpTimestamp, packetCount, octetCount, reportBlocks)
                * 31 + Arrays.hashCode(profileExtension);
    }

    @Override
    public String toString() {
        return "SenderReport[ssrc=" + ssrc + ", ntp=" + Long.toHexString(ntpTimestamp) + ", rtp=" + rtpTimestamp
                + ", packets=" + packetCount + ", octets=" + octetCount + ", blocks=" + reportBlocks
                + ", profileExtension=" + profileExtension.length + " bytes]";
    }
}
