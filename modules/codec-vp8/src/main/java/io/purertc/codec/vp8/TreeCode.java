package io.purertc.codec.vp8;

import java.util.Arrays;

// RFC 6386 §8.1: the path of every leaf of a token tree, for writing a value or pricing it. The tree is the
// decoder's own (Vp8Tables), so what is written reads back as the same value.
final class TreeCode {

    static final TreeCode KF_YMODE = new TreeCode(Vp8Tables.KF_YMODE_TREE);
    static final TreeCode YMODE = new TreeCode(Vp8Tables.YMODE_TREE);
    static final TreeCode UV_MODE = new TreeCode(Vp8Tables.UV_MODE_TREE);
    static final TreeCode BMODE = new TreeCode(Vp8Tables.BMODE_TREE);
    static final TreeCode SMALL_MV = new TreeCode(Vp8Tables.SMALL_MV_TREE);

    // per leaf value: the node index (tree position / 2) and the bit taken at each step
    private final int[][] nodes;
    private final int[][] bits;

    private TreeCode(int[] tree) {
        int leaves = tree.length / 2 + 1;
        nodes = new int[leaves][];
        bits = new int[leaves][];
        walk(tree, 0, new int[leaves], new int[leaves], 0);
    }

    private void walk(int[] tree, int i, int[] nodePath, int[] bitPath, int depth) {
        for (int bit = 0; bit < 2; bit++) {
            nodePath[depth] = i >> 1;
            bitPath[depth] = bit;
            int next = tree[i + bit];
            if (next > 0) {
                walk(tree, next, nodePath, bitPath, depth + 1);
            } else {
                nodes[-next] = Arrays.copyOf(nodePath, depth + 1);
                bits[-next] = Arrays.copyOf(bitPath, depth + 1);
            }
        }
    }

    void write(BoolEncoder e, int[] probs, int probOffset, int value) {
        int[] n = nodes[value];
        int[] b = bits[value];
        for (int k = 0; k < n.length; k++) {
            e.writeBool(probs[probOffset + n[k]], b[k]);
        }
    }

    /** Counts the branches {@code value} takes: counts[(probOffset + node) * 2 + bit]. */
    void count(int[] counts, int probOffset, int value) {
        int[] n = nodes[value];
        int[] b = bits[value];
        for (int k = 0; k < n.length; k++) {
            counts[(probOffset + n[k]) * 2 + b[k]]++;
        }
    }

    /** The cost of {@code value} in 1/256 bits. */
    int cost(int[] probs, int probOffset, int value) {
        int[] n = nodes[value];
        int[] b = bits[value];
        int c = 0;
        for (int k = 0; k < n.length; k++) {
            c += BoolEncoder.cost(probs[probOffset + n[k]], b[k]);
        }
        return c;
    }
}
