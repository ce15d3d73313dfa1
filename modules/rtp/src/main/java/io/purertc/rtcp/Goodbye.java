package io.purertc.rtcp;

import io.purertc.rtp.MalformedPacketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Sources leaving the session.
 *
 * @param ssrcs the sources that leave, at most 31
 * @param reason why, at most 255 octets of UTF-8; empty when the packet gives no reason
 */
// RFC 3550 §6.6
public record Goodbye(List<Long> ssrcs, String reason) implements RtcpPacket {

    public Goodbye {
        ssrcs = Fields.ssrcs("BYE SSRCs", ssrcs, Fields.MAX_COUNT);
        Fields.range("BYE reason length", reason.getBytes(StandardCharsets.UTF_8).length, 0, 255);
    }

    static Goodbye parse(RtcpInput in, int start, int end, int count) throws MalformedPacketException {
        int pos = start + Wire.HEADER_LENGTH;
        in.require(pos, 4 * count, end, "BYE shorter than its SSRC count");
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++, pos += 4) {
            ssrcs.add(in.u32(pos));
        }
        String reason = "";
        if (pos < end) {
            int length = in.u8(pos);
            in.require(pos + 1, length, end, "BYE reason longer than its packet");
            if (end - (pos + 1 + length) > 3) {
                throw in.malformed(pos + 1 + length, "bytes after the BYE reason beyond its padding");
            }
            reason = in.utf8(pos + 1, pos + 1 + length, "BYE reason is not UTF-8");
        }
        return new Goodbye(ssrcs, reason);
    }

    @Override
    public int wireLength() {
        int length = Wire.HEADER_LENGTH + 4 * ssrcs.size();
        return reason.isEmpty() ? length : length + Wire.padded(1 + reason.getBytes(StandardCharsets.UTF_8).length);
    }

    @Override
    public int writeTo(byte[] dst, int off) {
        int length = wireLength();
        Objects.checkFromIndexSize(off, length, dst.length);
        int pos = Wire.header(dst, off, ssrcs.size(), Wire.BYE, length);
        for (long ssrc : ssrcs) {
            Wire.put32(dst, pos, ssrc);
            pos += 4;
        }
        if (!reason.isEmpty()) {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            dst[pos] = (byte) text.length;
            System.arraycopy(text, 0, dst, pos + 1, text.length);
            Arrays.fill(dst, pos + 1 + text.length, off + length, (byte) 0);
        }
        return length;
    }
}
