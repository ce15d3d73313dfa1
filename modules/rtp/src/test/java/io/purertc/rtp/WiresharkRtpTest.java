package io.purertc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.purertc.testkit.Tshark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wireshark's RTP dissector, not ours, reads back the packets our writer produced: every header
 * field and every RFC 8285 element must come out as we put it in.
 */
@Tag("interop")
class WiresharkRtpTest {

    private static final InetSocketAddress SENDER = new InetSocketAddress("127.0.0.1", 40_000);
    private static final InetSocketAddress RTP_PORT = new InetSocketAddress("127.0.0.1", 5004);
    private static final List<String> FIELDS = List.of("rtp.version", "rtp.seq", "rtp.timestamp", "rtp.ssrc",
            "rtp.marker", "rtp.p_type", "rtp.cc", "rtp.csrc.item", "rtp.ext.profile",
            "rtp.ext.rfc5285.id", "rtp.ext.rfc5285.len", "rtp.ext.rfc5285.data", "rtp.padding.count", "rtp.payload");

    @TempDir
    Path dir;

    private static List<RtpHeader> headers() {
        return List.of(
                new RtpHeader(false, 111, 1, 160, 0x11223344L),
                new RtpHeader(true, 96, 65_535, 0xFFFF_FFFFL, 0xFEDCBA98L, List.of(), List.of(
                        new HeaderExtension(4, RtpMid.toBytes("1")),
                        new HeaderExtension(2, AbsSendTime.toBytes(AbsSendTime.fromMicros(1_234_567))),
                        new HeaderExtension(3, TransportSequenceNumber.toBytes(4711)),
                        new HeaderExtension(1, new AudioLevel(true, 42).toBytes()))),
                new RtpHeader(false, 127, 0, 0, 1, List.of(0xAL, 0xBBBBBBBBL), List.of(
                        new HeaderExtension(20, new byte[] {1, 2, 3}),
                        new HeaderExtension(5, new byte[17]),
                        new HeaderExtension(200, new byte[] {(byte) 0xFF}))));
    }

    private static final int[] PADDING = {0, 0, 4};

    @Test
    void wiresharkReadsEveryHeaderField() throws IOException {
        Path capture = dir.resolve("rtp.pcap");
        List<byte[]> payloads = new ArrayList<>();
        try (PcapWriter writer = PcapWriter.create(capture, PcapFormat.PCAP)) {
            long time = 1_700_000_000_000_000L;
            for (int i = 0; i < headers().size(); i++) {
                byte[] payload = ("payload-" + i).getBytes(StandardCharsets.US_ASCII);
                payloads.add(payload);
                byte[] packet = headers().get(i).toPacket(payload, 0, payload.length, PADDING[i]);
                writer.write(time + i * 20_000L, SENDER, RTP_PORT, packet);
            }
        }

        List<Map<String, String>> frames = Tshark.require()
                .fields(capture, List.of("udp.port==5004,rtp"), FIELDS);

        assertEquals(headers().size(), frames.size(), frames.toString());
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < frames.size(); i++) {
            RtpHeader h = headers().get(i);
            Map<String, String> f = frames.get(i);
            assertEquals("2", f.get("rtp.version"));
            assertEquals(Integer.toString(h.sequenceNumber()), f.get("rtp.seq"));
            assertEquals(Long.toString(h.timestamp()), f.get("rtp.timestamp"));
            assertEquals(String.format("0x%08x", h.ssrc()), f.get("rtp.ssrc"));
            assertEquals(h.marker() ? "1" : "0", bool(f.get("rtp.marker")));
            assertEquals(Integer.toString(h.payloadType()), f.get("rtp.p_type"));
            assertEquals(Integer.toString(h.csrcs().size()), f.get("rtp.cc"));
            assertEquals(h.csrcs().stream().map(c -> String.format("0x%08x", c)).toList(),
                    Tshark.values(f.get("rtp.csrc.item")));
            assertEquals(h.extensions().stream().map(e -> Integer.toString(e.id())).toList(),
                    Tshark.values(f.get("rtp.ext.rfc5285.id")), "extension ids of packet " + i);
            assertEquals(h.extensions().stream().map(e -> Integer.toString(e.length())).toList(),
                    Tshark.values(f.get("rtp.ext.rfc5285.len")), "extension lengths of packet " + i);
            assertEquals(h.extensions().stream().map(e -> hex.formatHex(e.data())).toList(),
                    Tshark.values(f.get("rtp.ext.rfc5285.data")), "extension data of packet " + i);
            if (!h.extensions().isEmpty()) {
                boolean oneByte = h.extensions().stream().allMatch(HeaderExtension::fitsOneByteForm);
                assertEquals(oneByte ? "0xbede" : "0x1000", f.get("rtp.ext.profile"));
            }
            assertEquals(PADDING[i] == 0 ? "" : Integer.toString(PADDING[i]), f.get("rtp.padding.count"));
            assertEquals(hex.formatHex(payloads.get(i)), f.get("rtp.payload").replace(":", ""));
        }
    }

    private static String bool(String tsharkBoolean) {
        return switch (tsharkBoolean) {
            case "True", "1" -> "1";
            case "False", "0" -> "0";
            default -> tsharkBoolean;
        };
    }
}
