package io.purertc.codec.vp8;

/**
 * The in-loop deblocking filter of RFC 6386 §15 (limits from §9.6), bit-exact with libvpx's
 * vp8/common/vp8_loopfilter.c and loopfilter_filters.c.
 *
 * <p>libvpx filters signed values (pixel - 128) with every intermediate saturated to a signed
 * byte, and the rounding depends on it; the intermediates here are saturated the same way, while
 * the pixels stay unsigned (the same differences, and the same results saturated to 0..255).
 * A macroblock is filtered completely before the next one, in raster order, so a later edge sees
 * the output of the earlier ones exactly as in libvpx.
 *
 * <p>libvpx skips the whole filter when the frame header's level is 0, even if segment or delta
 * adjustments would give some macroblocks a non-zero level; the decoder must not call
 * {@link #filterFrame} for such a frame.
 */
final class LoopFilter {

    static final int NORMAL = 0;
    static final int SIMPLE = 1;

    // interiorMask's "leave this position alone"; its other results are 0 and -1
    private static final int UNFILTERED = 1;

    private LoopFilter() {
    }

    /**
     * Filters the whole macroblock-aligned frame in place. levels[mb] is each macroblock's final
     * level 0..63 (0: left alone); innerEdges[mb] is false when libvpx skips its subblock edges.
     */
    static void filterFrame(FrameBuffer frame, int type, int sharpness, boolean keyFrame, byte[] levels,
            boolean[] innerEdges) {
        int strideY = frame.strideY;
        int strideUV = frame.strideUV;
        int mb = 0;
        for (int mbRow = 0; mbRow < frame.mbRows; mbRow++) {
            int rowY = frame.originY + mbRow * 16 * strideY;
            int rowUV = frame.originUV + mbRow * 8 * strideUV;
            for (int mbCol = 0; mbCol < frame.mbCols; mbCol++, mb++) {
                int level = levels[mb];
                if (level == 0) {
                    continue;
                }
                int interior = interiorLimit(level, sharpness);
                int mbEdgeLimit = (level + 2) * 2 + interior;
                int subEdgeLimit = level * 2 + interior;
                int y = rowY + mbCol * 16;
                boolean inner = innerEdges[mb];
                if (type == SIMPLE) {
                    filterSimpleMacroblock(frame.y, y, strideY, mbCol > 0, mbRow > 0, inner, mbEdgeLimit,
                            subEdgeLimit);
                } else {
                    int uv = rowUV + mbCol * 8;
                    int hev = hevThreshold(level, keyFrame);
                    filterNormalMacroblock(frame, y, uv, mbCol > 0, mbRow > 0, inner, mbEdgeLimit, subEdgeLimit,
                            interior, hev);
                }
            }
        }
    }

    /**
     * The limit on differences between pixels on the same side of an edge; higher sharpness
     * lowers it so that real detail is not smoothed away (libvpx vp8_loop_filter_update_sharpness).
     */
    static int interiorLimit(int level, int sharpness) {
        int limit = level;
        if (sharpness > 0) {
            limit >>= sharpness > 4 ? 2 : 1;
            if (limit > 9 - sharpness) {
                limit = 9 - sharpness;
            }
        }
        return limit < 1 ? 1 : limit;
    }

    /**
     * Above this difference next to the edge, only the two pixels at the edge change. Inter frames
     * get a higher threshold (libvpx lf_init_lut).
     */
    static int hevThreshold(int level, boolean keyFrame) {
        if (level >= 40) {
            return keyFrame ? 2 : 3;
        }
        if (level >= 20) {
            return keyFrame ? 1 : 2;
        }
        return level >= 15 ? 1 : 0;
    }

    private static void filterNormalMacroblock(FrameBuffer frame, int y, int uv, boolean left, boolean top,
            boolean inner, int mbEdgeLimit, int subEdgeLimit, int interior, int hev) {
        byte[] py = frame.y;
        byte[] pu = frame.u;
        byte[] pv = frame.v;
        int sy = frame.strideY;
        int suv = frame.strideUV;
        if (left) {
            verticalEdge(true, py, y, sy, 16, mbEdgeLimit, interior, hev);
            verticalEdge(true, pu, uv, suv, 8, mbEdgeLimit, interior, hev);
            verticalEdge(true, pv, uv, suv, 8, mbEdgeLimit, interior, hev);
        }
        if (inner) {
            verticalEdge(false, py, y + 4, sy, 16, subEdgeLimit, interior, hev);
            verticalEdge(false, py, y + 8, sy, 16, subEdgeLimit, interior, hev);
            verticalEdge(false, py, y + 12, sy, 16, subEdgeLimit, interior, hev);
            verticalEdge(false, pu, uv + 4, suv, 8, subEdgeLimit, interior, hev);
            verticalEdge(false, pv, uv + 4, suv, 8, subEdgeLimit, interior, hev);
        }
        if (top) {
            horizontalEdge(true, py, y, sy, 16, mbEdgeLimit, interior, hev);
            horizontalEdge(true, pu, uv, suv, 8, mbEdgeLimit, interior, hev);
            horizontalEdge(true, pv, uv, suv, 8, mbEdgeLimit, interior, hev);
        }
        if (inner) {
            horizontalEdge(false, py, y + 4 * sy, sy, 16, subEdgeLimit, interior, hev);
            horizontalEdge(false, py, y + 8 * sy, sy, 16, subEdgeLimit, interior, hev);
            horizontalEdge(false, py, y + 12 * sy, sy, 16, subEdgeLimit, interior, hev);
            horizontalEdge(false, pu, uv + 4 * suv, suv, 8, subEdgeLimit, interior, hev);
            horizontalEdge(false, pv, uv + 4 * suv, suv, 8, subEdgeLimit, interior, hev);
        }
    }

