package io.purertc.media;

/** A {@link CodecFactory} for an audio codec. */
public interface AudioCodecFactory extends CodecFactory {

    @Override
    default MediaKind kind() {
        return MediaKind.AUDIO;
    }

    /**
     * An encoder for the negotiated codec. Format parameters that shape the encoder (for Opus
     * {@code maxaveragebitrate}, {@code useinbandfec}, {@code usedtx}, {@code stereo}) set its
     * initial options; {@link AudioEncoder#configure} changes them later.
     *
     * @param negotiated the codec as agreed, with the receiving peer's format parameters; an
     *     {@link IllegalArgumentException} if {@link #supports} is false for it
     * @param ptimeMillis the frame duration in milliseconds (SDP {@code a=ptime}); a duration
     *     the codec cannot produce is an {@link IllegalArgumentException}
     * @throws CodecException if the codec cannot be set up as negotiated
     */
    AudioEncoder createEncoder(CodecDescriptor negotiated, int ptimeMillis) throws CodecException;

    /**
     * A decoder for the negotiated codec.
     *
     * @param negotiated as for {@link #createEncoder}, with the sending peer's format parameters
     * @throws CodecException if the codec cannot be set up as negotiated
     */
    AudioDecoder createDecoder(CodecDescriptor negotiated) throws CodecException;
}
