package io.purertc.rtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An RTP packet read in place from {@code buffer()[offset(), offset() + length())}.
 *
 * <p>{@link #parse} checks every length the header declares, including each RFC 8285 extension
 * element, so the accessors afterwards read straight from the array without further checks. No
 * field is copied out: the setters write through to the array, which is how RTX and relaying
 * rewrite SSRC, payload type, sequence number and timestamp without a copy.
 *
 * <p>Header extensions are found by id with {@link #extensionOffset(int)} and
 * {@link #extensionLength(int)}: two plain ints, so a lookup allocates nothing. The offset is an
 * index into {@link #buffer()} (not relative to the packet), ready to hand to a codec such as
 * {@link TransportSequenceNumber#read(byte[], int, int)}.
 */
// RFC 3550 §5.1, RFC 3550 §5.3.1, RFC 8285 §4
public final class RtpPacket {

    static final String PROTOCOL = "RTP";
    static final int VERSION = 2;
    static final int FIXED_HEADER_LENGTH = 12;
    static final int PADDING_BIT = 0x20;
    static final int EXTENSION_BIT = 0x10;
    static final int MARKER_BIT = 0x80;
    static final int ONE_BYTE_PROFILE = 0xBEDE;
    static final int TWO_BYTE_PROFILE = 0x1000;
    /** RFC 8285 §4.3: the low four bits of the two-byte profile are application bits. */
    private static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    /** RFC 8285 §4.2: one-byte id 15 ends the elements; what follows is not to be parsed. */
    private static final int ONE_BYTE_STOP_ID = 15;

    /** Where the extension elements are: none, RFC 8285 one-byte, RFC 8285 two-byte, or another profile. */
    private static final int NO_EXTENSION = 0;
    private static final int ONE_BYTE_FORM = 1;
    private static final int TWO_BYTE_FORM = 2;
    private static final int OTHER_PROFILE = 3;

    private final byte[] buf;
    private final int offset;
    private final int length;
    private final int headerLength;
    private final int paddingLength;
    private final int extensionForm;
    /** Index in {@code buf} of the first extension element (just past the 4-byte extension header). */
    private final int elementsStart;

    private RtpPacket(byte[] buf, int offset, int length, int headerLength, int paddingLength,
                      int extensionForm, int elementsStart) {
        this.buf = buf;
        this.offset = offset;
        this.length = length;
        this.headerLength = headerLength;
        this.paddingLength = paddingLength;
        this.extensionForm = extensionForm;
        this.elementsStart = elementsStart;
    }

    /**
     * Reads the packet in {@code buf[off, off + len)} without copying it.
     *
     * @throws MalformedPacketException if a length in the header runs past {@code len}, the
     *     version is not 2, the padding count is 0 or larger than what follows the header, or an
     *     RFC 8285 extension element is malformed; the exception's offset is relative to {@code off}
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not lie within {@code buf}
     */
    public static RtpPacket parse(byte[] buf, int off, int len) throws MalformedPacketException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < FIXED_HEADER_LENGTH) {
            throw malformed(0, "fixed header needs 12 bytes");
        }
        int first = buf[off];
        if ((first & 0xC0) != VERSION << 6) {
            throw malformed(0, "version must be 2");
        }
        int headerLength = FIXED_HEADER_LENGTH + 4 * (first & 0x0F);
        if (headerLength > len) {
            throw malformed(FIXED_HEADER_LENGTH, "CSRC list runs past the end of the packet");
        }
        int extensionForm = NO_EXTENSION;
        int elementsStart = off + headerLength + 4;
        if ((first & EXTENSION_BIT) != 0) {
            int extensionStart = headerLength;
            if (extensionStart + 4 > len) {
                throw malformed(extensionStart, "header extension header runs past the end of the packet");
            }
            headerLength += 4 + 4 * BigEndian.u16(buf, off + extensionStart + 2);
            if (headerLength > len) {
                throw malformed(extensionStart + 2, "header extension length runs past the end of the packet");
            }
            extensionForm = formOf(BigEndian.u16(buf, off + extensionStart));
            checkElements(buf, off, elementsStart, off + headerLength, extensionForm);
        }
        int paddingLength = 0;
        if ((first & PADDING_BIT) != 0) {
            paddingLength = buf[off + len - 1] & 0xFF;
            if (paddingLength == 0) {
                throw malformed(len - 1, "padding count must be at least 1");
            }
            if (paddingLength > len - headerLength) {
                throw malformed(len - 1, "padding count exceeds the bytes after the header");
            }
        }
        return new RtpPacket(buf, off, len, headerLength, paddingLength, extensionForm, elementsStart);
    }

    private static int formOf(int profile) {
        if (profile == ONE_BYTE_PROFILE) {
            return ONE_BYTE_FORM;
        }
        if ((profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
            return TWO_BYTE_FORM;
        }
        return OTHER_PROFILE;
    }

    /** Walks the elements once so that lookups later need no bounds checks. */
    private static void checkElements(byte[] buf, int off, int start, int end, int form)
            throws MalformedPacketException {
        int pos = start;
        if (form == ONE_BYTE_FORM) {
            while (pos < end) {
                int b = buf[pos] & 0xFF;
                if (b == 0) {
                    pos++;
                    continue;
                }
                int id = b >>> 4;
                if (id == ONE_BYTE_STOP_ID) {
                    return;
                }
                if (id == 0) {
                    throw malformed(pos - off, "one-byte extension element with id 0 must be a zero padding byte");
                }
                if (pos + 2 + (b & 0x0F) > end) {
                    throw malformed(pos - off, "one-byte extension element runs past the extension block");
                }
                pos += 2 + (b & 0x0F);
            }
        } else if (form == TWO_BYTE_FORM) {
            while (pos < end) {
                if (buf[pos] == 0) {
                    pos++;
                    continue;
                }
                if (pos + 2 > end) {
                    throw malformed(pos - off, "two-byte extension element header runs past the extension block");
                }
                if (pos + 2 + (buf[pos + 1] & 0xFF) > end) {
                    throw malformed(pos + 1 - off, "two-byte extension element runs past the extension block");
                }
                pos += 2 + (buf[pos + 1] & 0xFF);
            }
        }
    }

    private static MalformedPacketException malformed(int offset, String rule) {
        return new MalformedPacketException(PROTOCOL, offset, rule);
    }

    public int version() {
        return (buf[offset] & 0xC0) >>> 6;
    }

    public boolean padding() {
        return (buf[offset] & PADDING_BIT) != 0;
    }

    public boolean extension() {
        return (buf[offset] & EXTENSION_BIT) != 0;
    }

    public int csrcCount() {
        return buf[offset] & 0x0F;
    }

    /** The {@code index}-th contributing source, 0 ≤ index &lt; {@link #csrcCount()}. */
    public long csrc(int index) {
        Objects.checkIndex(index, csrcCount());
        return BigEndian.u32(buf, offset + FIXED_HEADER_LENGTH + 4 * index);
    }

    public boolean marker() {
        return (buf[offset + 1] & MARKER_BIT) != 0;
    }

    public int payloadType() {
        return buf[offset + 1] & 0x7F;
    }

    public int sequenceNumber() {
        return BigEndian.u16(buf, offset + 2);
    }

    public long timestamp() {
        return BigEndian.u32(buf, offset + 4);
    }

    public long ssrc() {
        return BigEndian.u32(buf, offset + 8);
    }

    /** Fixed header, CSRC list and extension block together. */
    public int headerLength() {
        return headerLength;
    }

    /** Index in {@link #buffer()} where the payload starts. */
    public int payloadOffset() {
        return offset + headerLength;
    }

    public int payloadLength() {
        return length - headerLength - paddingLength;
    }

    /** Padding bytes at the end, including the count byte itself; 0 when the P bit is clear. */
    public int paddingLength() {
        return paddingLength;
    }

    /** The array this packet is a view of; writes to it are writes to the packet. */
    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /**
     * Index in {@link #buffer()} of the data of header extension element {@code id}, or -1 if the
     * packet has no such element (or carries its extension in a profile other than RFC 8285's).
     * The first element with that id wins. Allocates nothing.
     */
    public int extensionOffset(int id) {
        if (id < 1 || id > HeaderExtension.MAX_ID) {
            throw new IllegalArgumentException("extension id must be 1..255, got " + id);
        }
        int end = offset + headerLength;
        int pos = elementsStart;
        if (extensionForm == ONE_BYTE_FORM) {
            while (pos < end) {
                int b = buf[pos] & 0xFF;
                int elementId = b >>> 4;
                if (elementId == ONE_BYTE_STOP_ID) {
                    return -1;
                }
                if (elementId == id) {
                    return pos + 1;
                }
                pos += b == 0 ? 1 : 2 + (b & 0x0F);
            }
        } else if (extensionForm == TWO_BYTE_FORM) {
            while (pos < end) {
                int elementId = buf[pos] & 0xFF;
                if (elementId == id) {
                    return pos + 2;
                }
                pos += elementId == 0 ? 1 : 2 + (buf[pos + 1] & 0xFF);
            }
        }
        return -1;
    }

    /** Data length of header extension element {@code id}, or -1 if there is none; see {@link #extensionOffset}. */
    public int extensionLength(int id) {
        int dataOffset = extensionOffset(id);
        if (dataOffset < 0) {
            return -1;
        }
        return extensionForm == ONE_BYTE_FORM ? (buf[dataOffset - 1] & 0x0F) + 1 : buf[dataOffset - 1] & 0xFF;
    }

    /**
     * The RFC 8285 elements in wire order, copied out; empty for no extension or another profile.
     * RFC 8285 does not forbid an id twice; like {@link #extensionOffset} this keeps the first.
     */
    public List<HeaderExtension> extensions() {
        List<HeaderExtension> elements = new ArrayList<>();
        if (extensionForm != ONE_BYTE_FORM && extensionForm != TWO_BYTE_FORM) {
            return elements;
        }
        boolean oneByteForm = extensionForm == ONE_BYTE_FORM;
        int end = offset + headerLength;
        int pos = elementsStart;
        while (pos < end) {
            int b = buf[pos] & 0xFF;
            if (b == 0) {
                pos++;
                continue;
            }
            int id = oneByteForm ? b >>> 4 : b;
            if (oneByteForm && id == ONE_BYTE_STOP_ID) {
                break;
            }
            int dataStart = pos + (oneByteForm ? 1 : 2);
            int dataLength = oneByteForm ? (b & 0x0F) + 1 : buf[pos + 1] & 0xFF;
            if (extensionOffset(id) == dataStart) {
                elements.add(new HeaderExtension(id, Arrays.copyOfRange(buf, dataStart, dataStart + dataLength)));
            }
            pos = dataStart + dataLength;
        }
        return elements;
    }

    /** The header as values (RFC 8285 elements only; see {@link #extensions()}). */
    public RtpHeader header() {
        List<Long> csrcs = new ArrayList<>(csrcCount());
        for (int i = 0; i < csrcCount(); i++) {
            csrcs.add(csrc(i));
        }
        return new RtpHeader(marker(), payloadType(), sequenceNumber(), timestamp(), ssrc(), csrcs, extensions());
    }

    /**
     * Sets header extension element {@code extension.id()}. When the packet already has that
     * element with the same length, its bytes are overwritten in place and this packet is
     * returned. Otherwise the packet is rebuilt into a new array (extension block rewritten,
     * the form chosen afresh, payload copied, padding kept at the same length and zero-filled) and
     * the new packet is returned; this one is left untouched.
     *
     * @throws IllegalStateException if the packet's extension block uses a profile other than
     *     RFC 8285's, whose contents this class cannot carry over
     */
    public RtpPacket withExtension(HeaderExtension extension) {
        int dataOffset = extensionOffset(extension.id());
        if (dataOffset >= 0 && extensionLength(extension.id()) == extension.length()) {
            extension.copyTo(buf, dataOffset);
            return this;
        }
        if (extensionForm == OTHER_PROFILE) {
            throw new IllegalStateException("extension block profile 0x"
                    + Integer.toHexString(BigEndian.u16(buf, elementsStart - 4)) + " is not RFC 8285's");
        }
        byte[] rebuilt = header().withExtension(extension)
                .toPacket(buf, payloadOffset(), payloadLength(), paddingLength);
        try {
            return parse(rebuilt, 0, rebuilt.length);
        } catch (MalformedPacketException e) {
            throw new AssertionError("RtpHeader wrote a packet RtpPacket cannot parse", e);
        }
    }

    public void setMarker(boolean marker) {
        buf[offset + 1] = (byte) (buf[offset + 1] & 0x7F | (marker ? MARKER_BIT : 0));
    }

    public void setPayloadType(int payloadType) {
        RtpHeader.checkPayloadType(payloadType);
        buf[offset + 1] = (byte) (buf[offset + 1] & MARKER_BIT | payloadType);
    }

    public void setSequenceNumber(int sequenceNumber) {
        RtpHeader.checkSequenceNumber(sequenceNumber);
        BigEndian.putU16(buf, offset + 2, sequenceNumber);
    }

    public void setTimestamp(long timestamp) {
        RtpHeader.checkUnsigned32(timestamp, "timestamp");
        BigEndian.putU32(buf, offset + 4, timestamp);
    }

    public void setSsrc(long ssrc) {
        RtpHeader.checkUnsigned32(ssrc, "ssrc");
        BigEndian.putU32(buf, offset + 8, ssrc);
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType() + ", seq=" + sequenceNumber() + ", ts=" + timestamp()
                + ", ssrc=" + ssrc() + (marker() ? ", marker" : "") + ", header=" + headerLength
                + ", payload=" + payloadLength() + ", padding=" + paddingLength + "]";
    }
}
