package io.purertc.jitter;

import io.purertc.media.AudioDecoder;
import io.purertc.media.AudioFrame;
import io.purertc.media.CodecDescriptor;
import io.purertc.media.CodecException;

/**
 * A decoder test double whose PCM says which packet it came from: a payload is the packet's index
 * (4 bytes), its duration in ms (1 byte) and flags (1 byte); every decoded sample is the packet's
 * {@link #marker}, raised by {@link #LOUD} for loud packets. Concealment is {@link #CONCEALED}; FEC, when the next
 * payload carries it, is the negated marker of the packet before.
 */
final class MarkerDecoder implements AudioDecoder {

    static final int SAMPLE_RATE = 48_000;
    static final short CONCEALED = -100;
    static final int FLAG_FEC = 1;
    static final int FLAG_LOUD = 2;
    static final int FLAG_CORRUPT = 4;
    static final short LOUD = 10_000;

    private final CodecDescriptor descriptor;

    /** @param encodingName "opus" for a decoder that can do FEC, anything else for one that cannot */
    MarkerDecoder(String encodingName) {
        this.descriptor = CodecDescriptor.audio(encodingName, SAMPLE_RATE, 1);
    }

    static byte[] payload(int index, int durationMillis, int flags) {
        return new byte[] {(byte) (index >>> 24), (byte) (index >>> 16), (byte) (index >>> 8), (byte) index,
                (byte) durationMillis, (byte) flags};
    }

    static short marker(int index) {
        return (short) (1 + Math.floorMod(index, 64));
    }

    @Override
    public CodecDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public int sampleRate() {
        return SAMPLE_RATE;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public AudioFrame decode(byte[] payload, int offset, int length) throws CodecException {
        if (length != 6 || (payload[offset + 5] & FLAG_CORRUPT) != 0) {
            throw new CodecException("marker", "not a marker payload");
        }
        int index = index(payload, offset);
        int loudness = (payload[offset + 5] & FLAG_LOUD) != 0 ? LOUD : 0;
        return constant(SAMPLE_RATE / 1000 * (payload[offset + 4] & 0xFF), (short) (marker(index) + loudness));
    }

    @Override
    public AudioFrame conceal(int durationSamples) {
        return constant(durationSamples, CONCEALED);
    }

    @Override
    public AudioFrame decodeFec(byte[] nextPayload, int offset, int length, int durationSamples)
            throws CodecException {
        if (length != 6) {
            throw new CodecException("marker", "not a marker payload");
        }
        if ((nextPayload[offset + 5] & FLAG_FEC) == 0) {
            return conceal(durationSamples);
        }
        return constant(durationSamples, (short) -marker(index(nextPayload, offset) - 1));
    }

    @Override
    public void close() {
    }

    private static int index(byte[] payload, int offset) {
        return (payload[offset] & 0xFF) << 24 | (payload[offset + 1] & 0xFF) << 16
                | (payload[offset + 2] & 0xFF) << 8 | payload[offset + 3] & 0xFF;
    }

    private static AudioFrame constant(int count, short value) {
        short[] samples = new short[count];
        java.util.Arrays.fill(samples, value);
        return new AudioFrame(samples, SAMPLE_RATE, 1);
    }
}
