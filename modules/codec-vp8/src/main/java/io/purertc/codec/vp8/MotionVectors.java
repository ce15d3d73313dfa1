package io.purertc.codec.vp8;

import static io.purertc.codec.vp8.Macroblocks.mvCol;
import static io.purertc.codec.vp8.Macroblocks.mvRow;

// RFC 6386 §17: writing a new MV as its difference from the best MV, the inverse of ModeParser.readMv, and its
// cost for motion search (libvpx encodemv.c encode_mvcomponent, vp8_build_component_cost_table).
final class MotionVectors {

    /** The largest coded component magnitude: ten bits, in units of two 1/8 pixels. */
    static final int MAX_COMPONENT = 1023;
    // magnitudes below this take the short tree
    private static final int SHORT_LIMIT = 8;

    private MotionVectors() {
    }

    /** Writes {@code mv - best} (both even, the difference within range), row first. */
    static void write(BoolEncoder e, int[] probs, int mv, int best) {
        writeComponent(e, probs, 0, (mvRow(mv) - mvRow(best)) >> 1);
        writeComponent(e, probs, Vp8Tables.MVP_COUNT, (mvCol(mv) - mvCol(best)) >> 1);
    }

    private static void writeComponent(BoolEncoder e, int[] p, int off, int x) {
        int a = Math.abs(x);
        if (a < SHORT_LIMIT) {
            e.writeBool(p[off + Vp8Tables.MVP_IS_SHORT], 0);
            TreeCode.SMALL_MV.write(e, p, off + Vp8Tables.MVP_SHORT, a);
            if (a == 0) {
                return;
            }
        } else {
            e.writeBool(p[off + Vp8Tables.MVP_IS_SHORT], 1);
            for (int i = 0; i < 3; i++) {
                e.writeBool(p[off + Vp8Tables.MVP_BITS + i], (a >> i) & 1);
            }
            for (int i = Vp8Tables.MV_LONG_BITS - 1; i > 3; i--) {
                e.writeBool(p[off + Vp8Tables.MVP_BITS + i], (a >> i) & 1);
            }
            // bit 3 is implied when no higher bit is set
            if ((a & 0xFFF0) != 0) {
                e.writeBool(p[off + Vp8Tables.MVP_BITS + 3], (a >> 3) & 1);
            }
        }
        e.writeBool(p[off + Vp8Tables.MVP_SIGN], x < 0 ? 1 : 0);
    }

    /**
     * Fills {@code costs[component * (2 * MAX_COMPONENT + 1) + MAX_COMPONENT + x]} with the cost of coding
     * component value x, in 1/256 bits.
     */
    static void costTable(int[] probs, int[] costs) {
        int size = 2 * MAX_COMPONENT + 1;
        for (int comp = 0; comp < 2; comp++) {
            int off = comp * Vp8Tables.MVP_COUNT;
            for (int a = 0; a <= MAX_COMPONENT; a++) {
                int c;
                if (a < SHORT_LIMIT) {
                    c = BoolEncoder.cost(probs[off + Vp8Tables.MVP_IS_SHORT], 0)
                            + TreeCode.SMALL_MV.cost(probs, off + Vp8Tables.MVP_SHORT, a);
                } else {
                    c = BoolEncoder.cost(probs[off + Vp8Tables.MVP_IS_SHORT], 1);
                    for (int i = 0; i < Vp8Tables.MV_LONG_BITS; i++) {
                        if (i != 3 || (a & 0xFFF0) != 0) {
                            c += BoolEncoder.cost(probs[off + Vp8Tables.MVP_BITS + i], (a >> i) & 1);
                        }
                    }
                }
                int base = comp * size + MAX_COMPONENT;
                if (a == 0) {
                    costs[base] = c;
                } else {
                    costs[base + a] = c + BoolEncoder.cost(probs[off + Vp8Tables.MVP_SIGN], 0);
                    costs[base - a] = c + BoolEncoder.cost(probs[off + Vp8Tables.MVP_SIGN], 1);
                }
            }
        }
    }
}
