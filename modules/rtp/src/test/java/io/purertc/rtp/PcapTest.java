package io.purertc.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PcapTest {

    private static final InetSocketAddress V4_A = new InetSocketAddress("127.0.0.1", 5004);
    private static final InetSocketAddress V4_B = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress V6_A = new InetSocketAddress("::1", 5004);
    private static final InetSocketAddress V6_B = new InetSocketAddress("::1", 40000);

    static byte[] capture(PcapFormat format, List<CapturedDatagram> datagrams) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter writer = PcapWriter.to(bytes, format)) {
            for (CapturedDatagram d : datagrams) {
                writer.write(d.timestampMicros(), d.source(), d.destination(), d.payload());
            }
        }
        return bytes.toByteArray();
    }

    static List<CapturedDatagram> read(byte[] file) throws IOException, MalformedPacketException {
        List<CapturedDatagram> out = new ArrayList<>();
        try (PcapReader reader = PcapReader.from(new ByteArrayInputStream(file))) {
            for (CapturedDatagram d = reader.next(); d != null; d = reader.next()) {
                out.add(d);
            }
        }
        return out;
    }

    private static List<CapturedDatagram> sample() {
        return List.of(
                new CapturedDatagram(1_700_000_000_123_456L, V4_A, V4_B, new byte[] {(byte) 0x80, 96, 0, 1}),
                new CapturedDatagram(1_700_000_000_223_456L, V4_B, V4_A, new byte[0]),
                new CapturedDatagram(1_700_000_001_000_001L, V6_A, V6_B, new byte[1201]),
                new CapturedDatagram(1_700_000_001_000_002L, V6_B, V6_A, new byte[] {1, 2, 3}));
    }

    @ParameterizedTest
    @EnumSource(PcapFormat.class)
    void roundTripsIpv4AndIpv6(PcapFormat format) throws Exception {
        assertEquals(sample(), read(capture(format, sample())));
    }

    @Test
    void classicHeaderIsLibpcapMicrosecondsRawIp() throws Exception {
        ByteBuffer header = ByteBuffer.wrap(capture(PcapFormat.PCAP, List.of())).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(24, header.remaining());
        assertEquals(0xA1B2C3D4, header.getInt(0));
        assertEquals(2, header.getShort(4));
        assertEquals(4, header.getShort(6));
        assertEquals(101, header.getInt(20));
    }

    @Test
    void ipv4HeaderChecksumVerifies() {
        byte[] packet = IpUdpFraming.frame(V4_A, V4_B, new byte[] {9, 8, 7}, 0, 3);
        long sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((packet[i] & 0xFF) << 8) | (packet[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        assertEquals(0xFFFF, sum, "a header with a correct checksum sums to all ones");
        assertEquals(20 + 8 + 3, ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF));
    }

    @Test
    void udpChecksumMatchesKnownDatagram() {
        // 127.0.0.1:5004 -> 127.0.0.1:40000, payload "RTP!": checksum worked by hand:
        // pseudo 7f00+0001+7f00+0001+0011+000c, UDP 138c+9c40+000c, data 5254+5021 -> 0x8e43 complemented.
        byte[] packet = IpUdpFraming.frame(V4_A, V4_B, "RTP!".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 4);
        int checksum = ((packet[26] & 0xFF) << 8) | (packet[27] & 0xFF);
        long sum = 0x7f00 + 0x0001 + 0x7f00 + 0x0001 + 0x0011 + 0x000c + 0x138c + 0x9c40 + 0x000c + 0x5254 + 0x5021;
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        assertEquals(~sum & 0xFFFF, checksum);
    }

    @Test
    void readsBigEndianNanosecondCapture() throws Exception {
        byte[] ip = IpUdpFraming.frame(V4_A, V4_B, new byte[] {42}, 0, 1);
        ByteBuffer file = ByteBuffer.allocate(24 + 16 + ip.length);
        file.putInt(0xA1B23C4D).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
        file.putInt(10).putInt(999_999_999).putInt(ip.length).putInt(ip.length).put(ip);
        List<CapturedDatagram> read = read(file.array());
        assertEquals(1, read.size());
        assertEquals(10_999_999L, read.get(0).timestampMicros());
        assertArrayEquals(new byte[] {42}, read.get(0).payload());
    }

    @Test
    void readsEthernetFramesAndSkipsNonIp() throws Exception {
        byte[] ip = IpUdpFraming.frame(V4_A, V4_B, new byte[] {7}, 0, 1);
        byte[] ether = new byte[14 + ip.length];
        ether[12] = 0x08;
        System.arraycopy(ip, 0, ether, 14, ip.length);
        byte[] arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        ByteBuffer file = ByteBuffer.allocate(24 + 16 + arp.length + 16 + ether.length).order(ByteOrder.LITTLE_ENDIAN);
        file.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        file.putInt(1).putInt(0).putInt(arp.length).putInt(arp.length).put(arp);
        file.putInt(2).putInt(0).putInt(ether.length).putInt(ether.length).put(ether);
        List<CapturedDatagram> read = read(file.array());
        assertEquals(1, read.size());
        assertEquals(2_000_000L, read.get(0).timestampMicros());
    }

    @Test
    void rejectsUnknownMagicAndHugeRecords() throws Exception {
        MalformedPacketException magic = assertThrows(MalformedPacketException.class,
                () -> read(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        assertEquals("pcap", magic.protocol());
        byte[] file = capture(PcapFormat.PCAP, List.of());
        ByteBuffer withHugeRecord = ByteBuffer.allocate(file.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        withHugeRecord.put(file).putInt(0).putInt(0).putInt(Integer.MAX_VALUE).putInt(Integer.MAX_VALUE);
        MalformedPacketException huge = assertThrows(MalformedPacketException.class, () -> read(withHugeRecord.array()));
        assertTrue(huge.rule().contains("captured length"), huge.getMessage());
    }

    @ParameterizedTest
    @EnumSource(PcapFormat.class)
    void everyTruncationIsATypedErrorOrACleanPrefix(PcapFormat format) throws Exception {
        byte[] file = capture(format, sample());
        for (int cut = 0; cut < file.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(file, cut);
            try {
                List<CapturedDatagram> read = read(truncated);
                assertEquals(sample().subList(0, read.size()), read, "a clean cut keeps whole records only");
            } catch (MalformedPacketException expected) {
                assertEquals("pcap", expected.protocol());
            }
        }
    }

    @Property(tries = 300)
    void mutatedCapturesFailOnlyWithTypedErrors(@ForAll("format") PcapFormat format,
            @ForAll @IntRange(min = 0, max = 5000) int position, @ForAll byte value) throws IOException {
        byte[] file = capture(format, sample());
        file[position % file.length] = value;
        try {
            read(file);
        } catch (MalformedPacketException expected) {
            assertEquals("pcap", expected.protocol());
        }
    }

    @Property(tries = 300)
    void randomBytesFailOnlyWithTypedErrors(@ForAll @Size(max = 200) byte[] noise) throws IOException {
        byte[] withMagic = new byte[noise.length + 4];
        ByteBuffer.wrap(withMagic).order(ByteOrder.LITTLE_ENDIAN).putInt(0xA1B2C3D4);
        System.arraycopy(noise, 0, withMagic, 4, noise.length);
        for (byte[] input : List.of(noise, withMagic)) {
            try {
                read(input);
            } catch (MalformedPacketException expected) {
                assertEquals("pcap", expected.protocol());
            }
        }
    }

    @Provide
    Arbitrary<PcapFormat> format() {
        return Arbitraries.of(PcapFormat.class);
    }

    @Test
    void recognisesCaptureMagicInBothByteOrders() throws Exception {
        assertTrue(PcapReader.isCapture(capture(PcapFormat.PCAP, List.of())));
        assertTrue(PcapReader.isCapture(capture(PcapFormat.PCAPNG, List.of())));
        assertTrue(PcapReader.isCapture(new byte[] {(byte) 0xA1, (byte) 0xB2, 0x3C, 0x4D}));
        assertTrue(!PcapReader.isCapture("v=0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertTrue(!PcapReader.isCapture(new byte[] {(byte) 0xA1, (byte) 0xB2}));
    }

    @Test
    void emptyCaptureHasNoDatagrams() throws Exception {
        try (PcapReader reader = PcapReader.from(new ByteArrayInputStream(capture(PcapFormat.PCAPNG, List.of())))) {
            assertNull(reader.next());
        }
    }
}
