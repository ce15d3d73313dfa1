package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class EncoderPartsTest {

    private static final int[][] TREES = {Vp8Tables.KF_YMODE_TREE, Vp8Tables.YMODE_TREE, Vp8Tables.UV_MODE_TREE,
        Vp8Tables.BMODE_TREE, Vp8Tables.SMALL_MV_TREE};
    private static final TreeCode[] CODES = {TreeCode.KF_YMODE, TreeCode.YMODE, TreeCode.UV_MODE, TreeCode.BMODE,
        TreeCode.SMALL_MV};
    private static final int[][] VALUES = {{0, 1, 2, 3, 4}, {0, 1, 2, 3, 4}, {0, 1, 2, 3},
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {0, 1, 2, 3, 4, 5, 6, 7}};

    @Property(tries = 100)
    void treeValuesReadBackAndCostTheirBits(@ForAll long seed) {
        Random random = new Random(seed);
        int[] probs = new int[10];
        for (int i = 0; i < probs.length; i++) {
            probs[i] = 1 + random.nextInt(255);
        }
        int n = 200;
        int[] tree = new int[n];
        int[] value = new int[n];
        BoolEncoder e = new BoolEncoder();
        for (int i = 0; i < n; i++) {
            tree[i] = random.nextInt(TREES.length);
            int[] values = VALUES[tree[i]];
            value[i] = values[random.nextInt(values.length)];
            CODES[tree[i]].write(e, probs, 0, value[i]);
            double bits = CODES[tree[i]].cost(probs, 0, value[i]) / 256.0;
            assertTrue(bits > 0 && bits < 9 * 8, "cost " + bits);
        }
        byte[] data = e.finish();
        BoolDecoder d = new BoolDecoder();
        d.init(data, 0, data.length);
        for (int i = 0; i < n; i++) {
            assertEquals(value[i], d.readTree(TREES[tree[i]], probs, 0), "value " + i);
        }
    }

    @Property(tries = 300)
    void forwardThenInverseDctIsNearlyTheIdentity(@ForAll long seed, @ForAll @IntRange(min = 1, max = 255) int amp) {
        Random random = new Random(seed);
        short[] residual = new short[16];
        byte[] pixels = new byte[16];
        for (int i = 0; i < 16; i++) {
            residual[i] = (short) (random.nextInt(2 * amp + 1) - amp);
            pixels[i] = (byte) 128;
        }
        short[] coeffs = new short[16];
        ForwardTransform.fdct(residual, 0, coeffs, 0);
        Idct.inverseDctAdd(coeffs, 0, pixels, 0, 4);
        for (int i = 0; i < 16; i++) {
            int expected = FrameBuffer.clampPixel(128 + residual[i]);
            assertTrue(Math.abs((pixels[i] & 0xFF) - expected) <= 1, "pixel " + i + ": " + (pixels[i] & 0xFF)
                    + " for " + expected);
        }
    }

    @Property(tries = 300)
    void walshThenInverseIsNearlyTheIdentity(@ForAll long seed) {
        Random random = new Random(seed);
        short[] dcs = new short[16 * 16];
        for (int b = 0; b < 16; b++) {
            dcs[b * 16] = (short) (random.nextInt(4081) - 2040);
        }
        short[] y2 = new short[16];
        ForwardTransform.walsh(dcs, 0, y2, 0);
        short[] back = new short[16 * 16];
        Idct.inverseWalsh(y2, 0, back, 0);
        for (int b = 0; b < 16; b++) {
            assertTrue(Math.abs(back[b * 16] - dcs[b * 16]) <= 1, "block " + b + ": " + back[b * 16] + " for "
                    + dcs[b * 16]);
        }
    }

    @Property(tries = 300)
    void dequantisedLevelsAreWithinOneStep(@ForAll @IntRange(min = 0, max = 127) int q, @ForAll long seed) {
        Random random = new Random(seed);
        FrameHeader h = new FrameHeader();
        h.baseQ = q;
        Dequantizer dq = new Dequantizer();
        dq.setup(h);
        Quantizer quantizer = new Quantizer();
        quantizer.setup(dq.forSegment(0), q);
        for (Quantizer.Step step : new Quantizer.Step[] {quantizer.y1, quantizer.y2, quantizer.uv}) {
            short[] coeffs = new short[16];
            for (int i = 0; i < 16; i++) {
                coeffs[i] = (short) (random.nextInt(4001) - 2000);
            }
            short[] levels = new short[16];
            short[] dequantised = new short[16];
            int eob = Quantizer.quantize(coeffs, 0, step, 0, levels, 0, dequantised);
            for (int i = 0; i < 16; i++) {
                int factor = step.dequant[i == 0 ? 0 : 1];
                assertEquals(levels[i] * factor, dequantised[i]);
                assertTrue(Math.abs(dequantised[i] - coeffs[i]) <= factor, "coefficient " + i + " " + coeffs[i]
                        + " became " + dequantised[i] + " at step " + factor);
            }
            for (int n = eob; n < 16; n++) {
                assertEquals(0, levels[Vp8Tables.ZIGZAG[n]], "level after the end of block");
            }
        }
    }

    /** Tokens written for a row of macroblocks decode with the decoder's Residuals to the same levels. */
    @Property(tries = 100)
    void tokensDecodeToTheirLevels(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int mbs) {
        Random random = new Random(seed);
        short[] levels = new short[mbs * 400];
        boolean[] hasY2 = new boolean[mbs];
        for (int mb = 0; mb < mbs; mb++) {
            hasY2[mb] = random.nextBoolean();
            for (int b = 0; b < 25; b++) {
                int density = random.nextInt(17);
                for (int k = 0; k < 16; k++) {
                    if (random.nextInt(16) < density) {
                        int magnitude = random.nextInt(8) == 0 ? random.nextInt(2115) : random.nextInt(12);
                        levels[mb * 400 + b * 16 + k] = (short) (random.nextBoolean() ? magnitude : -magnitude);
                    }
                }
                if ((b < 16 && hasY2[mb]) || (b == 24 && !hasY2[mb])) {
                    levels[mb * 400 + b * 16] = 0;
                }
                if (b == 24 && !hasY2[mb]) {
                    java.util.Arrays.fill(levels, mb * 400 + b * 16, mb * 400 + b * 16 + 16, (short) 0);
                }
            }
        }
        byte[] ends = new byte[mbs * 25];
        for (int b = 0; b < mbs * 25; b++) {
            for (int n = 0; n < 16; n++) {
                if (levels[b * 16 + Vp8Tables.ZIGZAG[n]] != 0) {
                    ends[b] = (byte) (n + 1);
                }
            }
        }
        int[] probs = Vp8Tables.DEFAULT_COEF_PROBS.clone();
        BoolEncoder e = new BoolEncoder();
        TokenWriter writer = new TokenWriter();
        writer.startFrame(mbs, e, probs);
        writer.startRow();
        for (int mb = 0; mb < mbs; mb++) {
            writer.macroblock(levels, mb * 400, ends, mb * 25, hasY2[mb], mb);
        }
        byte[] data = e.finish();
        BoolDecoder d = new BoolDecoder();
        d.init(data, 0, data.length);
        Residuals residuals = new Residuals();
        residuals.startFrame(mbs);
        residuals.startRow();
        Dequantizer.Factors unit = new Dequantizer.Factors();
        unit.y1Dc = unit.y1Ac = unit.y2Dc = unit.y2Ac = unit.uvDc = unit.uvAc = 1;
        for (int mb = 0; mb < mbs; mb++) {
            residuals.decode(d, probs, hasY2[mb], mb, unit);
            short[] expected = java.util.Arrays.copyOfRange(levels, mb * 400, mb * 400 + 400);
            assertArrayEquals(expected, residuals.coefficients, "macroblock " + mb);
            java.util.Arrays.fill(residuals.coefficients, (short) 0);
        }
    }
}
