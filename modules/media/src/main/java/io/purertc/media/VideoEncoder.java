package io.purertc.media;

import java.util.List;

/**
 * Compresses pictures into encoded video frames.
 *
 * <p>Threads: an encoder keeps state from frame to frame; one thread at a time may call
 * {@link #encode}, {@link #setTargetBitrate} and {@link #close}. {@link #requestKeyFrame} may be
 * called from any thread (an RTCP PLI or FIR arrives on the network thread).
 */
public interface VideoEncoder extends AutoCloseable {

    /** The negotiated codec this encoder produces. */
    CodecDescriptor descriptor();

    /** The bitrate the encoder's rate control aims for from the next frame on, in bits per second. */
    void setTargetBitrate(int bitsPerSecond);

    /** Makes the next encoded frame a key frame (answers RTCP PLI/FIR, RFC 4585 §6.3.1). */
    void requestKeyFrame();

    /**
     * Encodes one picture.
     *
     * @param rtpTimestamp the picture's RTP timestamp on the codec clock, 0 .. 2^32-1
     * @return the encoded frames, in decoding order; empty when rate control drops the picture
     * @throws CodecException if the codec fails
     */
    List<EncodedFrame> encode(VideoFrame frame, long rtpTimestamp) throws CodecException;

    /** Releases the encoder; it must not be used afterwards. */
    @Override
    void close();
}