    /** RFC 6386 §15.2: luma only, and only the two pixels at each edge change. */
    private static void filterSimpleMacroblock(byte[] py, int y, int sy, boolean left, boolean top, boolean inner,
            int mbEdgeLimit, int subEdgeLimit) {
        if (left) {
            simpleEdge(py, y, 1, sy, mbEdgeLimit);
        }
        if (inner) {
            simpleEdge(py, y + 4, 1, sy, subEdgeLimit);
            simpleEdge(py, y + 8, 1, sy, subEdgeLimit);
            simpleEdge(py, y + 12, 1, sy, subEdgeLimit);
        }
        if (top) {
            simpleEdge(py, y, sy, 1, mbEdgeLimit);
        }
        if (inner) {
            simpleEdge(py, y + 4 * sy, sy, 1, subEdgeLimit);
            simpleEdge(py, y + 8 * sy, sy, 1, subEdgeLimit);
            simpleEdge(py, y + 12 * sy, sy, 1, subEdgeLimit);
        }
    }

    /** One edge of 16 luma pixels; {@code across} steps over the edge, {@code along} along it. */
    private static void simpleEdge(byte[] s, int q0, int across, int along, int edgeLimit) {
        for (int i = 0; i < 16; i++, q0 += along) {
            int p1 = s[q0 - 2 * across] & 0xFF;
            int p0 = s[q0 - across] & 0xFF;
            int q0v = s[q0] & 0xFF;
            int q1 = s[q0 + across] & 0xFF;
            if (Math.abs(p0 - q0v) * 2 + (Math.abs(p1 - q1) >> 1) > edgeLimit) {
                continue;
            }
            int f = clampSigned(clampSigned(p1 - q1) + 3 * (q0v - p0));
            s[q0] = (byte) FrameBuffer.clampPixel(q0v - (Math.min(f + 4, 127) >> 3));
            s[q0 - across] = (byte) FrameBuffer.clampPixel(p0 + (Math.min(f + 3, 127) >> 3));
        }
    }

    /**
     * One vertical edge of the normal filter: the pixels across it are neighbours in a row. The
     * two edge directions have loops of their own, with one of the two steps a constant, and each
     * loop reads the pixels and makes the edge test itself: with one per-position method holding
     * that and both filters, whether the JIT inlined it into the loops depended on which got
     * compiled first (a callee already compiled on its own is inlined only while its code is small),
     * and the runs where it did not decoded about a fifth slower. The callees left are small.
     * libvpx computes the filter mask branch-free and applies a zero adjustment where it fails;
     * skipping such positions gives the same pixels. The edge test comes first because it needs
     * only the four pixels next to the edge.
     */
    private static void verticalEdge(boolean macroblock, byte[] s, int q0, int stride, int count, int edgeLimit,
            int interior, int hevThreshold) {
        for (int i = 0; i < count; i++, q0 += stride) {
            int p1 = s[q0 - 2] & 0xFF;
            int p0 = s[q0 - 1] & 0xFF;
            int q0v = s[q0] & 0xFF;
            int q1 = s[q0 + 1] & 0xFF;
            if (Math.abs(p0 - q0v) * 2 + (Math.abs(p1 - q1) >> 1) > edgeLimit) {
                continue;
            }
            int p3 = s[q0 - 4] & 0xFF;
            int p2 = s[q0 - 3] & 0xFF;
            int q2 = s[q0 + 2] & 0xFF;
            int q3 = s[q0 + 3] & 0xFF;
            int hev = interiorMask(p3, p2, p1, p0, q0v, q1, q2, q3, interior, hevThreshold);
            if (hev == UNFILTERED) {
                continue;
            }
            if (macroblock) {
                macroblockFilter(s, q0, 1, hev, p2, p1, p0, q0v, q1, q2);
            } else {
                subblockFilter(s, q0, 1, hev, p1, p0, q0v, q1);
            }
        }
    }

