package io.purertc.codec.vp8;

import java.util.Arrays;

/**
 * Intra prediction of RFC 6386 §12.2 (16x16 luma and 8x8 chroma) and §12.3 (4x4 luma subblocks),
 * bit-exact with libvpx's reconintra.c / reconintra4x4.c and the vpx_dsp predictors they call.
 *
 * <p>Only the arithmetic lives here: the decoder supplies the edges (127 above the frame, 129
 * left of it, the above-right quirk of subblocks), because libvpx builds them from the frame
 * buffer before any of these functions run.
 */
final class IntraPredictor {

    static final int DC_PRED = 0;
    static final int V_PRED = 1;
    static final int H_PRED = 2;
    static final int TM_PRED = 3;

    static final int B_DC_PRED = 0;
    static final int B_TM_PRED = 1;
    static final int B_VE_PRED = 2;
    static final int B_HE_PRED = 3;
    static final int B_LD_PRED = 4;
    static final int B_RD_PRED = 5;
    static final int B_VR_PRED = 6;
    static final int B_VL_PRED = 7;
    static final int B_HD_PRED = 8;
    static final int B_HU_PRED = 9;

    private IntraPredictor() {
    }

    static void predictLuma16(int mode, byte[] above, int aboveOff, byte[] left, int leftOff, int leftStride,
            boolean haveAbove, boolean haveLeft, byte[] dst, int dstOff, int dstStride) {
        predictBlock(16, 4, mode, above, aboveOff, left, leftOff, leftStride, haveAbove, haveLeft, dst, dstOff,
                dstStride);
    }

    static void predictChroma8(int mode, byte[] above, int aboveOff, byte[] left, int leftOff, int leftStride,
            boolean haveAbove, boolean haveLeft, byte[] dst, int dstOff, int dstStride) {
        predictBlock(8, 3, mode, above, aboveOff, left, leftOff, leftStride, haveAbove, haveLeft, dst, dstOff,
                dstStride);
    }

    private static void predictBlock(int size, int log2Size, int mode, byte[] above, int aboveOff, byte[] left,
            int leftOff, int leftStride, boolean haveAbove, boolean haveLeft, byte[] dst, int dstOff,
            int dstStride) {
        switch (mode) {
            case DC_PRED: {
                int dc = dc(size, log2Size, above, aboveOff, left, leftOff, leftStride, haveAbove, haveLeft);
                for (int row = 0; row < size; row++, dstOff += dstStride) {
                    Arrays.fill(dst, dstOff, dstOff + size, (byte) dc);
                }
                break;
            }
            case V_PRED:
                for (int row = 0; row < size; row++, dstOff += dstStride) {
                    System.arraycopy(above, aboveOff, dst, dstOff, size);
                }
                break;
            case H_PRED:
                for (int row = 0; row < size; row++, dstOff += dstStride, leftOff += leftStride) {
                    Arrays.fill(dst, dstOff, dstOff + size, left[leftOff]);
                }
                break;
            case TM_PRED:
                trueMotion(size, above, aboveOff, left, leftOff, leftStride, dst, dstOff, dstStride);
                break;
            default:
                throw new IllegalArgumentException("intra mode " + mode);
        }
    }

    /**
     * The mean of the available edges; with neither edge (the top-left macroblock) libvpx uses 128.
     * The shift is an exact division because the count is a power of two.
     */
    private static int dc(int size, int log2Size, byte[] above, int aboveOff, byte[] left, int leftOff,
            int leftStride, boolean haveAbove, boolean haveLeft) {
        int sum = 0;
        int shift = log2Size - 1;
        if (haveAbove) {
            for (int i = 0; i < size; i++) {
                sum += above[aboveOff + i] & 0xFF;
            }
            shift++;
        }
        if (haveLeft) {
            for (int i = 0; i < size; i++) {
                sum += left[leftOff + i * leftStride] & 0xFF;
            }
            shift++;
        }
        if (shift < log2Size) {
            return 128;
        }
        return (sum + (1 << (shift - 1))) >> shift;
    }

    /** TM_PRED: left + above - top-left, saturated (RFC 6386 §12.2). */
    private static void trueMotion(int size, byte[] above, int aboveOff, byte[] left, int leftOff, int leftStride,
            byte[] dst, int dstOff, int dstStride) {
        int topLeft = above[aboveOff - 1] & 0xFF;
        for (int row = 0; row < size; row++, dstOff += dstStride, leftOff += leftStride) {
            int delta = (left[leftOff] & 0xFF) - topLeft;
            for (int col = 0; col < size; col++) {
                dst[dstOff + col] = (byte) FrameBuffer.clampPixel((above[aboveOff + col] & 0xFF) + delta);
            }
        }
    }

