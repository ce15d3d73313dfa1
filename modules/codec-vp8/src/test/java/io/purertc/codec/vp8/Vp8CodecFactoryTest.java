package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.purertc.media.CodecDescriptor;
import io.purertc.media.CodecException;
import io.purertc.media.CodecRegistry;
import io.purertc.media.Depacketizer;
import io.purertc.media.EncodedFrame;
import io.purertc.media.MediaKind;
import io.purertc.media.RtpPayload;
import io.purertc.media.VideoCodecFactory;
import io.purertc.media.VideoDecoder;
import io.purertc.media.VideoEncoder;
import io.purertc.media.VideoFrame;

class Vp8CodecFactoryTest {

    private static final CodecDescriptor NEGOTIATED = new CodecDescriptor(MediaKind.VIDEO, "vp8", 90_000, 1,
            Map.of("max-fr", "30"));

    @Test
    void serviceLoaderFindsVp8ForVideoOffers() {
        CodecRegistry installed = CodecRegistry.installed();
        assertEquals(List.of(CodecDescriptor.video("VP8", 90_000)), installed.descriptors(MediaKind.VIDEO));
        assertInstanceOf(Vp8CodecFactory.class, installed.video(NEGOTIATED).orElseThrow());
    }

    @Test
    void encodesCarriesAndDecodes() throws CodecException {
        VideoCodecFactory factory = new Vp8CodecFactory();
        VideoFrame picture = Clips.make(Clips.Content.TEXT, 64, 48, 1, 1).get(0);
        EncodedFrame frame;
        try (VideoEncoder encoder = factory.createEncoder(NEGOTIATED)) {
            assertInstanceOf(Vp8Encoder.class, encoder);
            assertEquals(30, ((Vp8Encoder) encoder).settings().framesPerSecond());
            frame = encoder.encode(picture, 90).get(0);
        }
        assertTrue(frame.keyFrame());
        Depacketizer depacketizer = factory.createDepacketizer(NEGOTIATED);
        Optional<EncodedFrame> received = Optional.empty();
        int seq = 0;
        for (RtpPayload p : factory.createPacketizer(NEGOTIATED).packetize(frame, 200)) {
            received = depacketizer.push(p.payload(), 0, p.payload().length, seq++, 90, p.marker());
        }
        assertEquals(Optional.of(frame), received);
        try (VideoDecoder decoder = factory.createDecoder(NEGOTIATED)) {
            assertInstanceOf(Vp8Decoder.class, decoder);
            VideoFrame shown = decoder.decode(received.get()).orElseThrow();
            assertTrue(Psnr.psnr(picture, shown) > 25, "PSNR " + Psnr.psnr(picture, shown));
        }
        try (VideoEncoder slow = factory.createEncoder(NEGOTIATED.withParameters(Map.of("max-fr", "15")))) {
            assertEquals(15, ((Vp8Encoder) slow).settings().framesPerSecond());
        }
    }

    @Test
    void otherCodecsAreRefused() {
        VideoCodecFactory factory = new Vp8CodecFactory();
        CodecDescriptor h264 = CodecDescriptor.video("H264", 90_000);
        assertThrows(IllegalArgumentException.class, () -> factory.createDecoder(h264));
        assertThrows(IllegalArgumentException.class, () -> factory.createPacketizer(h264));
        assertThrows(IllegalArgumentException.class, () -> factory.createDepacketizer(h264));
        assertThrows(IllegalArgumentException.class, () -> factory.createEncoder(h264));
    }
}