    /** One horizontal edge: consecutive positions are consecutive bytes of the same rows. */
    private static void horizontalEdge(boolean macroblock, byte[] s, int q0, int stride, int count, int edgeLimit,
            int interior, int hevThreshold) {
        for (int end = q0 + count; q0 < end; q0++) {
            int p1 = s[q0 - 2 * stride] & 0xFF;
            int p0 = s[q0 - stride] & 0xFF;
            int q0v = s[q0] & 0xFF;
            int q1 = s[q0 + stride] & 0xFF;
            if (Math.abs(p0 - q0v) * 2 + (Math.abs(p1 - q1) >> 1) > edgeLimit) {
                continue;
            }
            int p3 = s[q0 - 4 * stride] & 0xFF;
            int p2 = s[q0 - 3 * stride] & 0xFF;
            int q2 = s[q0 + 2 * stride] & 0xFF;
            int q3 = s[q0 + 3 * stride] & 0xFF;
            int hev = interiorMask(p3, p2, p1, p0, q0v, q1, q2, q3, interior, hevThreshold);
            if (hev == UNFILTERED) {
                continue;
            }
            if (macroblock) {
                macroblockFilter(s, q0, stride, hev, p2, p1, p0, q0v, q1, q2);
            } else {
                subblockFilter(s, q0, stride, hev, p1, p0, q0v, q1);
            }
        }
    }

    /**
     * {@link #UNFILTERED} where a step on either side exceeds the interior limit, else the high
     * edge variance mask (-1 where only the pixels at the edge may change, 0 otherwise). libvpx
     * vp8_filter_mask tests each step against the limit; the largest step is tested once, and the
     * one next to the edge is also what the high edge variance test needs. Small on purpose, so
     * that the JIT inlines it into both edge loops even when it has compiled it on its own.
     */
    private static int interiorMask(int p3, int p2, int p1, int p0, int q0, int q1, int q2, int q3, int interior,
            int hevThreshold) {
        int interiorStep = Math.max(Math.max(Math.abs(p3 - p2), Math.abs(p2 - p1)),
                Math.max(Math.abs(q2 - q1), Math.abs(q3 - q2)));
        int edgeStep = Math.max(Math.abs(p1 - p0), Math.abs(q1 - q0));
        if (Math.max(interiorStep, edgeStep) > interior) {
            return UNFILTERED;
        }
        return (hevThreshold - edgeStep) >> 31;
    }

    /**
     * Between subblocks: up to two pixels each side change (RFC 6386 §15.3). The pixels come
     * unsigned: libvpx's signed values are these minus 128, differences are the same, and a signed
     * result saturated to -128..127 plus 128 is the unsigned one saturated to 0..255.
     */
    private static void subblockFilter(byte[] s, int q0, int across, int hev, int p1, int p0, int q0v, int q1) {
        int f = clampSigned((clampSigned(p1 - q1) & hev) + 3 * (q0v - p0));
        // f is at least -128, so only the upper bound can clip
        int f1 = Math.min(f + 4, 127) >> 3;
        int f2 = Math.min(f + 3, 127) >> 3;
        int outer = ((f1 + 1) >> 1) & ~hev;
        s[q0] = (byte) FrameBuffer.clampPixel(q0v - f1);
        s[q0 - across] = (byte) FrameBuffer.clampPixel(p0 + f2);
        s[q0 + across] = (byte) FrameBuffer.clampPixel(q1 - outer);
        s[q0 - 2 * across] = (byte) FrameBuffer.clampPixel(p1 + outer);
    }

    /**
     * Between macroblocks: without high edge variance, three pixels each side move by about 3/7,
     * 2/7 and 1/7 of the step (RFC 6386 §15.3); with it, only the edge pair moves, as in the
     * subblock filter. Unsigned pixels as in {@link #subblockFilter}.
     */
    private static void macroblockFilter(byte[] s, int q0, int across, int hev, int p2, int p1, int p0, int q0v,
            int q1, int q2) {
        int w = clampSigned(clampSigned(p1 - q1) + 3 * (q0v - p0));
        int edgeOnly = w & hev;
        q0v = FrameBuffer.clampPixel(q0v - (Math.min(edgeOnly + 4, 127) >> 3));
        p0 = FrameBuffer.clampPixel(p0 + (Math.min(edgeOnly + 3, 127) >> 3));
        w &= ~hev;
        // |w| <= 128 keeps these three adjustments within +-27, so libvpx's clamp on them never bites.
        int a = (27 * w + 63) >> 7;
        s[q0] = (byte) FrameBuffer.clampPixel(q0v - a);
        s[q0 - across] = (byte) FrameBuffer.clampPixel(p0 + a);
        a = (18 * w + 63) >> 7;
        s[q0 + across] = (byte) FrameBuffer.clampPixel(q1 - a);
        s[q0 - 2 * across] = (byte) FrameBuffer.clampPixel(p1 + a);
        a = (9 * w + 63) >> 7;
        s[q0 + 2 * across] = (byte) FrameBuffer.clampPixel(q2 - a);
        s[q0 - 3 * across] = (byte) FrameBuffer.clampPixel(p2 + a);
    }

    private static int clampSigned(int v) {
        return v < -128 ? -128 : v > 127 ? 127 : v;
    }
}
