package io.purertc.rtp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One header extension element: a local identifier negotiated in SDP ({@code a=extmap}) and its
 * bytes. Immutable: the bytes are copied in and out.
 *
 * <p>Identifiers 1..255 and lengths 0..255 are what the two-byte form can carry; the one-byte
 * form takes the subset with identifier 1..14 and length 1..16 (see {@link #fitsOneByteForm()}).
 */
// RFC 8285 §4.1-4.3
public record HeaderExtension(int id, byte[] data) {

    static final int MAX_ID = 255;
    static final int MAX_LENGTH = 255;
    static final int MAX_ONE_BYTE_ID = 14;
    static final int MAX_ONE_BYTE_LENGTH = 16;

    public HeaderExtension {
        if (id < 1 || id > MAX_ID) {
            throw new IllegalArgumentException("extension id must be 1..255, got " + id);
        }
        if (data.length > MAX_LENGTH) {
            throw new IllegalArgumentException("extension data must be at most 255 bytes, got " + data.length);
        }
        data = data.clone();
    }

    /** A copy of the element's bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Number of data bytes, without copying them. */
    public int length() {
        return data.length;
    }

    /** Whether the one-byte form (RFC 8285 §4.2) can carry this element. */
    public boolean fitsOneByteForm() {
        return id <= MAX_ONE_BYTE_ID && data.length >= 1 && data.length <= MAX_ONE_BYTE_LENGTH;
    }

    /** Copies the data to {@code dst[off..]} and returns the offset just past it. */
    int copyTo(byte[] dst, int off) {
        System.arraycopy(data, 0, dst, off, data.length);
        return off + data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderExtension other && id == other.id && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * id + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "HeaderExtension[id=" + id + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
}
