package io.purertc.codec.vp8;

/**
 * The inverse transforms of RFC 6386 §14.3 (4x4 DCT) and §14.4 (Walsh-Hadamard on the Y2 block),
 * bit-exact with libvpx's vp8/common/idctllm.c.
 *
 * <p>libvpx keeps the intermediate results in {@code short} arrays, so values that overflow 16
 * bits wrap there; the column results are therefore packed as four 16-bit lanes of a long, which
 * reproduces that wrap and needs no scratch array per call.
 */
final class Idct {

    /** sqrt(2) * cos(pi/8) - 1 in Q16; the 1 is added back separately to keep 16 bits of precision. */
    private static final int COS_PI8_SQRT2_MINUS1 = 20091;
    /** sqrt(2) * sin(pi/8) in Q16. */
    private static final int SIN_PI8_SQRT2 = 35468;

    private Idct() {
    }

    /** Inverse-transforms 16 dequantised coefficients (raster order) and adds them to the prediction in dst. */
    static void inverseDctAdd(short[] coeffs, int off, byte[] dst, int dstOff, int stride) {
        long col0 = dctColumn(coeffs, off);
        long col1 = dctColumn(coeffs, off + 1);
        long col2 = dctColumn(coeffs, off + 2);
        long col3 = dctColumn(coeffs, off + 3);
        for (int row = 0, shift = 0; row < 4; row++, shift += 16, dstOff += stride) {
            dctRowAdd((short) (col0 >>> shift), (short) (col1 >>> shift), (short) (col2 >>> shift),
                    (short) (col3 >>> shift), dst, dstOff);
        }
    }

    /**
     * The DC-only shortcut libvpx takes when a block has at most its first coefficient: the same
     * result as the full transform, for less work. libvpx passes the DC as a short.
     */
    static void inverseDcAdd(int dc, byte[] dst, int dstOff, int stride) {
        int delta = ((short) dc + 4) >> 3;
        if (delta == 0) {
            // Most blocks of an inter frame have no coefficients at all; nothing would change.
            return;
        }
        for (int row = 0; row < 4; row++, dstOff += stride) {
            dst[dstOff] = (byte) FrameBuffer.clampPixel((dst[dstOff] & 0xFF) + delta);
            dst[dstOff + 1] = (byte) FrameBuffer.clampPixel((dst[dstOff + 1] & 0xFF) + delta);
            dst[dstOff + 2] = (byte) FrameBuffer.clampPixel((dst[dstOff + 2] & 0xFF) + delta);
            dst[dstOff + 3] = (byte) FrameBuffer.clampPixel((dst[dstOff + 3] & 0xFF) + delta);
        }
    }

    /**
     * Inverts the second-order transform: the 16 results are the DC coefficients of the 16 luma
     * blocks, written 16 apart so they land at index 0 of each block's coefficients.
     */
    static void inverseWalsh(short[] in, int inOff, short[] out, int outOff) {
        long col0 = walshColumn(in, inOff);
        long col1 = walshColumn(in, inOff + 1);
        long col2 = walshColumn(in, inOff + 2);
        long col3 = walshColumn(in, inOff + 3);
        for (int row = 0, shift = 0; row < 4; row++, shift += 16, outOff += 64) {
            int i0 = (short) (col0 >>> shift);
            int i1 = (short) (col1 >>> shift);
            int i2 = (short) (col2 >>> shift);
            int i3 = (short) (col3 >>> shift);
            int a1 = i0 + i3;
            int b1 = i1 + i2;
            int c1 = i1 - i2;
            int d1 = i0 - i3;
            out[outOff] = (short) ((a1 + b1 + 3) >> 3);
            out[outOff + 16] = (short) ((c1 + d1 + 3) >> 3);
            out[outOff + 32] = (short) ((a1 - b1 + 3) >> 3);
            out[outOff + 48] = (short) ((d1 - c1 + 3) >> 3);
        }
    }

    private static long walshColumn(short[] in, int off) {
        int i0 = in[off];
        int i4 = in[off + 4];
        int i8 = in[off + 8];
        int i12 = in[off + 12];
        int a1 = i0 + i12;
        int b1 = i4 + i8;
        int c1 = i4 - i8;
        int d1 = i0 - i12;
        return lanes(a1 + b1, c1 + d1, a1 - b1, d1 - c1);
    }

    private static long dctColumn(short[] coeffs, int off) {
        int i0 = coeffs[off];
        int i4 = coeffs[off + 4];
        int i8 = coeffs[off + 8];
        int i12 = coeffs[off + 12];
        int a1 = i0 + i8;
        int b1 = i0 - i8;
        int c1 = ((i4 * SIN_PI8_SQRT2) >> 16) - (i12 + ((i12 * COS_PI8_SQRT2_MINUS1) >> 16));
        int d1 = (i4 + ((i4 * COS_PI8_SQRT2_MINUS1) >> 16)) + ((i12 * SIN_PI8_SQRT2) >> 16);
        return lanes(a1 + d1, b1 + c1, b1 - c1, a1 - d1);
    }

    private static void dctRowAdd(int i0, int i1, int i2, int i3, byte[] dst, int p) {
        int a1 = i0 + i2;
        int b1 = i0 - i2;
        int c1 = ((i1 * SIN_PI8_SQRT2) >> 16) - (i3 + ((i3 * COS_PI8_SQRT2_MINUS1) >> 16));
        int d1 = (i1 + ((i1 * COS_PI8_SQRT2_MINUS1) >> 16)) + ((i3 * SIN_PI8_SQRT2) >> 16);
        dst[p] = (byte) FrameBuffer.clampPixel((dst[p] & 0xFF) + (short) ((a1 + d1 + 4) >> 3));
        dst[p + 1] = (byte) FrameBuffer.clampPixel((dst[p + 1] & 0xFF) + (short) ((b1 + c1 + 4) >> 3));
        dst[p + 2] = (byte) FrameBuffer.clampPixel((dst[p + 2] & 0xFF) + (short) ((b1 - c1 + 4) >> 3));
        dst[p + 3] = (byte) FrameBuffer.clampPixel((dst[p + 3] & 0xFF) + (short) ((a1 - d1 + 4) >> 3));
    }

    /** Four values truncated to 16 bits each, as libvpx's short intermediate array holds them. */
    private static long lanes(int r0, int r1, int r2, int r3) {
        return (r0 & 0xFFFFL) | (r1 & 0xFFFFL) << 16 | (r2 & 0xFFFFL) << 32 | (long) r3 << 48;
    }
}
