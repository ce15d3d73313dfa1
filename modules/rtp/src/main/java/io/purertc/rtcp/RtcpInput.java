package io.purertc.rtcp;

import io.purertc.rtp.MalformedPacketException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of one compound packet as its parsers read them: big-endian fields, and failures
 * reported at offsets relative to the start of the compound.
 */
final class RtcpInput {

    private final byte[] buf;
    private final int origin;

    RtcpInput(byte[] buf, int origin) {
        this.buf = buf;
        this.origin = origin;
    }

    MalformedPacketException malformed(int pos, String rule) {
        return new MalformedPacketException("RTCP", pos - origin, rule);
    }

    /** Fails with {@code rule} unless {@code n} bytes from {@code pos} lie before {@code end}. */
    void require(int pos, int n, int end, String rule) throws MalformedPacketException {
        if (n > end - pos) {
            throw malformed(pos, rule);
        }
    }

    int u8(int pos) {
        return buf[pos] & 0xFF;
    }

    int u16(int pos) {
        return (buf[pos] & 0xFF) << 8 | (buf[pos + 1] & 0xFF);
    }

    int s16(int pos) {
        return (short) u16(pos);
    }

    int s24(int pos) {
        return (buf[pos] << 16) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF);
    }

    long u32(int pos) {
        return ((long) u16(pos) << 16) | u16(pos + 2);
    }

    byte[] copy(int from, int to) {
        return Arrays.copyOfRange(buf, from, to);
    }

    /** The bytes from {@code from} to {@code to} as UTF-8 text, failing with {@code rule} if they are not. */
    String utf8(int from, int to, String rule) throws MalformedPacketException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(buf, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw malformed(from, rule);
        }
    }
}
