package io.purertc.codec.vp8;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an IVF file, the container vpxenc writes and vpxdec reads: a 32-byte file header, then each
 * frame as a 12-byte header (size, 64-bit presentation timestamp) and its bytes, all little-endian.
 * A malformed file is an {@link IOException} naming the rule and the byte offset.
 */
// IVF as libvpx's ivfdec.c and ivfenc.c read and write it (it has no RFC)
public final class IvfReader implements Closeable {

    /** The largest frame read; a header claiming more is refused before anything is allocated for it. */
    public static final int MAX_FRAME_SIZE = 64 << 20;

    static final int FILE_HEADER_SIZE = 32;
    static final int FRAME_HEADER_SIZE = 12;
    private static final int MAX_HEADER_SIZE = 1 << 16;

    private final InputStream in;
    private final String fourcc;
    private final int width;
    private final int height;
    private final int rate;
    private final int scale;
    private final long frameCount;
    private long position;

    /** One frame's bytes and its presentation timestamp in units of scale/rate seconds. */
    public record Frame(long timestamp, byte[] data) {
    }

    /** Reads the file header from {@code in}; the reader closes {@code in} when closed. */
    public IvfReader(InputStream in) throws IOException {
        this.in = in;
        byte[] header = readFully(FILE_HEADER_SIZE, "the 32-byte file header");
        if (header[0] != 'D' || header[1] != 'K' || header[2] != 'I' || header[3] != 'F') {
            throw malformed(0, "an IVF file starts with DKIF");
        }
        int headerSize = le16(header, 6);
        if (headerSize < FILE_HEADER_SIZE || headerSize > MAX_HEADER_SIZE) {
            throw malformed(6, "the header size is 32 to " + MAX_HEADER_SIZE + " bytes, not " + headerSize);
        }
        fourcc = new String(header, 8, 4, StandardCharsets.ISO_8859_1);
        width = le16(header, 12);
        height = le16(header, 14);
        rate = (int) le32(header, 16);
        scale = (int) le32(header, 20);
        frameCount = le32(header, 24);
        readFully(headerSize - FILE_HEADER_SIZE, "the rest of the " + headerSize + "-byte header");
    }

    /** Opens the file at {@code path}. */
    public static IvfReader open(Path path) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        try {
            return new IvfReader(in);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** The codec's four-character code, {@code VP80} for VP8. */
    public String fourcc() {
        return fourcc;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The time base's denominator: timestamps count units of {@code scale / rate} seconds. */
    public int rate() {
        return rate;
    }

    /** The time base's numerator. */
    public int scale() {
        return scale;
    }

    /** The frame count the header claims; writers that cannot seek leave it wrong, so it is only a hint. */
    public long frameCount() {
        return frameCount;
    }

    /**
     * The next frame, or null at the end of the file.
     *
     * @throws IOException if the file ends inside a frame or a frame claims more than {@link #MAX_FRAME_SIZE}
     */
    public Frame next() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        position++;
        byte[] header = new byte[FRAME_HEADER_SIZE];
        header[0] = (byte) first;
        System.arraycopy(readFully(FRAME_HEADER_SIZE - 1, "a 12-byte frame header"), 0, header, 1,
                FRAME_HEADER_SIZE - 1);
        long size = le32(header, 0);
        if (size > MAX_FRAME_SIZE) {
            throw malformed(position - FRAME_HEADER_SIZE, "a frame of " + size + " bytes exceeds the "
                    + MAX_FRAME_SIZE + "-byte limit");
        }
        long timestamp = le32(header, 4) | le32(header, 8) << 32;
        return new Frame(timestamp, readFully((int) size, "a frame of " + size + " bytes"));
    }

    private byte[] readFully(int length, String what) throws IOException {
        // readNBytes grows its buffer as bytes arrive, so a truncated file never allocates the claimed size.
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("IVF: file ends at byte " + (position + bytes.length) + " inside " + what);
        }
        position += length;
        return bytes;
    }

    private static IOException malformed(long offset, String rule) {
        return new IOException("IVF: malformed at byte " + offset + ": " + rule);
    }

    static int le16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static long le32(byte[] b, int at) {
        return (le16(b, at) | (long) le16(b, at + 2) << 16);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
