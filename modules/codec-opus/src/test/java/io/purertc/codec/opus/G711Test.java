package io.purertc.codec.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class G711Test {

    @Test
    void knownMuLawValues() {
        assertEquals(0, G711.PCMU.decode((byte) 0xFF));
        assertEquals(0, G711.PCMU.decode((byte) 0x7F));
        assertEquals(-32124, G711.PCMU.decode((byte) 0x00));
        assertEquals(32124, G711.PCMU.decode((byte) 0x80));
        assertEquals((byte) 0xFF, G711.PCMU.encode((short) 0));
        assertEquals((byte) 0x80, G711.PCMU.encode(Short.MAX_VALUE));
        assertEquals((byte) 0x00, G711.PCMU.encode(Short.MIN_VALUE));
    }

    @Test
    void knownALawValues() {
        assertEquals(8, G711.PCMA.decode((byte) 0xD5));
        assertEquals(-8, G711.PCMA.decode((byte) 0x55));
        assertEquals(32256, G711.PCMA.decode((byte) 0xAA));
        assertEquals(-32256, G711.PCMA.decode((byte) 0x2A));
        assertEquals((byte) 0xD5, G711.PCMA.encode((short) 0));
        assertEquals((byte) 0xAA, G711.PCMA.encode(Short.MAX_VALUE));
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode() {
        for (G711 law : G711.values()) {
            for (int code = 0; code < 256; code++) {
                byte b = (byte) code;
                // µ-law has two codes for zero (0x7F and 0xFF); encoding zero gives 0xFF.
                if (law == G711.PCMU && code == 0x7F) {
                    continue;
                }
                assertEquals(b, law.encode(law.decode(b)), law + " code " + code);
            }
        }
    }

    /**
     * Segment s of either law quantises with a step of 2^(s+4) (16-bit scale, s >= 1), and a segment
     * starts above 2^(s+7): half a step stays below |sample| / 16, and below 16 in the first segments.
     * Beyond the last segment's end (about ±32124 for µ-law, ±32256 for A-law) the codes clip.
     */
    @Property
    void quantisationErrorIsHalfAStepOfTheSegment(@ForAll short sample) {
        for (G711 law : G711.values()) {
            int decoded = law.decode(law.encode(sample));
            int bound = Math.abs(sample) > 32_000 ? 1024 : Math.max(16, Math.abs(sample) / 16);
            assertTrue(Math.abs(decoded - sample) <= bound, law + " " + sample + " -> " + decoded);
            if (Math.abs(sample) >= 16) {
                assertEquals(sample > 0, decoded > 0, law + " keeps the sign of " + sample);
            }
        }
    }

    @Test
    void bufferVariantsMatchSingleSamples() {
        short[] pcm = Signals.sine(1000, 8000, 160, 1, 20_000);
        byte[] coded = new byte[162];
        short[] back = new short[161];
        G711.PCMA.encode(pcm, 0, 160, coded, 2);
        G711.PCMA.decode(coded, 2, 160, back, 1);
        for (int i = 0; i < 160; i++) {
            assertEquals(G711.PCMA.encode(pcm[i]), coded[i + 2]);
            assertEquals(G711.PCMA.decode(coded[i + 2]), back[i + 1]);
        }
    }
}
