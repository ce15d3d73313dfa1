package io.purertc.rtcp;

import io.purertc.rtp.MalformedPacketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parses and writes compound RTCP packets: RTCP packets stacked back to back in one datagram.
 *
 * <p>Parsing follows the validity checks of RFC 3550 Appendix A.2 except the one on the first
 * packet's type: reduced-size RTCP (RFC 5506) lets a compound start with any packet, or be a
 * single feedback message, and the padding bit is accepted on any packet, not only the last.
 * Packets of unknown type or feedback format come back as
 * {@link UnknownRtcpPacket}. Writing never adds padding except for an unknown packet whose body
 * needs it, which must then be last.
 */
// RFC 3550 §6.1, Appendix A.2; RFC 5506 §3
public final class RtcpCompound {

    private static final int VERSION = 2;

    private RtcpCompound() {
    }

    /**
     * The packets of the compound in {@code buf[off .. off+len)}.
     *
     * @throws MalformedPacketException naming the first rule the bytes break, at an offset from {@code off}
     */
    public static List<RtcpPacket> parse(byte[] buf, int off, int len) throws MalformedPacketException {
        Objects.checkFromIndexSize(off, len, buf.length);
        RtcpInput in = new RtcpInput(buf, off);
        int end = off + len;
        if (len == 0) {
            throw in.malformed(off, "empty compound");
        }
        List<RtcpPacket> packets = new ArrayList<>(4);
        for (int pos = off; pos < end; ) {
            in.require(pos, Wire.HEADER_LENGTH, end, "truncated RTCP header");
            int first = in.u8(pos);
            if (first >>> 6 != VERSION) {
                throw in.malformed(pos, "version is not 2");
            }
            int length = (in.u16(pos + 2) + 1) * 4;
            in.require(pos, length, end, "length field exceeds the compound");
            int packetEnd = pos + length;
            int contentEnd = packetEnd;
            // RFC 3550 §6.4.1 reserves padding for the last packet, but libwebrtc pads transport-wide
            // feedback wherever it stands in a compound; each packet's padding stays inside its own
            // length, so accepting it anywhere is safe, and rejecting it drops Chrome's feedback.
            if ((first & 0x20) != 0) {
                int padding = in.u8(packetEnd - 1);
                if (padding == 0 || padding > length - Wire.HEADER_LENGTH) {
                    throw in.malformed(packetEnd - 1, "padding count is 0 or exceeds the packet");
                }
                contentEnd -= padding;
            }
            packets.add(parsePacket(in, pos, contentEnd, first & 0x1F, in.u8(pos + 1)));
            pos = packetEnd;
        }
        return packets;
    }

    private static RtcpPacket parsePacket(RtcpInput in, int start, int end, int count, int type)
            throws MalformedPacketException {
        switch (type) {
            case Wire.SR:
                return SenderReport.parse(in, start, end, count);
            case Wire.RR:
                return ReceiverReport.parse(in, start, end, count);
            case Wire.SDES:
                return SourceDescription.parse(in, start, end, count);
            case Wire.BYE:
                return Goodbye.parse(in, start, end, count);
            case Wire.APP:
                return ApplicationDefined.parse(in, start, end, count);
            case Wire.RTPFB:
                in.require(start, Wire.FEEDBACK_HEADER_LENGTH, end, "feedback message shorter than its SSRCs");
                if (count == GenericNack.FMT) {
                    return GenericNack.parse(in, start, end);
                }
                if (count == TransportWideFeedback.FMT) {
                    return TransportWideFeedback.parse(in, start, end);
                }
                break;
            case Wire.PSFB:
                in.require(start, Wire.FEEDBACK_HEADER_LENGTH, end, "feedback message shorter than its SSRCs");
                if (count == PictureLossIndication.FMT) {
                    return PictureLossIndication.parse(in, start, end);
                }
                if (count == FullIntraRequest.FMT) {
                    return FullIntraRequest.parse(in, start, end);
                }
                if (count == ReceiverEstimatedMaxBitrate.FMT && ReceiverEstimatedMaxBitrate.isRemb(in, start, end)) {
                    return ReceiverEstimatedMaxBitrate.parse(in, start, end);
                }
                break;
            default:
                break;
        }
        return new UnknownRtcpPacket(type, count, in.copy(start + Wire.HEADER_LENGTH, end));
    }

    /** Bytes the compound of {@code packets} takes on the wire. */
    public static int wireLength(List<? extends RtcpPacket> packets) {
        int length = 0;
        for (RtcpPacket packet : packets) {
            length += packet.wireLength();
        }
        return length;
    }

    /** The compound of {@code packets}, in order. */
    public static byte[] write(List<? extends RtcpPacket> packets) {
        byte[] out = new byte[wireLength(packets)];
        writePackets(packets, out, 0);
        return out;
    }

    /**
     * Writes the compound of {@code packets} into {@code dst} at {@code off}.
     *
     * @return the number of bytes written
     * @throws IndexOutOfBoundsException if {@code dst} has less room than {@link #wireLength(List)}
     * @throws IllegalArgumentException if a packet that needs padding is not the last
     */
    public static int write(List<? extends RtcpPacket> packets, byte[] dst, int off) {
        Objects.checkFromIndexSize(off, wireLength(packets), dst.length);
        return writePackets(packets, dst, off);
    }

    private static int writePackets(List<? extends RtcpPacket> packets, byte[] dst, int off) {
        for (int i = 0; i < packets.size() - 1; i++) {
            if (packets.get(i) instanceof UnknownRtcpPacket unknown && unknown.needsPadding()) {
                throw new IllegalArgumentException("only the last packet of a compound may carry padding");
            }
        }
        int pos = off;
        for (RtcpPacket packet : packets) {
            pos += packet.writeTo(dst, pos);
        }
        return pos - off;
    }
}
