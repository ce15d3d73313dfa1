package io.purertc.codec.opus.ogg;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import io.purertc.rtp.MalformedPacketException;

/**
 * Reads the packets of one logical Ogg bitstream from a whole file in memory, checking each page's
 * capture pattern, version, CRC, serial number, sequence and lengths. Hostile files yield only
 * {@link MalformedPacketException}, and no length read from the file sizes an allocation beyond
 * the bytes actually present.
 */
// RFC 3533 §6 (page header), §5 (packets across pages)
public final class OggPageReader {

    private static final String PROTOCOL = "Ogg";
    private static final byte[] ZERO_CRC = new byte[4];

    private OggPageReader() {
    }

    /** The packets of the file's (single) logical bitstream, in order. */
    public static List<OggPacket> read(byte[] file) throws MalformedPacketException {
        List<OggPacket> packets = new ArrayList<>();
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        int pos = 0;
        int serial = 0;
        int expectedSequence = 0;
        boolean ended = false;
        boolean pending = false;
        while (pos < file.length) {
            int start = pos;
            if (ended) {
                throw new MalformedPacketException(PROTOCOL, start, "no page follows the end-of-stream page");
            }
            if (file.length - pos < OggPageWriter.HEADER_BYTES) {
                throw new MalformedPacketException(PROTOCOL, start, "a page header is 27 bytes");
            }
            if (file[pos] != 'O' || file[pos + 1] != 'g' || file[pos + 2] != 'g' || file[pos + 3] != 'S') {
                throw new MalformedPacketException(PROTOCOL, start, "a page starts with the capture pattern OggS");
            }
            if (file[pos + 4] != 0) {
                throw new MalformedPacketException(PROTOCOL, start + 4, "stream structure version is 0");
            }
            int type = file[pos + 5] & 0xFF;
            long granule = getLong(file, pos + 6);
            int pageSerial = getInt(file, pos + 14);
            int sequence = getInt(file, pos + 18);
            int crc = getInt(file, pos + 22);
            int segments = file[pos + 26] & 0xFF;
            boolean first = expectedSequence == 0;
            if (first != ((type & OggPageWriter.FIRST_PAGE) != 0)) {
                throw new MalformedPacketException(PROTOCOL, start + 5, "only the first page is marked bos");
            }
            if (first) {
                serial = pageSerial;
            } else if (pageSerial != serial) {
                throw new MalformedPacketException(PROTOCOL, start + 14, "one logical bitstream per file");
            }
            if (sequence != expectedSequence) {
                throw new MalformedPacketException(PROTOCOL, start + 18, "page sequence numbers count up from 0");
            }
            expectedSequence++;
            int table = pos + OggPageWriter.HEADER_BYTES;
            if (file.length - table < segments) {
                throw new MalformedPacketException(PROTOCOL, start + 26, "the segment table lies within the file");
            }
            int bodyLength = 0;
            for (int i = 0; i < segments; i++) {
                bodyLength += file[table + i] & 0xFF;
            }
            int body = table + segments;
            if (file.length - body < bodyLength) {
                throw new MalformedPacketException(PROTOCOL, start + 26, "the page body lies within the file");
            }
            int pageEnd = body + bodyLength;
            int computed = OggCrc.update(0, file, start, 22);
            computed = OggCrc.update(computed, ZERO_CRC, 0, 4);
            computed = OggCrc.update(computed, file, start + 26, pageEnd - start - 26);
            if (computed != crc) {
                throw new MalformedPacketException(PROTOCOL, start + 22, "the page CRC matches its bytes");
            }
            boolean continued = (type & OggPageWriter.CONTINUED) != 0;
            if (continued != pending) {
                if (continued) {
                    throw new MalformedPacketException(PROTOCOL, start + 5, "a continued page follows an unfinished packet");
                }
                throw new MalformedPacketException(PROTOCOL, start + 5, "an unfinished packet continues on the next page");
            }
            int data = body;
            int lastEnding = -1;
            for (int i = 0; i < segments; i++) {
                if ((file[table + i] & 0xFF) < 255) {
                    lastEnding = i;
                }
            }
            for (int i = 0; i < segments; i++) {
                int lacing = file[table + i] & 0xFF;
                partial.write(file, data, lacing);
                data += lacing;
                if (lacing < 255) {
                    packets.add(new OggPacket(partial.toByteArray(), i == lastEnding ? granule : -1));
                    partial.reset();
                }
            }
            pending = segments > 0 && (file[table + segments - 1] & 0xFF) == 255;
            ended = (type & OggPageWriter.LAST_PAGE) != 0;
            pos = pageEnd;
        }
        if (pending) {
            throw new MalformedPacketException(PROTOCOL, file.length, "the last packet is complete");
        }
        return packets;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static long getLong(byte[] b, int at) {
        return (getInt(b, at) & 0xFFFFFFFFL) | (long) getInt(b, at + 4) << 32;
    }
}
