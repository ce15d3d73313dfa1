package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

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
    void decodesAndCarriesButDoesNotEncodeYet() throws CodecException {
        VideoCodecFactory factory = new Vp8CodecFactory();
        CodecException noEncoder = assertThrows(CodecException.class, () -> factory.createEncoder(NEGOTIATED));
        assertTrue(noEncoder.getMessage().contains("no VP8 encoder yet"), noEncoder.getMessage());
        try (VideoDecoder decoder = factory.createDecoder(NEGOTIATED)) {
            assertInstanceOf(Vp8Decoder.class, decoder);
        }
        EncodedFrame frame = Vp8RtpTest.frame(new Random(1), 3000, 90, true);
        Depacketizer depacketizer = factory.createDepacketizer(NEGOTIATED);
        Optional<EncodedFrame> received = Optional.empty();
        int seq = 0;
        for (RtpPayload p : factory.createPacketizer(NEGOTIATED).packetize(frame, 1200)) {
            received = depacketizer.push(p.payload(), 0, p.payload().length, seq++, 90, p.marker());
        }
        assertEquals(Optional.of(frame), received);
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
