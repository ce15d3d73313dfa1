package io.purertc.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.purertc.rtp.NtpTime;
import io.purertc.rtp.PcapFormat;
import io.purertc.rtp.PcapWriter;
import io.purertc.testkit.Tshark;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wireshark's RTCP dissector reads back every packet type we write, field for field: one compound
 * per frame, decoded as RTCP on port 5005.
 */
@Tag("interop")
class WiresharkRtcpTest {

    private static final InetSocketAddress SENDER = new InetSocketAddress("127.0.0.1", 40_001);
    private static final InetSocketAddress RTCP_PORT = new InetSocketAddress("127.0.0.1", 5005);
    private static final long NTP = NtpTime.fromUnixMicros(1_700_000_000_250_000L);

    private static final ReportBlock BLOCK_A = new ReportBlock(0x0A0A0A0AL, 25, 1234, 0x0001FFFFL, 77, 0x12345678L, 0x00010000L);
    private static final ReportBlock BLOCK_B = new ReportBlock(0x0B0B0B0BL, 0, -5, 100, 0, 0, 0);
    private static final ReportBlock BLOCK_C = new ReportBlock(0xCCCCCCCCL, 255, 8_388_607, 0xFFFFFFFFL, 0xFFFFFFFFL, 1, 2);

    private static final List<List<RtcpPacket>> COMPOUNDS = List.of(
            List.of(new SenderReport(0x11223344L, NTP, 987_654_321L, 1500, 1_200_000, List.of(BLOCK_A, BLOCK_B, BLOCK_C)),
                    SourceDescription.ofCname(0x11223344L, "purertc-cname")),
            List.of(new ReceiverReport(0x55667788L, List.of(BLOCK_A)), SourceDescription.ofCname(0x55667788L, "rr")),
            List.of(new Goodbye(List.of(0x11223344L, 0x99AABBCCL), "shutting down")),
            List.of(new ApplicationDefined(3, 0x11223344L, "PRTC", new byte[] {1, 2, 3, 4, 5, 6, 7, 8})),
            List.of(GenericNack.of(0x55667788L, 0x11223344L, List.of(100, 101, 116, 117, 65_535, 0, 5))),
            List.of(new PictureLossIndication(0x55667788L, 0x11223344L)),
            List.of(new FullIntraRequest(0x55667788L, List.of(new FullIntraRequest.Entry(0x11223344L, 7),
                    new FullIntraRequest.Entry(0x99AABBCCL, 200)))),
            List.of(new ReceiverEstimatedMaxBitrate(0x55667788L, 2_500_000, List.of(0x11223344L, 0x99AABBCCL))),
            List.of(twcc()));

    private static TransportWideFeedback twcc() {
        // 65534, 65535 and 0..9 across the wrap, 3 and 7 lost, one late arrival (negative delta).
        TransportWideFeedback.Builder builder = new TransportWideFeedback.Builder(0x55667788L, 0x11223344L, 42);
        long arrival = 64_000L * 1000 + 1000;
        for (long seq = 65_534; seq < 65_536 + 10; seq++) {
            if (seq == 65_536 + 3 || seq == 65_536 + 7) {
                continue;
            }
            arrival += seq == 65_536 + 5 ? -2_000 : 5_000;
            builder.add(seq, arrival);
        }
        List<TransportWideFeedback> built = builder.build();
        assertEquals(1, built.size());
        return built.get(0);
    }

    @TempDir
    Path dir;

    private List<Map<String, String>> frames;

