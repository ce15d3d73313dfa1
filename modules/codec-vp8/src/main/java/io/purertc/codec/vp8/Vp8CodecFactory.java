package io.purertc.codec.vp8;

import java.util.List;

import io.purertc.media.CodecDescriptor;
import io.purertc.media.CodecException;
import io.purertc.media.Depacketizer;
import io.purertc.media.Packetizer;
import io.purertc.media.VideoCodecFactory;
import io.purertc.media.VideoDecoder;
import io.purertc.media.VideoEncoder;

/**
 * VP8 for the codec registry: {@code VP8/90000} without format parameters, the RFC 7741 payload format
 * and the pure-Java decoder. There is no VP8 encoder yet: {@link #createEncoder} says so with a
 * {@link CodecException}, which the SPI allows for a codec that cannot be set up as negotiated.
 */
// RFC 7741 §6.1 (media type video/VP8, clock rate 90000), RFC 7742 §5 (VP8 is mandatory to implement in WebRTC)
public final class Vp8CodecFactory implements VideoCodecFactory {

    private static final CodecDescriptor VP8 = CodecDescriptor.video("VP8", 90_000);

    @Override
    public List<CodecDescriptor> descriptors() {
        return List.of(VP8);
    }

    private void check(CodecDescriptor negotiated) {
        if (!supports(negotiated)) {
            throw new IllegalArgumentException("not VP8: " + negotiated);
        }
    }

    @Override
    public VideoEncoder createEncoder(CodecDescriptor negotiated) throws CodecException {
        check(negotiated);
        throw new CodecException("VP8", "no VP8 encoder yet: PureRTC decodes VP8 but cannot encode it");
    }

    @Override
    public VideoDecoder createDecoder(CodecDescriptor negotiated) {
        check(negotiated);
        return new Vp8Decoder();
    }

    @Override
    public Packetizer createPacketizer(CodecDescriptor negotiated) {
        check(negotiated);
        return new Vp8Packetizer();
    }

    @Override
    public Depacketizer createDepacketizer(CodecDescriptor negotiated) {
        check(negotiated);
        return new Vp8Depacketizer();
    }
}
