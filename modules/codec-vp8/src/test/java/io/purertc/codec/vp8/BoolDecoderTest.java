package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BoolDecoderTest {

    @Property(tries = 200)
    void decodesWhatTheEncoderWrote(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int n) {
        Random random = new Random(seed);
        int[] probs = new int[n];
        int[] bits = new int[n];
        BoolEncoder encoder = new BoolEncoder();
        for (int i = 0; i < n; i++) {
            probs[i] = 1 + random.nextInt(255);
            // skew the bits towards what the probability predicts, as real streams are
            bits[i] = random.nextInt(256) >= probs[i] ? 1 : 0;
            encoder.writeBool(probs[i], bits[i]);
        }
        byte[] data = encoder.finish();
        byte[] framed = new byte[data.length + 7];
        System.arraycopy(data, 0, framed, 5, data.length);
        BoolDecoder decoder = new BoolDecoder();
        decoder.init(framed, 5, data.length);
        int[] decoded = new int[n];
        for (int i = 0; i < n; i++) {
            decoded[i] = decoder.readBool(probs[i]);
        }
        assertArrayEquals(bits, decoded);
        assertFalse(decoder.pastEnd(), "the encoder's 32 padding bits keep the decoder inside its data");
    }

    @Test
    void literalsAndTreesRoundTrip() {
        BoolEncoder encoder = new BoolEncoder();
        encoder.writeLiteral(0x5A, 8);
        encoder.writeSignedLiteral(-9, 4);
        // B_HD_PRED in the sub-block mode tree: nodes 0,1,2,3(right),6(right),7(right),8(left)
        int[] p = Vp8Tables.BMODE_PROBS;
        encoder.writeBool(p[0], 1);
        encoder.writeBool(p[1], 1);
        encoder.writeBool(p[2], 1);
        encoder.writeBool(p[3], 1);
        encoder.writeBool(p[6], 1);
        encoder.writeBool(p[7], 1);
        encoder.writeBool(p[8], 0);
        byte[] data = encoder.finish();
        BoolDecoder decoder = new BoolDecoder();
        decoder.init(data, 0, data.length);
        assertEquals(0x5A, decoder.readLiteral(8));
        assertEquals(-9, decoder.readSignedLiteral(4));
        assertEquals(IntraPredictor.B_HD_PRED, decoder.readTree(Vp8Tables.BMODE_TREE, p, 0));
    }

    @Test
    void readsZerosPastTheEndAndSaysSo() {
        BoolDecoder decoder = new BoolDecoder();
        decoder.init(new byte[] {(byte) 0xFF}, 0, 0);
        assertEquals(0, decoder.readLiteral(16));
        assertTrue(decoder.pastEnd());
    }

    @Test
    void aShortPartitionIsPastItsEndOnlyOnceItsBitsAreUsedUp() {
        BoolDecoder decoder = new BoolDecoder();
        decoder.init(new byte[] {0, 0, 0}, 0, 3);
        decoder.readLiteral(8);
        assertFalse(decoder.pastEnd());
        decoder.readLiteral(24);
        assertTrue(decoder.pastEnd());
    }
}
