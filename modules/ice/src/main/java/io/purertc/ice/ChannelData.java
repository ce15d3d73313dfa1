package io.purertc.ice;

import io.purertc.rtp.MalformedPacketException;

/**
 * A TURN ChannelData message parsed in place: the application data is {@code buf[dataOffset, dataOffset +
 * dataLength)} of the datagram given to {@link #parse}. Over UDP the data needs no padding; bytes after it
 * are taken as padding and ignored, while a datagram shorter than its Length field claims is rejected.
 *
 * @param channelNumber the channel, 0x4000-0x4FFF
 * @param dataOffset where the application data starts in the parsed buffer
 * @param dataLength the Length field: bytes of application data
 */
// RFC 8656 §12.4, §12.5, §12.6
record ChannelData(int channelNumber, int dataOffset, int dataLength) {

    static final String PROTOCOL = "TURN ChannelData";
    static final int HEADER_LENGTH = 4;
    static final int FIRST_CHANNEL = 0x4000;
    static final int LAST_CHANNEL = 0x4FFF;
    /** The Length field is 16 bits. */
    static final int MAX_DATA_LENGTH = 0xFFFF;

    static ChannelData parse(byte[] buf, int offset, int length) throws MalformedPacketException {
        if (length < HEADER_LENGTH) {
            throw new MalformedPacketException(PROTOCOL, 0, "datagram shorter than the 4-byte header");
        }
        int channel = u16(buf, offset);
        if (channel < FIRST_CHANNEL || channel > LAST_CHANNEL) {
            throw new MalformedPacketException(PROTOCOL, 0, "channel number 0x" + Integer.toHexString(channel)
                    + " outside 0x4000-0x4FFF");
        }
        int dataLength = u16(buf, offset + 2);
        if (dataLength > length - HEADER_LENGTH) {
            throw new MalformedPacketException(PROTOCOL, 2, "length " + dataLength + " runs past the "
                    + (length - HEADER_LENGTH) + " bytes after the header");
        }
        return new ChannelData(channel, offset + HEADER_LENGTH, dataLength);
    }

    /**
     * Writes the header and {@code data[dataOffset, dataOffset + dataLength)} at {@code out[outOffset]}, unpadded.
     *
     * @return bytes written
     */
    static int write(byte[] out, int outOffset, int channelNumber, byte[] data, int dataOffset, int dataLength) {
        if (channelNumber < FIRST_CHANNEL || channelNumber > LAST_CHANNEL) {
            throw new IllegalArgumentException("channel number outside 0x4000-0x4FFF: " + channelNumber);
        }
        if (dataLength > MAX_DATA_LENGTH) {
            throw new IllegalArgumentException("ChannelData longer than its 16-bit length: " + dataLength);
        }
        out[outOffset] = (byte) (channelNumber >> 8);
        out[outOffset + 1] = (byte) channelNumber;
        out[outOffset + 2] = (byte) (dataLength >> 8);
        out[outOffset + 3] = (byte) dataLength;
        System.arraycopy(data, dataOffset, out, outOffset + HEADER_LENGTH, dataLength);
        return HEADER_LENGTH + dataLength;
    }

    private static int u16(byte[] buf, int at) {
        return (buf[at] & 0xFF) << 8 | buf[at + 1] & 0xFF;
    }
}
