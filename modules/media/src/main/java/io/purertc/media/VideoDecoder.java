package io.purertc.media;

import java.util.Optional;

/**
 * Turns encoded video frames back into pictures.
 *
 * <p>Frames come from the network: whatever their bytes, a decoder returns or throws
 * {@link CodecException}, never another exception, and stays usable.
 *
 * <p>Threads: a decoder keeps state between calls; one thread at a time may call it.
 */
public interface VideoDecoder extends AutoCloseable {

    /** The negotiated codec this decoder accepts. */
    CodecDescriptor descriptor();

    /**
     * Decodes one complete frame.
     *
     * @return the picture, or empty when the frame yields none (e.g. a delta frame before the
     *     first key frame, after which the caller should ask the sender for a key frame)
     * @throws CodecException if the frame is malformed; the decoder stays usable
     */
    Optional<VideoFrame> decode(EncodedFrame frame) throws CodecException;

    /** Releases the decoder; it must not be used afterwards. */
    @Override
    void close();
}
