package io.purertc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.codec.opus.OpusCodecFactory;
import io.purertc.media.AudioEncoder;
import io.purertc.media.AudioEncoderOptions;
import io.purertc.media.AudioFrame;
import io.purertc.media.CodecDescriptor;
import io.purertc.media.CodecException;
import io.purertc.media.MediaKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Gaps in a received Opus stream become FEC and concealment that keep the timeline; late packets are dropped. */
class ConcealingDecoderTest {

    private static final CodecDescriptor OPUS = new CodecDescriptor(MediaKind.AUDIO, "opus", 48_000,
            2, Map.of("useinbandfec", "1"));
    private static final int FRAME = 960;

    /** 100 packets of a 440 Hz tone, 20 ms each, with in-band FEC. */
    private static byte[][] packets() throws CodecException {
        OpusCodecFactory factory = new OpusCodecFactory();
        byte[][] packets = new byte[100][];
        try (AudioEncoder encoder = factory.createEncoder(OPUS, 20)) {
            encoder.configure(new AudioEncoderOptions(32_000, 5, true, true, 20, false));
            byte[] out = new byte[1500];
            for (int p = 0; p < packets.length; p++) {
                short[] pcm = new short[FRAME];
                for (int i = 0; i < FRAME; i++) {
                    pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (p * FRAME + i) / 48_000.0));
                }
                int n = encoder.encode(new AudioFrame(pcm, 48_000, 1), out, 0, out.length);
                packets[p] = Arrays.copyOf(out, n);
            }
        }
        return packets;
    }

    private static ConcealingDecoder decoder() throws CodecException {
        return new ConcealingDecoder(new OpusCodecFactory().createDecoder(OPUS), 48_000);
    }

    private static int samples(List<AudioFrame> frames) {
        return frames.stream().mapToInt(AudioFrame::samplesPerChannel).sum();
    }

    @Test
    void inOrderPacketsDecodeOneFrameEachAcrossTheSequenceWrap() throws Exception {
        byte[][] packets = packets();
        ConcealingDecoder decoder = decoder();
        for (int p = 0; p < 10; p++) {
            int sequence = (65_530 + p) & 0xFFFF;
            List<AudioFrame> frames = decoder.decode(sequence, 1000L + p * FRAME, packets[p], 0, packets[p].length);
            assertEquals(List.of(FRAME), frames.stream().map(AudioFrame::samplesPerChannel).toList());
        }
        assertEquals(0, decoder.lostPackets());
        assertEquals(0, decoder.concealedSamples());
    }

    /** One lost packet comes back from the next one's FEC; three lost are two concealed frames and one FEC frame. */
    @Test
    void gapsAreFilledSoTheTimelineHolds() throws Exception {
        byte[][] packets = packets();
        ConcealingDecoder decoder = decoder();
        decoder.decode(0, 0, packets[0], 0, packets[0].length);
        decoder.decode(1, FRAME, packets[1], 0, packets[1].length);
        List<AudioFrame> afterOne = decoder.decode(3, 3L * FRAME, packets[3], 0, packets[3].length);
        assertEquals(List.of(FRAME, FRAME), afterOne.stream().map(AudioFrame::samplesPerChannel).toList());
        List<AudioFrame> afterThree = decoder.decode(7, 7L * FRAME, packets[7], 0, packets[7].length);
        assertEquals(4 * FRAME, samples(afterThree));
        assertEquals(4, decoder.lostPackets());
        assertEquals(4 * FRAME, decoder.concealedSamples());
        assertTrue(energy(afterOne.get(0)) > 1e6, "the frame rebuilt from FEC is the tone, not silence");
    }

    @Test
    void latePacketsAndDuplicatesAreDropped() throws Exception {
        byte[][] packets = packets();
        ConcealingDecoder decoder = decoder();
        decoder.decode(10, 10L * FRAME, packets[0], 0, packets[0].length);
        decoder.decode(12, 12L * FRAME, packets[2], 0, packets[2].length);
        assertEquals(List.of(), decoder.decode(11, 11L * FRAME, packets[1], 0, packets[1].length));
        assertEquals(List.of(), decoder.decode(12, 12L * FRAME, packets[2], 0, packets[2].length));
        assertEquals(2, decoder.latePackets());
    }

    /** A jump far beyond what concealment can bridge, or a timestamp that went backwards, restarts the timeline. */
    @Test
    void implausibleGapsRestartRatherThanConceal() throws Exception {
        byte[][] packets = packets();
        ConcealingDecoder decoder = decoder();
        decoder.decode(0, 0, packets[0], 0, packets[0].length);
        assertEquals(FRAME, samples(decoder.decode(500, 500L * FRAME, packets[1], 0, packets[1].length)));
        assertEquals(FRAME, samples(decoder.decode(503, 0, packets[2], 0, packets[2].length)));
        assertEquals(2, decoder.restarts());
        assertEquals(0, decoder.concealedSamples());
    }

    @Test
    void aRefusedPayloadIsConcealedInItsPlace() throws Exception {
        byte[][] packets = packets();
        ConcealingDecoder decoder = decoder();
        decoder.decode(0, 0, packets[0], 0, packets[0].length);
        byte[] lying = {(byte) 0x03, (byte) 0x3F}; // code 3 claiming 63 frames that are not there
        assertEquals(FRAME, samples(decoder.decode(1, FRAME, lying, 0, lying.length)));
        assertEquals(1, decoder.refusedPayloads());
        assertEquals(FRAME, samples(decoder.decode(2, 2L * FRAME, packets[2], 0, packets[2].length)));
    }

    /** With 10 % seeded loss, the output is exactly as long as the input and keeps the tone throughout. */
    @Test
    void tenPercentLossKeepsLengthAndTone() throws Exception {
        byte[][] packets = packets();
        ConcealingDecoder decoder = decoder();
        Random random = new Random(7);
        List<AudioFrame> out = new ArrayList<>();
        int last = 0;
        for (int p = 0; p < packets.length; p++) {
            if (p > 0 && p < packets.length - 1 && random.nextInt(10) == 0) {
                continue;
            }
            out.addAll(decoder.decode(p, (long) p * FRAME, packets[p], 0, packets[p].length));
            last = p;
        }
        assertEquals((last + 1) * FRAME, samples(out));
        assertTrue(decoder.lostPackets() >= 5, "lost: " + decoder.lostPackets());
        for (int f = 5; f < out.size(); f++) {
            assertTrue(energy(out.get(f)) > 1e6, "frame " + f + " is not silence");
        }
    }

    private static double energy(AudioFrame frame) {
        double sum = 0;
        for (short s : frame.samples()) {
            sum += (double) s * s;
        }
        return sum / frame.samples().length;
    }

    /** Whatever arrives in whatever order, nothing escapes and no call yields more than the concealment bound. */
    @Property(tries = 300)
    void hostileArrivalsNeverThrowAndStayBounded(@ForAll @Size(min = 1, max = 40) List<@IntRange(max = 65_535) Integer> sequences,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(max = 2_000_000) Integer> timestamps,
            @ForAll @Size(max = 40) List<@Size(max = 60) byte[]> payloads) throws Exception {
        byte[][] packets = TONE.get();
        ConcealingDecoder decoder = decoder();
        int bound = ConcealingDecoder.MAX_CONCEALED_MILLIS * 48 + 2 * 5760;
        for (int i = 0; i < sequences.size(); i++) {
            byte[] payload = i < payloads.size() && i % 2 == 1 ? payloads.get(i) : packets[i % packets.length];
            long timestamp = timestamps.get(i % timestamps.size());
            assertTrue(samples(decoder.decode(sequences.get(i), timestamp, payload, 0, payload.length)) <= bound);
        }
    }

    private static final EncodedTone TONE = new EncodedTone();

    /** The encoded tone, made once for the property's tries. */
    private static final class EncodedTone {
        private byte[][] value;

        synchronized byte[][] get() throws CodecException {
            if (value == null) {
                value = packets();
            }
            return value;
        }
    }
}
