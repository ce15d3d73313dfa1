package io.purertc.codec.vp8;

// RFC 6386 §14.3, §14.4 inverted, computed exactly as libvpx dct.c vp8_short_fdct4x4_c and
// vp8_short_walsh4x4_c: the transforms whose output Idct undoes to within rounding.
final class ForwardTransform {

    private ForwardTransform() {
    }

    /** The DCT of the 4x4 residual in[inOff..+16] (raster order) into out[outOff..+16]. */
    static void fdct(short[] in, int inOff, short[] out, int outOff) {
        for (int r = 0; r < 4; r++) {
            int ip = inOff + r * 4;
            int op = outOff + r * 4;
            int a1 = (in[ip] + in[ip + 3]) * 8;
            int b1 = (in[ip + 1] + in[ip + 2]) * 8;
            int c1 = (in[ip + 1] - in[ip + 2]) * 8;
            int d1 = (in[ip] - in[ip + 3]) * 8;
            out[op] = (short) (a1 + b1);
            out[op + 2] = (short) (a1 - b1);
            out[op + 1] = (short) ((c1 * 2217 + d1 * 5352 + 14500) >> 12);
            out[op + 3] = (short) ((d1 * 2217 - c1 * 5352 + 7500) >> 12);
        }
        for (int c = 0; c < 4; c++) {
            int p = outOff + c;
            int a1 = out[p] + out[p + 12];
            int b1 = out[p + 4] + out[p + 8];
            int c1 = out[p + 4] - out[p + 8];
            int d1 = out[p] - out[p + 12];
            out[p] = (short) ((a1 + b1 + 7) >> 4);
            out[p + 8] = (short) ((a1 - b1 + 7) >> 4);
            out[p + 4] = (short) (((c1 * 2217 + d1 * 5352 + 12000) >> 16) + (d1 != 0 ? 1 : 0));
            out[p + 12] = (short) ((d1 * 2217 - c1 * 5352 + 51000) >> 16);
        }
    }

    /** The Walsh-Hadamard transform of the 16 luma DCs, in[inOff + 16*i], into out[outOff..+16]. */
    static void walsh(short[] in, int inOff, short[] out, int outOff) {
        for (int r = 0; r < 4; r++) {
            int ip = inOff + r * 64;
            int op = outOff + r * 4;
            int a1 = (in[ip] + in[ip + 32]) * 4;
            int d1 = (in[ip + 16] + in[ip + 48]) * 4;
            int c1 = (in[ip + 16] - in[ip + 48]) * 4;
            int b1 = (in[ip] - in[ip + 32]) * 4;
            out[op] = (short) (a1 + d1 + (a1 != 0 ? 1 : 0));
            out[op + 1] = (short) (b1 + c1);
            out[op + 2] = (short) (b1 - c1);
            out[op + 3] = (short) (a1 - d1);
        }
        for (int c = 0; c < 4; c++) {
            int p = outOff + c;
            int a1 = out[p] + out[p + 8];
            int d1 = out[p + 4] + out[p + 12];
            int c1 = out[p + 4] - out[p + 12];
            int b1 = out[p] - out[p + 8];
            int a2 = a1 + d1;
            int b2 = b1 + c1;
            int c2 = b1 - c1;
            int d2 = a1 - d1;
            out[p] = (short) ((a2 + (a2 < 0 ? 1 : 0) + 3) >> 3);
            out[p + 4] = (short) ((b2 + (b2 < 0 ? 1 : 0) + 3) >> 3);
            out[p + 8] = (short) ((c2 + (c2 < 0 ? 1 : 0) + 3) >> 3);
            out[p + 12] = (short) ((d2 + (d2 < 0 ? 1 : 0) + 3) >> 3);
        }
    }
}
