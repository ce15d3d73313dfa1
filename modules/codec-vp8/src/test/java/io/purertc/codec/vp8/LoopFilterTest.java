package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LoopFilterTest {

    @Test
    void interiorLimitFollowsSharpness() {
        assertEquals(63, LoopFilter.interiorLimit(63, 0));
        assertEquals(8, LoopFilter.interiorLimit(63, 1));   // 63 >> 1 = 31, capped at 9 - 1
        assertEquals(4, LoopFilter.interiorLimit(63, 5));   // 63 >> 2 = 15, capped at 9 - 5
        assertEquals(2, LoopFilter.interiorLimit(63, 7));
        assertEquals(3, LoopFilter.interiorLimit(7, 2));    // 7 >> 1
        assertEquals(1, LoopFilter.interiorLimit(1, 3));    // 1 >> 1 = 0, raised to 1
        assertEquals(1, LoopFilter.interiorLimit(3, 6));    // 3 >> 2 = 0, raised to 1
    }

    @Test
    void hevThresholdDependsOnFrameType() {
        int[] levels = {0, 14, 15, 19, 20, 39, 40, 63};
        int[] key = {0, 0, 1, 1, 1, 1, 2, 2};
        int[] inter = {0, 0, 1, 1, 2, 2, 3, 3};
        for (int i = 0; i < levels.length; i++) {
            assertEquals(key[i], LoopFilter.hevThreshold(levels[i], true), "key, level " + levels[i]);
            assertEquals(inter[i], LoopFilter.hevThreshold(levels[i], false), "inter, level " + levels[i]);
        }
    }

    /** Two macroblocks side by side, flat 100 and flat 110, in all three planes. */
    private static FrameBuffer verticalStep() {
        FrameBuffer frame = new FrameBuffer(32, 16);
        for (int row = 0; row < 16; row++) {
            for (int col = 0; col < 32; col++) {
                frame.y[frame.originY + row * frame.strideY + col] = (byte) (col < 16 ? 100 : 110);
            }
        }
        for (int row = 0; row < 8; row++) {
            for (int col = 0; col < 16; col++) {
                frame.u[frame.originUV + row * frame.strideUV + col] = (byte) (col < 8 ? 100 : 110);
                frame.v[frame.originUV + row * frame.strideUV + col] = (byte) (col < 8 ? 100 : 110);
            }
        }
        return frame;
    }

    private static int[] lumaRow(FrameBuffer frame, int row, int from, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = frame.y[frame.originY + row * frame.strideY + from + i] & 0xFF;
        }
        return out;
    }

    private static int[] chromaRow(byte[] plane, FrameBuffer frame, int row, int from, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = plane[frame.originUV + row * frame.strideUV + from + i] & 0xFF;
        }
        return out;
    }

    @Test
    void normalMacroblockEdgeSpreadsAStepOverSixPixels() {
        // Step 10, no high edge variance: w = clamp(-10 + 3 * 10) = 20; moves (27w+63)>>7 = 4,
        // (18w+63)>>7 = 3, (9w+63)>>7 = 1. The limit (level 10 + 2) * 2 + 10 = 34 >= 10 * 2 + 10 / 2.
        FrameBuffer frame = verticalStep();
        LoopFilter.filterFrame(frame, LoopFilter.NORMAL, 0, true, new byte[] {10, 10}, new boolean[2]);
        int[] expected = {100, 100, 101, 103, 104, 106, 107, 109, 110, 110};
        for (int row = 0; row < 16; row++) {
            assertArrayEquals(expected, lumaRow(frame, row, 11, 10), "luma row " + row);
        }
        for (int row = 0; row < 8; row++) {
            assertArrayEquals(expected, chromaRow(frame.u, frame, row, 3, 10), "u row " + row);
            assertArrayEquals(expected, chromaRow(frame.v, frame, row, 3, 10), "v row " + row);
        }
    }

    @Test
    void stepAboveTheEdgeLimitIsLeftAlone() {
        // level 5: (5 + 2) * 2 + 5 = 19 < 25, so the edge counts as real detail.
        FrameBuffer frame = verticalStep();
        FrameBuffer before = verticalStep();
        LoopFilter.filterFrame(frame, LoopFilter.NORMAL, 0, true, new byte[] {5, 5}, new boolean[] {true, true});
        assertArrayEquals(before.y, frame.y);
        assertArrayEquals(before.u, frame.u);
        LoopFilter.filterFrame(frame, LoopFilter.SIMPLE, 0, true, new byte[] {4, 4}, new boolean[] {true, true});
        assertArrayEquals(before.y, frame.y);
    }

    @Test
    void levelZeroAndTheFrameEdgeAreNotFiltered() {
        FrameBuffer frame = verticalStep();
        FrameBuffer before = verticalStep();
        // The right macroblock owns the step (its left edge); level 0 there means nothing happens,
        // and the left macroblock has no left neighbour.
        LoopFilter.filterFrame(frame, LoopFilter.NORMAL, 0, false, new byte[] {63, 0}, new boolean[2]);
        assertArrayEquals(before.y, frame.y);
        assertArrayEquals(before.v, frame.v);
    }

    @Test
    void simpleFilterMovesOnlyTheEdgePairAndLeavesChroma() {
        // f = clamp(-10 + 30) = 20: q0 -= (20 + 4) >> 3 = 3, p0 += (20 + 3) >> 3 = 2.
        FrameBuffer frame = verticalStep();
        FrameBuffer before = verticalStep();
        LoopFilter.filterFrame(frame, LoopFilter.SIMPLE, 0, true, new byte[] {10, 10}, new boolean[2]);
        for (int row = 0; row < 16; row++) {
            assertArrayEquals(new int[] {100, 100, 100, 102, 107, 110, 110, 110}, lumaRow(frame, row, 12, 8));
        }
        assertArrayEquals(before.u, frame.u);
        assertArrayEquals(before.v, frame.v);
    }

    @Test
    void horizontalMacroblockEdgeBetweenRows() {
        FrameBuffer frame = new FrameBuffer(16, 32);
        for (int row = 0; row < 32; row++) {
            Arrays.fill(frame.y, frame.originY + row * frame.strideY, frame.originY + row * frame.strideY + 16,
                    (byte) (row < 16 ? 100 : 110));
        }
        LoopFilter.filterFrame(frame, LoopFilter.NORMAL, 0, false, new byte[] {10, 10}, new boolean[2]);
        int[] expected = {100, 100, 101, 103, 104, 106, 107, 109, 110, 110};
        for (int col = 0; col < 16; col++) {
            for (int i = 0; i < 10; i++) {
                assertEquals(expected[i], frame.y[frame.originY + (11 + i) * frame.strideY + col] & 0xFF);
            }
        }
    }

    /** One macroblock whose rows all read {@code left} in columns 0..3 and 108 from column 4 on. */
    private static FrameBuffer subblockStep(int... left) {
        FrameBuffer frame = new FrameBuffer(16, 16);
        for (int row = 0; row < 16; row++) {
            int start = frame.originY + row * frame.strideY;
            Arrays.fill(frame.y, start, start + 16, (byte) 108);
            for (int col = 0; col < 4; col++) {
                frame.y[start + col] = (byte) left[col];
            }
        }
        return frame;
    }

    @Test
    void subblockEdgeWithoutHighVarianceAdjustsTwoPixelsEachSide() {
        // Level 20 key frame: hev threshold 1, interior 20. f = 3 * 8 = 24; q0 -= 28 >> 3 = 3,
        // p0 += 27 >> 3 = 3, then the outer pair by (3 + 1) >> 1 = 2.
        FrameBuffer frame = subblockStep(100, 100, 100, 100);
        LoopFilter.filterFrame(frame, LoopFilter.NORMAL, 0, true, new byte[] {20}, new boolean[] {true});
        for (int row = 0; row < 16; row++) {
            assertArrayEquals(new int[] {100, 100, 102, 103, 105, 106, 108, 108, 108}, lumaRow(frame, row, 0, 9));
        }
    }

    @Test
    void subblockEdgeWithHighVarianceAdjustsOnlyTheEdgePair() {
        // |p1 - p0| = 4 > 1: f = clamp((96 - 108) + 3 * 8) = 12; q0 -= 16 >> 3 = 2, p0 += 15 >> 3 = 1.
        FrameBuffer frame = subblockStep(100, 100, 96, 100);
        LoopFilter.filterFrame(frame, LoopFilter.NORMAL, 0, true, new byte[] {20}, new boolean[] {true});
        for (int row = 0; row < 16; row++) {
            assertArrayEquals(new int[] {100, 100, 96, 101, 106, 108, 108, 108, 108}, lumaRow(frame, row, 0, 9));
        }
    }

    @Test
    void innerEdgesAreSkippedWhenTheDecoderSaysSo() {
        FrameBuffer frame = subblockStep(100, 100, 100, 100);
        FrameBuffer before = subblockStep(100, 100, 100, 100);
        LoopFilter.filterFrame(frame, LoopFilter.NORMAL, 0, true, new byte[] {20}, new boolean[] {false});
        assertArrayEquals(before.y, frame.y);
    }

    @Property(tries = 200)
    void matchesASignedCharTransliterationOfLibvpx(@ForAll long seed, @ForAll boolean simple,
            @ForAll @IntRange(min = 0, max = 7) int sharpness, @ForAll boolean keyFrame,
            @ForAll @IntRange(min = 1, max = 40) int width, @ForAll @IntRange(min = 1, max = 40) int height) {
        Random random = new Random(seed);
        FrameBuffer frame = new FrameBuffer(width, height);
        int mbs = frame.mbCols * frame.mbRows;
        // Smooth-ish content with small noise, so that most edges pass the masks and get filtered.
        int base = random.nextInt(200);
        for (int i = 0; i < frame.y.length; i++) {
            frame.y[i] = (byte) (base + random.nextInt(random.nextBoolean() ? 8 : 56));
        }
        for (int i = 0; i < frame.u.length; i++) {
            frame.u[i] = (byte) (base + random.nextInt(24));
            frame.v[i] = (byte) random.nextInt(256);
        }
        byte[] levels = new byte[mbs];
        boolean[] inner = new boolean[mbs];
        for (int i = 0; i < mbs; i++) {
            levels[i] = (byte) (random.nextInt(4) == 0 ? 0 : random.nextInt(64));
            inner[i] = random.nextBoolean();
        }
        FrameBuffer expected = new FrameBuffer(width, height);
        expected.copyFrom(frame);
        Reference.filterFrame(expected, simple, sharpness, keyFrame, levels, inner);
        LoopFilter.filterFrame(frame, simple ? LoopFilter.SIMPLE : LoopFilter.NORMAL, sharpness, keyFrame, levels,
                inner);
        assertArrayEquals(expected.y, frame.y);
        assertArrayEquals(expected.u, frame.u);
        assertArrayEquals(expected.v, frame.v);
    }

    /**
     * libvpx's loop filter written the way its C does it: signed-char arithmetic with the masks
     * applied as 0/-1 bit masks instead of branches, the lookup tables of
     * vp8_loop_filter_update_sharpness and lf_init_lut, and vp8_loop_filter_frame's edge order.
     */
    private static final class Reference {

        static byte sc(int t) {
            return (byte) (t < -128 ? -128 : t > 127 ? 127 : t);
        }

        static byte mask(int limit, int blimit, int p3, int p2, int p1, int p0, int q0, int q1, int q2, int q3) {
            int m = 0;
            m |= Math.abs(p3 - p2) > limit ? 1 : 0;
            m |= Math.abs(p2 - p1) > limit ? 1 : 0;
            m |= Math.abs(p1 - p0) > limit ? 1 : 0;
            m |= Math.abs(q1 - q0) > limit ? 1 : 0;
            m |= Math.abs(q2 - q1) > limit ? 1 : 0;
            m |= Math.abs(q3 - q2) > limit ? 1 : 0;
            m |= Math.abs(p0 - q0) * 2 + Math.abs(p1 - q1) / 2 > blimit ? 1 : 0;
            return (byte) (m - 1);
        }

        static byte hevmask(int thresh, int p1, int p0, int q0, int q1) {
            int h = 0;
            h |= Math.abs(p1 - p0) > thresh ? -1 : 0;
            h |= Math.abs(q1 - q0) > thresh ? -1 : 0;
            return (byte) h;
        }

        static int u8(byte[] s, int i) {
            return s[i] & 0xFF;
        }

        static void filter(byte mask, byte hev, byte[] s, int op1, int op0, int oq0, int oq1) {
            byte ps1 = (byte) (s[op1] ^ 0x80);
            byte ps0 = (byte) (s[op0] ^ 0x80);
            byte qs0 = (byte) (s[oq0] ^ 0x80);
            byte qs1 = (byte) (s[oq1] ^ 0x80);
            byte fv = sc(ps1 - qs1);
            fv &= hev;
            fv = sc(fv + 3 * (qs0 - ps0));
            fv &= mask;
            byte f1 = (byte) (sc(fv + 4) >> 3);
            byte f2 = (byte) (sc(fv + 3) >> 3);
            s[oq0] = (byte) (sc(qs0 - f1) ^ 0x80);
            s[op0] = (byte) (sc(ps0 + f2) ^ 0x80);
            fv = f1;
            fv += 1;
            fv >>= 1;
            fv &= ~hev;
            s[oq1] = (byte) (sc(qs1 - fv) ^ 0x80);
            s[op1] = (byte) (sc(ps1 + fv) ^ 0x80);
        }

        static void mbfilter(byte mask, byte hev, byte[] s, int op2, int op1, int op0, int oq0, int oq1, int oq2) {
            byte ps2 = (byte) (s[op2] ^ 0x80);
            byte ps1 = (byte) (s[op1] ^ 0x80);
            byte ps0 = (byte) (s[op0] ^ 0x80);
            byte qs0 = (byte) (s[oq0] ^ 0x80);
            byte qs1 = (byte) (s[oq1] ^ 0x80);
            byte qs2 = (byte) (s[oq2] ^ 0x80);
            byte fv = sc(ps1 - qs1);
            fv = sc(fv + 3 * (qs0 - ps0));
            fv &= mask;
            byte f2 = fv;
            f2 &= hev;
            byte f1 = (byte) (sc(f2 + 4) >> 3);
            f2 = (byte) (sc(f2 + 3) >> 3);
            qs0 = sc(qs0 - f1);
            ps0 = sc(ps0 + f2);
            fv &= ~hev;
            f2 = fv;
            byte u = sc((63 + f2 * 27) >> 7);
            s[oq0] = (byte) (sc(qs0 - u) ^ 0x80);
            s[op0] = (byte) (sc(ps0 + u) ^ 0x80);
            u = sc((63 + f2 * 18) >> 7);
            s[oq1] = (byte) (sc(qs1 - u) ^ 0x80);
            s[op1] = (byte) (sc(ps1 + u) ^ 0x80);
            u = sc((63 + f2 * 9) >> 7);
            s[oq2] = (byte) (sc(qs2 - u) ^ 0x80);
            s[op2] = (byte) (sc(ps2 + u) ^ 0x80);
        }

        /** pitch: across the edge; step: along it. */
        static void edge(boolean mb, byte[] s, int o, int pitch, int step, int blimit, int limit, int thresh,
                int count) {
            for (int i = 0; i < count * 8; i++, o += step) {
                byte m = mask(limit, blimit, u8(s, o - 4 * pitch), u8(s, o - 3 * pitch), u8(s, o - 2 * pitch),
                        u8(s, o - pitch), u8(s, o), u8(s, o + pitch), u8(s, o + 2 * pitch), u8(s, o + 3 * pitch));
                byte h = hevmask(thresh, u8(s, o - 2 * pitch), u8(s, o - pitch), u8(s, o), u8(s, o + pitch));
                if (mb) {
                    mbfilter(m, h, s, o - 3 * pitch, o - 2 * pitch, o - pitch, o, o + pitch, o + 2 * pitch);
                } else {
                    filter(m, h, s, o - 2 * pitch, o - pitch, o, o + pitch);
                }
            }
        }

        static void simpleEdge(byte[] s, int o, int pitch, int step, int blimit) {
            for (int i = 0; i < 16; i++, o += step) {
                int p1 = u8(s, o - 2 * pitch);
                int p0 = u8(s, o - pitch);
                int q0 = u8(s, o);
                int q1 = u8(s, o + pitch);
                byte m = (byte) (Math.abs(p0 - q0) * 2 + Math.abs(p1 - q1) / 2 <= blimit ? -1 : 0);
                byte sp1 = (byte) (p1 ^ 0x80);
                byte sp0 = (byte) (p0 ^ 0x80);
                byte sq0 = (byte) (q0 ^ 0x80);
                byte sq1 = (byte) (q1 ^ 0x80);
                byte fv = sc(sp1 - sq1);
                fv = sc(fv + 3 * (sq0 - sp0));
                fv &= m;
                byte f1 = (byte) (sc(fv + 4) >> 3);
                s[o] = (byte) (sc(sq0 - f1) ^ 0x80);
                byte f2 = (byte) (sc(fv + 3) >> 3);
                s[o - pitch] = (byte) (sc(sp0 + f2) ^ 0x80);
            }
        }

        static void filterFrame(FrameBuffer f, boolean simple, int sharpness, boolean keyFrame, byte[] levels,
                boolean[] inner) {
            int[] lim = new int[64];
            int[] blim = new int[64];
            int[] mblim = new int[64];
            int[][] hevLut = new int[2][64];
            for (int lvl = 0; lvl < 64; lvl++) {
                int b = lvl >> (sharpness > 0 ? 1 : 0);
                b = b >> (sharpness > 4 ? 1 : 0);
                if (sharpness > 0 && b > 9 - sharpness) {
                    b = 9 - sharpness;
                }
                if (b < 1) {
                    b = 1;
                }
                lim[lvl] = b;
                blim[lvl] = 2 * lvl + b;
                mblim[lvl] = 2 * (lvl + 2) + b;
                hevLut[0][lvl] = lvl >= 40 ? 2 : lvl >= 15 ? 1 : 0;
                hevLut[1][lvl] = lvl >= 40 ? 3 : lvl >= 20 ? 2 : lvl >= 15 ? 1 : 0;
            }
            int ys = f.strideY;
            int uvs = f.strideUV;
            for (int r = 0; r < f.mbRows; r++) {
                for (int c = 0; c < f.mbCols; c++) {
                    int mb = r * f.mbCols + c;
                    int lvl = levels[mb];
                    if (lvl == 0) {
                        continue;
                    }
                    int y = f.originY + r * 16 * ys + c * 16;
                    int uv = f.originUV + r * 8 * uvs + c * 8;
                    if (simple) {
                        if (c > 0) {
                            simpleEdge(f.y, y, 1, ys, mblim[lvl]);
                        }
                        if (inner[mb]) {
                            for (int k = 4; k < 16; k += 4) {
                                simpleEdge(f.y, y + k, 1, ys, blim[lvl]);
                            }
                        }
                        if (r > 0) {
                            simpleEdge(f.y, y, ys, 1, mblim[lvl]);
                        }
                        if (inner[mb]) {
                            for (int k = 4; k < 16; k += 4) {
                                simpleEdge(f.y, y + k * ys, ys, 1, blim[lvl]);
                            }
                        }
                        continue;
                    }
                    int t = hevLut[keyFrame ? 0 : 1][lvl];
                    if (c > 0) {
                        edge(true, f.y, y, 1, ys, mblim[lvl], lim[lvl], t, 2);
                        edge(true, f.u, uv, 1, uvs, mblim[lvl], lim[lvl], t, 1);
                        edge(true, f.v, uv, 1, uvs, mblim[lvl], lim[lvl], t, 1);
                    }
                    if (inner[mb]) {
                        for (int k = 4; k < 16; k += 4) {
                            edge(false, f.y, y + k, 1, ys, blim[lvl], lim[lvl], t, 2);
                        }
                        edge(false, f.u, uv + 4, 1, uvs, blim[lvl], lim[lvl], t, 1);
                        edge(false, f.v, uv + 4, 1, uvs, blim[lvl], lim[lvl], t, 1);
                    }
                    if (r > 0) {
                        edge(true, f.y, y, ys, 1, mblim[lvl], lim[lvl], t, 2);
                        edge(true, f.u, uv, uvs, 1, mblim[lvl], lim[lvl], t, 1);
                        edge(true, f.v, uv, uvs, 1, mblim[lvl], lim[lvl], t, 1);
                    }
                    if (inner[mb]) {
                        for (int k = 4; k < 16; k += 4) {
                            edge(false, f.y, y + k * ys, ys, 1, blim[lvl], lim[lvl], t, 2);
                        }
                        edge(false, f.u, uv + 4 * uvs, uvs, 1, blim[lvl], lim[lvl], t, 1);
                        edge(false, f.v, uv + 4 * uvs, uvs, 1, blim[lvl], lim[lvl], t, 1);
                    }
                }
            }
        }
    }
}
