package io.purertc.codec.vp8;

import static io.purertc.codec.vp8.Macroblocks.mvCol;
import static io.purertc.codec.vp8.Macroblocks.mvRow;

import io.purertc.media.CodecException;

// RFC 6386 §17-18 inter prediction as libvpx reconinter.c builds it: 16x16 or split prediction, MVs clamped to
// the border when need_to_clamp_mvs says so, chroma MVs derived from the clamped luma MV (16x16) or averaged
// from the unclamped sub-block MVs (split), full-pixel chroma for version 3.
final class InterPredictor {

    // the top-left 4x4 block of each 8x8 quarter
    private static final int[] EIGHT_BY_EIGHT = {0, 2, 8, 10};

    private final SubpixelFilter filter = new SubpixelFilter();
    private int fullPixelMask;
    private boolean bilinear;
    private int lumaLength;
    private int chromaLength;

    void allocate(FrameBuffer frame) {
        lumaLength = frame.y.length;
        chromaLength = frame.u.length;
    }

    void startFrame(int fullPixelMask, boolean bilinear) {
        this.fullPixelMask = fullPixelMask;
        this.bilinear = bilinear;
    }

    void predict(Macroblocks m, int i, int row, int col, FrameBuffer ref, FrameBuffer dst, int yPos, int uvPos)
            throws CodecException {
        int toLeft = -(col * 16) << 3;
        int toRight = ((m.cols - 1 - col) * 16) << 3;
        int toTop = -(row * 16) << 3;
        int toBottom = ((m.rows - 1 - row) * 16) << 3;
        boolean clamp = m.needsClamping[i];
        int ys = dst.strideY;
        int uvs = dst.strideUV;
        if (m.yMode[i] != Vp8Tables.SPLITMV) {
            int mvr = mvRow(m.mv[i]);
            int mvc = mvCol(m.mv[i]);
            if (clamp) {
                mvc = clampLuma(mvc, toLeft, toRight);
                mvr = clampLuma(mvr, toTop, toBottom);
            }
            block(ref.y, dst.y, yPos, ys, mvr, mvc, 16, 16, lumaLength);
            // round half away from zero to chroma's eighth-pel, as libvpx does
            int cr = ((short) (mvr + (1 | (mvr >> 31))) / 2) & fullPixelMask;
            int cc = ((short) (mvc + (1 | (mvc >> 31))) / 2) & fullPixelMask;
            // libvpx leaves the chroma unpredicted when its MV points wholly into the border, which only whole-pixel
            // rounding (version 3) of an MV at the edge of the allowed range can make happen
            if (2 * cc < toLeft - (19 << 3) || 2 * cc > toRight + (18 << 3)
                    || 2 * cr < toTop - (19 << 3) || 2 * cr > toBottom + (18 << 3)) {
                return;
            }
            block(ref.u, dst.u, uvPos, uvs, cr, cc, 8, 8, chromaLength);
            block(ref.v, dst.v, uvPos, uvs, cr, cc, 8, 8, chromaLength);
            return;
        }
        int base = i * 16;
        int[] sub = m.subMvs;
        if (m.partitioning[i] < 3) {
            for (int b : EIGHT_BY_EIGHT) {
                int mv = sub[base + b];
                int mvr = mvRow(mv);
                int mvc = mvCol(mv);
                if (clamp) {
                    mvc = clampLuma(mvc, toLeft, toRight);
                    mvr = clampLuma(mvr, toTop, toBottom);
                }
                int at = yPos + (b >> 2) * 4 * ys + (b & 3) * 4;
                block(ref.y, dst.y, at, ys, mvr, mvc, 8, 8, lumaLength);
            }
        } else {
            for (int b = 0; b < 16; b += 2) {
                int mv0 = sub[base + b];
                int mv1 = sub[base + b + 1];
                int r0 = mvRow(mv0);
                int c0 = mvCol(mv0);
                int r1 = mvRow(mv1);
                int c1 = mvCol(mv1);
                if (clamp) {
                    c0 = clampLuma(c0, toLeft, toRight);
                    r0 = clampLuma(r0, toTop, toBottom);
                    c1 = clampLuma(c1, toLeft, toRight);
                    r1 = clampLuma(r1, toTop, toBottom);
                }
                int at = yPos + (b >> 2) * 4 * ys + (b & 3) * 4;
                if (r0 == r1 && c0 == c1) {
                    block(ref.y, dst.y, at, ys, r0, c0, 8, 4, lumaLength);
                } else {
                    block(ref.y, dst.y, at, ys, r0, c0, 4, 4, lumaLength);
                    block(ref.y, dst.y, at + 4, ys, r1, c1, 4, 4, lumaLength);
                }
            }
        }
        // libvpx build_4x4uvmvs: each chroma 4x4 block takes the average of the four luma MVs it covers
        for (int r = 0; r < 2; r++) {
            int cr0 = 0;
            int cc0 = 0;
            int cr1 = 0;
            int cc1 = 0;
            for (int k = 0; k < 2; k++) {
                int y0 = base + r * 8 + k * 2;
                int sumR = mvRow(sub[y0]) + mvRow(sub[y0 + 1]) + mvRow(sub[y0 + 4]) + mvRow(sub[y0 + 5]);
                int sumC = mvCol(sub[y0]) + mvCol(sub[y0 + 1]) + mvCol(sub[y0 + 4]) + mvCol(sub[y0 + 5]);
                int ur = averageChroma(sumR);
                int uc = averageChroma(sumC);
                if (clamp) {
                    uc = clampChroma(uc, toLeft, toRight);
                    ur = clampChroma(ur, toTop, toBottom);
                }
                if (k == 0) {
                    cr0 = ur;
                    cc0 = uc;
                } else {
                    cr1 = ur;
                    cc1 = uc;
                }
            }
            int at = uvPos + r * 4 * uvs;
            chromaPair(ref.u, dst.u, at, uvs, cr0, cc0, cr1, cc1);
            chromaPair(ref.v, dst.v, at, uvs, cr0, cc0, cr1, cc1);
        }
    }

