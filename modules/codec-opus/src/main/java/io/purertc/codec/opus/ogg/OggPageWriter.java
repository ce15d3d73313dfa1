package io.purertc.codec.opus.ogg;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one logical Ogg bitstream, one packet per page: simple, and what RFC 7845 §3 requires for
 * the two Opus header packets anyway. A packet longer than one page's 255 lacing values continues
 * on further pages.
 */
// RFC 3533 §6 (page header), §5 (lacing values, continued packets)
public final class OggPageWriter {

    static final int HEADER_BYTES = 27;
    static final int CONTINUED = 0x01;
    static final int FIRST_PAGE = 0x02;
    static final int LAST_PAGE = 0x04;
    private static final int MAX_SEGMENTS = 255;

    private final OutputStream out;
    private final int serial;
    private int sequence;
    private boolean started;

    public OggPageWriter(OutputStream out, int serial) {
        this.out = out;
        this.serial = serial;
    }

    /**
     * Writes {@code packet}; its last page carries {@code granulePosition} (pages on which no packet
     * ends carry -1, RFC 3533 §6). {@code last} marks the end of the stream.
     */
    public void writePacket(byte[] packet, long granulePosition, boolean last) throws IOException {
        int pos = 0;
        boolean ends;
        do {
            int remaining = packet.length - pos;
            ends = remaining / 255 + 1 <= MAX_SEGMENTS;
            int segments = ends ? remaining / 255 + 1 : MAX_SEGMENTS;
            int bodyLength = ends ? remaining : MAX_SEGMENTS * 255;
            byte[] page = new byte[HEADER_BYTES + segments + bodyLength];
            page[0] = 'O';
            page[1] = 'g';
            page[2] = 'g';
            page[3] = 'S';
            page[5] = (byte) ((pos > 0 ? CONTINUED : 0) | (started ? 0 : FIRST_PAGE) | (last && ends ? LAST_PAGE : 0));
            putLong(page, 6, ends ? granulePosition : -1);
            putInt(page, 14, serial);
            putInt(page, 18, sequence++);
            page[26] = (byte) segments;
            for (int i = 0; i < segments; i++) {
                page[HEADER_BYTES + i] = (byte) (ends && i == segments - 1 ? remaining % 255 : 255);
            }
            System.arraycopy(packet, pos, page, HEADER_BYTES + segments, bodyLength);
            putInt(page, 22, OggCrc.update(0, page, 0, page.length));
            out.write(page);
            pos += bodyLength;
            started = true;
        } while (!ends);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
        b[at + 3] = (byte) (v >> 24);
    }

    private static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) v);
        putInt(b, at + 4, (int) (v >> 32));
    }
}
