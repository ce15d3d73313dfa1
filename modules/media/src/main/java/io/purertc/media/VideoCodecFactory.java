package io.purertc.media;

/** A {@link CodecFactory} for a video codec. */
public interface VideoCodecFactory extends CodecFactory {

    @Override
    default MediaKind kind() {
        return MediaKind.VIDEO;
    }

    /**
     * An encoder for the negotiated codec.
     *
     * @param negotiated the codec as agreed, with the receiving peer's format parameters; an
     *     {@link IllegalArgumentException} if {@link #supports} is false for it
     * @throws CodecException if the codec cannot be set up as negotiated
     */
    VideoEncoder createEncoder(CodecDescriptor negotiated) throws CodecException;

    /**
     * A decoder for the negotiated codec.
     *
     * @param negotiated as for {@link #createEncoder}, with the sending peer's format parameters
     * @throws CodecException if the codec cannot be set up as negotiated
     */
    VideoDecoder createDecoder(CodecDescriptor negotiated) throws CodecException;
}
