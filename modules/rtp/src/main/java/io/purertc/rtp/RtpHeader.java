package io.purertc.rtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of an RTP header as values, and the writer that lays them out in front of a payload.
 *
 * <p>Header extensions are written in the one-byte form (profile {@code 0xBEDE}) when every
 * element fits it, otherwise in the two-byte form (profile {@code 0x1000}, appbits zero); elements
 * go in list order with no padding between them, and the block is zero-padded to a 32-bit
 * boundary. An empty extension list writes no extension block (X bit clear).
 */
// RFC 3550 §5.1, RFC 8285 §4.2-4.3
public record RtpHeader(boolean marker, int payloadType, int sequenceNumber, long timestamp, long ssrc,
                        List<Long> csrcs, List<HeaderExtension> extensions) {

    static final int MAX_CSRC_COUNT = 15;
    static final int MAX_PADDING_LENGTH = 255;

    public RtpHeader {
        checkPayloadType(payloadType);
        checkSequenceNumber(sequenceNumber);
        checkUnsigned32(timestamp, "timestamp");
        checkUnsigned32(ssrc, "ssrc");
        csrcs = List.copyOf(csrcs);
        if (csrcs.size() > MAX_CSRC_COUNT) {
            throw new IllegalArgumentException("at most 15 CSRCs fit the 4-bit CC field, got " + csrcs.size());
        }
        for (long csrc : csrcs) {
            checkUnsigned32(csrc, "csrc");
        }
        extensions = List.copyOf(extensions);
        Set<Integer> ids = new HashSet<>();
        for (HeaderExtension extension : extensions) {
            if (!ids.add(extension.id())) {
                throw new IllegalArgumentException("extension id " + extension.id() + " appears twice");
            }
        }
    }

    /** A header without CSRCs or header extensions. */
    public RtpHeader(boolean marker, int payloadType, int sequenceNumber, long timestamp, long ssrc) {
        this(marker, payloadType, sequenceNumber, timestamp, ssrc, List.of(), List.of());
    }

    /** This header with {@code extension} replacing the element of the same id, or appended. */
    public RtpHeader withExtension(HeaderExtension extension) {
        List<HeaderExtension> replaced = new ArrayList<>(extensions);
        int index = indexOfExtension(extension.id());
        if (index >= 0) {
            replaced.set(index, extension);
        } else {
            replaced.add(extension);
        }
        return new RtpHeader(marker, payloadType, sequenceNumber, timestamp, ssrc, csrcs, replaced);
    }

    /** Bytes this header takes on the wire: fixed part, CSRC list and extension block. */
    public int headerLength() {
        return RtpPacket.FIXED_HEADER_LENGTH + 4 * csrcs.size() + extensionBlockLength(usesOneByteForm());
    }

    /** Bytes of a packet with this header, {@code payloadLength} bytes of payload and the given padding. */
    public int packetLength(int payloadLength, int paddingLength) {
        return headerLength() + payloadLength + paddingLength;
    }

    /**
     * Writes header, payload and padding to {@code dst[dstOffset..]} and returns the bytes written.
     * The payload is copied first, so it may already sit in {@code dst} right after where the
     * header goes (a packetizer that reserved {@link #headerLength()} bytes).
     *
     * @param paddingLength 0 for none (P bit clear), else 1..255 bytes: zeros ending in the count
     * @throws IndexOutOfBoundsException if the packet does not fit {@code dst}
     */
    public int write(byte[] payload, int payloadOffset, int payloadLength, int paddingLength,
                     byte[] dst, int dstOffset) {
        Objects.checkFromIndexSize(payloadOffset, payloadLength, payload.length);
        if (paddingLength < 0 || paddingLength > MAX_PADDING_LENGTH) {
            throw new IllegalArgumentException("padding must be 0..255 bytes, got " + paddingLength);
        }
        boolean oneByteForm = usesOneByteForm();
        int headerLength = RtpPacket.FIXED_HEADER_LENGTH + 4 * csrcs.size() + extensionBlockLength(oneByteForm);
        int total = headerLength + payloadLength + paddingLength;
        Objects.checkFromIndexSize(dstOffset, total, dst.length);

        System.arraycopy(payload, payloadOffset, dst, dstOffset + headerLength, payloadLength);
        dst[dstOffset] = (byte) (RtpPacket.VERSION << 6
                | (paddingLength > 0 ? RtpPacket.PADDING_BIT : 0)
                | (extensions.isEmpty() ? 0 : RtpPacket.EXTENSION_BIT)
                | csrcs.size());
        dst[dstOffset + 1] = (byte) ((marker ? RtpPacket.MARKER_BIT : 0) | payloadType);
        BigEndian.putU16(dst, dstOffset + 2, sequenceNumber);
        BigEndian.putU32(dst, dstOffset + 4, timestamp);
        BigEndian.putU32(dst, dstOffset + 8, ssrc);
        int pos = dstOffset + RtpPacket.FIXED_HEADER_LENGTH;
        for (int i = 0; i < csrcs.size(); i++) {
            BigEndian.putU32(dst, pos, csrcs.get(i));
            pos += 4;
        }
        if (!extensions.isEmpty()) {
            writeExtensionBlock(oneByteForm, dst, pos, dstOffset + headerLength);
        }
        if (paddingLength > 0) {
            int paddingStart = dstOffset + headerLength + payloadLength;
            Arrays.fill(dst, paddingStart, paddingStart + paddingLength - 1, (byte) 0);
            dst[paddingStart + paddingLength - 1] = (byte) paddingLength;
        }
        return total;
    }

    /** Header, payload and padding in a new array of exactly the packet's length. */
    public byte[] toPacket(byte[] payload, int payloadOffset, int payloadLength, int paddingLength) {
        byte[] packet = new byte[packetLength(payloadLength, paddingLength)];
        write(payload, payloadOffset, payloadLength, paddingLength, packet, 0);
        return packet;
    }

    private boolean usesOneByteForm() {
        for (int i = 0; i < extensions.size(); i++) {
            if (!extensions.get(i).fitsOneByteForm()) {
                return false;
            }
        }
        return true;
    }

    private int extensionBlockLength(boolean oneByteForm) {
        if (extensions.isEmpty()) {
            return 0;
        }
        int elementHeader = oneByteForm ? 1 : 2;
        int elementsLength = 0;
        for (int i = 0; i < extensions.size(); i++) {
            elementsLength += elementHeader + extensions.get(i).length();
        }
        return 4 + roundUpToWord(elementsLength);
    }

    private void writeExtensionBlock(boolean oneByteForm, byte[] dst, int blockStart, int blockEnd) {
        BigEndian.putU16(dst, blockStart, oneByteForm ? RtpPacket.ONE_BYTE_PROFILE : RtpPacket.TWO_BYTE_PROFILE);
        BigEndian.putU16(dst, blockStart + 2, (blockEnd - blockStart - 4) / 4);
        int pos = blockStart + 4;
        for (int i = 0; i < extensions.size(); i++) {
            HeaderExtension extension = extensions.get(i);
            if (oneByteForm) {
                dst[pos++] = (byte) (extension.id() << 4 | extension.length() - 1);
            } else {
                dst[pos++] = (byte) extension.id();
                dst[pos++] = (byte) extension.length();
            }
            pos = extension.copyTo(dst, pos);
        }
        Arrays.fill(dst, pos, blockEnd, (byte) 0);
    }

    private int indexOfExtension(int id) {
        for (int i = 0; i < extensions.size(); i++) {
            if (extensions.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }

    private static int roundUpToWord(int length) {
        return (length + 3) & ~3;
    }

    static void checkPayloadType(int payloadType) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type must be 0..127, got " + payloadType);
        }
    }

    static void checkSequenceNumber(int sequenceNumber) {
        if (sequenceNumber < 0 || sequenceNumber > 0xFFFF) {
            throw new IllegalArgumentException("sequence number must be 0..65535, got " + sequenceNumber);
        }
    }

    static void checkUnsigned32(long value, String field) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(field + " must be an unsigned 32-bit value, got " + value);
        }
    }
}
