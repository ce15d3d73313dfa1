package io.purertc.rtp;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes UDP datagrams into a capture file that Wireshark and tshark open, so that any layer can
 * dump what it sends and receives. Each datagram is wrapped in IPv4 or IPv6 and UDP headers with
 * valid checksums; the link type is RAW (101), so no fake Ethernet addresses appear.
 *
 * <p>Formats: libpcap (https://www.tcpdump.org/manpages/pcap-savefile.5.html, microsecond
 * resolution) and pcapng (draft-ietf-opsawg-pcapng §4.1 SHB, §4.2 IDB, §4.3 EPB), both
 * little-endian. Writes are synchronized: a debugging dump may be fed by several threads.
 */
public final class PcapWriter implements Closeable {

    static final int LINKTYPE_RAW = 101;
    static final int SNAPLEN = 262_144;
    static final int PCAP_MAGIC_MICROS = 0xA1B2C3D4;
    static final int PCAPNG_SECTION_HEADER = 0x0A0D0D0A;
    static final int PCAPNG_INTERFACE_DESCRIPTION = 0x00000001;
    static final int PCAPNG_ENHANCED_PACKET = 0x00000006;
    static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    private final OutputStream out;
    private final PcapFormat format;
    private long datagrams;

    private PcapWriter(OutputStream out, PcapFormat format) throws IOException {
        this.out = out;
        this.format = format;
        writeFileHeader();
    }

    /** Creates (or truncates) {@code file} and writes the format's file header. */
    public static PcapWriter create(Path file, PcapFormat format) throws IOException {
        return new PcapWriter(new BufferedOutputStream(Files.newOutputStream(file)), format);
    }

    /** Writes the capture into {@code out}, which this writer closes. */
    public static PcapWriter to(OutputStream out, PcapFormat format) throws IOException {
        return new PcapWriter(out, format);
    }

    /** Records one datagram of {@code len} bytes at {@code buf[off]} sent from {@code src} to {@code dst}. */
    public synchronized void write(long timestampMicros, InetSocketAddress src, InetSocketAddress dst,
            byte[] buf, int off, int len) throws IOException {
        byte[] packet = IpUdpFraming.frame(src, dst, buf, off, len);
        if (format == PcapFormat.PCAP) {
            ByteBuffer header = le(16);
            header.putInt((int) Math.floorDiv(timestampMicros, 1_000_000L));
            header.putInt((int) Math.floorMod(timestampMicros, 1_000_000L));
            header.putInt(packet.length);
            header.putInt(packet.length);
            out.write(header.array());
            out.write(packet);
        } else {
            int padded = align4(packet.length);
            int total = 32 + padded;
            ByteBuffer block = le(total);
            block.putInt(PCAPNG_ENHANCED_PACKET);
            block.putInt(total);
            block.putInt(0); // interface id
            block.putInt((int) (timestampMicros >>> 32));
            block.putInt((int) timestampMicros);
            block.putInt(packet.length);
            block.putInt(packet.length);
            block.put(packet);
            block.position(28 + padded);
            block.putInt(total);
            out.write(block.array());
        }
        datagrams++;
    }

    /** Records a whole datagram. */
    public void write(long timestampMicros, InetSocketAddress src, InetSocketAddress dst, byte[] datagram)
            throws IOException {
        write(timestampMicros, src, dst, datagram, 0, datagram.length);
    }

    /** Datagrams written so far. */
    public synchronized long datagrams() {
        return datagrams;
    }

    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    private void writeFileHeader() throws IOException {
        if (format == PcapFormat.PCAP) {
            ByteBuffer header = le(24);
            header.putInt(PCAP_MAGIC_MICROS);
            header.putShort((short) 2);
            header.putShort((short) 4);
            header.putInt(0); // thiszone
            header.putInt(0); // sigfigs
            header.putInt(SNAPLEN);
            header.putInt(LINKTYPE_RAW);
            out.write(header.array());
        } else {
            ByteBuffer shb = le(28);
            shb.putInt(PCAPNG_SECTION_HEADER);
            shb.putInt(28);
            shb.putInt(PCAPNG_BYTE_ORDER_MAGIC);
            shb.putShort((short) 1);
            shb.putShort((short) 0);
            shb.putLong(-1L); // section length not given
            shb.putInt(28);
            out.write(shb.array());
            // No if_tsresol option: the default resolution, 10^-6 s, is what we write.
            ByteBuffer idb = le(20);
            idb.putInt(PCAPNG_INTERFACE_DESCRIPTION);
            idb.putInt(20);
            idb.putShort((short) LINKTYPE_RAW);
            idb.putShort((short) 0);
            idb.putInt(SNAPLEN);
            idb.putInt(20);
            out.write(idb.array());
        }
    }

    static int align4(int n) {
        return (n + 3) & ~3;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
