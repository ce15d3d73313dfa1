package io.purertc.codec.vp8;

import static io.purertc.codec.vp8.Macroblocks.mvCol;
import static io.purertc.codec.vp8.Macroblocks.mvRow;

// RFC 6386 §17: writing a new MV as its difference from the best MV, the inverse of ModeParser.readMv, its cost
// for motion search and the probability updates (libvpx encodemv.c encode_mvcomponent,
// vp8_build_component_cost_table, vp8_write_mvprobs).
final class MotionVectors {

    /** The largest coded component magnitude: ten bits, in units of two 1/8 pixels. */
    static final int MAX_COMPONENT = 1023;
    // magnitudes below this take the short tree
    private static final int SHORT_LIMIT = 8;

    private MotionVectors() {
    }

    /** Writes {@code mv - best} (both even, the difference within range), row first. */
    static void write(BoolEncoder e, int[] probs, int mv, int best) {
        component(e, null, probs, 0, (mvRow(mv) - mvRow(best)) >> 1);
        component(e, null, probs, Vp8Tables.MVP_COUNT, (mvCol(mv) - mvCol(best)) >> 1);
    }

    /** Counts the branches writing {@code mv - best} takes: counts[probability index * 2 + bit]. */
    static void count(int[] counts, int mv, int best) {
        component(null, counts, null, 0, (mvRow(mv) - mvRow(best)) >> 1);
        component(null, counts, null, Vp8Tables.MVP_COUNT, (mvCol(mv) - mvCol(best)) >> 1);
    }

    // Writes to e or, when e is null, counts.
    private static void component(BoolEncoder e, int[] counts, int[] p, int off, int x) {
        int a = Math.abs(x);
        if (a < SHORT_LIMIT) {
            put(e, counts, p, off + Vp8Tables.MVP_IS_SHORT, 0);
            if (e == null) {
                TreeCode.SMALL_MV.count(counts, off + Vp8Tables.MVP_SHORT, a);
            } else {
                TreeCode.SMALL_MV.write(e, p, off + Vp8Tables.MVP_SHORT, a);
            }
            if (a == 0) {
                return;
            }
        } else {
            put(e, counts, p, off + Vp8Tables.MVP_IS_SHORT, 1);
            for (int i = 0; i < 3; i++) {
                put(e, counts, p, off + Vp8Tables.MVP_BITS + i, (a >> i) & 1);
            }
            for (int i = Vp8Tables.MV_LONG_BITS - 1; i > 3; i--) {
                put(e, counts, p, off + Vp8Tables.MVP_BITS + i, (a >> i) & 1);
            }
            // bit 3 is implied when no higher bit is set
            if ((a & 0xFFF0) != 0) {
                put(e, counts, p, off + Vp8Tables.MVP_BITS + 3, (a >> 3) & 1);
            }
        }
        put(e, counts, p, off + Vp8Tables.MVP_SIGN, x < 0 ? 1 : 0);
    }

    private static void put(BoolEncoder e, int[] counts, int[] p, int index, int bit) {
        if (e == null) {
            counts[index * 2 + bit]++;
        } else {
            e.writeBool(p[index], bit);
        }
    }

    /**
     * libvpx encodemv.c vp8_write_mvprobs: each MV probability whose update saves bits on the counted branches
     * is replaced in {@code probs} (by an even value, as the 7-bit update codes it) and flagged in updated.
     */
    static void chooseUpdates(int[] counts, int[] probs, boolean[] updated) {
        for (int i = 0; i < probs.length; i++) {
            int c0 = counts[i * 2];
            int c1 = counts[i * 2 + 1];
            int total = c0 + c1;
            updated[i] = false;
            if (total == 0) {
                continue;
            }
            int x = (int) ((long) c0 * 255 / total) & -2;
            int newProb = x != 0 ? x : 1;
            int old = probs[i];
            int upd = Vp8Tables.MV_UPDATE_PROBS[i];
            long oldBits = (long) c0 * BoolEncoder.cost(old, 0) + (long) c1 * BoolEncoder.cost(old, 1);
            long newBits = (long) c0 * BoolEncoder.cost(newProb, 0) + (long) c1 * BoolEncoder.cost(newProb, 1);
            // libvpx: 7 bits of value, less its MV_PROB_UPDATE_CORRECTION of 1, plus the flag's extra cost
            long updateBits = 6 * 256 + BoolEncoder.cost(upd, 1) - BoolEncoder.cost(upd, 0);
            if (oldBits - newBits > updateBits) {
                probs[i] = newProb;
                updated[i] = true;
            }
        }
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
