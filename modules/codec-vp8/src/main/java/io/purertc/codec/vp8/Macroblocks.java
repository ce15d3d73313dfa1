package io.purertc.codec.vp8;

// RFC 6386 §19.3 per-macroblock header fields, kept like libvpx's MODE_INFO array: one spare entry left of each
// row and one spare row above, never written, so neighbours outside the frame read as intra DC_PRED with zero MVs.
final class Macroblocks {

    final int cols;
    final int rows;
    final int stride;
    final byte[] yMode;
    final byte[] uvMode;
    final byte[] refFrame;
    final byte[] segmentId;
    final byte[] partitioning;
    final boolean[] skipCoefficients;
    final boolean[] needsClamping;
    final int[] mv;
    // 16 per macroblock: sub-block intra modes (B_PRED) or sub-block MVs (SPLITMV)
    final byte[] subModes;
    final int[] subMvs;

    Macroblocks(int cols, int rows) {
        this.cols = cols;
        this.rows = rows;
        this.stride = cols + 1;
        int n = stride * (rows + 1);
        yMode = new byte[n];
        uvMode = new byte[n];
        refFrame = new byte[n];
        segmentId = new byte[n];
        partitioning = new byte[n];
        skipCoefficients = new boolean[n];
        needsClamping = new boolean[n];
        mv = new int[n];
        subModes = new byte[n * 16];
        subMvs = new int[n * 16];
    }

    /** The entry of macroblock (row, col); row and col may be -1 for the spare neighbours. */
    int index(int row, int col) {
        return (row + 1) * stride + col + 1;
    }

    // A motion vector in libvpx's int_mv: two 16-bit halves, compared and tested for zero as one int.
    static int packMv(int row, int col) {
        return (row & 0xFFFF) | (col << 16);
    }

    static int mvRow(int packed) {
        return (short) packed;
    }

    static int mvCol(int packed) {
        return packed >> 16;
    }
}
