package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FramePlannerTest {

    private static final int W = 320;
    private static final int H = 240;

    private static FramePlanner planner(int layers, boolean errorResilient) {
        return new FramePlanner(30, 500_000, 4, 106, 3000, layers, errorResilient);
    }

    /** Plans and "encodes" a frame of a plausible size for its q; null when dropped. */
    private static FramePlanner.FramePlan step(FramePlanner p, boolean keyRequested, double intraShare) {
        FramePlanner.FramePlan plan = p.next(W, H, keyRequested);
        if (plan != null) {
            int bytes = 300 * 1500 / 8 / Vp8Tables.AC_QLOOKUP[plan.qIndex()] * (plan.keyFrame() ? 4 : 1);
            p.encoded(plan, bytes, intraShare);
        }
        return plan;
    }

    @Test
    void keyFramesOnTheFirstPictureOnRequestOnTheIntervalAndOnASizeChange() {
        FramePlanner p = new FramePlanner(30, 2_000_000, 4, 106, 10, 1, false);
        assertTrue(step(p, false, 0).keyFrame());
        for (int i = 1; i < 5; i++) {
            assertFalse(step(p, false, 0).keyFrame());
        }
        assertTrue(step(p, true, 0).keyFrame(), "the frame right after a request");
        for (int i = 1; i < 10; i++) {
            assertFalse(step(p, false, 0).keyFrame(), "frame " + i + " after the key frame");
        }
        assertTrue(step(p, false, 0).keyFrame(), "the tenth frame after a key frame");
        assertFalse(step(p, false, 0).keyFrame());
        FramePlanner.FramePlan resized = p.next(W / 2, H, false);
        assertTrue(resized.keyFrame());
        assertTrue(resized.refreshLast() && resized.refreshGolden() && resized.refreshAltRef());
    }

    /**
     * Tracks which layer last wrote each reference buffer: a frame may only predict from buffers written at or
     * below its own layer, so dropping higher layers never leaves a lower one without its references.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void eachLayerPredictsOnlyFromItsOwnOrLowerLayers(int layers) {
        FramePlanner p = planner(layers, false);
        int[] writer = new int[3];
        int[] framesPerLayer = new int[layers];
        int tl0 = -1;
        Random random = new Random(7);
        for (int i = 0; i < 400; i++) {
            FramePlanner.FramePlan plan = step(p, i == 200, random.nextDouble());
            assertNotNull(plan, "no drops at a comfortable rate");
            framesPerLayer[plan.temporalLayer()]++;
            if (plan.keyFrame()) {
                assertEquals(0, plan.temporalLayer());
            }
            for (int ref = 0; ref < 3; ref++) {
                if ((plan.referenceMask() & (1 << ref)) != 0) {
                    assertTrue(writer[ref] <= plan.temporalLayer(), "frame " + i + " of layer "
                            + plan.temporalLayer() + " predicts from buffer " + ref + " of layer " + writer[ref]);
                }
            }
            assertEquals(plan.temporalLayer() == 0, plan.refreshEntropy(), "only the base layer keeps probabilities");
            if (plan.layerSync()) {
                assertEquals(TemporalPattern.LAST, plan.referenceMask());
                assertEquals(0, writer[0]);
            }
            if (plan.temporalLayer() == 0) {
                assertEquals((tl0 + 1) & 0xFF, plan.tl0PicIdx(), "TL0PICIDX counts base-layer frames");
                tl0 = plan.tl0PicIdx();
            } else {
                assertEquals(tl0, plan.tl0PicIdx(), "upper layers carry the newest base frame's index");
            }
            boolean[] refresh = {plan.refreshLast(), plan.refreshGolden(), plan.refreshAltRef()};
            for (int ref = 0; ref < 3; ref++) {
                if (refresh[ref]) {
                    writer[ref] = plan.temporalLayer();
                }
            }
        }
        assertTrue(writer[0] == 0, "only the base layer writes the last buffer");
        if (layers == 2) {
            assertEquals(200, framesPerLayer[0]);
        } else if (layers == 3) {
            assertEquals(100, framesPerLayer[0]);
            assertEquals(200, framesPerLayer[2]);
        }
    }

    @Test
    void goldenIsRefreshedPeriodicallyAndAfterASceneCut() {
        FramePlanner p = planner(1, false);
        step(p, false, 0);
        int sinceGolden = 0;
        for (int i = 1; i < 100; i++) {
            FramePlanner.FramePlan plan = step(p, false, 0);
            sinceGolden = plan.refreshGolden() ? 0 : sinceGolden + 1;
            assertTrue(sinceGolden < FramePlanner.GOLDEN_INTERVAL);
            assertTrue((plan.referenceMask() & TemporalPattern.GOLDEN) != 0);
        }
        FramePlanner.FramePlan quiet = step(p, false, 0);
        if (!quiet.refreshGolden()) {
            step(p, false, 0.9);
            assertTrue(step(p, false, 0).refreshGolden(), "the frame after a mostly intra one");
        }
    }

    @Test
    void errorResilientFramesKeepNoEntropyAndPredictFromLastOnly() {
        FramePlanner p = planner(1, true);
        for (int i = 0; i < 100; i++) {
            FramePlanner.FramePlan plan = step(p, false, i % 10 == 5 ? 0.9 : 0);
            assertFalse(plan.refreshEntropy());
            if (!plan.keyFrame()) {
                assertEquals(TemporalPattern.LAST, plan.referenceMask());
                assertFalse(plan.refreshGolden() || plan.refreshAltRef());
            }
        }
    }

    @Test
    void picturesAreDroppedAfterABitrateCutButNeverARequestedKeyFrame() {
        FramePlanner p = planner(1, false);
        for (int i = 0; i < 60; i++) {
            step(p, false, 0);
        }
        p.setTargetBitrate(20_000);
        int dropped = 0;
        for (int i = 0; i < 60; i++) {
            if (step(p, false, 0) == null) {
                dropped++;
            }
        }
        assertTrue(dropped > 10, "dropped " + dropped);
        assertTrue(p.controller(0).shouldDrop() || step(p, false, 0) != null);
        FramePlanner.FramePlan key = step(p, true, 0);
        assertNotNull(key);
        assertTrue(key.keyFrame());
    }

    @Property(tries = 50)
    void aRequestedKeyFrameIsTheVeryNextFrame(@ForAll @IntRange(min = 0, max = 200) int at,
                                              @ForAll @IntRange(min = 1, max = 3) int layers) {
        FramePlanner p = planner(layers, false);
        for (int i = 0; i < at; i++) {
            step(p, false, 0);
        }
        FramePlanner.FramePlan plan = step(p, true, 0);
        assertTrue(plan.keyFrame());
        assertEquals(0, plan.temporalLayer());
    }
}
