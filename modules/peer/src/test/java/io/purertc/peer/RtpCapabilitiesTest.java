package io.purertc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.media.MediaKind;
import io.purertc.sdp.Codec;
import io.purertc.sdp.Extmap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtpCapabilitiesTest {

    @Test
    void theDefaultsAreOpusAndVp8WithRtx() {
        RtpCapabilities defaults = RtpCapabilities.defaults();

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
        RtpCapabilities defaults = RtpCapabilities.defaults();

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