    @BeforeEach
    void dissect() throws IOException {
        Path capture = dir.resolve("rtcp.pcapng");
        try (PcapWriter writer = PcapWriter.create(capture, PcapFormat.PCAPNG)) {
            long time = 1_700_000_000_000_000L;
            for (List<RtcpPacket> compound : COMPOUNDS) {
                writer.write(time += 1000, SENDER, RTCP_PORT, RtcpCompound.write(compound));
            }
        }
        frames = Tshark.require().fields(capture, List.of("udp.port==5005,rtcp"), List.of(
                "rtcp.pt", "rtcp.rc", "rtcp.sc", "rtcp.senderssrc", "rtcp.mediassrc",
                "rtcp.timestamp.ntp.msw", "rtcp.timestamp.ntp.lsw", "rtcp.timestamp.rtp",
                "rtcp.sender.packetcount", "rtcp.sender.octetcount",
                "rtcp.ssrc.identifier", "rtcp.ssrc.fraction", "rtcp.ssrc.cum_nr", "rtcp.ssrc.ext_high",
                "rtcp.ssrc.jitter", "rtcp.ssrc.lsr", "rtcp.ssrc.dlsr",
                "rtcp.sdes.type", "rtcp.sdes.text", "rtcp.profile-specific-extension",
                "rtcp.app.subtype", "rtcp.app.name", "rtcp.app.data",
                "rtcp.rtpfb.fmt", "rtcp.psfb.fmt", "rtcp.rtpfb.nack_pid", "rtcp.rtpfb.nack_blp",
                "rtcp.psfb.fir.fci.ssrc", "rtcp.psfb.fir.fci.csn",
                "rtcp.psfb.remb.identifier", "rtcp.psfb.remb.fci.number_ssrcs", "rtcp.psfb.remb.fci.br_mantissa",
                "rtcp.psfb.remb.fci.br_exp",
                "rtcp.psfb.remb.fci.ssrc",
                "rtcp.rtpfb.transportcc.baseseq", "rtcp.rtpfb.transportcc.statuscount",
                "rtcp.rtpfb.transportcc.reftime", "rtcp.rtpfb.transportcc.pktcount",
                "rtcp.rtpfb.transportcc.recv_delta", "rtcp.length_check", "_ws.expert.message"));
        assertEquals(COMPOUNDS.size(), frames.size());
    }

    private Map<String, String> frame(int index) {
        return frames.get(index);
    }

    private static List<String> values(Map<String, String> frame, String field) {
        return Tshark.values(frame.get(field));
    }

    private static String hex32(long value) {
        return String.format("0x%08x", value);
    }

    @Test
    void senderReportWithThreeBlocksAndCname() {
        Map<String, String> f = frame(0);
        assertEquals(List.of("200", "202"), values(f, "rtcp.pt"));
        assertEquals(List.of("3"), values(f, "rtcp.rc"));
        assertEquals("1", f.get("rtcp.sc"));
        assertEquals(hex32(0x11223344L), values(f, "rtcp.senderssrc").get(0));
        assertEquals(Long.toString(NTP >>> 32), f.get("rtcp.timestamp.ntp.msw"));
        assertEquals(Long.toString(NTP & 0xFFFF_FFFFL), f.get("rtcp.timestamp.ntp.lsw"));
        assertEquals("987654321", f.get("rtcp.timestamp.rtp"));
        assertEquals("1500", f.get("rtcp.sender.packetcount"));
        assertEquals("1200000", f.get("rtcp.sender.octetcount"));
        assertBlocks(f, List.of(BLOCK_A, BLOCK_B, BLOCK_C), 0x11223344L);
        assertEquals(List.of("1"), values(f, "rtcp.sdes.type").subList(0, 1));
        assertEquals("purertc-cname", f.get("rtcp.sdes.text"));
        assertEquals("", f.get("_ws.expert.message"), "Wireshark raised expert info");
    }

    @Test
    void receiverReport() {
        Map<String, String> f = frame(1);
        assertEquals(List.of("201", "202"), values(f, "rtcp.pt"));
        assertEquals(hex32(0x55667788L), values(f, "rtcp.senderssrc").get(0));
        assertBlocks(f, List.of(BLOCK_A), 0x55667788L);
        assertEquals("rr", f.get("rtcp.sdes.text"));
    }

    // Wireshark files the SDES chunk's SSRC under the same field as the report blocks' sources.
    private static void assertBlocks(Map<String, String> f, List<ReportBlock> blocks, long sdesChunkSsrc) {
        List<String> identifiers = new java.util.ArrayList<>(blocks.stream().map(b -> hex32(b.ssrc())).toList());
        identifiers.add(hex32(sdesChunkSsrc));
        assertEquals(identifiers, values(f, "rtcp.ssrc.identifier"));
        assertEquals(blocks.stream().map(b -> Integer.toString(b.fractionLost())).toList(), values(f, "rtcp.ssrc.fraction"));
        assertEquals(blocks.stream().map(b -> Integer.toString(b.cumulativeLost())).toList(), values(f, "rtcp.ssrc.cum_nr"));
        assertEquals(blocks.stream().map(b -> Long.toString(b.extendedHighestSeq())).toList(), values(f, "rtcp.ssrc.ext_high"));
        assertEquals(blocks.stream().map(b -> Long.toString(b.jitter())).toList(), values(f, "rtcp.ssrc.jitter"));
        assertEquals(blocks.stream().map(b -> Long.toString(b.lsr())).toList(), values(f, "rtcp.ssrc.lsr"));
        assertEquals(blocks.stream().map(b -> Long.toString(b.dlsr())).toList(), values(f, "rtcp.ssrc.dlsr"));
    }

