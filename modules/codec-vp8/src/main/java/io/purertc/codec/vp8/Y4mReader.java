package io.purertc.codec.vp8;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.purertc.media.I420;
import io.purertc.media.VideoFrame;

/**
 * Reads 4:2:0 YUV4MPEG2 files, the raw format vpxenc, ffmpeg and the Xiph test clips use: a header line naming
 * size and frame rate, then each picture as a {@code FRAME} line and its three planes.
 */
// YUV4MPEG2 as libvpx's y4minput.c reads it (it has no RFC): W, H, F num:den, C 420 variants; other tags ignored
public final class Y4mReader implements Closeable {

    private static final int MAX_LINE = 1024;
    private static final int MAX_SIZE = 16384;

    private final InputStream in;
    private final int width;
    private final int height;
    private final int rateNumerator;
    private final int rateDenominator;

    /**
     * Reads the stream header.
     *
     * @throws IOException if the header is not a 4:2:0 YUV4MPEG2 header with a size
     */
    public Y4mReader(InputStream in) throws IOException {
        this.in = in;
        String header = line();
        if (header == null || !header.startsWith("YUV4MPEG2")) {
            throw new IOException("not YUV4MPEG2: the stream must start with \"YUV4MPEG2\"");
        }
        int w = 0;
        int h = 0;
        int num = 30;
        int den = 1;
        for (String tag : header.substring("YUV4MPEG2".length()).trim().split(" +")) {
            if (tag.isEmpty()) {
                continue;
            }
            String value = tag.substring(1);
            switch (tag.charAt(0)) {
                case 'W':
                    w = number(value, "W");
                    break;
                case 'H':
                    h = number(value, "H");
                    break;
                case 'F':
                    int colon = value.indexOf(':');
                    if (colon < 0) {
                        throw new IOException("Y4M frame rate is num:den: " + tag);
                    }
                    num = number(value.substring(0, colon), "F");
                    den = number(value.substring(colon + 1), "F");
                    break;
                case 'C':
                    if (!value.startsWith("420")) {
                        throw new IOException("only 4:2:0 Y4M is read, not C" + value);
                    }
                    break;
                default:
                    break;
            }
        }
        if (w < 1 || h < 1 || w > MAX_SIZE || h > MAX_SIZE || num < 1 || den < 1) {
            throw new IOException("Y4M header needs W and H in 1.." + MAX_SIZE + " and a positive F: " + header);
        }
        width = w;
        height = h;
        rateNumerator = num;
        rateDenominator = den;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Frames per second: the numerator of the header's F tag. */
    public int rateNumerator() {
        return rateNumerator;
    }

    /** The denominator of the header's F tag. */
    public int rateDenominator() {
        return rateDenominator;
    }

    /**
     * The next picture, tightly packed, or null at the end of the stream.
     *
     * @throws IOException if a frame is cut short or does not start with {@code FRAME}
     */
    public VideoFrame next() throws IOException {
        String marker = line();
        if (marker == null) {
            return null;
        }
        if (!marker.startsWith("FRAME")) {
            throw new IOException("Y4M frame must start with FRAME: " + marker);
        }
        VideoFrame picture = I420.read(in, width, height);
        if (picture == null) {
            throw new EOFException("Y4M frame " + marker + " has no picture");
        }
        return picture;
    }

    /** A line without its newline, or null at the end of the stream before any byte. */
    private String line() throws IOException {
        byte[] buf = new byte[MAX_LINE];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (n == 0) {
                    return null;
                }
                throw new EOFException("Y4M line without its newline");
            }
            if (b == '\n') {
                return new String(buf, 0, n, StandardCharsets.US_ASCII);
            }
            if (n == MAX_LINE) {
                throw new IOException("Y4M header line longer than " + MAX_LINE + " bytes");
            }
            buf[n++] = (byte) b;
        }
    }

    private static int number(String text, String tag) throws IOException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException("Y4M " + tag + " is not a number: " + text, e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
