package io.purertc.media;

/**
 * Compresses PCM into codec payloads, one frame of a fixed duration at a time.
 *
 * <p>Threads: an encoder keeps state from frame to frame; one thread at a time may call it
 * (calls from different threads need a happens-before edge between them, e.g. a single media
 * worker or a lock). Different instances are independent.
 */
public interface AudioEncoder extends AutoCloseable {

    /** The negotiated codec this encoder produces. */
    CodecDescriptor descriptor();

    /** The sample rate {@link #encode} expects. */
    int sampleRate();

    /** The channel count {@link #encode} expects. */
    int channels();

    /** Samples per channel in every frame handed to {@link #encode} (e.g. 960 for 20 ms at 48 kHz). */
    int frameSamples();

    /** Changes bitrate, complexity, FEC and DTX from the next frame on. */
    void configure(AudioEncoderOptions options);

    /**
     * Encodes one frame into {@code out[offset .. offset+maxLength)}.
     *
     * @param frame exactly {@link #frameSamples()} samples per channel at {@link #sampleRate()}
     *     and {@link #channels()}; anything else is an {@link IllegalArgumentException}
     * @return the payload length written; 0 when discontinuous transmission decided this frame
     *     need not be sent
     * @throws CodecException if the payload does not fit in {@code maxLength} or the codec fails
     */
    int encode(AudioFrame frame, byte[] out, int offset, int maxLength) throws CodecException;

    /** Releases the encoder; it must not be used afterwards. */
    @Override
    void close();
}
