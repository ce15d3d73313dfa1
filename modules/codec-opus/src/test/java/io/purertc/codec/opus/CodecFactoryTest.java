package io.purertc.codec.opus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.purertc.media.AudioCodecFactory;
import io.purertc.media.AudioDecoder;
import io.purertc.media.AudioEncoder;
import io.purertc.media.AudioFrame;
import io.purertc.media.CodecDescriptor;
import io.purertc.media.CodecException;
import io.purertc.media.CodecRegistry;
import io.purertc.media.Depacketizer;
import io.purertc.media.EncodedFrame;
import io.purertc.media.MediaKind;
import io.purertc.media.Packetizer;
import io.purertc.media.RtpPayload;

class CodecFactoryTest {

    private static final CodecDescriptor OPUS = CodecDescriptor.audio("opus", 48_000, 2);

    @Test
    void serviceLoaderFindsOpusThenG711() {
        List<CodecDescriptor> offer = CodecRegistry.installed().descriptors(MediaKind.AUDIO);
        assertEquals(List.of("opus", "PCMU", "PCMA"), offer.stream().map(CodecDescriptor::encodingName).toList());
        assertEquals("10", offer.get(0).parameter("minptime"));
        assertEquals("1", offer.get(0).parameter("useinbandfec"));
    }

    @Test
    void opusThroughTheSpiFollowsTheReceiversFmtp() throws Exception {
        AudioCodecFactory factory = CodecRegistry.installed().audio(OPUS).orElseThrow();
        CodecDescriptor remote = OPUS.withParameters(Map.of("stereo", "1", "maxaveragebitrate", "20000"));
        try (AudioEncoder encoder = factory.createEncoder(remote, 20);
                AudioDecoder decoder = factory.createDecoder(OPUS.withParameters(Map.of("sprop-stereo", "1")))) {
            assertEquals(2, encoder.channels());
            assertEquals(960, encoder.frameSamples());
            assertEquals(2, decoder.channels());
            byte[] out = new byte[1500];
            int total = 0;
            short[] pcm = Signals.sine(440, 48_000, 960 * 50, 2, 8000);
            for (int f = 0; f < 50; f++) {
                short[] frame = java.util.Arrays.copyOfRange(pcm, f * 1920, (f + 1) * 1920);
                total += encoder.encode(new AudioFrame(frame, 48_000, 2), out, 0, out.length);
            }
            // maxaveragebitrate=20000 over one second of audio: 2500 bytes, with VBR's slack
            assertTrue(total < 2500 * 1.2, "bytes in one second: " + total);
            int n = encoder.encode(new AudioFrame(new short[1920], 48_000, 2), out, 0, out.length);
            AudioFrame decoded = decoder.decode(out, 0, n);
            assertEquals(960, decoded.samplesPerChannel());
            // 1000 samples is not a whole number of 2.5 ms blocks: concealment rounds to 8 blocks
            assertEquals(960, decoder.conceal(1000).samplesPerChannel());
            assertThrows(CodecException.class, () -> decoder.decode(new byte[] {0x03, 0}, 0, 2));
        }
    }

    /**
     * Speech, then a second of silence under DTX, then speech. A silent stretch sends only its first tiny packet
     * (and the refreshes of the comfort noise libopus codes every 400 ms); the marker bit starts each talkspurt:
     * the stream's first packet and every packet that follows unsent frames (RFC 3551 §4.1), and no other.
     */
    @Test
    void dtxSendsTheFirstSilentFrameAndMarksEachTalkspurt() throws Exception {
        AudioCodecFactory factory = new OpusCodecFactory();
        short[] tone = Signals.sine(440, 48_000, 960 * 20, 1, 8000);
        try (AudioEncoder encoder = factory.createEncoder(OPUS.withParameters(Map.of("usedtx", "1")), 20)) {
            Packetizer packetizer = factory.createPacketizer(OPUS);
            byte[] out = new byte[1500];
            boolean[] sent = new boolean[90];
            boolean[] marked = new boolean[90];
            int tinyAfterSent = 0;
            for (int f = 0; f < 90; f++) {
                boolean speech = f < 20 || f >= 70;
                short[] pcm = speech ? Arrays.copyOfRange(tone, (f % 20) * 960, (f % 20 + 1) * 960) : new short[960];
                int n = encoder.encode(new AudioFrame(pcm, 48_000, 1), out, 0, out.length);
                if (n == 0) {
                    continue;
                }
                sent[f] = true;
                marked[f] = packetizer.packetize(
                        new EncodedFrame("opus", Arrays.copyOf(out, n), 960L * f, true), 1200).get(0).marker();
                if (n <= 2) {
                    assertTrue(sent[f - 1], "a tiny packet is sent only right after a sent frame: frame " + f);
                    tinyAfterSent++;
                }
            }
            int unsent = 0;
            for (int f = 0; f < 90; f++) {
                unsent += sent[f] ? 0 : 1;
                if (sent[f]) {
                    assertEquals(f == 0 || !sent[f - 1], marked[f], "marker of frame " + f);
                }
            }
            assertTrue(unsent > 25, "silent frames left unsent: " + unsent);
            assertTrue(tinyAfterSent >= 1, "the first silent frame is sent");
            assertTrue(sent[70] && marked[70] && !sent[69], "speech starts a marked talkspurt again");
        }
    }

    @Test
    void opusPayloadsPassThroughThePayloadFormatUnchanged() throws Exception {
        OpusCodecFactory factory = new OpusCodecFactory();
        byte[] packet = {(byte) 0xFC, 1, 2, 3};
        List<RtpPayload> payloads = factory.createPacketizer(OPUS).packetize(new EncodedFrame("opus", packet, 960, true), 1200);
        assertEquals(1, payloads.size());
        Depacketizer depacketizer = factory.createDepacketizer(OPUS);
        EncodedFrame frame = depacketizer.push(payloads.get(0).payload(), 0, 4, 1, 960, false).orElseThrow();
        assertArrayEquals(packet, frame.payload());
        assertThrows(CodecException.class, () -> depacketizer.push(new byte[0], 0, 0, 2, 1920, false));
        assertThrows(CodecException.class, () -> factory.createEncoder(OPUS.withParameters(Map.of("stereo", "2")), 20));
    }

    @Test
    void g711ThroughTheSpi() throws Exception {
        CodecDescriptor pcmu = CodecDescriptor.audio("PCMU", 8000, 1);
        AudioCodecFactory factory = CodecRegistry.installed().audio(pcmu).orElseThrow();
        try (AudioEncoder encoder = factory.createEncoder(pcmu, 20); AudioDecoder decoder = factory.createDecoder(pcmu)) {
            assertEquals(160, encoder.frameSamples());
            short[] pcm = Signals.sine(1000, 8000, 160, 1, 10_000);
            byte[] out = new byte[160];
            assertEquals(160, encoder.encode(new AudioFrame(pcm, 8000, 1), out, 0, out.length));
            assertEquals(G711.PCMU.encode(pcm[7]), out[7]);
            AudioFrame decoded = decoder.decode(out, 0, 160);
            assertEquals(G711.PCMU.decode(out[7]), decoded.samples()[7]);
            AudioFrame concealed = decoder.conceal(160);
            assertEquals(decoded.samples()[7] / 2, concealed.samples()[7]);
        }
    }
}
