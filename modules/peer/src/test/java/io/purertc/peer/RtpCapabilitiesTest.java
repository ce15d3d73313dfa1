package io.purertc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.media.CodecDescriptor;
import io.purertc.media.CodecFactory;
import io.purertc.media.CodecRegistry;
import io.purertc.media.Depacketizer;
import io.purertc.media.MediaKind;
import io.purertc.media.Packetizer;
import io.purertc.sdp.Codec;
import io.purertc.sdp.Extmap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtpCapabilitiesTest {

    /** A registry entry that only describes codecs: what {@link RtpCapabilities#of} reads. */
    private record Described(MediaKind kind, List<CodecDescriptor> descriptors, int preference)
            implements CodecFactory {

        @Override
        public Packetizer createPacketizer(CodecDescriptor negotiated) {
            throw new IllegalStateException("capabilities never packetize");
        }

        @Override
        public Depacketizer createDepacketizer(CodecDescriptor negotiated) {
            throw new IllegalStateException("capabilities never depacketize");
        }
    }

    @Test
    void anInstalledRegistryIsOfferedExactlyWithStaticAndUniqueDynamicPayloadTypes() {
        CodecRegistry registry = new CodecRegistry(List.of(
                new Described(MediaKind.AUDIO, List.of(CodecDescriptor.audio("PCMU", 8000, 1),
                        CodecDescriptor.audio("PCMA", 8000, 1)), 0),
                new Described(MediaKind.AUDIO, List.of(CodecDescriptor.audio("opus", 48000, 2)
                        .withParameters(Map.of("useinbandfec", "1"))), 10),
                new Described(MediaKind.VIDEO, List.of(CodecDescriptor.video("VP8", 90000),
                        CodecDescriptor.video("VP9", 90000)), 0)));
        RtpCapabilities capabilities = RtpCapabilities.of(registry);
        List<Codec> audio = capabilities.audioCodecs();
        assertEquals(List.of("opus", "PCMU", "PCMA"), audio.stream().map(Codec::name).toList());
        assertEquals(List.of(96, 0, 8), audio.stream().map(Codec::payloadType).toList());
        assertEquals("1", audio.get(0).parameter("useinbandfec").orElseThrow());
        List<Codec> video = capabilities.videoCodecs();
        assertEquals(List.of("VP8", "rtx", "VP9", "rtx"), video.stream().map(Codec::name).toList());
        assertEquals(List.of(97, 98, 99, 100), video.stream().map(Codec::payloadType).toList());
        assertEquals("97", video.get(1).parameter("apt").orElseThrow());
        assertEquals("99", video.get(3).parameter("apt").orElseThrow());
        assertEquals(3, video.get(0).feedback().size());
        assertEquals(RtpCapabilities.forwarding().audioExtensions(), capabilities.audioExtensions());
    }

    @Test
    void theDefaultsAreOpusAndVp8WithRtx() {
        RtpCapabilities defaults = RtpCapabilities.forwarding();

        assertEquals(List.of("opus/48000/2 111"), defaults.codecs(MediaKind.AUDIO).stream()
                .map(c -> c.name() + "/" + c.clockRate() + "/" + c.channels() + " " + c.payloadType()).toList());
        assertEquals(Map.of("minptime", "10", "useinbandfec", "1"), defaults.audioCodecs().get(0).parameters());
        assertTrue(defaults.audioCodecs().get(0).feedback().isEmpty(), "no transport-cc: not implemented");
        Codec vp8 = defaults.codecs(MediaKind.VIDEO).get(0);
        Codec rtx = defaults.codecs(MediaKind.VIDEO).get(1);
        assertEquals("VP8", vp8.name());
        assertEquals(List.of("nack", "nack pli", "ccm fir"), vp8.feedback().stream().map(f -> f.feedback()).toList());
        assertEquals(Map.of("apt", Integer.toString(vp8.payloadType())), rtx.parameters());
    }

    @Test
    void oneExtensionHasOneIdInEverySection() {
        RtpCapabilities defaults = RtpCapabilities.forwarding();

        assertEquals(List.of(RtpCapabilities.MID_EXTENSION), defaults.extensions(MediaKind.VIDEO).stream()
                .map(Extmap::uri).toList());
        assertEquals(List.of(RtpCapabilities.MID_EXTENSION, RtpCapabilities.AUDIO_LEVEL_EXTENSION),
                defaults.extensions(MediaKind.AUDIO).stream().map(Extmap::uri).toList());
        assertEquals(defaults.extensions(MediaKind.AUDIO).get(0), defaults.extensions(MediaKind.VIDEO).get(0));
    }

    @Test
    void anIdOrUriUsedTwiceIsRefused() {
        List<Codec> none = List.of();
        Extmap mid = Extmap.of(1, RtpCapabilities.MID_EXTENSION);
        assertThrows(IllegalArgumentException.class, () -> new RtpCapabilities(none, none, List.of(mid),
                List.of(Extmap.of(1, RtpCapabilities.AUDIO_LEVEL_EXTENSION))));
        assertThrows(IllegalArgumentException.class, () -> new RtpCapabilities(none, none, List.of(mid),
                List.of(Extmap.of(2, RtpCapabilities.MID_EXTENSION))));
        assertThrows(IllegalArgumentException.class, () -> new RtpCapabilities(none, none,
                List.of(mid, Extmap.of(1, RtpCapabilities.AUDIO_LEVEL_EXTENSION)), List.of()));
    }
}
