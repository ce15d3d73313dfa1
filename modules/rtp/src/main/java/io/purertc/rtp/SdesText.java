package io.purertc.rtp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** An SDES item's text carried in a header extension element: UTF-8, not null-terminated. */
// RFC 7941 §4.1
final class SdesText {

    private SdesText() {
    }

    /**
     * The text in {@code buf[offset, offset + length)}. A zero byte ends the text early, as
     * libwebrtc reads it, so a sender that pads the element still interoperates.
     */
    static String read(byte[] buf, int offset, int length, String item) throws MalformedPacketException {
        int textLength = 0;
        while (textLength < length && buf[offset + textLength] != 0) {
            textLength++;
        }
        if (textLength == 0) {
            throw new MalformedPacketException(RtpPacket.PROTOCOL, offset, item + " must not be empty");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(buf, offset, textLength)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedPacketException(RtpPacket.PROTOCOL, offset, item + " must be valid UTF-8");
        }
    }

    static byte[] toBytes(String text, String item) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 1 || bytes.length > HeaderExtension.MAX_LENGTH) {
            throw new IllegalArgumentException(item + " must be 1..255 UTF-8 bytes, got " + bytes.length);
        }
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(item + " must not contain a zero character");
        }
        return bytes;
    }
}
