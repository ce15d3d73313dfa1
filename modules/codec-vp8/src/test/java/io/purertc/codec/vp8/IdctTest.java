package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IdctTest {

    private static final int STRIDE = 7;

    /** A 4x4 block at offset STRIDE + 1 of a 6-row buffer, so writes outside it would show. */
    private static byte[] prediction(int value) {
        byte[] block = new byte[STRIDE * 6];
        Arrays.fill(block, (byte) 0x5A);
        for (int row = 0; row < 4; row++) {
            Arrays.fill(block, STRIDE * (row + 1) + 1, STRIDE * (row + 1) + 5, (byte) value);
        }
        return block;
    }

    private static int[] block(byte[] buffer) {
        int[] out = new int[16];
        for (int i = 0; i < 16; i++) {
            out[i] = buffer[STRIDE * (i / 4 + 1) + 1 + i % 4] & 0xFF;
        }
        return out;
    }

    @Test
    void singleFirstRowAcCoefficientMatchesTheHandComputedBasis() {
        // Column pass: 100 stays 100 in all four rows; row pass on (0, 100, 0, 0):
        // c1 = 100*35468>>16 = 54, d1 = 100 + (100*20091>>16) = 130,
        // outputs (130+4)>>3 = 16, (54+4)>>3 = 7, (-54+4)>>3 = -7, (-130+4)>>3 = -16.
        short[] coeffs = new short[16];
        coeffs[1] = 100;
        byte[] dst = prediction(128);
        Idct.inverseDctAdd(coeffs, 0, dst, STRIDE + 1, STRIDE);
        int[] row = {144, 135, 121, 112};
        assertArrayEquals(concat(row, row, row, row), block(dst));
        assertOutsideUntouched(dst);
    }

    @Test
    void resultsSaturateAtBothEnds() {
        short[] coeffs = new short[16];
        coeffs[0] = 2000;
        byte[] dst = prediction(200);
        Idct.inverseDctAdd(coeffs, 0, dst, STRIDE + 1, STRIDE);
        assertArrayEquals(filled(255), block(dst));
        assertOutsideUntouched(dst);
        coeffs[0] = -2000;
        dst = prediction(50);
        Idct.inverseDctAdd(coeffs, 0, dst, STRIDE + 1, STRIDE);
        assertArrayEquals(filled(0), block(dst));
    }

    @Test
    void dcOnlyAddsRoundedEighth() {
        byte[] dst = prediction(100);
        Idct.inverseDcAdd(-20, dst, STRIDE + 1, STRIDE);
        assertArrayEquals(filled(100 + ((-20 + 4) >> 3)), block(dst));
        dst = prediction(100);
        Idct.inverseDcAdd(84, dst, STRIDE + 1, STRIDE);
        assertArrayEquals(filled(111), block(dst));
    }

    @Test
    void dcOnlyTakesTheDcAsAShortLikeLibvpx() {
        byte[] dst = prediction(100);
        Idct.inverseDcAdd(65536 + 40, dst, STRIDE + 1, STRIDE);
        assertArrayEquals(filled(105), block(dst));
    }

    @Test
    void walshOfADcOnlyBlockSpreadsTheRoundedEighth() {
        short[] in = new short[16];
        in[0] = 80;
        short[] out = new short[256];
        Idct.inverseWalsh(in, 0, out, 0);
        for (int i = 0; i < 256; i++) {
            assertEquals(i % 16 == 0 ? 10 : 0, out[i], "index " + i);
        }
    }

    @Test
    void walshOfOneFirstRowCoefficientByHand() {
        // Column pass gives 8 down column 1; row pass on (0, 8, 0, 0): a1 = 0, b1 = 8, c1 = 8, d1 = 0,
        // so (8+3)>>3 = 1, (8+3)>>3 = 1, (-8+3)>>3 = -1, (-8+3)>>3 = -1 in every row.
        short[] in = new short[20];
        in[4 + 1] = 8;
        short[] out = new short[300];
        Idct.inverseWalsh(in, 4, out, 10);
        short[] dcs = new short[16];
        for (int i = 0; i < 16; i++) {
            dcs[i] = out[10 + 16 * i];
        }
        assertArrayEquals(new short[] {1, 1, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1}, dcs);
    }

    @Property(tries = 300)
    void zeroCoefficientsLeaveThePredictionAlone(@ForAll long seed) {
        byte[] dst = new byte[STRIDE * 6];
        new Random(seed).nextBytes(dst);
        byte[] before = dst.clone();
        Idct.inverseDctAdd(new short[16], 0, dst, STRIDE + 1, STRIDE);
        assertArrayEquals(before, dst);
    }

    @Property(tries = 500)
    void dcOnlyShortcutEqualsTheFullTransform(@ForAll @IntRange(min = -32768, max = 32767) int dc,
            @ForAll long seed) {
        byte[] full = new byte[STRIDE * 6];
        new Random(seed).nextBytes(full);
        byte[] shortcut = full.clone();
        short[] coeffs = new short[16];
        coeffs[0] = (short) dc;
        Idct.inverseDctAdd(coeffs, 0, full, STRIDE + 1, STRIDE);
        Idct.inverseDcAdd(dc, shortcut, STRIDE + 1, STRIDE);
        assertArrayEquals(full, shortcut);
    }

    @Property(tries = 1000)
    void dctMatchesAnArrayBasedTransliterationOfLibvpx(@ForAll long seed, @ForAll boolean extreme) {
        Random random = new Random(seed);
        short[] coeffs = new short[19];
        for (int i = 3; i < 19; i++) {
            coeffs[i] = (short) (extreme ? random.nextInt(65536) : random.nextInt(4096) - 2048);
        }
        byte[] dst = new byte[STRIDE * 6];
        random.nextBytes(dst);
        byte[] expected = dst.clone();
        referenceIdctAdd(Arrays.copyOfRange(coeffs, 3, 19), expected, STRIDE + 1, STRIDE);
        Idct.inverseDctAdd(coeffs, 3, dst, STRIDE + 1, STRIDE);
        assertArrayEquals(expected, dst);
    }

    @Property(tries = 1000)
    void walshMatchesAnArrayBasedTransliterationOfLibvpx(@ForAll long seed, @ForAll boolean extreme) {
        Random random = new Random(seed);
        short[] in = new short[16];
        for (int i = 0; i < 16; i++) {
            in[i] = (short) (extreme ? random.nextInt(65536) : random.nextInt(4096) - 2048);
        }
        short[] out = new short[256];
        Idct.inverseWalsh(in, 0, out, 0);
        short[] expected = new short[256];
        referenceWalsh(in, expected);
        assertArrayEquals(expected, out);
    }

    /** libvpx vp8_short_idct4x4llm_c with its short intermediate array, written out plainly. */
    private static void referenceIdctAdd(short[] in, byte[] dst, int off, int stride) {
        short[] tmp = new short[16];
        for (int i = 0; i < 4; i++) {
            int a1 = in[i] + in[8 + i];
            int b1 = in[i] - in[8 + i];
            int c1 = ((in[4 + i] * 35468) >> 16) - (in[12 + i] + ((in[12 + i] * 20091) >> 16));
            int d1 = in[4 + i] + ((in[4 + i] * 20091) >> 16) + ((in[12 + i] * 35468) >> 16);
            tmp[i] = (short) (a1 + d1);
            tmp[12 + i] = (short) (a1 - d1);
            tmp[4 + i] = (short) (b1 + c1);
            tmp[8 + i] = (short) (b1 - c1);
        }
        short[] res = new short[16];
        for (int i = 0; i < 4; i++) {
            int base = 4 * i;
            int a1 = tmp[base] + tmp[base + 2];
            int b1 = tmp[base] - tmp[base + 2];
            int c1 = ((tmp[base + 1] * 35468) >> 16) - (tmp[base + 3] + ((tmp[base + 3] * 20091) >> 16));
            int d1 = tmp[base + 1] + ((tmp[base + 1] * 20091) >> 16) + ((tmp[base + 3] * 35468) >> 16);
            res[base] = (short) ((a1 + d1 + 4) >> 3);
            res[base + 3] = (short) ((a1 - d1 + 4) >> 3);
            res[base + 1] = (short) ((b1 + c1 + 4) >> 3);
            res[base + 2] = (short) ((b1 - c1 + 4) >> 3);
        }
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                int p = off + r * stride + c;
                dst[p] = (byte) Math.max(0, Math.min(255, res[4 * r + c] + (dst[p] & 0xFF)));
            }
        }
    }

    /** libvpx vp8_short_inv_walsh4x4_c, written out plainly. */
    private static void referenceWalsh(short[] in, short[] out) {
        short[] tmp = new short[16];
        for (int i = 0; i < 4; i++) {
            int a1 = in[i] + in[12 + i];
            int b1 = in[4 + i] + in[8 + i];
            int c1 = in[4 + i] - in[8 + i];
            int d1 = in[i] - in[12 + i];
            tmp[i] = (short) (a1 + b1);
            tmp[4 + i] = (short) (c1 + d1);
            tmp[8 + i] = (short) (a1 - b1);
            tmp[12 + i] = (short) (d1 - c1);
        }
        for (int i = 0; i < 4; i++) {
            int base = 4 * i;
            int a1 = tmp[base] + tmp[base + 3];
            int b1 = tmp[base + 1] + tmp[base + 2];
            int c1 = tmp[base + 1] - tmp[base + 2];
            int d1 = tmp[base] - tmp[base + 3];
            out[16 * base] = (short) ((a1 + b1 + 3) >> 3);
            out[16 * (base + 1)] = (short) ((c1 + d1 + 3) >> 3);
            out[16 * (base + 2)] = (short) ((a1 - b1 + 3) >> 3);
            out[16 * (base + 3)] = (short) ((d1 - c1 + 3) >> 3);
        }
    }

    private static void assertOutsideUntouched(byte[] buffer) {
        for (int i = 0; i < buffer.length; i++) {
            int row = i / STRIDE;
            int col = i % STRIDE;
            if (row < 1 || row > 4 || col < 1 || col > 4) {
                assertEquals(0x5A, buffer[i], "outside pixel " + i);
            }
        }
    }

    private static int[] filled(int value) {
        int[] out = new int[16];
        Arrays.fill(out, value);
        return out;
    }

    private static int[] concat(int[]... rows) {
        int[] out = new int[16];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(rows[i], 0, out, 4 * i, 4);
        }
        return out;
    }
}
