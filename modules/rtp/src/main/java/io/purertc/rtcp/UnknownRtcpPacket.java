package io.purertc.rtcp;

import java.util.Arrays;
import java.util.Objects;

/**
 * A packet of a type, or a feedback message of a format, this codec does not interpret: kept
 * so a compound that carries it still parses, and can be written back unchanged.
 *
 * <p>A body that is not whole 32-bit words came with RTCP padding and is written back with
 * padding, which RFC 3550 §6.4.1 allows only on the last packet of a compound.
 *
 * @param packetType the packet type, 0 to 255
 * @param count the five bits after the padding bit: a count, subtype or feedback FMT
 * @param body the bytes after the 4-byte header, without any padding
 */
// RFC 3550 §6.1 (receivers skip packets of unknown type); RFC 4585 §6.1 (unknown FMT)
public record UnknownRtcpPacket(int packetType, int count, byte[] body) implements RtcpPacket {

    public UnknownRtcpPacket {
        Fields.range("packet type", packetType, 0, 255);
        Fields.range("count", count, 0, Fields.MAX_COUNT);
        Fields.fits("RTCP packet", Wire.HEADER_LENGTH + Wire.padded(body.length));
    }

    /** Whether writing this packet needs RTCP padding. */
    boolean needsPadding() {
        return body.length % 4 != 0;
    }

    @Override
    public int wireLength() {
        return Wire.HEADER_LENGTH + Wire.padded(body.length);
    }

    @Override
    public int writeTo(byte[] dst, int off) {
        int length = wireLength();
        Objects.checkFromIndexSize(off, length, dst.length);
        int pos = Wire.header(dst, off, count, packetType, length);
        System.arraycopy(body, 0, dst, pos, body.length);
        if (needsPadding()) {
            int padding = length - Wire.HEADER_LENGTH - body.length;
            dst[off] |= 0x20;
            Arrays.fill(dst, pos + body.length, off + length - 1, (byte) 0);
            dst[off + length - 1] = (byte) padding;
        }
        return length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownRtcpPacket other
                && packetType == other.packetType
                && count == other.count
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return (31 * packetType + count) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "UnknownRtcpPacket[type=" + packetType + ", count=" + count + ", body=" + body.length + " bytes]";
    }
}