    /**
     * One 4x4 subblock. The letters follow RFC 6386 §12.3: X the top-left pixel, A..H the eight
     * above (and above-right) pixels, I..L the left column top to bottom.
     */
    static void predictLuma4(int mode, byte[] above, int aboveOff, byte[] left, int leftOff, int leftStride,
            byte[] dst, int dstOff, int dstStride) {
        int x = above[aboveOff - 1] & 0xFF;
        int a = above[aboveOff] & 0xFF;
        int b = above[aboveOff + 1] & 0xFF;
        int c = above[aboveOff + 2] & 0xFF;
        int d = above[aboveOff + 3] & 0xFF;
        int e = above[aboveOff + 4] & 0xFF;
        int f = above[aboveOff + 5] & 0xFF;
        int g = above[aboveOff + 6] & 0xFF;
        int h = above[aboveOff + 7] & 0xFF;
        int i = left[leftOff] & 0xFF;
        int j = left[leftOff + leftStride] & 0xFF;
        int k = left[leftOff + 2 * leftStride] & 0xFF;
        int l = left[leftOff + 3 * leftStride] & 0xFF;
        int r0 = dstOff;
        int r1 = r0 + dstStride;
        int r2 = r1 + dstStride;
        int r3 = r2 + dstStride;
        switch (mode) {
            case B_DC_PRED: {
                byte dc = (byte) ((a + b + c + d + i + j + k + l + 4) >> 3);
                fillRow(dst, r0, dc);
                fillRow(dst, r1, dc);
                fillRow(dst, r2, dc);
                fillRow(dst, r3, dc);
                break;
            }
            case B_TM_PRED:
                trueMotion(4, above, aboveOff, left, leftOff, leftStride, dst, dstOff, dstStride);
                break;
            case B_VE_PRED: {
                // Unlike V_PRED, the subblock version smooths the row it copies (libvpx ve_predictor).
                for (int row = r0; row <= r3; row += dstStride) {
                    dst[row] = avg3(x, a, b);
                    dst[row + 1] = avg3(a, b, c);
                    dst[row + 2] = avg3(b, c, d);
                    dst[row + 3] = avg3(c, d, e);
                }
                break;
            }
            case B_HE_PRED:
                fillRow(dst, r0, avg3(x, i, j));
                fillRow(dst, r1, avg3(i, j, k));
                fillRow(dst, r2, avg3(j, k, l));
                fillRow(dst, r3, avg3(k, l, l));
                break;
            case B_LD_PRED: {
                // Pixel (col, row) is the smoothed above row at col + row + 1. libvpx's d45e keeps
                // the RFC's last value avg3(G, H, H), not VP9's plain H.
                byte bcd = avg3(b, c, d);
                byte cde = avg3(c, d, e);
                byte def = avg3(d, e, f);
                byte efg = avg3(e, f, g);
                byte fgh = avg3(f, g, h);
                row(dst, r0, avg3(a, b, c), bcd, cde, def);
                row(dst, r1, bcd, cde, def, efg);
                row(dst, r2, cde, def, efg, fgh);
                row(dst, r3, def, efg, fgh, avg3(g, h, h));
                break;
            }
            case B_RD_PRED: {
                byte lkj = avg3(l, k, j);
                byte kji = avg3(k, j, i);
                byte jix = avg3(j, i, x);
                byte ixa = avg3(i, x, a);
                byte xab = avg3(x, a, b);
                byte abc = avg3(a, b, c);
                byte bcd = avg3(b, c, d);
                row(dst, r0, ixa, xab, abc, bcd);
                row(dst, r1, jix, ixa, xab, abc);
                row(dst, r2, kji, jix, ixa, xab);
                row(dst, r3, lkj, kji, jix, ixa);
                break;
            }
            case B_VR_PRED: {
                byte xa = avg2(x, a);
                byte ab = avg2(a, b);
                byte bc = avg2(b, c);
                byte ixa = avg3(i, x, a);
                byte xab = avg3(x, a, b);
                byte abc = avg3(a, b, c);
                row(dst, r0, xa, ab, bc, avg2(c, d));
                row(dst, r1, ixa, xab, abc, avg3(b, c, d));
                row(dst, r2, avg3(j, i, x), xa, ab, bc);
                row(dst, r3, avg3(k, j, i), ixa, xab, abc);
                break;
            }
            case B_VL_PRED: {
                // libvpx's d63e, whose two last pixels differ from VP9's d63.
                byte bc = avg2(b, c);
                byte cd = avg2(c, d);
                byte de = avg2(d, e);
                byte bcd = avg3(b, c, d);
                byte cde = avg3(c, d, e);
                byte def = avg3(d, e, f);
                row(dst, r0, avg2(a, b), bc, cd, de);
                row(dst, r1, avg3(a, b, c), bcd, cde, def);
                row(dst, r2, bc, cd, de, avg3(e, f, g));
                row(dst, r3, bcd, cde, def, avg3(f, g, h));
                break;
            }
            case B_HD_PRED: {
                byte ix = avg2(i, x);
                byte ji = avg2(j, i);
                byte kj = avg2(k, j);
                byte ixa = avg3(i, x, a);
                byte jix = avg3(j, i, x);
                byte kji = avg3(k, j, i);
                row(dst, r0, ix, ixa, avg3(x, a, b), avg3(a, b, c));
                row(dst, r1, ji, jix, ix, ixa);
                row(dst, r2, kj, kji, ji, jix);
                row(dst, r3, avg2(l, k), avg3(l, k, j), kj, kji);
                break;
            }
            case B_HU_PRED: {
                byte jk = avg2(j, k);
                byte kl = avg2(k, l);
                byte jkl = avg3(j, k, l);
                byte kll = avg3(k, l, l);
                byte bl = (byte) l;
                row(dst, r0, avg2(i, j), avg3(i, j, k), jk, jkl);
                row(dst, r1, jk, jkl, kl, kll);
                row(dst, r2, kl, kll, bl, bl);
                fillRow(dst, r3, bl);
                break;
            }
            default:
                throw new IllegalArgumentException("subblock intra mode " + mode);
        }
    }

    private static byte avg2(int p, int q) {
        return (byte) ((p + q + 1) >> 1);
    }

    private static byte avg3(int p, int q, int r) {
        return (byte) ((p + 2 * q + r + 2) >> 2);
    }

    private static void row(byte[] dst, int off, byte p0, byte p1, byte p2, byte p3) {
        dst[off] = p0;
        dst[off + 1] = p1;
        dst[off + 2] = p2;
        dst[off + 3] = p3;
    }

    private static void fillRow(byte[] dst, int off, byte value) {
        row(dst, off, value, value, value, value);
    }
}
