package io.purertc.rtcp;

import io.purertc.rtp.MalformedPacketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An APP packet: an application's own message, named by four ASCII characters.
 *
 * @param subtype five bits the application may use, 0 to 31
 * @param ssrc the sender
 * @param name four characters, case-sensitive; each 0 to 255 so any octets received are kept
 * @param data the application's data, whole 32-bit words
 */
// RFC 3550 §6.7
public record ApplicationDefined(int subtype, long ssrc, String name, byte[] data) implements RtcpPacket {

    private static final int FIXED_LENGTH = 12;

    public ApplicationDefined {
        Fields.range("APP subtype", subtype, 0, Fields.MAX_COUNT);
        Fields.u32("SSRC", ssrc);
        if (name.length() != 4 || name.chars().anyMatch(c -> c > 0xFF)) {
            throw new IllegalArgumentException("APP name is four octets: " + name);
        }
        Fields.words("APP data", data);
        Fields.fits("APP", FIXED_LENGTH + data.length);
    }

    static ApplicationDefined parse(RtcpInput in, int start, int end, int count) throws MalformedPacketException {
        in.require(start, FIXED_LENGTH, end, "APP shorter than its SSRC and name");
        if ((end - start) % 4 != 0) {
            throw in.malformed(start + FIXED_LENGTH, "APP data is not whole 32-bit words");
        }
        return new ApplicationDefined(count, in.u32(start + 4),
                new String(in.copy(start + 8, start + 12), StandardCharsets.ISO_8859_1),
                in.copy(start + FIXED_LENGTH, end));
    }

    @Override
    public int wireLength() {
        return FIXED_LENGTH + data.length;
    }

    @Override
    public int writeTo(byte[] dst, int off) {
        int length = wireLength();
        Objects.checkFromIndexSize(off, length, dst.length);
        int pos = Wire.header(dst, off, subtype, Wire.APP, length);
        Wire.put32(dst, pos, ssrc);
        System.arraycopy(name.getBytes(StandardCharsets.ISO_8859_1), 0, dst, pos + 4, 4);
        System.arraycopy(data, 0, dst, pos + 8, data.length);
        return length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApplicationDefined other
                && subtype == other.subtype
                && ssrc == other.ssrc
                && name.equals(other.name)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subtype, ssrc, name) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ApplicationDefined[subtype=" + subtype + ", ssrc=" + ssrc + ", name=" + name + ", data="
                + data.length + " bytes]";
    }
}
