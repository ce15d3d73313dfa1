package io.purertc.codec.opus.ogg;

import java.nio.charset.StandardCharsets;

import io.purertc.rtp.MalformedPacketException;

/**
 * The identification header of an Ogg Opus stream, channel mapping family 0 (mono or stereo).
 *
 * @param channels         1 or 2
 * @param preSkip          samples at 48 kHz to drop from the start of the decoded output
 * @param inputSampleRate  the sample rate of the original input, for information only
 * @param outputGain       Q7.8 dB gain to apply on output
 */
// RFC 7845 §5.1 (ID header)
public record OpusHead(int channels, int preSkip, long inputSampleRate, short outputGain) {

    static final byte[] MAGIC = "OpusHead".getBytes(StandardCharsets.US_ASCII);
    private static final int LENGTH = 19;

    public OpusHead {
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("mapping family 0 carries 1 or 2 channels: " + channels);
        }
        if (preSkip < 0 || preSkip > 0xFFFF || inputSampleRate < 0 || inputSampleRate > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("pre-skip or input rate out of range");
        }
    }

    /** The header packet. */
    public byte[] toBytes() {
        byte[] out = new byte[LENGTH];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[8] = 1;
        out[9] = (byte) channels;
        out[10] = (byte) preSkip;
        out[11] = (byte) (preSkip >> 8);
        for (int i = 0; i < 4; i++) {
            out[12 + i] = (byte) (inputSampleRate >> (8 * i));
        }
        out[16] = (byte) outputGain;
        out[17] = (byte) (outputGain >> 8);
        return out;
    }

    /** Parses the first packet of an Ogg Opus stream. */
    public static OpusHead parse(byte[] packet) throws MalformedPacketException {
        if (packet.length < LENGTH || !startsWith(packet, MAGIC)) {
            throw new MalformedPacketException("Ogg Opus", 0, "the first packet is an OpusHead of 19 bytes or more");
        }
        if ((packet[8] & 0xF0) != 0) {
            throw new MalformedPacketException("Ogg Opus", 8, "the major version is 0");
        }
        int channels = packet[9] & 0xFF;
        if (packet[18] != 0 || channels < 1 || channels > 2) {
            throw new MalformedPacketException("Ogg Opus", 18, "mapping family 0 with 1 or 2 channels");
        }
        int preSkip = (packet[10] & 0xFF) | (packet[11] & 0xFF) << 8;
        long rate = 0;
        for (int i = 0; i < 4; i++) {
            rate |= (long) (packet[12 + i] & 0xFF) << (8 * i);
        }
        short gain = (short) ((packet[16] & 0xFF) | (packet[17] & 0xFF) << 8);
        return new OpusHead(channels, preSkip, rate, gain);
    }

    static boolean startsWith(byte[] packet, byte[] magic) {
        if (packet.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (packet[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
