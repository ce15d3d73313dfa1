package io.purertc.codec.vp8;

import io.purertc.media.CodecException;

/**
 * The VP8 payload header: the first three octets of a VP8 frame (RFC 6386 §9.1's frame tag), which
 * only the payload starting the frame carries, right after its payload descriptor. Error offsets count
 * from {@code offset}.
 *
 * @param keyFrame the inverse of P: the frame is a key frame
 * @param version VER, 0..7: the reconstruction filter and loop filter type (RFC 6386 §9.1)
 * @param showFrame H: the frame is meant to be displayed
 * @param firstPartitionSize Size0 + 8 Size1 + 2048 Size2: the first partition's length in octets
 */
// RFC 7741 §4.3
public record Vp8PayloadHeader(boolean keyFrame, int version, boolean showFrame, int firstPartitionSize) {

    /** The header's length in octets. */
    public static final int SIZE = 3;

    public Vp8PayloadHeader {
        if (version < 0 || version > 7) {
            throw new IllegalArgumentException("VER must be 0..7: " + version);
        }
        if (firstPartitionSize < 0 || firstPartitionSize >= 1 << 19) {
            throw new IllegalArgumentException("the first partition size is 19 bits: " + firstPartitionSize);
        }
    }

    /**
     * Reads the header at the start of {@code buffer[offset, offset + length)}.
     *
     * @throws CodecException if fewer than three octets remain
     */
    public static Vp8PayloadHeader parse(byte[] buffer, int offset, int length) throws CodecException {
        if (length < SIZE) {
            throw new CodecException("VP8", "payload header truncated at byte " + Math.max(length, 0)
                    + ": the first packet of a frame carries 3 octets of it (RFC 7741 §4.3)");
        }
        int b0 = buffer[offset] & 0xFF;
        int size = (b0 >>> 5) | (buffer[offset + 1] & 0xFF) << 3 | (buffer[offset + 2] & 0xFF) << 11;
        return new Vp8PayloadHeader((b0 & 0x01) == 0, (b0 >>> 1) & 0x07, (b0 & 0x10) != 0, size);
    }

    /** Writes the three octets at {@code buffer[offset]}. */
    public void write(byte[] buffer, int offset) {
        buffer[offset] = (byte) ((firstPartitionSize & 0x07) << 5 | (showFrame ? 0x10 : 0) | version << 1
                | (keyFrame ? 0 : 1));
        buffer[offset + 1] = (byte) (firstPartitionSize >>> 3);
        buffer[offset + 2] = (byte) (firstPartitionSize >>> 11);
    }
}
