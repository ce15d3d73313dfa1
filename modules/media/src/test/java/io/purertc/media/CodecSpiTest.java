package io.purertc.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CodecSpiTest {

    private static final CodecDescriptor OPUS = CodecDescriptor.audio("opus", 48_000, 2)
            .withParameters(Map.of("minptime", "10", "useinbandfec", "1"));

    @Test
    void matchingIgnoresNameCaseAndFormatParameters() {
        assertTrue(OPUS.matches(CodecDescriptor.audio("OPUS", 48_000, 2)));
        assertFalse(OPUS.matches(CodecDescriptor.audio("opus", 48_000, 1)));
        assertFalse(OPUS.matches(CodecDescriptor.audio("opus", 16_000, 2)));
        assertFalse(OPUS.matches(CodecDescriptor.audio("PCMU", 48_000, 2)));
        assertFalse(CodecDescriptor.audio("VP8", 90_000, 1).matches(CodecDescriptor.video("VP8", 90_000)));
        assertFalse(OPUS.matches(null));
    }

    @Property
    void matchingIsSymmetricAndSurvivesCaseChanges(@ForAll("names") String name,
            @ForAll @IntRange(min = 8000, max = 96_000) int rate, @ForAll @IntRange(min = 1, max = 2) int channels,
            @ForAll("names") String otherName, @ForAll @IntRange(min = 1, max = 2) int otherChannels) {
        CodecDescriptor a = CodecDescriptor.audio(name, rate, channels);
        CodecDescriptor upper = CodecDescriptor.audio(name.toUpperCase(Locale.ROOT), rate, channels);
        CodecDescriptor other = CodecDescriptor.audio(otherName, rate, otherChannels);
        assertTrue(a.matches(upper) && upper.matches(a));
        assertEquals(a.matches(other), other.matches(a));
        assertEquals(name.equalsIgnoreCase(otherName) && channels == otherChannels, a.matches(other));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("opus", "Opus", "PCMU", "pcma", "G722", "telephone-event");
    }

    @Test
    void parametersAreCopiedAndLookedUpWithoutCase() {
        Map<String, String> parameters = new HashMap<>(Map.of("useInbandFec", "1"));
        CodecDescriptor codec = CodecDescriptor.audio("opus", 48_000, 2).withParameters(parameters);
        parameters.put("usedtx", "1");
        assertEquals("1", codec.parameter("useinbandfec"));
        assertNull(codec.parameter("usedtx"));
        assertThrows(UnsupportedOperationException.class, () -> codec.parameters().put("x", "y"));
    }

    @Test
    void rtpmapOmitsASingleChannel() {
        assertEquals("opus/48000/2", OPUS.rtpmap());
        assertEquals("PCMU/8000", CodecDescriptor.audio("PCMU", 8000, 1).rtpmap());
        assertEquals("VP8/90000", CodecDescriptor.video("VP8", 90_000).rtpmap());
    }

    @Test
    void descriptorRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> CodecDescriptor.audio("", 8000, 1));
        assertThrows(IllegalArgumentException.class, () -> CodecDescriptor.audio("PCMU", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> CodecDescriptor.audio("PCMU", 8000, 0));
    }

    @Test
    void registryOrdersByPreferenceThenGivenOrderAndOffersEachCodecOnce() {
        L16Codec low = new L16Codec(8000, 1, 0);
        L16Codec high = new L16Codec(16_000, 1, 5);
        L16Codec duplicate = new L16Codec(16_000, 1, 0);
        CodecRegistry registry = new CodecRegistry(List.of(low, duplicate, high));
        assertEquals(List.of(high, low, duplicate), registry.factories());
        assertEquals(List.of(CodecDescriptor.audio("L16", 16_000, 1), CodecDescriptor.audio("L16", 8000, 1)),
                registry.descriptors(MediaKind.AUDIO));
        assertEquals(List.of(), registry.descriptors(MediaKind.VIDEO));
        assertEquals(high, registry.find(CodecDescriptor.audio("l16", 16_000, 1)).orElseThrow());
        assertEquals(low, registry.audio(CodecDescriptor.audio("L16", 8000, 1)).orElseThrow());
        assertTrue(registry.video(CodecDescriptor.audio("L16", 8000, 1)).isEmpty());
        assertTrue(registry.find(CodecDescriptor.audio("L16", 32_000, 1)).isEmpty());
    }

    @Test
    void installedFactoriesAreFoundThroughServiceLoader() {
        CodecRegistry installed = CodecRegistry.installed();
        assertInstanceOf(L16Codec.class, installed.audio(CodecDescriptor.audio("L16", 48_000, 2)).orElseThrow());
        assertEquals(List.of(CodecDescriptor.audio("L16", 48_000, 2)), installed.descriptors(MediaKind.AUDIO));
    }

    @Test
    void factoryRefusesACodecItDoesNotHandle() {
        AudioCodecFactory factory = new L16Codec();
        assertThrows(IllegalArgumentException.class, () -> factory.createDecoder(OPUS));
    }

    /** Encode, packetize, depacketize and decode through the registry give back the input. */
    @Property(tries = 50)
    void pcmSurvivesThePipeline(@ForAll @Size(480) List<Short> samples) throws CodecException {
        CodecDescriptor negotiated = CodecDescriptor.audio("L16", 48_000, 2);
        AudioCodecFactory factory = CodecRegistry.installed().audio(negotiated).orElseThrow();
        short[] pcm = new short[samples.size()];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = samples.get(i);
        }
        AudioEncoder encoder = factory.createEncoder(negotiated, 5);
        byte[] buffer = new byte[1500];
        int length = encoder.encode(new AudioFrame(pcm, 48_000, 2), buffer, 0, buffer.length);
        byte[] encoded = Arrays.copyOf(buffer, length);
        List<RtpPayload> payloads = factory.createPacketizer(negotiated)
                .packetize(new EncodedFrame("L16", encoded, 4800, true), 1200);
        assertEquals(List.of(new RtpPayload(encoded, false)), payloads);
        Depacketizer depacketizer = factory.createDepacketizer(negotiated);
        EncodedFrame received = depacketizer.push(payloads.get(0).payload(), 0, length, 7, 4800, false)
                .orElseThrow();
        assertEquals(4800, received.rtpTimestamp());
        AudioFrame decoded = factory.createDecoder(negotiated).decode(received.payload(), 0, received.payload().length);
        assertArrayEquals(pcm, decoded.samples());
    }

    @Property
    void hostilePayloadsOnlyRaiseCodecException(@ForAll @Size(max = 64) byte[] payload) {
        AudioDecoder decoder = new L16Codec().createDecoder(CodecDescriptor.audio("L16", 48_000, 2));
        try {
            assertEquals(payload.length / 4, decoder.decode(payload, 0, payload.length).samplesPerChannel());
        } catch (CodecException e) {
            assertEquals("L16", e.codec());
            assertTrue(payload.length % 4 != 0);
        }
    }

    @Test
    void encoderOptionsValidateAndCopy() {
        AudioEncoderOptions options = AudioEncoderOptions.DEFAULT.withBitrate(64_000).withInbandFec(true, 10)
                .withDtx(true).withComplexity(5).withVariableBitrate(false);
        assertEquals(new AudioEncoderOptions(64_000, 5, false, true, 10, true), options);
        assertThrows(IllegalArgumentException.class, () -> options.withComplexity(11));
        assertThrows(IllegalArgumentException.class, () -> options.withInbandFec(true, 101));
        assertThrows(IllegalArgumentException.class, () -> options.withBitrate(0));
    }
}
