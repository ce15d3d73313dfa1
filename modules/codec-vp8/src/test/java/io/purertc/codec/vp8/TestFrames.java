package io.purertc.codec.vp8;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/** Builds small VP8 frames bit by bit (RFC 6386 §9, §19) for tests that need frames no encoder made. */
final class TestFrames {

    private TestFrames() {
    }

    /** What the hand-built key frame's header says. */
    static final class Options {
        int width = 40;
        int height = 24;
        boolean segmentation;
        int[] segmentQuant = {0, 0, 0, 0};
        int[] segmentLevel = {0, 0, 0, 0};
        boolean absoluteSegments;
        int filterType;
        int filterLevel;
        int sharpness;
        int[] refDeltas;
        int[] modeDeltas;
        int partitionsLog2;
        int q = 10;
        int y2DcDelta;
        int uvAcDelta;
        boolean show = true;
        // per-macroblock content: random intra modes when a seed is given, else DC_PRED everywhere
        Long modeSeed;
    }

    /**
     * A key frame whose macroblocks carry no coefficients (each block ends at its first token), so its
     * picture is the intra prediction alone.
     */
    static byte[] keyFrame(Options o) {
        BoolEncoder e = new BoolEncoder();
        e.writeFlag(false); // colour space
        e.writeFlag(false); // clamping type
        e.writeFlag(o.segmentation);
        if (o.segmentation) {
            e.writeFlag(true); // update map
            e.writeFlag(true); // update data
            e.writeFlag(o.absoluteSegments);
            for (int v : o.segmentQuant) {
                writeOptionalSigned(e, v, 7);
            }
            for (int v : o.segmentLevel) {
                writeOptionalSigned(e, v, 6);
            }
            for (int i = 0; i < 3; i++) {
                e.writeFlag(true);
                e.writeLiteral(128, 8);
            }
        }
        e.writeLiteral(o.filterType, 1);
        e.writeLiteral(o.filterLevel, 6);
        e.writeLiteral(o.sharpness, 3);
        boolean deltas = o.refDeltas != null;
        e.writeFlag(deltas);
        if (deltas) {
            e.writeFlag(true);
            for (int v : o.refDeltas) {
                writeOptionalSigned(e, v, 6);
            }
            for (int v : o.modeDeltas) {
                writeOptionalSigned(e, v, 6);
            }
        }
        e.writeLiteral(o.partitionsLog2, 2);
        e.writeLiteral(o.q, 7);
        writeOptionalSigned(e, 0, 4);
        writeOptionalSigned(e, o.y2DcDelta, 4);
        writeOptionalSigned(e, 0, 4);
        writeOptionalSigned(e, 0, 4);
        writeOptionalSigned(e, o.uvAcDelta, 4);
        e.writeFlag(true); // refresh entropy probs
        for (int i = 0; i < Vp8Tables.COEF_PROB_COUNT; i++) {
            e.writeBool(Vp8Tables.COEF_UPDATE_PROBS[i], 0);
        }
        e.writeFlag(false); // mb_no_coeff_skip: every macroblock has tokens
        int cols = (o.width + 15) / 16;
        int rows = (o.height + 15) / 16;
        Random random = new Random(o.modeSeed == null ? 0 : o.modeSeed);
        int[] ymodes = new int[cols * rows];
        for (int mb = 0; mb < cols * rows; mb++) {
            if (o.segmentation) {
                e.writeBool(128, 0);
                e.writeBool(128, mb & 1);
            }
            int ymode = o.modeSeed == null ? IntraPredictor.DC_PRED : random.nextInt(4);
            ymodes[mb] = ymode;
            writeTree(e, Vp8Tables.KF_YMODE_TREE, Vp8Tables.KF_YMODE_PROBS, 0, ymode);
            int uvMode = o.modeSeed == null ? 0 : random.nextInt(4);
            writeTree(e, Vp8Tables.UV_MODE_TREE, Vp8Tables.KF_UV_MODE_PROBS, 0, uvMode);
        }
        byte[] first = e.finish();
        int partitions = 1 << o.partitionsLog2;
        BoolEncoder[] tokens = new BoolEncoder[partitions];
        for (int i = 0; i < partitions; i++) {
            tokens[i] = new BoolEncoder();
        }
        for (int row = 0; row < rows; row++) {
            BoolEncoder t = tokens[row % partitions];
            for (int col = 0; col < cols; col++) {
                // with every block empty all contexts stay 0: Y2 (type 1, band 0), Y from 1 (type 0, band 1), UV
                t.writeBool(Vp8Tables.DEFAULT_COEF_PROBS[(1 * 8 + 0) * 33], 0);
                for (int b = 0; b < 16; b++) {
                    t.writeBool(Vp8Tables.DEFAULT_COEF_PROBS[(0 * 8 + 1) * 33], 0);
                }
                for (int b = 0; b < 8; b++) {
                    t.writeBool(Vp8Tables.DEFAULT_COEF_PROBS[(2 * 8 + 0) * 33], 0);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int tag = (first.length << 5) | (o.show ? 0x10 : 0);
        out.write(tag & 0xFF);
        out.write((tag >> 8) & 0xFF);
        out.write((tag >> 16) & 0xFF);
        out.write(0x9D);
        out.write(0x01);
        out.write(0x2A);
        out.write(o.width & 0xFF);
        out.write(o.width >> 8);
        out.write(o.height & 0xFF);
        out.write(o.height >> 8);
        out.writeBytes(first);
        byte[][] parts = new byte[partitions][];
        for (int i = 0; i < partitions; i++) {
            parts[i] = tokens[i].finish();
        }
        for (int i = 0; i < partitions - 1; i++) {
            out.write(parts[i].length & 0xFF);
            out.write((parts[i].length >> 8) & 0xFF);
            out.write((parts[i].length >> 16) & 0xFF);
        }
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static void writeOptionalSigned(BoolEncoder e, int value, int bits) {
        e.writeFlag(value != 0);
        if (value != 0) {
            e.writeSignedLiteral(value, bits);
        }
    }

    /** Writes the path to leaf {@code value} of {@code tree} (entries <= 0 are negated leaves). */
    static void writeTree(BoolEncoder e, int[] tree, int[] probs, int probOffset, int value) {
        int[] path = new int[16];
        int[] nodes = new int[16];
        int depth = find(tree, 0, value, path, nodes, 0);
        for (int i = 0; i < depth; i++) {
            e.writeBool(probs[probOffset + (nodes[i] >> 1)], path[i]);
        }
    }

    private static int find(int[] tree, int node, int value, int[] path, int[] nodes, int depth) {
        for (int bit = 0; bit < 2; bit++) {
            int next = tree[node + bit];
            path[depth] = bit;
            nodes[depth] = node;
            if (next <= 0 && -next == value) {
                return depth + 1;
            }
            if (next > 0) {
                int found = find(tree, next, value, path, nodes, depth + 1);
                if (found > 0) {
                    return found;
                }
            }
        }
        return -1;
    }
}