    private int averageChroma(int sum) {
        int t = sum + 4 + ((sum >> 31) * 8);
        return (short) (t / 8) & fullPixelMask;
    }

    private void chromaPair(byte[] ref, byte[] dst, int at, int stride, int r0, int c0, int r1, int c1)
            throws CodecException {
        if (r0 == r1 && c0 == c1) {
            block(ref, dst, at, stride, r0, c0, 8, 4, chromaLength);
        } else {
            block(ref, dst, at, stride, r0, c0, 4, 4, chromaLength);
            block(ref, dst, at + 4, stride, r1, c1, 4, 4, chromaLength);
        }
    }

    // libvpx clamp_mv_to_umv_border: a vector pointing wholly into the border is cut back to 16 pixels out.
    private static int clampLuma(int v, int toLow, int toHigh) {
        if (v < toLow - (19 << 3)) {
            return (short) (toLow - (16 << 3));
        }
        if (v > toHigh + (18 << 3)) {
            return (short) (toHigh + (16 << 3));
        }
        return v;
    }

    // libvpx clamp_uvmv_to_umv_border
    private static int clampChroma(int v, int toLow, int toHigh) {
        int out = 2 * v < toLow - (19 << 3) ? (short) ((toLow - (16 << 3)) >> 1) : v;
        return 2 * out > toHigh + (18 << 3) ? (short) ((toHigh + (16 << 3)) >> 1) : out;
    }

    // One predicted block: the reference at the same place moved by the MV; eighth-pel fractions are filtered.
    private void block(byte[] ref, byte[] dst, int at, int stride, int mvr, int mvc, int width, int height,
            int planeLength) throws CodecException {
        int src = at + (mvr >> 3) * stride + (mvc >> 3);
        // the filters read 2 rows/columns before and 3 after; clamping keeps that inside the border
        if (src - 2 * stride - 2 < 0 || src + (height + 2) * stride + width + 3 > planeLength) {
            throw new CodecException("VP8", "motion vector (" + mvr + ", " + mvc
                    + ") reaches outside the reference frame (RFC 6386 §18)");
        }
        int xFrac = mvc & 7;
        int yFrac = mvr & 7;
        if ((xFrac | yFrac) == 0) {
            for (int r = 0; r < height; r++) {
                System.arraycopy(ref, src + r * stride, dst, at + r * stride, width);
            }
        } else if (bilinear) {
            filter.bilinear(ref, src, stride, xFrac, yFrac, dst, at, stride, width, height);
        } else {
            filter.sixtap(ref, src, stride, xFrac, yFrac, dst, at, stride, width, height);
        }
    }
}
