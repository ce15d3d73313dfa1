package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The rate controller against a synthetic encoder whose frames cost {@code complexity / step(q)} bits per
 * macroblock: the controller does not know the complexity and has to learn it from the sizes it is told.
 */
class RateControllerTest {

    private static final int MBS = 40 * 30;
    private static final double FPS = 30;

    /** Bits a synthetic inter frame of the given complexity costs at q. */
    private static long cost(double complexity, int q) {
        return Math.round(complexity * MBS / Vp8Tables.AC_QLOOKUP[q]);
    }

    /** Runs inter frames through the controller; returns the q of the last one. */
    private static int run(RateController rc, double complexity, int frames) {
        int q = -1;
        for (int i = 0; i < frames; i++) {
            if (rc.shouldDrop()) {
                rc.frameDropped();
                continue;
            }
            q = rc.chooseQ(false, rc.frameTarget(false));
            rc.frameEncoded(false, q, cost(complexity, q));
        }
        return q;
    }

    @Test
    void qRisesWhenFramesOvershootAndFallsWhenTheyUndershoot() {
        RateController rc = new RateController(MBS, FPS, 1_000_000, 2, 106);
        int settled = run(rc, 1000, 60);
        // the same scene suddenly costs four times as much: the q must go up
        int q = rc.chooseQ(false, rc.frameTarget(false));
        rc.frameEncoded(false, q, cost(4000, q));
        int afterOvershoot = rc.chooseQ(false, rc.frameTarget(false));
        assertTrue(afterOvershoot > settled, afterOvershoot + " > " + settled);
        int busy = run(rc, 4000, 60);
        assertTrue(busy > settled + 10, busy + " vs " + settled);
        // and a quiet scene brings it back down
        q = rc.chooseQ(false, rc.frameTarget(false));
        rc.frameEncoded(false, q, cost(250, q));
        int afterUndershoot = rc.chooseQ(false, rc.frameTarget(false));
        assertTrue(afterUndershoot < busy, afterUndershoot + " < " + busy);
        assertTrue(run(rc, 250, 60) < settled);
    }

    @Test
    void achievedBitrateConvergesOnTheTarget() {
        RateController rc = new RateController(MBS, FPS, 1_000_000, 2, 106);
        run(rc, 3000, 30);
        long bits = 0;
        for (int i = 0; i < 300; i++) {
            int q = rc.chooseQ(false, rc.frameTarget(false));
            long size = cost(3000, q);
            rc.frameEncoded(false, q, size);
            bits += size;
        }
        double achieved = bits / 10.0;
        assertEquals(1_000_000, achieved, 50_000);
    }

    @Test
    void framesDropUnderASuddenBitrateCutAndTheRateFollowsTheCut() {
        RateController rc = new RateController(MBS, FPS, 2_000_000, 2, 106);
        run(rc, 4000, 60);
        assertTrue(!rc.shouldDrop());
        rc.setTargetBitrate(100_000);
        int dropped = 0;
        long bits = 0;
        for (int i = 0; i < 300; i++) {
            if (rc.shouldDrop()) {
                rc.frameDropped();
                dropped++;
                continue;
            }
            int q = rc.chooseQ(false, rc.frameTarget(false));
            long size = cost(4000, q);
            rc.frameEncoded(false, q, size);
            bits += size;
        }
        // even the highest q costs more than 100 kb/s at 30 fps, so only dropping keeps the rate
        assertTrue(cost(4000, 106) * FPS > 100_000);
        assertTrue(dropped > 30, "dropped " + dropped);
        assertEquals(100_000, bits / 10.0, 20_000);
    }

    @Test
    void aKeyFrameGetsALargerBudgetThanAnInterFrame() {
        RateController rc = new RateController(MBS, FPS, 1_000_000, 2, 106);
        assertTrue(rc.frameTarget(true) >= 5 * rc.frameTarget(false));
        assertTrue(rc.frameTarget(true) <= rc.bufferLevel());
    }

    @Property(tries = 200)
    void theBufferNeverExceedsItsMaximum(@ForAll @IntRange(min = 50_000, max = 5_000_000) int bitrate,
                                         @ForAll @IntRange(min = 1, max = 20_000) int complexity,
                                         @ForAll @IntRange(min = 50_000, max = 5_000_000) int newBitrate) {
        RateController rc = new RateController(MBS, FPS, bitrate, 0, 127);
        for (int i = 0; i < 120; i++) {
            if (i == 60) {
                rc.setTargetBitrate(newBitrate);
            }
            if (rc.shouldDrop()) {
                rc.frameDropped();
            } else {
                boolean key = i % 50 == 0;
                int q = rc.chooseQ(key, rc.frameTarget(key));
                rc.frameEncoded(key, q, cost(complexity * (i % 7 == 0 ? 5 : 1), q));
            }
            assertTrue(rc.bufferLevel() <= rc.maximumBufferLevel());
        }
    }

    @Test
    void qStaysWithinItsRange() {
        RateController rc = new RateController(MBS, FPS, 1_000_000, 10, 50);
        assertEquals(50, run(rc, 100_000, 30));
        RateController generous = new RateController(MBS, FPS, 1_000_000, 10, 50);
        assertEquals(10, run(generous, 1, 30));
    }
}
