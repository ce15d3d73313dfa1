package io.purertc.codec.vp8;

// RFC 6386 §14.1 inverted: libvpx vp8cx_init_quantizer (improved_quant) and vp8_regular_quantize_b_c. The
// step sizes are the decoder's own (Dequantizer), so each level times its step is what the decoder will add.
final class Quantizer {

    // libvpx zbin_boost: the dead zone widens along a run of zeros
    private static final int[] ZBIN_BOOST = {0, 0, 8, 10, 12, 14, 16, 20, 24, 28, 32, 36, 40, 44, 44, 44};

    /** The rounding of one block type (Y, Y2 or chroma) at one quantiser index; [0] DC, [1] AC. */
    static final class Step {
        final int[] dequant = new int[2];
        final int[] quant = new int[2];
        final int[] shift = new int[2];
        final int[] zbin = new int[2];
        final int[] round = new int[2];
        // per zigzag position (DC first)
        final int[] zrunBoost = new int[16];

        void set(int dc, int ac, int qIndex) {
            // libvpx qzbin_factors / qrounding_factors
            int zbinFactor = qIndex < 48 ? 84 : 80;
            dequant[0] = dc;
            dequant[1] = ac;
            for (int k = 0; k < 2; k++) {
                int d = dequant[k];
                int l = 31 - Integer.numberOfLeadingZeros(d);
                quant[k] = (short) (1 + (1 << (16 + l)) / d - (1 << 16));
                shift[k] = 1 << (16 - l);
                zbin[k] = (zbinFactor * d + 64) >> 7;
                round[k] = (48 * d) >> 7;
            }
            for (int i = 0; i < 16; i++) {
                zrunBoost[i] = (dequant[i == 0 ? 0 : 1] * ZBIN_BOOST[i]) >> 7;
            }
        }
    }

    final Step y1 = new Step();
    final Step y2 = new Step();
    final Step uv = new Step();

    void setup(Dequantizer.Factors f, int qIndex) {
        y1.set(f.y1Dc, f.y1Ac, qIndex);
        y2.set(f.y2Dc, f.y2Ac, qIndex);
        uv.set(f.uvDc, f.uvAc, qIndex);
    }

    /**
     * Quantises block {@code coeffs[off..+16]} (raster order) from zigzag position {@code first}: the levels go
     * to {@code levels[levelOff..]} and the dequantised values to {@code dequantised[off..]}, both raster order.
     * Returns the zigzag position after the last non-zero level (0 if there is none).
     */
    static int quantize(short[] coeffs, int off, Step s, int first, short[] levels, int levelOff,
            short[] dequantised) {
        int eob = 0;
        int run = 0;
        for (int i = first; i < 16; i++) {
            int rc = Vp8Tables.ZIGZAG[i];
            int k = rc == 0 ? 0 : 1;
            int z = coeffs[off + rc];
            int x = Math.abs(z);
            int level = 0;
            if (x >= s.zbin[k] + s.zrunBoost[run]) {
                x += s.round[k];
                level = ((((x * s.quant[k]) >> 16) + x) * s.shift[k]) >> 16;
            }
            if (level != 0) {
                eob = i + 1;
                run = 0;
                if (z < 0) {
                    level = -level;
                }
            } else {
                run = Math.min(run + 1, 15);
            }
            levels[levelOff + rc] = (short) level;
            dequantised[off + rc] = (short) (level * s.dequant[k]);
        }
        return eob;
    }
}
