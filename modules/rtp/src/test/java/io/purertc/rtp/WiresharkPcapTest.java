package io.purertc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.purertc.testkit.Tshark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our capture files open in Wireshark with the addresses, ports, times and bytes we wrote, and
 * captures Wireshark writes (pcapng with its own options, nanosecond pcap) open in our reader.
 */
@Tag("interop")
class WiresharkPcapTest {

    @TempDir
    Path dir;

    private static List<CapturedDatagram> datagrams() {
        List<CapturedDatagram> list = new ArrayList<>();
        InetSocketAddress v4a = new InetSocketAddress("127.0.0.1", 5004);
        InetSocketAddress v4b = new InetSocketAddress("127.0.0.1", 50_123);
        InetSocketAddress v6a = new InetSocketAddress("::1", 5004);
        InetSocketAddress v6b = new InetSocketAddress("::1", 61_000);
        for (int i = 0; i < 6; i++) {
            byte[] payload = new byte[1 + i * 97];
            payload[0] = (byte) (0x80 + i);
            boolean v6 = i % 2 == 1;
            list.add(new CapturedDatagram(1_700_000_000_000_000L + i * 12_345L + 7,
                    v6 ? v6a : v4a, v6 ? v6b : v4b, payload));
        }
        return list;
    }

    @ParameterizedTest
    @ValueSource(strings = {"PCAP", "PCAPNG"})
    void wiresharkReadsOurCapture(String formatName) throws Exception {
        PcapFormat format = PcapFormat.valueOf(formatName);
        Path capture = dir.resolve("ours." + format.name().toLowerCase());
        try (PcapWriter writer = PcapWriter.create(capture, format)) {
            for (CapturedDatagram d : datagrams()) {
                writer.write(d.timestampMicros(), d.source(), d.destination(), d.payload());
            }
        }
        List<Map<String, String>> frames = Tshark.require().fields(capture, List.of(),
                List.of("frame.time_epoch", "ip.src", "ipv6.src", "udp.srcport", "udp.dstport", "udp.length",
                        "data.data"));
        assertEquals(datagrams().size(), frames.size());
        for (int i = 0; i < frames.size(); i++) {
            CapturedDatagram d = datagrams().get(i);
            Map<String, String> f = frames.get(i);
            long micros = Math.round(Double.parseDouble(f.get("frame.time_epoch")) * 1e6);
            assertEquals(d.timestampMicros(), micros, "time of frame " + i);
            String source = d.source().getAddress().getHostAddress();
            assertEquals(source.contains(":") ? "::1" : source,
                    f.get("ip.src").isEmpty() ? f.get("ipv6.src") : f.get("ip.src"));
            assertEquals(Integer.toString(d.source().getPort()), f.get("udp.srcport"));
            assertEquals(Integer.toString(d.destination().getPort()), f.get("udp.dstport"));
            assertEquals(Integer.toString(8 + d.payload().length), f.get("udp.length"));
            assertEquals(java.util.HexFormat.of().formatHex(d.payload()), f.get("data.data"));
        }
        String bad = Tshark.require().run("-n", "-r", capture.toString(), "-o", "udp.check_checksum:TRUE",
                "-o", "ip.check_checksum:TRUE", "-Y", "udp.checksum.status == 0 || ip.checksum.status == 0")
                .stdout().trim();
        assertEquals("", bad, "Wireshark found bad IP or UDP checksums");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcapng", "nsecpcap", "pcap"})
    void weReadWhatWiresharkWrites(String tsharkFormat) throws Exception {
        Path ours = dir.resolve("ours.pcap");
        try (PcapWriter writer = PcapWriter.create(ours, PcapFormat.PCAP)) {
            for (CapturedDatagram d : datagrams()) {
                writer.write(d.timestampMicros(), d.source(), d.destination(), d.payload());
            }
        }
        Path theirs = dir.resolve("theirs." + tsharkFormat);
        Tshark.require().run("-r", ours.toString(), "-F", tsharkFormat, "-w", theirs.toString());
        assertEquals(datagrams(), PcapReader.readAll(theirs));
    }
}