    @Test
    void goodbyeAndApplicationDefined() {
        Map<String, String> bye = frame(2);
        assertEquals("203", bye.get("rtcp.pt"));
        assertEquals(List.of(hex32(0x11223344L), hex32(0x99AABBCCL)), values(bye, "rtcp.ssrc.identifier"));
        Map<String, String> app = frame(3);
        assertEquals("204", app.get("rtcp.pt"));
        assertEquals("3", app.get("rtcp.app.subtype"));
        assertEquals("PRTC", app.get("rtcp.app.name"));
        assertEquals("0102030405060708", app.get("rtcp.app.data").replace(":", ""));
    }

    @Test
    void genericNackPidAndBlp() {
        Map<String, String> f = frame(4);
        assertEquals("205", f.get("rtcp.pt"));
        assertEquals("1", f.get("rtcp.rtpfb.fmt"));
        assertEquals(hex32(0x11223344L), f.get("rtcp.mediassrc"));
        // Oldest first across the wrap: 65535 (+0, +5), 100 (+101, +116), 117 alone. Wireshark lists
        // each PID followed by the losses it reads from the BLP, counting on past 65535.
        assertEquals(List.of("65535", "65536", "65541", "100", "101", "116", "117"),
                values(f, "rtcp.rtpfb.nack_pid"));
        assertEquals(List.of("0x0021", "0x8001", "0x0000"), values(f, "rtcp.rtpfb.nack_blp"));
    }

    @Test
    void pictureLossAndFullIntraRequest() {
        Map<String, String> pli = frame(5);
        assertEquals("206", pli.get("rtcp.pt"));
        assertEquals("1", pli.get("rtcp.psfb.fmt"));
        assertEquals(hex32(0x55667788L), pli.get("rtcp.senderssrc"));
        assertEquals(hex32(0x11223344L), pli.get("rtcp.mediassrc"));
        Map<String, String> fir = frame(6);
        assertEquals("4", fir.get("rtcp.psfb.fmt"));
        assertEquals(List.of(hex32(0x11223344L), hex32(0x99AABBCCL)), values(fir, "rtcp.psfb.fir.fci.ssrc"));
        assertEquals(List.of("7", "200"), values(fir, "rtcp.psfb.fir.fci.csn"));
    }

    @Test
    void rembBitrateAndSsrcs() {
        Map<String, String> f = frame(7);
        assertEquals("15", f.get("rtcp.psfb.fmt"));
        assertEquals("REMB", f.get("rtcp.psfb.remb.identifier"));
        assertEquals("2", f.get("rtcp.psfb.remb.fci.number_ssrcs"));
        // 2 500 000 = 156 250 * 2^4: the smallest exponent whose mantissa fits 18 bits.
        assertEquals("156250", f.get("rtcp.psfb.remb.fci.br_mantissa"));
        assertEquals("4", f.get("rtcp.psfb.remb.fci.br_exp"));
        assertEquals(List.of(hex32(0x11223344L), hex32(0x99AABBCCL)), values(f, "rtcp.psfb.remb.fci.ssrc"));
    }

    @Test
    void transportWideFeedback() {
        Map<String, String> f = frame(8);
        TransportWideFeedback twcc = twcc();
        assertEquals("15", f.get("rtcp.rtpfb.fmt"));
        assertEquals("65534", f.get("rtcp.rtpfb.transportcc.baseseq"));
        assertEquals("12", f.get("rtcp.rtpfb.transportcc.statuscount"));
        assertEquals(Integer.toString(twcc.referenceTime()), f.get("rtcp.rtpfb.transportcc.reftime"));
        assertEquals("42", f.get("rtcp.rtpfb.transportcc.pktcount"));
        // Wireshark prints a small delta as one unsigned byte (0xNN), a large one as a signed short.
        List<Integer> deltas = values(f, "rtcp.rtpfb.transportcc.recv_delta").stream()
                .map(h -> h.length() <= 4 ? Integer.parseInt(h.substring(2), 16)
                        : (int) (short) Integer.parseInt(h.substring(2), 16))
                .toList();
        assertEquals(java.util.Arrays.stream(twcc.receiveDeltas()).boxed().toList(), deltas);
        assertEquals(List.of(24, 20, 20, 20, 20, 20, -8, 20, 20, 20), deltas, "5 ms steps, one 2 ms late arrival");
        assertEquals("", f.get("_ws.expert.message"), "Wireshark raised expert info");
    }
}
