package io.purertc.rtcp;

import io.purertc.rtp.MalformedPacketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Descriptions of up to 31 sources: each a chunk of items such as the CNAME that ties a
 * participant's streams together across SSRC changes. Items of every type are kept as received.
 */
// RFC 3550 §6.5
public record SourceDescription(List<Chunk> chunks) implements RtcpPacket {

    public static final int CNAME = 1;
    public static final int NAME = 2;
    public static final int EMAIL = 3;
    public static final int PHONE = 4;
    public static final int LOC = 5;
    public static final int TOOL = 6;
    public static final int NOTE = 7;
    public static final int PRIV = 8;

    public SourceDescription {
        chunks = Fields.list("chunks", chunks, Fields.MAX_COUNT);
        Fields.fits("SDES", length(chunks));
    }

    /** The description every RTP sender sends: one chunk with its CNAME. */
    public static SourceDescription ofCname(long ssrc, String cname) {
        return new SourceDescription(List.of(new Chunk(ssrc, List.of(Item.text(CNAME, cname)))));
    }

    /** The CNAME this packet gives for {@code ssrc}, if any. */
    public Optional<String> cname(long ssrc) {
        for (Chunk chunk : chunks) {
            if (chunk.ssrc == ssrc) {
                for (Item item : chunk.items) {
                    if (item.type == CNAME) {
                        return Optional.of(item.text());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The items describing one source.
     *
     * @param ssrc the source (an SSRC, or a CSRC a mixer describes)
     * @param items its items in the order sent, possibly none
     */
    public record Chunk(long ssrc, List<Item> items) {

        public Chunk {
            Fields.u32("SSRC", ssrc);
            items = List.copyOf(items);
        }

        /** The SSRC, the items and one to four null octets up to the next 32-bit boundary. */
        int wireLength() {
            int length = 4;
            for (Item item : items) {
                length += 2 + item.value.length;
            }
            return Wire.padded(length + 1);
        }
    }

    /**
     * One SDES item.
     *
     * @param type the item type, 1 to 255 ({@link #CNAME} .. {@link #PRIV} are defined by RFC 3550)
     * @param value its octets, at most 255; UTF-8 text for the types RFC 3550 defines
     */
    public record Item(int type, byte[] value) {

        public Item {
            Fields.range("SDES item type", type, 1, 255);
            Fields.range("SDES item length", value.length, 0, 255);
        }

        /** An item holding {@code text} in UTF-8. */
        public static Item text(int type, String text) {
            return new Item(type, text.getBytes(StandardCharsets.UTF_8));
        }

        /** The value read as UTF-8. */
        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Item other && type == other.type && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Item[type=" + type + ", text=" + text() + "]";
        }
    }

    static SourceDescription parse(RtcpInput in, int start, int end, int count) throws MalformedPacketException {
        List<Chunk> chunks = new ArrayList<>(count);
        int pos = start + Wire.HEADER_LENGTH;
        for (int c = 0; c < count; c++) {
            in.require(pos, 4, end, "SDES chunk shorter than its SSRC");
            long ssrc = in.u32(pos);
            pos += 4;
            List<Item> items = new ArrayList<>();
            while (true) {
                in.require(pos, 1, end, "SDES chunk not ended by a null octet");
                int type = in.u8(pos);
                if (type == 0) {
                    break;
                }
                in.require(pos, 2, end, "SDES item shorter than its type and length");
                int length = in.u8(pos + 1);
                in.require(pos + 2, length, end, "SDES item longer than its packet");
                items.add(new Item(type, in.copy(pos + 2, pos + 2 + length)));
                pos += 2 + length;
            }
            pos = start + Wire.padded(pos + 1 - start);
            if (pos > end) {
                throw in.malformed(end, "SDES chunk padding runs past its packet");
            }
            chunks.add(new Chunk(ssrc, items));
        }
        if (pos != end) {
            throw in.malformed(pos, "bytes after the last SDES chunk");
        }
        return new SourceDescription(chunks);
    }

    @Override
    public int wireLength() {
        return length(chunks);
    }

    private static int length(List<Chunk> chunks) {
        int length = Wire.HEADER_LENGTH;
        for (Chunk chunk : chunks) {
            length += chunk.wireLength();
        }
        return length;
    }

    @Override
    public int writeTo(byte[] dst, int off) {
        int length = wireLength();
        Objects.checkFromIndexSize(off, length, dst.length);
        int pos = Wire.header(dst, off, chunks.size(), Wire.SDES, length);
        for (Chunk chunk : chunks) {
            int chunkEnd = pos + chunk.wireLength();
            Wire.put32(dst, pos, chunk.ssrc);
            pos += 4;
            for (Item item : chunk.items) {
                dst[pos] = (byte) item.type;
                dst[pos + 1] = (byte) item.value.length;
                System.arraycopy(item.value, 0, dst, pos + 2, item.value.length);
                pos += 2 + item.value.length;
            }
            Arrays.fill(dst, pos, chunkEnd, (byte) 0);
            pos = chunkEnd;
        }
        return length;
    }
}
