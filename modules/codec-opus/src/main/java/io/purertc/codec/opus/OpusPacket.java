package io.purertc.codec.opus;

import io.purertc.rtp.MalformedPacketException;

/**
 * A view of one Opus packet: its TOC byte and where each of its frames lies, checked against the
 * requirements R1-R7 of RFC 6716 §3.4 so that nothing malformed reaches the decoder.
 */
// RFC 6716 §3.1 (TOC byte), §3.2 (frame packing), §3.4 (R1-R7)
public final class OpusPacket {

    /** The largest frame RFC 6716 §3.2.1 lets a packet carry (R2). */
    public static final int MAX_FRAME_BYTES = 1275;
    /** A packet holds at most 120 ms of audio (R5); 5760 samples at 48 kHz. */
    public static final int MAX_DURATION_SAMPLES = 5760;
    /** 120 ms of 2.5 ms frames. */
    public static final int MAX_FRAMES = 48;

    private static final String PROTOCOL = "Opus";
    private static final int[] SILK_SAMPLES = {480, 960, 1920, 2880};
    private static final int[] HYBRID_SAMPLES = {480, 960};
    private static final int[] CELT_SAMPLES = {120, 240, 480, 960};

    private final byte[] buffer;
    private final int offset;
    private final int length;
    private final int frameCount;
    private final int[] frameOffsets;
    private final int[] frameLengths;
    private final int paddingLength;

