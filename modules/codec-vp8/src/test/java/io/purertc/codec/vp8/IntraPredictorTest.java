package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IntraPredictorTest {

    private static final int STRIDE = 24;
    private static final int OFF = STRIDE + 2;
    private static final byte GUARD = 0x33;

    // A ramp through the whole edge, bottom-left to top-right: L=10, K=20, J=30, I=40, X=50,
    // A=60 ... H=130. Three-tap averages on a ramp give the centre pixel, which makes the
    // expected blocks below easy to derive by hand from RFC 6386 §12.3.
    private static final byte[] ABOVE = {0, 50, 60, 70, 80, 90, 100, 110, 120, (byte) 130};
    private static final byte[] LEFT = {40, 30, 20, 10};

    private static int[][] predict4(int mode) {
        byte[] dst = guarded();
        IntraPredictor.predictLuma4(mode, ABOVE, 2, LEFT, 0, 1, dst, OFF, STRIDE);
        assertGuardIntact(dst, 4);
        return read(dst, 4);
    }

    @Test
    void subblockModesOnARamp() {
        assertArrayEquals(rows(new int[] {50, 50, 50, 50}, 4), predict4(IntraPredictor.B_DC_PRED));
        assertArrayEquals(new int[][] {{50, 60, 70, 80}, {40, 50, 60, 70}, {30, 40, 50, 60}, {20, 30, 40, 50}},
                predict4(IntraPredictor.B_TM_PRED));
        assertArrayEquals(rows(new int[] {60, 70, 80, 90}, 4), predict4(IntraPredictor.B_VE_PRED));
        assertArrayEquals(new int[][] {{40, 40, 40, 40}, {30, 30, 30, 30}, {20, 20, 20, 20}, {13, 13, 13, 13}},
                predict4(IntraPredictor.B_HE_PRED));
        assertArrayEquals(new int[][] {{70, 80, 90, 100}, {80, 90, 100, 110}, {90, 100, 110, 120},
            {100, 110, 120, 128}}, predict4(IntraPredictor.B_LD_PRED));
        assertArrayEquals(new int[][] {{50, 60, 70, 80}, {40, 50, 60, 70}, {30, 40, 50, 60}, {20, 30, 40, 50}},
                predict4(IntraPredictor.B_RD_PRED));
        assertArrayEquals(new int[][] {{55, 65, 75, 85}, {50, 60, 70, 80}, {40, 55, 65, 75}, {30, 50, 60, 70}},
                predict4(IntraPredictor.B_VR_PRED));
        assertArrayEquals(new int[][] {{65, 75, 85, 95}, {70, 80, 90, 100}, {75, 85, 95, 110},
            {80, 90, 100, 120}}, predict4(IntraPredictor.B_VL_PRED));
        assertArrayEquals(new int[][] {{45, 50, 60, 70}, {35, 40, 45, 50}, {25, 30, 35, 40}, {15, 20, 25, 30}},
                predict4(IntraPredictor.B_HD_PRED));
        assertArrayEquals(new int[][] {{35, 30, 25, 20}, {25, 20, 15, 13}, {15, 13, 10, 10}, {10, 10, 10, 10}},
                predict4(IntraPredictor.B_HU_PRED));
    }

    @Test
    void subblockTrueMotionSaturatesAndDcRoundsHalfUp() {
        byte[] above = {0, 0, (byte) 200, (byte) 250, 0, 5, 0, 0, 0, 0};
        byte[] left = {(byte) 250, 0, 1, 3};
        byte[] dst = guarded();
        IntraPredictor.predictLuma4(IntraPredictor.B_TM_PRED, above, 2, left, 0, 1, dst, OFF, STRIDE);
        // top-left 0: row 0 is 250 + above, saturating; row 1 is the above row itself.
        assertArrayEquals(new int[][] {{255, 255, 250, 255}, {200, 250, 0, 5}, {201, 251, 1, 6}, {203, 253, 3, 8}},
                read(dst, 4));
        IntraPredictor.predictLuma4(IntraPredictor.B_DC_PRED, above, 2, left, 0, 1, dst, OFF, STRIDE);
        // (200 + 250 + 0 + 5 + 250 + 0 + 1 + 3 + 4) >> 3 = 713 >> 3 = 89
        assertArrayEquals(rows(new int[] {89, 89, 89, 89}, 4), read(dst, 4));
    }

    @Test
    void leftColumnIsReadWithItsStride() {
        byte[] frame = new byte[64];
        frame[3] = 40;
        frame[3 + 16] = 30;
        frame[3 + 32] = 20;
        frame[3 + 48] = 10;
        byte[] dst = guarded();
        IntraPredictor.predictLuma4(IntraPredictor.B_HU_PRED, ABOVE, 2, frame, 3, 16, dst, OFF, STRIDE);
        assertArrayEquals(predict4(IntraPredictor.B_HU_PRED), read(dst, 4));
    }

    @Test
    void lumaDcUsesWhicheverEdgesExist() {
        byte[] above = new byte[17];
        for (int i = 0; i < 16; i++) {
            above[i + 1] = (byte) i;
        }
        byte[] left = new byte[16];
        Arrays.fill(left, (byte) 1);
        // above sums to 120, left to 16
        assertEquals(4, dc16(above, left, true, true));   // (136 + 16) >> 5
        assertEquals(8, dc16(above, left, true, false));  // (120 + 8) >> 4
        assertEquals(1, dc16(above, left, false, true));  // (16 + 8) >> 4
        assertEquals(128, dc16(above, left, false, false));
    }

    private static int dc16(byte[] above, byte[] left, boolean haveAbove, boolean haveLeft) {
        byte[] dst = guarded();
        IntraPredictor.predictLuma16(IntraPredictor.DC_PRED, above, 1, left, 0, 1, haveAbove, haveLeft, dst, OFF,
                STRIDE);
        assertGuardIntact(dst, 16);
        int[][] block = read(dst, 16);
        for (int[] row : block) {
            for (int value : row) {
                assertEquals(block[0][0], value);
            }
        }
        return block[0][0];
    }

    @Test
    void chromaDcUsesWhicheverEdgesExist() {
        byte[] above = {9, 0, 1, 2, 3, 4, 5, 6, 7};
        byte[] left = {1, 1, 1, 1, 1, 1, 1, 1};
        int[][] expected = {{2, 4}, {1, 128}};  // (36+8)>>4, (28+4)>>3; (8+4)>>3, none
        for (int a = 0; a < 2; a++) {
            for (int l = 0; l < 2; l++) {
                byte[] dst = guarded();
                IntraPredictor.predictChroma8(IntraPredictor.DC_PRED, above, 1, left, 0, 1, a == 0, l == 0, dst,
                        OFF, STRIDE);
                assertGuardIntact(dst, 8);
                assertArrayEquals(rows(filledRow(8, expected[a][l]), 8), read(dst, 8));
            }
        }
    }

    @Test
    void verticalHorizontalAndTrueMotionOnSixteenBySixteen() {
        byte[] above = new byte[17];
        above[0] = 100;
        for (int i = 0; i < 16; i++) {
            above[i + 1] = (byte) (i * 16);
        }
        byte[] left = new byte[16 * 3];
        for (int i = 0; i < 16; i++) {
            left[i * 3] = (byte) (i % 2 == 0 ? 200 : 0);
        }
        byte[] dst = guarded();
        IntraPredictor.predictLuma16(IntraPredictor.V_PRED, above, 1, left, 0, 3, true, true, dst, OFF, STRIDE);
        assertGuardIntact(dst, 16);
        for (int[] row : read(dst, 16)) {
            for (int col = 0; col < 16; col++) {
                assertEquals(col * 16, row[col]);
            }
        }
        IntraPredictor.predictLuma16(IntraPredictor.H_PRED, above, 1, left, 0, 3, true, true, dst, OFF, STRIDE);
        int[][] block = read(dst, 16);
        for (int r = 0; r < 16; r++) {
            assertArrayEquals(filledRow(16, r % 2 == 0 ? 200 : 0), block[r]);
        }
        IntraPredictor.predictLuma16(IntraPredictor.TM_PRED, above, 1, left, 0, 3, true, true, dst, OFF, STRIDE);
        block = read(dst, 16);
        // even rows: 200 + 16c - 100 = 100 + 16c, saturating from c = 10; odd rows: 16c - 100, zero below c = 7.
        assertArrayEquals(new int[] {100, 116, 132, 148, 164, 180, 196, 212, 228, 244, 255, 255, 255, 255, 255, 255},
                block[0]);
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 12, 28, 44, 60, 76, 92, 108, 124, 140}, block[1]);
    }

    @Test
    void unknownModesAreRejected() {
        byte[] dst = guarded();
        assertThrows(IllegalArgumentException.class, () -> IntraPredictor.predictLuma16(4, ABOVE, 1, LEFT, 0, 1,
                true, true, dst, OFF, STRIDE));
        assertThrows(IllegalArgumentException.class, () -> IntraPredictor.predictLuma4(10, ABOVE, 2, LEFT, 0, 1,
                dst, OFF, STRIDE));
    }

    @Property(tries = 300)
    void constantEdgesPredictThatConstantInEveryMode(@ForAll @IntRange(min = 0, max = 255) int value,
            @ForAll @IntRange(min = 0, max = 9) int mode) {
        byte[] above = new byte[17];
        Arrays.fill(above, (byte) value);
        byte[] left = new byte[16];
        Arrays.fill(left, (byte) value);
        byte[] dst = guarded();
        IntraPredictor.predictLuma4(mode, above, 1, left, 0, 1, dst, OFF, STRIDE);
        assertArrayEquals(rows(filledRow(4, value), 4), read(dst, 4));
        if (mode < 4) {
            IntraPredictor.predictLuma16(mode, above, 1, left, 0, 1, true, true, dst, OFF, STRIDE);
            assertArrayEquals(rows(filledRow(16, value), 16), read(dst, 16));
            IntraPredictor.predictChroma8(mode, above, 1, left, 0, 1, true, false, dst, OFF, STRIDE);
            assertArrayEquals(rows(filledRow(8, value), 8), read(dst, 8));
        }
    }

    @Property(tries = 500)
    void randomEdgesWriteOnlyTheBlock(@ForAll long seed, @ForAll @IntRange(min = 0, max = 9) int mode,
            @ForAll boolean haveAbove, @ForAll boolean haveLeft) {
        Random random = new Random(seed);
        byte[] above = new byte[17];
        byte[] left = new byte[16];
        random.nextBytes(above);
        random.nextBytes(left);
        byte[] dst = guarded();
        IntraPredictor.predictLuma4(mode, above, 1, left, 0, 1, dst, OFF, STRIDE);
        assertGuardIntact(dst, 4);
        dst = guarded();
        IntraPredictor.predictLuma16(mode % 4, above, 1, left, 0, 1, haveAbove, haveLeft, dst, OFF, STRIDE);
        assertGuardIntact(dst, 16);
        dst = guarded();
        IntraPredictor.predictChroma8(mode % 4, above, 1, left, 0, 1, haveAbove, haveLeft, dst, OFF, STRIDE);
        assertGuardIntact(dst, 8);
    }

    private static byte[] guarded() {
        byte[] dst = new byte[STRIDE * 20];
        Arrays.fill(dst, GUARD);
        return dst;
    }

    private static void assertGuardIntact(byte[] dst, int size) {
        for (int i = 0; i < dst.length; i++) {
            int row = i / STRIDE - 1;
            int col = i % STRIDE - 2;
            if (row < 0 || row >= size || col < 0 || col >= size) {
                assertEquals(GUARD, dst[i], "outside the block at " + i);
            }
        }
    }

    private static int[][] read(byte[] dst, int size) {
        int[][] out = new int[size][size];
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                out[r][c] = dst[OFF + r * STRIDE + c] & 0xFF;
            }
        }
        return out;
    }

    private static int[] filledRow(int size, int value) {
        int[] row = new int[size];
        Arrays.fill(row, value);
        return row;
    }

    private static int[][] rows(int[] row, int count) {
        int[][] out = new int[count][];
        Arrays.fill(out, row);
        return out;
    }
}
