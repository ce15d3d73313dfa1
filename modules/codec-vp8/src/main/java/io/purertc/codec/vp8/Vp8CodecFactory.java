package io.purertc.codec.vp8;

import java.util.List;

import io.purertc.media.CodecDescriptor;
import io.purertc.media.Depacketizer;
import io.purertc.media.Packetizer;
import io.purertc.media.VideoCodecFactory;
import io.purertc.media.VideoDecoder;
import io.purertc.media.VideoEncoder;

/**
 * VP8 for the codec registry: {@code VP8/90000}, the RFC 7741 payload format, the pure-Java decoder and the
 * real-time encoder, whose frame-rate hint is the receiver's {@code max-fr} when it sent one.
 */
// RFC 7741 §6.1 (media type video/VP8, clock rate 90000, max-fr), RFC 7742 §5 (VP8 is mandatory to implement in
// WebRTC)
public final class Vp8CodecFactory implements VideoCodecFactory {

    private static final CodecDescriptor VP8 = CodecDescriptor.video("VP8", 90_000);
    /** Where the encoder starts until congestion control sets a bitrate: libwebrtc's VP8 start bitrate. */
    private static final int INITIAL_BITRATE = 300_000;

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
    public VideoEncoder createEncoder(CodecDescriptor negotiated) {
        check(negotiated);
        Vp8Encoder.Settings settings = Vp8Encoder.Settings.realTime(INITIAL_BITRATE);
        String maxFrameRate = negotiated.parameter("max-fr");
        if (maxFrameRate != null) {
            try {
                int fps = Integer.parseInt(maxFrameRate.trim());
                if (fps > 0 && fps < settings.framesPerSecond()) {
                    settings = settings.withFramesPerSecond(fps);
                }
            } catch (NumberFormatException e) {
                // §6.1 makes max-fr an integer; a peer that sends anything else gets the default rate
            }
        }
        return new Vp8Encoder(settings);
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
