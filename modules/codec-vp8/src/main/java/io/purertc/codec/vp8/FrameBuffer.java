package io.purertc.codec.vp8;

import io.purertc.media.VideoFrame;
import java.util.Arrays;

/**
 * One reconstructed picture: three planes covering the macroblock-aligned area plus a border.
 *
 * <p>RFC 6386 §5: motion vectors may point outside the frame, and prediction then reads pixels
 * replicated from the edge. The border holds those replicated pixels so inter prediction never
 * has to clamp per pixel. libvpx (vp8/common/alloccommon.c) rounds its buffers up to whole
 * macroblocks and replicates from that aligned area, not from the displayed size, so this does
 * the same; {@link #BORDER} is libvpx's VP8BORDERINPIXELS.
 */
final class FrameBuffer {

    static final int BORDER = 32;
    static final int BORDER_UV = BORDER / 2;

    final int width;
    final int height;
    final int mbCols;
    final int mbRows;
    final byte[] y;
    final byte[] u;
    final byte[] v;
    final int strideY;
    final int strideUV;
    final int originY;
    final int originUV;

    FrameBuffer(int width, int height) {
        if (width <= 0 || height <= 0 || width > 16383 || height > 16383) {
            throw new IllegalArgumentException("VP8 frame size out of range: " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.mbCols = (width + 15) >> 4;
        this.mbRows = (height + 15) >> 4;
        this.strideY = mbCols * 16 + 2 * BORDER;
        this.strideUV = mbCols * 8 + 2 * BORDER_UV;
        this.originY = BORDER * strideY + BORDER;
        this.originUV = BORDER_UV * strideUV + BORDER_UV;
        this.y = new byte[strideY * (mbRows * 16 + 2 * BORDER)];
        this.u = new byte[strideUV * (mbRows * 8 + 2 * BORDER_UV)];
        this.v = new byte[u.length];
    }

    /**
     * Saturates a reconstructed value to 0..255. The usual case (already in range) costs one
     * well-predicted test; out of range, the sign of the complement picks 0 or 255 without a
     * second branch.
     */
    static int clampPixel(int value) {
        return (value & ~0xFF) == 0 ? value : (~value >>> 31) * 255;
    }

    /** Replicates the outermost pixels of the aligned area into the whole border, corners too. */
    void extendBorders() {
        extendPlane(y, strideY, BORDER, mbCols * 16, mbRows * 16);
        extendPlane(u, strideUV, BORDER_UV, mbCols * 8, mbRows * 8);
        extendPlane(v, strideUV, BORDER_UV, mbCols * 8, mbRows * 8);
    }

    private static void extendPlane(byte[] plane, int stride, int border, int alignedWidth, int alignedHeight) {
        int rowStart = border * stride;
        for (int row = 0; row < alignedHeight; row++, rowStart += stride) {
            int first = rowStart + border;
            int last = first + alignedWidth - 1;
            Arrays.fill(plane, rowStart, first, plane[first]);
            Arrays.fill(plane, last + 1, rowStart + stride, plane[last]);
        }
        // Whole rows, borders included, so the corners come with them.
        int top = border * stride;
        int bottom = (border + alignedHeight - 1) * stride;
        for (int row = 0; row < border; row++) {
            System.arraycopy(plane, top, plane, row * stride, stride);
            System.arraycopy(plane, bottom, plane, bottom + (row + 1) * stride, stride);
        }
    }

    /** Copies every plane, borders included (golden / alt-ref updates, RFC 6386 §9.7). */
    void copyFrom(FrameBuffer other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("cannot copy a " + other.width + "x" + other.height
                    + " frame into a " + width + "x" + height + " one");
        }
        System.arraycopy(other.y, 0, y, 0, y.length);
        System.arraycopy(other.u, 0, u, 0, u.length);
        System.arraycopy(other.v, 0, v, 0, v.length);
    }

    /** The displayed part only, tightly packed; the decoder keeps reusing this buffer. */
    VideoFrame toVideoFrame(long captureTimeMicros) {
        int chromaWidth = VideoFrame.chromaWidth(width);
        int chromaHeight = VideoFrame.chromaHeight(height);
        byte[] outY = crop(y, strideY, originY, width, height);
        byte[] outU = crop(u, strideUV, originUV, chromaWidth, chromaHeight);
        byte[] outV = crop(v, strideUV, originUV, chromaWidth, chromaHeight);
        return new VideoFrame(width, height, outY, width, outU, chromaWidth, outV, chromaWidth, 0,
                captureTimeMicros);
    }

    private static byte[] crop(byte[] plane, int stride, int origin, int w, int h) {
        byte[] out = new byte[w * h];
        for (int row = 0; row < h; row++) {
            System.arraycopy(plane, origin + row * stride, out, row * w, w);
        }
        return out;
    }
}
