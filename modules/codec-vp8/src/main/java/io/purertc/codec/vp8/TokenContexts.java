package io.purertc.codec.vp8;

import java.util.Arrays;

// RFC 6386 §13.3 and libvpx ENTROPY_CONTEXT_PLANES: whether the block above and the block to the left had
// tokens, which picks the probabilities of a block's first token. 9 flags per macroblock: 4 luma columns/rows,
// 2 U, 2 V, 1 Y2. Shared by the decoder's Residuals and the encoder's TokenWriter.
final class TokenContexts {

    private static final int PER_MB = 9;
    static final int Y2 = 8;

    private byte[] above = new byte[0];
    private final byte[] left = new byte[PER_MB];

    /** Sizes and clears the above flags at the start of a frame. */
    void startFrame(int mbCols) {
        if (above.length != mbCols * PER_MB) {
            above = new byte[mbCols * PER_MB];
        } else {
            Arrays.fill(above, (byte) 0);
        }
    }

    void startRow() {
        Arrays.fill(left, (byte) 0);
    }

    /** A macroblock without coefficients clears its flags; Y2's only if it would have had one. */
    void skip(int mbCol, boolean hasY2) {
        int a = mbCol * PER_MB;
        Arrays.fill(above, a, a + 8, (byte) 0);
        Arrays.fill(left, 0, 8, (byte) 0);
        if (hasY2) {
            above[a + Y2] = 0;
            left[Y2] = 0;
        }
    }

    /** The index in the above flags of block b (0-15 luma, 16-23 chroma, 24 Y2) of the macroblock in mbCol. */
    static int aboveIndex(int mbCol, int b) {
        int a = mbCol * PER_MB;
        if (b < 16) {
            return a + (b & 3);
        }
        return b == Residuals.Y2 ? a + Y2 : a + 4 + (b > 19 ? 2 : 0) + (b & 1);
    }

    /** The index in the left flags of block b. */
    static int leftIndex(int b) {
        if (b < 16) {
            return b >> 2;
        }
        return b == Residuals.Y2 ? Y2 : 4 + (b > 19 ? 2 : 0) + ((b & 3) > 1 ? 1 : 0);
    }

    /** The context of block b: how many of its above and left neighbours had tokens. */
    int context(int mbCol, int b) {
        return above[aboveIndex(mbCol, b)] + left[leftIndex(b)];
    }

    /** Records whether block b had tokens. */
    void set(int mbCol, int b, boolean tokens) {
        byte flag = (byte) (tokens ? 1 : 0);
        above[aboveIndex(mbCol, b)] = flag;
        left[leftIndex(b)] = flag;
    }
}