    private OpusPacket(byte[] buffer, int offset, int length, int frameCount, int[] frameOffsets,
            int[] frameLengths, int paddingLength) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.frameCount = frameCount;
        this.frameOffsets = frameOffsets;
        this.frameLengths = frameLengths;
        this.paddingLength = paddingLength;
    }

    /** Parses the packet in {@code buffer[offset, offset + length)}. */
    public static OpusPacket parse(byte[] buffer, int offset, int length) throws MalformedPacketException {
        if (length < 1) {
            throw new MalformedPacketException(PROTOCOL, 0, "R1: a packet has at least one byte (the TOC)");
        }
        int toc = buffer[offset] & 0xFF;
        int code = toc & 0x3;
        int end = offset + length;
        int pos = offset + 1;
        switch (code) {
            case 0:
                return single(buffer, offset, length, pos, end - pos);
            case 1:
                if ((end - pos) % 2 != 0) {
                    throw new MalformedPacketException(PROTOCOL, 0,
                            "R3: a code 1 packet has an odd length, two frames of equal size");
                }
                int half = (end - pos) / 2;
                checkFrameSize(half, 1, "R2: an implicit frame length is at most 1275 bytes");
                return new OpusPacket(buffer, offset, length, 2, new int[] {pos, pos + half},
                        new int[] {half, half}, 0);
            case 2: {
                int first = readFrameLength(buffer, offset, pos, end, "R4");
                pos += lengthBytes(first);
                if (first > end - pos) {
                    throw new MalformedPacketException(PROTOCOL, pos - offset,
                            "R4: the first frame's length exceeds the bytes that remain");
                }
                int second = end - pos - first;
                checkFrameSize(second, pos - offset, "R2: an implicit frame length is at most 1275 bytes");
                return new OpusPacket(buffer, offset, length, 2, new int[] {pos, pos + first},
                        new int[] {first, second}, 0);
            }
            default:
                return code3(buffer, offset, length, toc);
        }
    }

    private static OpusPacket single(byte[] buffer, int offset, int length, int pos, int frameLength)
            throws MalformedPacketException {
        checkFrameSize(frameLength, 1, "R2: an implicit frame length is at most 1275 bytes");
        return new OpusPacket(buffer, offset, length, 1, new int[] {pos}, new int[] {frameLength}, 0);
    }

    // RFC 6716 §3.2.5: frame count byte, optional padding, then CBR or VBR frames.
    private static OpusPacket code3(byte[] buffer, int offset, int length, int toc) throws MalformedPacketException {
        int end = offset + length;
        int pos = offset + 1;
        if (pos >= end) {
            throw new MalformedPacketException(PROTOCOL, 1, "R5: a code 3 packet has a frame count byte");
        }
        int countByte = buffer[pos++] & 0xFF;
        boolean vbr = (countByte & 0x80) != 0;
        boolean padded = (countByte & 0x40) != 0;
        int count = countByte & 0x3F;
        if (count == 0) {
            throw new MalformedPacketException(PROTOCOL, 1, "R5: a code 3 packet holds at least one frame");
        }
        if (count * samplesPerFrame(toc >> 3) > MAX_DURATION_SAMPLES) {
            throw new MalformedPacketException(PROTOCOL, 1, "R5: a packet holds at most 120 ms of audio");
        }
        int padding = 0;
        if (padded) {
            int more;
            do {
                if (pos >= end) {
                    throw new MalformedPacketException(PROTOCOL, pos - offset,
                            "R6/R7: the padding length runs past the packet");
                }
                more = buffer[pos++] & 0xFF;
                padding += more == 255 ? 254 : more;
            } while (more == 255);
        }
        int[] offsets = new int[count];
        int[] lengths = new int[count];
        int available = end - pos - padding;
        if (available < 0) {
            throw new MalformedPacketException(PROTOCOL, pos - offset, "R6/R7: the padding exceeds the packet");
        }
        if (!vbr) {
            if (available % count != 0) {
                throw new MalformedPacketException(PROTOCOL, pos - offset,
                        "R6: a CBR code 3 packet's frame bytes divide evenly among its frames");
            }
            int each = available / count;
            checkFrameSize(each, pos - offset, "R6: a CBR frame is at most 1275 bytes");
            for (int i = 0; i < count; i++) {
                offsets[i] = pos + i * each;
                lengths[i] = each;
            }
            return new OpusPacket(buffer, offset, length, count, offsets, lengths, padding);
        }
        int dataEnd = end - padding;
        int sum = 0;
        for (int i = 0; i < count - 1; i++) {
            lengths[i] = readFrameLength(buffer, offset, pos, dataEnd, "R7");
            pos += lengthBytes(lengths[i]);
            sum += lengths[i];
        }
        if (sum > dataEnd - pos) {
            throw new MalformedPacketException(PROTOCOL, pos - offset,
                    "R7: the VBR frame lengths exceed the bytes that remain");
        }
        lengths[count - 1] = dataEnd - pos - sum;
        checkFrameSize(lengths[count - 1], pos - offset, "R7: the last VBR frame is at most 1275 bytes");
        for (int i = 0; i < count; i++) {
            offsets[i] = pos;
            pos += lengths[i];
        }
        return new OpusPacket(buffer, offset, length, count, offsets, lengths, padding);
    }

    // RFC 6716 §3.2.1: one byte for 0-251, two bytes (first + 4 * second) for 252-1275.
    private static int readFrameLength(byte[] buffer, int offset, int pos, int end, String rule)
            throws MalformedPacketException {
        if (pos >= end) {
            throw new MalformedPacketException(PROTOCOL, pos - offset, rule + ": a frame length byte is missing");
        }
        int first = buffer[pos] & 0xFF;
        if (first < 252) {
            return first;
        }
        if (pos + 1 >= end) {
            throw new MalformedPacketException(PROTOCOL, pos + 1 - offset,
                    rule + ": the second byte of a frame length is missing");
        }
        return first + 4 * (buffer[pos + 1] & 0xFF);
    }

    private static int lengthBytes(int frameLength) {
        return frameLength < 252 ? 1 : 2;
    }

    private static void checkFrameSize(int size, int at, String rule) throws MalformedPacketException {
        if (size > MAX_FRAME_BYTES) {
            throw new MalformedPacketException(PROTOCOL, at, rule);
        }
    }

    /** Samples per channel at 48 kHz in one frame of TOC configuration {@code config} (0-31). */
    public static int samplesPerFrame(int config) {
        if (config < 12) {
            return SILK_SAMPLES[config & 3];
        }
        if (config < 16) {
            return HYBRID_SAMPLES[config & 1];
        }
        return CELT_SAMPLES[config & 3];
    }

    /** The TOC's configuration number, 0-31 (RFC 6716 Table 2). */
    public int config() {
        return (buffer[offset] & 0xFF) >> 3;
    }

    /** The TOC's s bit: whether the frames are coded in stereo. */
    public boolean stereo() {
        return (buffer[offset] & 0x04) != 0;
    }

    /** The TOC's frame count code c, 0-3. */
    public int frameCountCode() {
        return buffer[offset] & 0x03;
    }

    public int frameCount() {
        return frameCount;
    }

    /** Absolute offset of frame {@code index} in the buffer. */
    public int frameOffset(int index) {
        return frameOffsets[index];
    }

    /** Length of frame {@code index}; 0 means the encoder skipped it (DTX) and the decoder conceals it. */
    public int frameLength(int index) {
        return frameLengths[index];
    }

    /** Bytes of code 3 padding. */
    public int paddingLength() {
        return paddingLength;
    }

    /** Samples per channel at 48 kHz the packet decodes to. */
    public int durationSamples() {
        return frameCount * samplesPerFrame(config());
    }

    public int length() {
        return length;
    }
}
