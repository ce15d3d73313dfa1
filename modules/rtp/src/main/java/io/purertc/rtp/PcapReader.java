package io.purertc.rtp;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the UDP datagrams out of a libpcap or pcapng capture, ours or one tshark/tcpdump made
 * (link types RAW, IPv4, IPv6, Ethernet, BSD loopback and Linux cooked v1/v2). Packets that are
 * not UDP are skipped. A capture file is input from outside like any other: a malformed header,
 * block or record raises {@link MalformedPacketException} (protocol {@code "pcap"}), and no length
 * read from the file sizes an allocation beyond {@link #MAX_RECORD}.
 */
public final class PcapReader implements Closeable {

    /** Largest record or block accepted; larger ones are malformed, not a reason to allocate. */
    public static final int MAX_RECORD = 1 << 20;

    private static final int PCAP_MAGIC_NANOS = 0xA1B23C4D;
    private static final int LINKTYPE_NULL = 0;
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_LINUX_SLL = 113;
    private static final int LINKTYPE_IPV4 = 228;
    private static final int LINKTYPE_IPV6 = 229;
    private static final int LINKTYPE_LINUX_SLL2 = 276;

    private final InputStream in;
    private final boolean pcapng;
    private ByteOrder order;
    private long position;
    // libpcap: one link type for the file; pcapng: one per interface description block.
    private final List<int[]> interfaces = new ArrayList<>();
    private boolean nanos;

    private PcapReader(InputStream in) throws IOException, MalformedPacketException {
        this.in = in;
        byte[] magic = readFully(4, "file header");
        int be = ByteBuffer.wrap(magic).getInt();
        int le = ByteBuffer.wrap(magic).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (be == PcapWriter.PCAPNG_SECTION_HEADER) {
            pcapng = true;
            readSectionHeaderRest();
        } else if (be == PcapWriter.PCAP_MAGIC_MICROS || be == PCAP_MAGIC_NANOS) {
            pcapng = false;
            order = ByteOrder.BIG_ENDIAN;
            nanos = be == PCAP_MAGIC_NANOS;
            readPcapHeaderRest();
        } else if (le == PcapWriter.PCAP_MAGIC_MICROS || le == PCAP_MAGIC_NANOS) {
            pcapng = false;
            order = ByteOrder.LITTLE_ENDIAN;
            nanos = le == PCAP_MAGIC_NANOS;
            readPcapHeaderRest();
        } else {
            throw malformed(0, "magic number 0x" + Integer.toHexString(be) + " is neither pcap nor pcapng");
        }
    }

    /** Whether {@code head}, the first bytes of a file, start a libpcap or pcapng capture. */
    public static boolean isCapture(byte[] head) {
        if (head.length < 4) {
            return false;
        }
        int be = ByteBuffer.wrap(head).getInt();
        int le = Integer.reverseBytes(be);
        return be == PcapWriter.PCAPNG_SECTION_HEADER
                || be == PcapWriter.PCAP_MAGIC_MICROS || be == PCAP_MAGIC_NANOS
                || le == PcapWriter.PCAP_MAGIC_MICROS || le == PCAP_MAGIC_NANOS;
    }

    public static PcapReader open(Path file) throws IOException, MalformedPacketException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        try {
            return new PcapReader(in);
        } catch (IOException | MalformedPacketException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Reads from {@code in}, which this reader closes. */
    public static PcapReader from(InputStream in) throws IOException, MalformedPacketException {
        return new PcapReader(in.markSupported() ? in : new BufferedInputStream(in));
    }

    /** Every UDP datagram in {@code file}, in capture order. */
    public static List<CapturedDatagram> readAll(Path file) throws IOException, MalformedPacketException {
        try (PcapReader reader = open(file)) {
            List<CapturedDatagram> all = new ArrayList<>();
            for (CapturedDatagram d = reader.next(); d != null; d = reader.next()) {
                all.add(d);
            }
            return all;
        }
    }

    /** The next UDP datagram, or null at the end of the capture. */
    public CapturedDatagram next() throws IOException, MalformedPacketException {
        while (true) {
            if (!hasMore()) {
                return null;
            }
            CapturedDatagram datagram = pcapng ? nextBlock() : nextRecord();
            if (datagram != null) {
                return datagram;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void readPcapHeaderRest() throws IOException, MalformedPacketException {
        ByteBuffer header = buffer(readFully(20, "file header"));
        int major = header.getShort() & 0xFFFF;
        if (major != 2) {
            throw malformed(4, "pcap major version " + major + " is not 2");
        }
        header.position(16);
        interfaces.add(new int[] {header.getInt() & 0x0FFF_FFFF, nanos ? 9 : 6});
    }

    private CapturedDatagram nextRecord() throws IOException, MalformedPacketException {
        long at = position;
        ByteBuffer header = buffer(readFully(16, "record header"));
        long seconds = header.getInt() & 0xFFFF_FFFFL;
        long fraction = header.getInt() & 0xFFFF_FFFFL;
        int captured = header.getInt();
        if (captured < 0 || captured > MAX_RECORD) {
            throw malformed(at + 8, "captured length " + Integer.toUnsignedString(captured) + " over " + MAX_RECORD);
        }
        byte[] data = readFully(captured, "record data");
        long micros = seconds * 1_000_000L + (nanos ? fraction / 1000 : fraction);
        return datagram(interfaces.get(0)[0], micros, data, 0, captured, at + 16);
    }

    private void readSectionHeaderRest() throws IOException, MalformedPacketException {
        long blockStart = position - 4;
        byte[] lengthAndMagic = readFully(8, "section header");
        int magicLe = ByteBuffer.wrap(lengthAndMagic, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (magicLe == PcapWriter.PCAPNG_BYTE_ORDER_MAGIC) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (Integer.reverseBytes(magicLe) == PcapWriter.PCAPNG_BYTE_ORDER_MAGIC) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw malformed(blockStart + 8, "pcapng byte-order magic missing");
        }
        int total = buffer(lengthAndMagic).getInt();
        checkBlockLength(blockStart, total, 28);
        byte[] rest = readFully(total - 12, "section header body");
        int major = buffer(rest).getShort() & 0xFFFF;
        if (major != 1) {
            throw malformed(blockStart + 12, "pcapng major version " + major + " is not 1");
        }
        checkTrailer(blockStart, total, rest);
        interfaces.clear();
    }

    private CapturedDatagram nextBlock() throws IOException, MalformedPacketException {
        long blockStart = position;
        ByteBuffer head = buffer(readFully(4, "block type"));
        int type = head.getInt();
        if (type == PcapWriter.PCAPNG_SECTION_HEADER) {
            readSectionHeaderRest();
            return null;
        }
        int total = buffer(readFully(4, "block length")).getInt();
        checkBlockLength(blockStart, total, 12);
        byte[] body = readFully(total - 8, "block body");
        checkTrailer(blockStart, total, body);
        ByteBuffer b = buffer(body);
        int bodyLength = total - 12;
        if (type == PcapWriter.PCAPNG_INTERFACE_DESCRIPTION) {
            if (bodyLength < 8) {
                throw malformed(blockStart, "interface description block shorter than 20 bytes");
            }
            int linkType = b.getShort() & 0xFFFF;
            b.position(8);
            interfaces.add(new int[] {linkType, timestampResolution(b, bodyLength, blockStart)});
            return null;
        }
        if (type == PcapWriter.PCAPNG_ENHANCED_PACKET) {
            if (bodyLength < 20) {
                throw malformed(blockStart, "enhanced packet block shorter than 32 bytes");
            }
            int interfaceId = b.getInt();
            if (interfaceId < 0 || interfaceId >= interfaces.size()) {
                throw malformed(blockStart + 8, "interface id " + interfaceId + " not described");
            }
            long timestamp = ((b.getInt() & 0xFFFF_FFFFL) << 32) | (b.getInt() & 0xFFFF_FFFFL);
            int captured = b.getInt();
            if (captured < 0 || captured > bodyLength - 20) {
                throw malformed(blockStart + 20, "captured length " + Integer.toUnsignedString(captured)
                        + " exceeds the block");
            }
            int[] description = interfaces.get(interfaceId);
            return datagram(description[0], toMicros(timestamp, description[1]), body, 20, captured,
                    blockStart + 28);
        }
        return null; // other block types (statistics, name resolution, ...) carry no datagrams
    }

    // if_tsresol (option code 9): bit 7 clear means 10^-n seconds, set means 2^-n.
    private int timestampResolution(ByteBuffer b, int bodyLength, long blockStart) throws MalformedPacketException {
        int resolution = 6;
        while (b.position() + 4 <= bodyLength) {
            int code = b.getShort() & 0xFFFF;
            int length = b.getShort() & 0xFFFF;
            if (code == 0) {
                break;
            }
            if (b.position() + length > bodyLength) {
                throw malformed(blockStart + 8 + b.position(), "option length " + length + " exceeds the block");
            }
            if (code == 9 && length == 1) {
                resolution = b.get(b.position()) & 0xFF;
                if ((resolution & 0x80) == 0 ? resolution > 18 : (resolution & 0x7F) > 62) {
                    throw malformed(blockStart + 8 + b.position(), "if_tsresol " + resolution + " out of range");
                }
            }
            b.position(b.position() + PcapWriter.align4(length));
        }
        return resolution;
    }

    private static long toMicros(long timestamp, int resolution) {
        if ((resolution & 0x80) != 0) {
            int shift = resolution & 0x7F;
            long seconds = timestamp >>> shift;
            long fraction = timestamp & ((1L << shift) - 1);
            return seconds * 1_000_000L + (long) ((double) fraction / (1L << shift) * 1e6);
        }
        long unitsPerSecond = 1;
        for (int i = 0; i < resolution; i++) {
            unitsPerSecond *= 10;
        }
        long seconds = Long.divideUnsigned(timestamp, unitsPerSecond);
        long fraction = Long.remainderUnsigned(timestamp, unitsPerSecond);
        return seconds * 1_000_000L + (resolution >= 6 ? fraction / (unitsPerSecond / 1_000_000L)
                : fraction * (1_000_000L / unitsPerSecond));
    }

    private CapturedDatagram datagram(int linkType, long micros, byte[] data, int start, int length,
            long fileOffset) throws MalformedPacketException {
        int ip;
        switch (linkType) {
            case PcapWriter.LINKTYPE_RAW:
            case LINKTYPE_IPV4:
            case LINKTYPE_IPV6:
                ip = 0;
                break;
            case LINKTYPE_NULL:
                ip = 4;
                break;
            case LINKTYPE_ETHERNET:
                ip = ethernetPayload(data, start, length);
                break;
            case LINKTYPE_LINUX_SLL:
                ip = 16;
                break;
            case LINKTYPE_LINUX_SLL2:
                ip = 20;
                break;
            default:
                throw malformed(fileOffset, "link type " + linkType + " not supported");
        }
        if (ip < 0) {
            return null;
        }
        if (ip > length) {
            throw malformed(fileOffset, "link-layer header of " + ip + " bytes in a " + length + "-byte record");
        }
        try {
            return IpUdpFraming.unframe(micros, data, start + ip, length - ip);
        } catch (MalformedPacketException e) {
            throw malformed(fileOffset + ip + e.offset(), e.getMessage());
        }
    }

    // IEEE 802.3 with optional 802.1Q tags; returns -1 for frames that are not IP.
    private static int ethernetPayload(byte[] data, int start, int length) {
        int at = 12;
        while (at + 2 <= length) {
            int etherType = ((data[start + at] & 0xFF) << 8) | (data[start + at + 1] & 0xFF);
            if (etherType == 0x8100 || etherType == 0x88A8) {
                at += 4;
                continue;
            }
            return etherType == 0x0800 || etherType == 0x86DD ? at + 2 : -1;
        }
        return -1;
    }

    private void checkBlockLength(long blockStart, int total, int minimum) throws MalformedPacketException {
        if (total < minimum || total > MAX_RECORD || (total & 3) != 0) {
            throw malformed(blockStart + 4, "block length " + Integer.toUnsignedString(total)
                    + " is not a multiple of 4 in " + minimum + ".." + MAX_RECORD);
        }
    }

    private void checkTrailer(long blockStart, int total, byte[] rest) throws MalformedPacketException {
        int trailer = buffer(rest).getInt(rest.length - 4);
        if (trailer != total) {
            throw malformed(blockStart + total - 4, "trailing block length " + trailer + " differs from " + total);
        }
    }

    private boolean hasMore() throws IOException {
        in.mark(1);
        int next = in.read();
        in.reset();
        return next >= 0;
    }

    private byte[] readFully(int n, String what) throws IOException, MalformedPacketException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw malformed(position + bytes.length, "file ends inside the " + what);
        }
        position += n;
        return bytes;
    }

    private ByteBuffer buffer(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(order);
    }

    private static MalformedPacketException malformed(long offset, String rule) {
        return new MalformedPacketException("pcap", (int) Math.min(offset, Integer.MAX_VALUE), rule);
    }
}
