package io.purertc.rtp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Wraps a UDP payload in the IPv4 (RFC 791) or IPv6 (RFC 8200) and UDP (RFC 768) headers a
 * capture needs, and unwraps them again. Captures use link type RAW, so a record is exactly one
 * IP packet.
 */
final class IpUdpFraming {

    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    static final int UDP_HEADER = 8;
    private static final int PROTOCOL_UDP = 17;
    private static final int MAX_PAYLOAD = 65_535 - IPV6_HEADER - UDP_HEADER;

    private IpUdpFraming() {
    }

    /** Returns an IP packet carrying {@code payload} from {@code src} to {@code dst}. */
    static byte[] frame(InetSocketAddress src, InetSocketAddress dst, byte[] buf, int off, int len) {
        InetAddress s = src.getAddress();
        InetAddress d = dst.getAddress();
        if (s == null || d == null) {
            throw new IllegalArgumentException("unresolved address: " + src + " -> " + dst);
        }
        if (len < 0 || len > MAX_PAYLOAD) {
            throw new IllegalArgumentException("UDP payload length out of range: " + len);
        }
        boolean v6 = s instanceof Inet6Address || d instanceof Inet6Address;
        byte[] sa = addressBytes(s, v6);
        byte[] da = addressBytes(d, v6);
        int ipHeader = v6 ? IPV6_HEADER : IPV4_HEADER;
        int udpLength = UDP_HEADER + len;
        byte[] packet = new byte[ipHeader + udpLength];
        if (v6) {
            packet[0] = 0x60;
            BigEndian.putU16(packet, 4, udpLength);
            packet[6] = PROTOCOL_UDP;
            packet[7] = 64;
            System.arraycopy(sa, 0, packet, 8, 16);
            System.arraycopy(da, 0, packet, 24, 16);
        } else {
            packet[0] = 0x45;
            BigEndian.putU16(packet, 2, packet.length);
            packet[6] = 0x40; // don't fragment
            packet[8] = 64;
            packet[9] = PROTOCOL_UDP;
            System.arraycopy(sa, 0, packet, 12, 4);
            System.arraycopy(da, 0, packet, 16, 4);
            BigEndian.putU16(packet, 10, ~onesComplementSum(packet, 0, IPV4_HEADER, 0) & 0xFFFF);
        }
        int udp = ipHeader;
        BigEndian.putU16(packet, udp, src.getPort());
        BigEndian.putU16(packet, udp + 2, dst.getPort());
        BigEndian.putU16(packet, udp + 4, udpLength);
        System.arraycopy(buf, off, packet, udp + UDP_HEADER, len);
        // RFC 768 / RFC 8200 §8.1: checksum over the pseudo-header, UDP header and data.
        int pseudo = onesComplementSum(sa, 0, sa.length, 0);
        pseudo = onesComplementSum(da, 0, da.length, pseudo);
        pseudo += PROTOCOL_UDP + udpLength;
        int checksum = ~onesComplementSum(packet, udp, udpLength, pseudo) & 0xFFFF;
        BigEndian.putU16(packet, udp + 6, checksum == 0 ? 0xFFFF : checksum);
        return packet;
    }

    /**
     * Reads the UDP datagram inside one IP packet, or returns null for a valid IP packet that is
     * not UDP (captures may hold other traffic; it is skipped, not an error).
     */
    static CapturedDatagram unframe(long timestampMicros, byte[] buf, int off, int len)
            throws MalformedPacketException {
        if (len < 1) {
            throw new MalformedPacketException("IP", 0, "empty packet");
        }
        int version = (buf[off] & 0xFF) >>> 4;
        int headerLength;
        int protocol;
        int totalLength;
        byte[] sa;
        byte[] da;
        if (version == 4) {
            if (len < IPV4_HEADER) {
                throw new MalformedPacketException("IP", len, "IPv4 header needs 20 bytes");
            }
            headerLength = (buf[off] & 0x0F) * 4;
            if (headerLength < IPV4_HEADER || headerLength > len) {
                throw new MalformedPacketException("IP", 0, "IPv4 IHL " + headerLength + " outside 20.." + len);
            }
            totalLength = BigEndian.u16(buf, off + 2);
            if (totalLength < headerLength || totalLength > len) {
                throw new MalformedPacketException("IP", 2, "IPv4 total length " + totalLength + " does not fit");
            }
            if ((BigEndian.u16(buf, off + 6) & 0x3FFF) != 0) {
                return null; // a fragment; reassembly is out of scope for a debugging capture
            }
            protocol = buf[off + 9] & 0xFF;
            sa = java.util.Arrays.copyOfRange(buf, off + 12, off + 16);
            da = java.util.Arrays.copyOfRange(buf, off + 16, off + 20);
        } else if (version == 6) {
            if (len < IPV6_HEADER) {
                throw new MalformedPacketException("IP", len, "IPv6 header needs 40 bytes");
            }
            headerLength = IPV6_HEADER;
            totalLength = IPV6_HEADER + BigEndian.u16(buf, off + 4);
            if (totalLength > len) {
                throw new MalformedPacketException("IP", 4, "IPv6 payload length " + (totalLength - 40) + " does not fit");
            }
            protocol = buf[off + 6] & 0xFF; // extension headers are not followed: we never write them
            sa = java.util.Arrays.copyOfRange(buf, off + 8, off + 24);
            da = java.util.Arrays.copyOfRange(buf, off + 24, off + 40);
        } else {
            throw new MalformedPacketException("IP", 0, "IP version " + version + " is neither 4 nor 6");
        }
        if (protocol != PROTOCOL_UDP) {
            return null;
        }
        int udp = off + headerLength;
        int available = totalLength - headerLength;
        if (available < UDP_HEADER) {
            throw new MalformedPacketException("UDP", headerLength, "UDP header needs 8 bytes, " + available + " left");
        }
        int udpLength = BigEndian.u16(buf, udp + 4);
        if (udpLength < UDP_HEADER || udpLength > available) {
            throw new MalformedPacketException("UDP", headerLength + 4, "UDP length " + udpLength + " outside 8.." + available);
        }
        try {
            InetSocketAddress source = new InetSocketAddress(InetAddress.getByAddress(sa), BigEndian.u16(buf, udp));
            InetSocketAddress destination = new InetSocketAddress(InetAddress.getByAddress(da), BigEndian.u16(buf, udp + 2));
            byte[] payload = java.util.Arrays.copyOfRange(buf, udp + UDP_HEADER, udp + udpLength);
            return new CapturedDatagram(timestampMicros, source, destination, payload);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 address bytes are always valid", e);
        }
    }

    private static byte[] addressBytes(InetAddress address, boolean v6) {
        byte[] raw = address.getAddress();
        if (!v6 || raw.length == 16) {
            return raw;
        }
        // RFC 4291 §2.5.5.2: an IPv4 peer of an IPv6 flow appears IPv4-mapped.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }

    private static int onesComplementSum(byte[] b, int off, int len, int initial) {
        long sum = initial & 0xFFFF_FFFFL;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            sum += ((b[off + i] & 0xFF) << 8) | (b[off + i + 1] & 0xFF);
        }
        if (i < len) {
            sum += (b[off + i] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }
}
