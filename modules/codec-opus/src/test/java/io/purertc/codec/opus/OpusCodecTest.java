package io.purertc.codec.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import io.purertc.media.CodecException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class OpusCodecTest {

    private static final int RATE = 48_000;

    private static OpusEncoder.Settings settings(int channels, int millis, boolean fec, int loss) {
        return new OpusEncoder.Settings(channels, millis, 32_000 * channels, 9, true, fec, loss, false, RATE);
    }

    /** Encodes and decodes {@code pcm} frame by frame; a lost frame is concealed or rebuilt from FEC. */
    private static short[] roundTrip(short[] pcm, OpusEncoder.Settings settings, boolean[] lost, boolean useFec)
            throws Exception {
        OpusEncoder encoder = new OpusEncoder(settings);
        OpusDecoder decoder = new OpusDecoder(settings.channels());
        int frame = encoder.frameSamples();
        int channels = settings.channels();
        int frames = pcm.length / channels / frame;
        byte[][] packets = new byte[frames][];
        for (int f = 0; f < frames; f++) {
            byte[] out = new byte[4000];
            int n = encoder.encode(pcm, f * frame * channels, out, 0, out.length);
            packets[f] = java.util.Arrays.copyOf(out, n);
        }
        short[] decoded = new short[frames * frame * channels];
        for (int f = 0; f < frames; f++) {
            int at = f * frame * channels;
            int n;
            if (lost != null && lost[f]) {
                n = f + 1 < frames && !lost[f + 1] && useFec
                        ? decoder.decodeFec(packets[f + 1], 0, packets[f + 1].length, decoded, at, frame)
                        : decoder.conceal(decoded, at, frame);
            } else {
                n = decoder.decode(packets[f], 0, packets[f].length, decoded, at);
            }
            assertEquals(frame, n);
        }
        return decoded;
    }

    @ParameterizedTest
    @CsvSource({"1,10", "1,20", "1,40", "1,60", "2,10", "2,20", "2,40", "2,60"})
    void toneKeepsItsFrequency(int channels, int millis) throws Exception {
        short[] pcm = Signals.sine(1000, RATE, RATE, channels, 10_000);
        short[] decoded = roundTrip(pcm, settings(channels, millis, false, 0), null, false);
        for (int c = 0; c < channels; c++) {
            double[] tail = Signals.channel(decoded, channels, c, RATE / 2, RATE / 4);
            assertEquals(1000.0, Signals.dominant(tail, RATE, 500, 800, 900, 1000, 1100, 1200, 2000));
            double[] reference = Signals.channel(pcm, channels, c, 0, RATE / 4);
            double[] later = Signals.channel(decoded, channels, c, RATE / 2 - 1000, RATE / 4 + 2000);
            assertTrue(Signals.bestCorrelation(reference, later, 1000, RATE / 4) > 0.9);
        }
    }

    /**
     * Every application decodes a tone to the same tone. Their lookahead tells them apart: libopus delays
     * RESTRICTED_LOWDELAY by 2.5 ms only (120 samples), the others by 2.5 ms plus 4 ms of delay compensation.
     */
    @ParameterizedTest
    @CsvSource({"VOIP,312", "AUDIO,312", "RESTRICTED_LOWDELAY,120"})
    void everyApplicationKeepsAToneAndHasItsLookahead(OpusEncoder.Application application, int lookahead)
            throws Exception {
        OpusEncoder encoder = new OpusEncoder(settings(1, 20, false, 0), application);
        assertEquals(lookahead, encoder.lookahead());
        OpusDecoder decoder = new OpusDecoder(1);
        short[] pcm = Signals.sine(1000, RATE, RATE, 1, 10_000);
        short[] decoded = new short[pcm.length];
        byte[] packet = new byte[1500];
        for (int at = 0; at < pcm.length; at += 960) {
            int n = encoder.encode(pcm, at, packet, 0, packet.length);
            assertEquals(960, decoder.decode(packet, 0, n, decoded, at));
        }
        double[] tail = Signals.channel(decoded, 1, 0, RATE / 2, RATE / 4);
        assertEquals(1000.0, Signals.dominant(tail, RATE, 500, 800, 900, 1000, 1100, 1200, 2000));
    }

    @Test
    void cbrPacketsAreAllTheSameSize() throws Exception {
        OpusEncoder encoder = new OpusEncoder(
                new OpusEncoder.Settings(1, 20, 32_000, 5, false, false, 0, false, RATE));
        short[] pcm = Signals.sine(700, RATE, RATE, 1, 9000);
        byte[] out = new byte[1500];
        java.util.Set<Integer> sizes = new java.util.HashSet<>();
        for (int f = 0; f < 50; f++) {
            sizes.add(encoder.encode(pcm, f * 960, out, 0, out.length));
        }
        // 32 kb/s over 20 ms is 80 bytes a packet
        assertEquals(java.util.Set.of(80), sizes);
    }

    @Test
    void dtxSendsTinyPacketsInSilence() throws Exception {
        OpusEncoder encoder = new OpusEncoder(
                new OpusEncoder.Settings(1, 20, 32_000, 5, true, false, 0, true, RATE));
        short[] silence = new short[960];
        byte[] out = new byte[1500];
        int smallest = Integer.MAX_VALUE;
        for (int f = 0; f < 50; f++) {
            smallest = Math.min(smallest, encoder.encode(silence, 0, out, 0, out.length));
        }
        assertTrue(smallest <= 2, "DTX frames are a TOC byte or two: " + smallest);
    }

    /**
     * 10 % seeded loss, concealed by PLC or rebuilt from FEC. A click is a sample-to-sample step far
     * larger than the signal ever makes by itself: a 400 Hz sine of amplitude A steps at most
     * A·2π·400/48000 ≈ 0.052·A between samples, and the lossless decode of the same input shows how
     * large the codec's own steps are. A concealed gap that starts or ends with a jump more than twice
     * the lossless maximum would be an audible discontinuity; PLC that fades and FEC that rebuilds
     * stay within it.
     */
    @ParameterizedTest
    @CsvSource({"false", "true"})
    void lossIsConcealedWithoutClicks(boolean fec) throws Exception {
        short[] pcm = Signals.sine(400, RATE, RATE * 3, 1, 8000);
        boolean[] lost = new boolean[150];
        Random random = new Random(7);
        int count = 0;
        for (int f = 5; f < lost.length; f++) {
            lost[f] = random.nextInt(10) == 0;
            count += lost[f] ? 1 : 0;
        }
        assertTrue(count >= 8 && count <= 25, "about 10 % lost: " + count);
        OpusEncoder.Settings settings = settings(1, 20, fec, fec ? 10 : 0);
        double clean = Signals.maxJump(Signals.channel(roundTrip(pcm, settings, null, false), 1, 0, 0, RATE * 3));
        double lossy = Signals.maxJump(Signals.channel(roundTrip(pcm, settings, lost, fec), 1, 0, 0, RATE * 3));
        assertTrue(clean > 0.03 * 8000, "the reference signal moves: " + clean);
        assertTrue(lossy <= 2 * clean, "click: max step " + lossy + " against " + clean + " without loss");
    }

    @Test
    void fecRebuildsLostFramesCloserThanPlc() throws Exception {
        short[] pcm = Signals.sine(400, RATE, RATE, 1, 8000);
        boolean[] lost = new boolean[50];
        for (int f = 10; f < 49; f += 7) {
            lost[f] = true;
        }
        OpusEncoder.Settings settings = new OpusEncoder.Settings(1, 20, 32_000, 9, true, true, 20, false, RATE);
        short[] clean = roundTrip(pcm, settings, null, false);
        short[] withFec = roundTrip(pcm, settings, lost, true);
        short[] withPlc = roundTrip(pcm, settings, lost, false);
        double fecError = 0;
        double plcError = 0;
        for (int f = 10; f < 49; f += 7) {
            fecError += error(withFec, clean, f * 960, 960);
            plcError += error(withPlc, clean, f * 960, 960);
        }
        assertTrue(fecError < plcError, "FEC error " + fecError + ", PLC error " + plcError);
    }

    private static double error(short[] a, short[] b, int from, int length) {
        double e = 0;
        for (int i = from; i < from + length; i++) {
            double d = a[i] - b[i];
            e += d * d;
        }
        return e;
    }

    @Test
    void malformedPayloadsAreCodecExceptionsAndTheDecoderGoesOn() throws Exception {
        OpusDecoder decoder = new OpusDecoder(2);
        short[] out = new short[5760 * 2];
        assertThrows(CodecException.class, () -> decoder.decode(new byte[0], 0, 0, out, 0));
        assertThrows(CodecException.class, () -> decoder.decode(new byte[] {0x03, (byte) 0x85, 1, 1}, 0, 4, out, 0));
        OpusEncoder encoder = new OpusEncoder(settings(2, 20, false, 0));
        byte[] packet = new byte[1500];
        int n = encoder.encode(Signals.sine(440, RATE, 960, 2, 5000), 0, packet, 0, packet.length);
        assertEquals(960, decoder.decode(packet, 0, n, out, 0));
    }

    @Property(tries = 2000)
    void randomPayloadsDecodeOrThrowOnlyCodecException(@ForAll @Size(max = 1500) byte[] payload) {
        OpusDecoder decoder = new OpusDecoder(2);
        short[] out = new short[5760 * 2];
        try {
            int n = decoder.decode(payload, 0, payload.length, out, 0);
            assertTrue(n > 0 && n <= 5760);
        } catch (CodecException expected) {
            assertTrue(expected.getMessage().startsWith("opus: "));
        }
        try {
            int n = decoder.decodeFec(payload, 0, payload.length, out, 0, 960);
            assertEquals(960, n);
        } catch (CodecException expected) {
            assertTrue(expected.getMessage().startsWith("opus: "));
        }
        assertEquals(480, decoder.conceal(out, 0, 480));
    }

    @Property(tries = 300)
    void truncatedPacketsDecodeOrThrowOnlyCodecException(@ForAll @IntRange(min = 0, max = 200) int cut,
            @ForAll @IntRange(min = 0, max = 3) int frameIndex) throws Exception {
        int[] millis = {10, 20, 40, 60};
        OpusEncoder encoder = new OpusEncoder(settings(2, millis[frameIndex], true, 10));
        byte[] packet = new byte[1500];
        int n = encoder.encode(Signals.sine(440, RATE, encoder.frameSamples(), 2, 8000), 0, packet, 0, packet.length);
        OpusDecoder decoder = new OpusDecoder(2);
        short[] out = new short[5760 * 2];
        try {
            assertEquals(encoder.frameSamples(), decoder.decode(packet, 0, Math.min(cut, n), out, 0));
        } catch (CodecException expected) {
            assertTrue(expected.getMessage().startsWith("opus: "));
        }
    }
}
