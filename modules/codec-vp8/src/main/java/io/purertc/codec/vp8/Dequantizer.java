package io.purertc.codec.vp8;

// RFC 6386 §9.6, §14.1; libvpx quant_common.c and vp8_mb_init_dequantizer: the six dequantisation factors of
// each segment's quantiser index.
final class Dequantizer {

    static final class Factors {
        int y1Dc;
        int y1Ac;
        int y2Dc;
        int y2Ac;
        int uvDc;
        int uvAc;
    }

    private final Factors[] segments = {new Factors(), new Factors(), new Factors(), new Factors()};

    void setup(FrameHeader h) {
        for (int s = 0; s < 4; s++) {
            int q = h.baseQ;
            if (h.segmentationEnabled) {
                q = h.segmentAbsolute ? h.segmentQuant[s] : h.baseQ + h.segmentQuant[s];
            }
            q = clampIndex(q);
            Factors f = segments[s];
            f.y1Dc = Vp8Tables.DC_QLOOKUP[clampIndex(q + h.y1DcDelta)];
            f.y1Ac = Vp8Tables.AC_QLOOKUP[q];
            f.y2Dc = Vp8Tables.DC_QLOOKUP[clampIndex(q + h.y2DcDelta)] * 2;
            // x * 155 / 100, written as libvpx computes it
            f.y2Ac = Math.max(8, (Vp8Tables.AC_QLOOKUP[clampIndex(q + h.y2AcDelta)] * 101581) >> 16);
            f.uvDc = Math.min(132, Vp8Tables.DC_QLOOKUP[clampIndex(q + h.uvDcDelta)]);
            f.uvAc = Vp8Tables.AC_QLOOKUP[clampIndex(q + h.uvAcDelta)];
        }
    }

    /** The factors of a macroblock in {@code segment} (any segment when segmentation is off). */
    Factors forSegment(int segment) {
        return segments[segment];
    }

    private static int clampIndex(int q) {
        return Math.max(0, Math.min(127, q));
    }
}
