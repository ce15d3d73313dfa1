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
        long[] lanes = new long[8];
        // the limits as lane-wise complements, the form Swar.above and Swar.aboveSmall compare against; only
        // the edge limits can exceed 127
        long mbEdge = Swar.complement(mbEdgeLimit);
        long subEdge = Swar.complement(subEdgeLimit);
        long interiorStep = Swar.smallComplement(interior);
        long variance = Swar.smallComplement(hev);
        if (left) {
            verticalEdge(true, py, y, sy, 16, lanes, mbEdge, interiorStep, variance);
            verticalEdge(true, pu, uv, suv, 8, lanes, mbEdge, interiorStep, variance);
            verticalEdge(true, pv, uv, suv, 8, lanes, mbEdge, interiorStep, variance);
        }
        if (inner) {
            verticalEdge(false, py, y + 4, sy, 16, lanes, subEdge, interiorStep, variance);
            verticalEdge(false, py, y + 8, sy, 16, lanes, subEdge, interiorStep, variance);
            verticalEdge(false, py, y + 12, sy, 16, lanes, subEdge, interiorStep, variance);
            verticalEdge(false, pu, uv + 4, suv, 8, lanes, subEdge, interiorStep, variance);
            verticalEdge(false, pv, uv + 4, suv, 8, lanes, subEdge, interiorStep, variance);
        }
        if (top) {
            horizontalEdge(true, py, y, sy, 16, lanes, mbEdge, interiorStep, variance);
            horizontalEdge(true, pu, uv, suv, 8, lanes, mbEdge, interiorStep, variance);
            horizontalEdge(true, pv, uv, suv, 8, lanes, mbEdge, interiorStep, variance);
        }
        if (inner) {
            horizontalEdge(false, py, y + 4 * sy, sy, 16, lanes, subEdge, interiorStep, variance);
            horizontalEdge(false, py, y + 8 * sy, sy, 16, lanes, subEdge, interiorStep, variance);
            horizontalEdge(false, py, y + 12 * sy, sy, 16, lanes, subEdge, interiorStep, variance);
            horizontalEdge(false, pu, uv + 4 * suv, suv, 8, lanes, subEdge, interiorStep, variance);
            horizontalEdge(false, pv, uv + 4 * suv, suv, 8, lanes, subEdge, interiorStep, variance);
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
     * One vertical edge, eight rows at a time: each row's p3..q3 are eight consecutive bytes, one
     * long; transposed, the longs hold p3..q3 of the eight rows, as {@link #filterLanes} wants.
     */
    private static void verticalEdge(boolean macroblock, byte[] s, int q0, int stride, int count, long[] lanes,
            long edge, long interior, long hev) {
        for (int row = 0; row < count; row += 8) {
            int at = q0 - 4 + row * stride;
            for (int i = 0; i < 8; i++) {
                lanes[i] = Swar.load(s, at + i * stride);
            }
            Swar.transpose(lanes);
            if (!filterLanes(macroblock, lanes, edge, interior, hev)) {
                continue;
            }
            Swar.transpose(lanes);
            for (int i = 0; i < 8; i++) {
                Swar.store(s, at + i * stride, lanes[i]);
            }
        }
    }

    /** One horizontal edge, eight columns at a time: the rows p3..q3 of eight columns are one long each. */
    private static void horizontalEdge(boolean macroblock, byte[] s, int q0, int stride, int count, long[] lanes,
            long edge, long interior, long hev) {
        for (int col = 0; col < count; col += 8) {
            int at = q0 + col - 4 * stride;
            for (int i = 0; i < 8; i++) {
                lanes[i] = Swar.load(s, at + i * stride);
            }
            if (filterLanes(macroblock, lanes, edge, interior, hev)) {
                // p3 and q3 are only read
                for (int i = 1; i < 7; i++) {
                    Swar.store(s, at + i * stride, lanes[i]);
                }
            }
        }
    }

    /**
     * The normal filter at eight positions at once: lanes[0..7] hold p3, p2, p1, p0, q0, q1, q2,
     * q3, one byte per position (see {@link Swar}), and get the filtered pixels back; returns
     * whether any changed. This is libvpx's vp8_loop_filter_c / vp8_mbloop_filter_c lane for lane,
     * in the form of its SSE2 version: the filter mask and the high edge variance mask are computed
     * for every lane and the adjustment is zeroed where the mask fails, so no lane needs a branch.
     * The limits come as complements (see {@link Swar#above}, {@link Swar#aboveSmall}).
     *
     * <p>Most edges of real video are smooth enough that the filter value rounds to no adjustment
     * at all (three quarters of the groups in the benchmark streams); as the mask only zeroes the
     * filter value, that is known before the mask, which is then not computed.
     */
    private static boolean filterLanes(boolean macroblock, long[] lanes, long edge, long interior, long hev) {
        long p3 = lanes[0];
        long p2 = lanes[1];
        long p1 = lanes[2];
        long p0 = lanes[3];
        long q0 = lanes[4];
        long q1 = lanes[5];
        long q2 = lanes[6];
        long q3 = lanes[7];
        long stepP = Swar.absDiff(p1, p0);
        long stepQ = Swar.absDiff(q1, q0);
        long across = Swar.absDiff(p0, q0);
        // The commonest case without the saturating work below: with the steps next to the edge at most 3,
        // nothing saturates, and ps1 - qs1 + 3 * (qs0 - ps0) = (p1 - p0) + (q0 - q1) + 2 * (q0 - p0) is at
        // most |p1 - p0| + |q1 - q0| + 2 * |q0 - p0| in size. Within the limit, that also leaves |q0 - p0| at
        // most 1, so the subblock filter value without high edge variance, 3 * (qs0 - ps0), is within -3..3.
        // The sum is at most 3 + 3 + 6 + 1 in a lane, so it carries into no other.
        // the filter values that move no pixel are -still..still (see allWithin below)
        int still = macroblock ? 2 : 3;
        if (((stepP | stepQ | across) & ~(3 * Swar.ONES)) == 0
                && ((stepP + stepQ + (across << 1) + (3 - still) * Swar.ONES) & ~(3 * Swar.ONES)) == 0) {
            return false;
        }
        long highVariance = Swar.spread(Swar.aboveSmall(stepP, hev) | Swar.aboveSmall(stepQ, hev));
        // libvpx's signed pixels: pixel - 128, i.e. the top bit flipped
        long ps1 = p1 ^ Swar.HIGH;
        long ps0 = p0 ^ Swar.HIGH;
        long qs0 = q0 ^ Swar.HIGH;
        long qs1 = q1 ^ Swar.HIGH;
        // ps1 - qs1 (between subblocks only with high edge variance) + 3 * (qs0 - ps0) clamped, as three
        // saturating additions of the clamped qs0 - ps0 (SSE2's way): the three terms have one sign, so
        // saturating on the way gives the clamp of the exact sum, and a clamped qs0 - ps0 (|qs0 - ps0| > 127)
        // saturates the sum either way
        long step = Swar.subSaturated(qs0, ps0);
        long w = Swar.subSaturated(ps1, qs1);
        if (!macroblock) {
            w &= highVariance;
        }
        w = Swar.addSaturated(Swar.addSaturated(Swar.addSaturated(w, step), step), step);
        // -3..3 gives (w + 4) >> 3 = (w + 3) >> 3 = 0, and -2..2 also rounds every macroblock tap to 0
        if (Swar.allWithin(w, still)) {
            return false;
        }
        // vp8_filter_mask: every step within the interior limit...
        long fails = Swar.aboveSmall(Swar.absDiff(p3, p2), interior)
                | Swar.aboveSmall(Swar.absDiff(p2, p1), interior)
                | Swar.aboveSmall(stepP, interior)
                | Swar.aboveSmall(stepQ, interior)
                | Swar.aboveSmall(Swar.absDiff(q2, q1), interior)
                | Swar.aboveSmall(Swar.absDiff(q3, q2), interior);
        // ...and |p0 - q0| * 2 + |p1 - q1| / 2 within the edge limit, summed saturating at 255 as the SSE2 code
        // does: the edge limit is at most (63 + 2) * 2 + 63 = 193, so saturation cannot change the outcome
        long twice = ((across & Swar.LOW7) << 1) | Swar.spread(across & Swar.HIGH);
        long half = (Swar.absDiff(p1, q1) >>> 1) & Swar.LOW7;
        fails |= Swar.above(Swar.addUnsignedSaturated(twice, half), edge);
        w &= ~Swar.spread(fails);
        if (macroblock) {
            long edgeOnly = w & highVariance;
            qs0 = Swar.subSaturated(qs0, Swar.shiftRight3(Swar.addSaturatedConstant(edgeOnly, 4 * Swar.ONES)));
            ps0 = Swar.addSaturated(ps0, Swar.shiftRight3(Swar.addSaturatedConstant(edgeOnly, 3 * Swar.ONES)));
            w &= ~highVariance;
            long a = tap(w, 27);
            qs0 = Swar.subSaturated(qs0, a);
            ps0 = Swar.addSaturated(ps0, a);
            a = tap(w, 18);
            qs1 = Swar.subSaturated(qs1, a);
            ps1 = Swar.addSaturated(ps1, a);
            a = tap(w, 9);
            lanes[6] = Swar.subSaturated(q2 ^ Swar.HIGH, a) ^ Swar.HIGH;
            lanes[1] = Swar.addSaturated(p2 ^ Swar.HIGH, a) ^ Swar.HIGH;
        } else {
            long f1 = Swar.shiftRight3(Swar.addSaturatedConstant(w, 4 * Swar.ONES));
            long f2 = Swar.shiftRight3(Swar.addSaturatedConstant(w, 3 * Swar.ONES));
            qs0 = Swar.subSaturated(qs0, f1);
            ps0 = Swar.addSaturated(ps0, f2);
            // f1 is -16..15, so f1 + 1 cannot overflow
            long a = Swar.shiftRight1(Swar.add(f1, Swar.ONES)) & ~highVariance;
            qs1 = Swar.subSaturated(qs1, a);
            ps1 = Swar.addSaturated(ps1, a);
        }
        lanes[2] = ps1 ^ Swar.HIGH;
        lanes[3] = ps0 ^ Swar.HIGH;
        lanes[4] = qs0 ^ Swar.HIGH;
        lanes[5] = qs1 ^ Swar.HIGH;
        return true;
    }

    /**
     * (w * weight + 63) >> 7 in each signed lane, the macroblock filter's share of the step for
     * one pixel pair (weight 27, 18 or 9). The product needs more than a byte, so the even and odd
     * lanes are done apart in 16-bit lanes, with w + 128 (0..255) for w: weight * 255 + 63 fits
     * in 16 bits, and since weight * 128 is a whole multiple of 128 the result is only offset by
     * weight. It is 0..2 * weight, below 128, and weight comes off it within each byte.
     */
    private static long tap(long w, int weight) {
        long u = w ^ Swar.HIGH;
        long even = ((u & Swar.EVEN) * weight + 63 * Swar.EVEN_ONES) >>> 7 & Swar.EVEN;
        long odd = (((u >>> 8) & Swar.EVEN) * weight + 63 * Swar.EVEN_ONES) >>> 7 & Swar.EVEN;
        // (x - weight) as a signed byte is (x - weight + 128) with the top bit flipped, and x - weight + 128
        // stays within 0..255, so the addition stays within each lane
        return ((even | odd << 8) + (128 - weight) * Swar.ONES) ^ Swar.HIGH;
    }

    private static int clampSigned(int v) {
        return v < -128 ? -128 : v > 127 ? 127 : v;
    }
}
