package io.purertc.codec.vp8;

import io.purertc.media.CodecException;

/**
 * The VP8 payload descriptor that starts every VP8 RTP payload. Absent optional fields are -1.
 * Reserved bits are written as zero and ignored when read, as §4.2 asks of receivers.
 *
 * @param extended X: the extension octet follows (it may announce no field)
 * @param nonReference N: the frame is not used to predict other frames and may be discarded
 * @param startOfPartition S: the payload starts a VP8 partition
 * @param partitionIndex PID, 0..7: the partition the payload's first octet belongs to
 * @param pictureId the PictureID, 0..127 or 0..32767, or -1 when I is 0
 * @param longPictureId M: the PictureID takes 15 bits rather than 7
 * @param tl0PicIdx TL0PICIDX, 0..255, or -1 when L is 0
 * @param temporalLayer TID, 0..3, or -1 when T is 0
 * @param layerSync Y: the frame depends only on the base layer's frame with TL0PICIDX (only with T)
 * @param keyIndex KEYIDX, 0..31, or -1 when K is 0
 */
// RFC 7741 §4.2
public record Vp8PayloadDescriptor(boolean extended, boolean nonReference, boolean startOfPartition,
                                   int partitionIndex, int pictureId, boolean longPictureId, int tl0PicIdx,
                                   int temporalLayer, boolean layerSync, int keyIndex) {

    private static final String CODEC = "VP8";

    public Vp8PayloadDescriptor {
        check(partitionIndex, 0, 7, "PID");
        check(pictureId, -1, longPictureId ? 0x7FFF : 0x7F, "PictureID");
        check(tl0PicIdx, -1, 0xFF, "TL0PICIDX");
        check(temporalLayer, -1, 3, "TID");
        check(keyIndex, -1, 31, "KEYIDX");
        if (!extended && (pictureId >= 0 || tl0PicIdx >= 0 || temporalLayer >= 0 || keyIndex >= 0)) {
            throw new IllegalArgumentException("optional fields need X");
        }
        if (pictureId < 0 && longPictureId) {
            throw new IllegalArgumentException("M needs a PictureID");
        }
        if (temporalLayer < 0 && layerSync) {
            throw new IllegalArgumentException("Y needs a TID");
        }
    }

    /** The descriptor a simple sender puts on each packet: a 15-bit PictureID and nothing else optional. */
    public static Vp8PayloadDescriptor of(boolean startOfPartition, int partitionIndex, int pictureId) {
        return new Vp8PayloadDescriptor(true, false, startOfPartition, partitionIndex, pictureId, true, -1, -1, false,
                -1);
    }

    /**
     * Reads the descriptor at the start of {@code buffer[offset, offset + length)}.
     *
     * @throws CodecException if a field the flags announce lies past the end
     */
    public static Vp8PayloadDescriptor parse(byte[] buffer, int offset, int length) throws CodecException {
        int end = offset + length;
        int pos = offset;
        int first = octet(buffer, pos++, offset, end, "the required first octet");
        boolean extended = (first & 0x80) != 0;
        boolean nonReference = (first & 0x20) != 0;
        boolean start = (first & 0x10) != 0;
        int partitionIndex = first & 0x07;
        int pictureId = -1;
        boolean longPictureId = false;
        int tl0PicIdx = -1;
        int temporalLayer = -1;
        boolean layerSync = false;
        int keyIndex = -1;
        if (extended) {
            int flags = octet(buffer, pos++, offset, end, "X=1 announces the extension octet");
            if ((flags & 0x80) != 0) {
                int id = octet(buffer, pos++, offset, end, "I=1 announces a PictureID");
                longPictureId = (id & 0x80) != 0;
                pictureId = id & 0x7F;
                if (longPictureId) {
                    int low = octet(buffer, pos++, offset, end, "M=1 announces a 15-bit PictureID");
                    pictureId = pictureId << 8 | low;
                }
            }
            if ((flags & 0x40) != 0) {
                tl0PicIdx = octet(buffer, pos++, offset, end, "L=1 announces TL0PICIDX");
            }
            if ((flags & 0x30) != 0) {
                int tk = octet(buffer, pos, offset, end, "T=1 or K=1 announces the TID/Y/KEYIDX octet");
                if ((flags & 0x20) != 0) {
                    temporalLayer = tk >>> 6;
                    layerSync = (tk & 0x20) != 0;
                }
                if ((flags & 0x10) != 0) {
                    keyIndex = tk & 0x1F;
                }
            }
        }
        return new Vp8PayloadDescriptor(extended, nonReference, start, partitionIndex, pictureId, longPictureId,
                tl0PicIdx, temporalLayer, layerSync, keyIndex);
    }

    private static int octet(byte[] buffer, int pos, int offset, int end, String rule) throws CodecException {
        if (pos >= end) {
            throw new CodecException(CODEC, "payload descriptor truncated at byte " + (pos - offset) + ": " + rule
                    + " (RFC 7741 §4.2)");
        }
        return buffer[pos] & 0xFF;
    }

    /** The descriptor's length in octets. */
    public int size() {
        if (!extended) {
            return 1;
        }
        int size = 2;
        if (pictureId >= 0) {
            size += longPictureId ? 2 : 1;
        }
        if (tl0PicIdx >= 0) {
            size++;
        }
        if (temporalLayer >= 0 || keyIndex >= 0) {
            size++;
        }
        return size;
    }

    /**
     * Writes the descriptor at {@code buffer[offset]}.
     *
     * @return the number of octets written, {@link #size()}
     */
    public int write(byte[] buffer, int offset) {
        int pos = offset;
        buffer[pos++] = (byte) ((extended ? 0x80 : 0) | (nonReference ? 0x20 : 0) | (startOfPartition ? 0x10 : 0)
                | partitionIndex);
        if (!extended) {
            return 1;
        }
        buffer[pos++] = (byte) ((pictureId >= 0 ? 0x80 : 0) | (tl0PicIdx >= 0 ? 0x40 : 0)
                | (temporalLayer >= 0 ? 0x20 : 0) | (keyIndex >= 0 ? 0x10 : 0));
        if (pictureId >= 0) {
            if (longPictureId) {
                buffer[pos++] = (byte) (0x80 | (pictureId >>> 8));
            }
            buffer[pos++] = (byte) pictureId;
        }
        if (tl0PicIdx >= 0) {
            buffer[pos++] = (byte) tl0PicIdx;
        }
        if (temporalLayer >= 0 || keyIndex >= 0) {
            buffer[pos++] = (byte) ((Math.max(temporalLayer, 0) << 6) | (layerSync ? 0x20 : 0)
                    | Math.max(keyIndex, 0));
        }
        return pos - offset;
    }

    /** Whether this payload begins a VP8 frame: S=1 and PID=0 (§4.1); only it carries the payload header. */
    public boolean startsFrame() {
        return startOfPartition && partitionIndex == 0;
    }

    private static void check(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be " + min + ".." + max + ": " + value);
        }
    }
}
