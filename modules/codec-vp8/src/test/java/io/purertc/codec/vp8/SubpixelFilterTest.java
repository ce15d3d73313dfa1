package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SubpixelFilterTest {

    private static final int REF_STRIDE = 32;
    /** Block origin in the reference: room for the two rows/columns before it. */
    private static final int REF_OFF = 3 * REF_STRIDE + 3;
    private static final int DST_STRIDE = 20;
    private static final int DST_OFF = DST_STRIDE + 2;
    private static final byte GUARD = 0x44;
    private static final int[] SIZES = {4, 8, 16};

    private final SubpixelFilter filter = new SubpixelFilter();

    /**
     * On a ramp rising 10 per pixel, each six-tap filter adds round(10 * sum(tap_k * (k - 2)) / 128)
     * to the full-pixel value, from the RFC 6386 §18 taps: 16, 30, 47, 64, 81, 98, 112 for the
     * eighths 1..7 give these offsets (the quarter-pel taps land on 2, not 2.5).
     */
    private static final int[] SIXTAP_RAMP_OFFSET = {0, 1, 2, 4, 5, 6, 8, 9};
    /** Bilinear on the same ramp: (10 * weight + 64) >> 7 for weights 0, 16 .. 112. */
    private static final int[] BILINEAR_RAMP_OFFSET = {0, 1, 3, 4, 5, 6, 8, 9};

    private static byte[] ramp(boolean alongRows) {
        byte[] ref = new byte[REF_STRIDE * 26];
        for (int row = 0; row < 26; row++) {
            for (int col = 0; col < REF_STRIDE; col++) {
                ref[row * REF_STRIDE + col] = (byte) (10 * (alongRows ? col : row));
            }
        }
        return ref;
    }

    @Test
    void sixtapOnRampsInEachDirection() {
        for (int frac = 0; frac < 8; frac++) {
            int offset = SIXTAP_RAMP_OFFSET[frac];
            for (int other = 0; other < 8; other++) {
                byte[] dst = guarded();
                filter.sixtap(ramp(true), REF_OFF, REF_STRIDE, frac, other, dst, DST_OFF, DST_STRIDE, 16, 16);
                assertBlock(dst, 16, 16, (col, row) -> 10 * (3 + col) + offset);
                dst = guarded();
                filter.sixtap(ramp(false), REF_OFF, REF_STRIDE, other, frac, dst, DST_OFF, DST_STRIDE, 16, 16);
                assertBlock(dst, 16, 16, (col, row) -> 10 * (3 + row) + offset);
            }
        }
    }

    @Test
    void bilinearOnRampsInEachDirection() {
        for (int frac = 0; frac < 8; frac++) {
            int offset = BILINEAR_RAMP_OFFSET[frac];
            for (int other = 0; other < 8; other++) {
                byte[] dst = guarded();
                filter.bilinear(ramp(true), REF_OFF, REF_STRIDE, frac, other, dst, DST_OFF, DST_STRIDE, 8, 8);
                assertBlock(dst, 8, 8, (col, row) -> 10 * (3 + col) + offset);
                dst = guarded();
                filter.bilinear(ramp(false), REF_OFF, REF_STRIDE, other, frac, dst, DST_OFF, DST_STRIDE, 8, 8);
                assertBlock(dst, 8, 8, (col, row) -> 10 * (3 + row) + offset);
            }
        }
    }

    @Test
    void sixtapSaturatesOvershootOnASharpEdge() {
        // 0 0 0 | 255 255 ...: the negative taps undershoot before the edge and overshoot after it.
        byte[] ref = new byte[REF_STRIDE * 26];
        for (int row = 0; row < 26; row++) {
            Arrays.fill(ref, row * REF_STRIDE + 6, (row + 1) * REF_STRIDE, (byte) 255);
        }
        byte[] dst = guarded();
        filter.sixtap(ref, REF_OFF, REF_STRIDE, 4, 0, dst, DST_OFF, DST_STRIDE, 8, 4);
        // Half-pel taps 3 -16 77 77 -16 3 over columns c-2 .. c+3, the step at column 6:
        // c=3: 3*255 -> 6; c=4: (-16+3)*255 < 0 -> 0; c=5: 64*255 -> 128; c=6: 141*255 -> 281 -> 255;
        // c=7: 125*255 -> 249 (the ringing after the edge); from c=8 on all taps see 255.
        int[] expectedRow = {6, 0, 128, 255, 249, 255, 255, 255};
        for (int row = 0; row < 4; row++) {
            for (int col = 0; col < 8; col++) {
                assertEquals(expectedRow[col], dst[DST_OFF + row * DST_STRIDE + col] & 0xFF, "col " + col);
            }
        }
    }

    @Property(tries = 400)
    void constantInConstantOut(@ForAll @IntRange(min = 0, max = 255) int value,
            @ForAll @IntRange(min = 0, max = 7) int xFrac, @ForAll @IntRange(min = 0, max = 7) int yFrac,
            @ForAll @IntRange(min = 0, max = 2) int w, @ForAll @IntRange(min = 0, max = 2) int h,
            @ForAll boolean bilinear) {
        byte[] ref = new byte[REF_STRIDE * 26];
        Arrays.fill(ref, (byte) value);
        byte[] dst = guarded();
        run(bilinear, ref, xFrac, yFrac, dst, SIZES[w], SIZES[h]);
        assertBlock(dst, SIZES[w], SIZES[h], (col, row) -> value);
    }

    @Property(tries = 300)
    void zeroFractionsCopy(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int w,
            @ForAll @IntRange(min = 0, max = 2) int h, @ForAll boolean bilinear) {
        byte[] ref = new byte[REF_STRIDE * 26];
        new Random(seed).nextBytes(ref);
        byte[] dst = guarded();
        run(bilinear, ref, 0, 0, dst, SIZES[w], SIZES[h]);
        assertBlock(dst, SIZES[w], SIZES[h], (col, row) -> ref[REF_OFF + row * REF_STRIDE + col] & 0xFF);
    }

    /** The shortcuts for a zero fraction must equal libvpx, which always runs both passes. */
    @Property(tries = 2000)
    void matchesAlwaysTwoPassLibvpxTransliteration(@ForAll long seed,
            @ForAll @IntRange(min = 0, max = 7) int xFrac, @ForAll @IntRange(min = 0, max = 7) int yFrac,
            @ForAll @IntRange(min = 0, max = 2) int w, @ForAll @IntRange(min = 0, max = 2) int h,
            @ForAll boolean bilinear, @ForAll boolean extremes) {
        Random random = new Random(seed);
        byte[] ref = new byte[REF_STRIDE * 26];
        random.nextBytes(ref);
        if (extremes) {
            for (int i = 0; i < ref.length; i++) {
                ref[i] = ref[i] < 0 ? (byte) 255 : 0;
            }
        }
        int width = SIZES[w];
        int height = SIZES[h];
        byte[] dst = guarded();
        run(bilinear, ref, xFrac, yFrac, dst, width, height);
        int[] expected = bilinear ? referenceBilinear(ref, xFrac, yFrac, width, height)
                : referenceSixtap(ref, xFrac, yFrac, width, height);
        assertBlock(dst, width, height, (col, row) -> expected[row * width + col]);
    }

    private void run(boolean bilinear, byte[] ref, int xFrac, int yFrac, byte[] dst, int width, int height) {
        if (bilinear) {
            filter.bilinear(ref, REF_OFF, REF_STRIDE, xFrac, yFrac, dst, DST_OFF, DST_STRIDE, width, height);
        } else {
            filter.sixtap(ref, REF_OFF, REF_STRIDE, xFrac, yFrac, dst, DST_OFF, DST_STRIDE, width, height);
        }
    }

    private static final int[][] TAPS = {
        {0, 0, 128, 0, 0, 0}, {0, -6, 123, 12, -1, 0}, {2, -11, 108, 36, -8, 1}, {0, -9, 93, 50, -6, 0},
        {3, -16, 77, 77, -16, 3}, {0, -6, 50, 93, -9, 0}, {1, -8, 36, 108, -11, 2}, {0, -1, 12, 123, -6, 0},
    };

    /** libvpx filter_block2d: first pass over height + 5 rows, then the second, both always. */
    private static int[] referenceSixtap(byte[] ref, int xFrac, int yFrac, int width, int height) {
        int[] first = new int[(height + 5) * width];
        for (int r = 0; r < height + 5; r++) {
            for (int c = 0; c < width; c++) {
                int base = REF_OFF + (r - 2) * REF_STRIDE + c;
                int sum = 64;
                for (int k = 0; k < 6; k++) {
                    sum += (ref[base + k - 2] & 0xFF) * TAPS[xFrac][k];
                }
                first[r * width + c] = Math.max(0, Math.min(255, sum >> 7));
            }
        }
        int[] out = new int[height * width];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                int sum = 64;
                for (int k = 0; k < 6; k++) {
                    sum += first[(r + k) * width + c] * TAPS[yFrac][k];
                }
                out[r * width + c] = Math.max(0, Math.min(255, sum >> 7));
            }
        }
        return out;
    }

    /** libvpx filter_block2d_bil: height + 1 rows across, then down, both always. */
    private static int[] referenceBilinear(byte[] ref, int xFrac, int yFrac, int width, int height) {
        int[] first = new int[(height + 1) * width];
        for (int r = 0; r <= height; r++) {
            for (int c = 0; c < width; c++) {
                int s = REF_OFF + r * REF_STRIDE + c;
                first[r * width + c] = ((ref[s] & 0xFF) * (128 - 16 * xFrac) + (ref[s + 1] & 0xFF) * 16 * xFrac
                        + 64) >> 7;
            }
        }
        int[] out = new int[height * width];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                out[r * width + c] = (first[r * width + c] * (128 - 16 * yFrac)
                        + first[(r + 1) * width + c] * 16 * yFrac + 64) >> 7;
            }
        }
        return out;
    }

    private interface Expected {
        int at(int col, int row);
    }

    private static byte[] guarded() {
        byte[] dst = new byte[DST_STRIDE * 19];
        Arrays.fill(dst, GUARD);
        return dst;
    }

    private static void assertBlock(byte[] dst, int width, int height, Expected expected) {
        for (int i = 0; i < dst.length; i++) {
            int row = i / DST_STRIDE - 1;
            int col = i % DST_STRIDE - 2;
            if (row < 0 || row >= height || col < 0 || col >= width) {
                assertEquals(GUARD, dst[i], "outside the block at " + i);
            } else {
                assertEquals(expected.at(col, row), dst[i] & 0xFF, "pixel (" + col + "," + row + ")");
            }
        }
    }
}
