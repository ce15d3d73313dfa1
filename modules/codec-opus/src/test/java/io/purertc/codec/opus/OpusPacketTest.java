package io.purertc.codec.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.purertc.rtp.MalformedPacketException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class OpusPacketTest {

    private static OpusPacket parse(int... bytes) throws MalformedPacketException {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return OpusPacket.parse(b, 0, b.length);
    }

    private static String rule(int... bytes) {
        return assertThrows(MalformedPacketException.class, () -> parse(bytes)).rule();
    }

    @Test
    void tocFieldsFollowRfc6716Table2() throws Exception {
        // config 31 (CELT FB 20 ms), stereo, code 0, a 2-byte frame
        OpusPacket p = parse(0xFC, 1, 2);
        assertEquals(31, p.config());
        assertTrue(p.stereo());
        assertEquals(0, p.frameCountCode());
        assertEquals(1, p.frameCount());
        assertEquals(1, p.frameOffset(0));
        assertEquals(2, p.frameLength(0));
        assertEquals(960, p.durationSamples());
        // config 3 (SILK NB 60 ms), mono
        assertEquals(2880, parse(3 << 3).durationSamples());
        assertEquals(0, parse(3 << 3).frameLength(0));
        // config 13 (Hybrid SWB 20 ms), config 16 (CELT NB 2.5 ms)
        assertEquals(960, OpusPacket.samplesPerFrame(13));
        assertEquals(120, OpusPacket.samplesPerFrame(16));
        assertFalse(parse(16 << 3).stereo());
    }

    @Test
    void code1SplitsEvenly() throws Exception {
        OpusPacket p = parse(0x01, 9, 9, 8, 8);
        assertEquals(2, p.frameCount());
        assertEquals(2, p.frameLength(0));
        assertEquals(3, p.frameOffset(1));
        assertTrue(rule(0x01, 1, 2, 3).startsWith("R3"));
    }

    @Test
    void code2ReadsOneAndTwoByteLengths() throws Exception {
        OpusPacket p = parse(0x02, 1, 7, 8, 9);
        assertEquals(1, p.frameLength(0));
        assertEquals(2, p.frameLength(1));
        byte[] two = new byte[1 + 2 + 300 + 5];
        two[0] = 0x02;
        two[1] = (byte) 252;
        two[2] = 12; // 252 + 4 * 12 = 300
        OpusPacket q = OpusPacket.parse(two, 0, two.length);
        assertEquals(300, q.frameLength(0));
        assertEquals(5, q.frameLength(1));
        assertTrue(rule(0x02).startsWith("R4"));
        assertTrue(rule(0x02, 252).startsWith("R4"));
        assertTrue(rule(0x02, 5, 1, 2).startsWith("R4"));
    }

    @Test
    void code3CbrVbrAndPadding() throws Exception {
        // CBR, 3 frames of 2 bytes
        OpusPacket cbr = parse(0x03, 3, 1, 1, 2, 2, 3, 3);
        assertEquals(3, cbr.frameCount());
        assertEquals(2, cbr.frameLength(2));
        // VBR with padding: 2 frames, lengths 1 and rest, padding 2 bytes
        OpusPacket vbr = parse(0x03, 0x80 | 0x40 | 2, 2, 1, 7, 8, 9, 0, 0);
        assertEquals(2, vbr.paddingLength());
        assertEquals(1, vbr.frameLength(0));
        assertEquals(2, vbr.frameLength(1));
        assertEquals(4, vbr.frameOffset(0));
        // padding of 255 means 254 bytes and another length byte
        byte[] padded = new byte[3 + 2 + 254 + 1];
        padded[0] = 0x03;
        padded[1] = 0x40 | 1;
        padded[2] = (byte) 255;
        padded[3] = 1;
        padded[4] = 42;
        OpusPacket p = OpusPacket.parse(padded, 0, padded.length);
        assertEquals(255, p.paddingLength());
        assertEquals(1, p.frameLength(0));
    }

    @Test
    void code3RulesReject() {
        assertTrue(rule().startsWith("R1"));
        assertTrue(rule(0x03).startsWith("R5"));
        assertTrue(rule(0x03, 0).startsWith("R5"));
        // 20 ms CELT frames: 7 of them are 140 ms
        assertTrue(rule((31 << 3) | 3, 7, 1, 1, 1, 1, 1, 1, 1).startsWith("R5"));
        // 60 ms SILK: 3 frames is 180 ms
        assertTrue(rule((3 << 3) | 3, 3).startsWith("R5"));
        // a TOC claiming 5 VBR frames with only two length bytes present
        assertTrue(rule(0x03, 0x80 | 5, 1, 1).startsWith("R7"));
        assertTrue(rule(0x03, 0x80 | 2, 9, 1).startsWith("R7"));
        assertTrue(rule(0x03, 3, 1, 2).startsWith("R6"));
        assertTrue(rule(0x03, 0x40 | 1, 9).startsWith("R6/R7"));
        assertTrue(rule(0x03, 0x40 | 1, 255).startsWith("R6/R7"));
    }

    @Test
    void framesOver1275BytesAreRejected() {
        byte[] big = new byte[1 + 1276];
        assertTrue(assertThrows(MalformedPacketException.class, () -> OpusPacket.parse(big, 0, big.length))
                .rule().startsWith("R2"));
    }

    @Test
    void offsetIntoALargerBufferIsHonoured() throws Exception {
        byte[] buf = {9, 9, 0x01, 5, 6, 7, 8, 9};
        OpusPacket p = OpusPacket.parse(buf, 2, 5);
        assertEquals(3, p.frameOffset(0));
        assertEquals(5, p.frameOffset(1));
        assertEquals(2, p.frameLength(1));
    }

    @Property
    void randomBytesParseOrThrowOnlyMalformed(@ForAll @Size(max = 400) byte[] bytes) {
        try {
            OpusPacket p = OpusPacket.parse(bytes, 0, bytes.length);
            int end = 0;
            for (int i = 0; i < p.frameCount(); i++) {
                assertTrue(p.frameOffset(i) >= 1 && p.frameLength(i) >= 0 && p.frameLength(i) <= 1275);
                end = Math.max(end, p.frameOffset(i) + p.frameLength(i));
            }
            assertTrue(end + p.paddingLength() <= bytes.length);
            assertTrue(p.durationSamples() <= OpusPacket.MAX_DURATION_SAMPLES);
        } catch (MalformedPacketException expected) {
            assertTrue(expected.rule().startsWith("R"));
        }
    }

    @Property(tries = 50)
    void truncatedEncoderOutputParsesOrThrowsMalformed(@ForAll @IntRange(min = 0, max = 3) int frameIndex,
            @ForAll @IntRange(min = 0, max = 400) int cut) throws Exception {
        int[] millis = {10, 20, 40, 60};
        OpusEncoder encoder = new OpusEncoder(new OpusEncoder.Settings(2, millis[frameIndex], 64_000, 5, true,
                false, 0, false, 48_000));
        short[] pcm = Signals.sine(440, 48_000, encoder.frameSamples(), 2, 8000);
        byte[] out = new byte[1500];
        int n = encoder.encode(pcm, 0, out, 0, out.length);
        OpusPacket whole = OpusPacket.parse(out, 0, n);
        assertEquals(encoder.frameSamples(), whole.durationSamples());
        byte[] truncated = Arrays.copyOf(out, Math.min(cut, n));
        try {
            OpusPacket.parse(truncated, 0, truncated.length);
        } catch (MalformedPacketException expected) {
            assertTrue(expected.rule().startsWith("R"));
        }
    }
}
