package io.purertc.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import org.junit.jupiter.api.Test;

/** The per-SSRC state: rollover counter estimate, replay window, SSRC table. */
class SrtpStateTest {

    private static long index(long roc, int seq) {
        return roc << 16 | seq;
    }

    /** A counter at s_l = {@code highestSeq} and the given ROC, reached the way a stream reaches it. */
    private static RolloverCounter at(long roc, int highestSeq) {
        RolloverCounter counter = new RolloverCounter(0);
        counter.advance(index(roc, highestSeq));
        return counter;
    }

    @Test
    void theEstimatePicksTheRolloverCounterThatPutsTheSequenceNumberNearestTheHighest() {
        assertEquals(index(0, 101), at(0, 100).estimate(101));
        assertEquals(index(0, 32868), at(0, 100).estimate(32868));
        assertEquals(-1, at(0, 100).estimate(32869), "before ROC 0");
        assertEquals(index(4, 32869), at(5, 100).estimate(32869));
        assertEquals(index(1, 10), at(0, 65000).estimate(10));
        assertEquals(index(0, 64000), at(0, 65000).estimate(64000));
        assertEquals(index(0, 32232), at(0, 65000).estimate(32232));
        assertEquals(index(1, 32231), at(0, 65000).estimate(32231));
        assertEquals(index(2, 65535), at(3, 0).estimate(65535));
    }

    @Test
    void onlyANewerIndexMovesTheCounter() {
        RolloverCounter counter = at(1, 65535);
        counter.advance(index(1, 3));
        assertEquals(index(2, 0), counter.estimate(0));
        counter.advance(index(2, 40000));
        assertEquals(index(3, 100), counter.estimate(100));
    }

    @Property
    void theReplayWindowAgreesWithASetOfAcceptedIndices(@ForAll @IntRange(min = 64, max = 200) int size,
            @ForAll @Size(max = 300) List<@IntRange(max = 600) Integer> arrivals) {
        ReplayWindow window = new ReplayWindow(size);
        Set<Long> accepted = new HashSet<>();
        long highest = -1;
        for (int arrival : arrivals) {
            long index = arrival;
            SrtpFailure expected = index > highest ? null
                    : highest - index >= size ? SrtpFailure.TOO_OLD
                    : accepted.contains(index) ? SrtpFailure.REPLAYED : null;

            assertEquals(expected, window.check(index), "index " + index + " after " + highest);

            if (expected == null) {
                window.accept(index);
                accepted.add(index);
                highest = Math.max(highest, index);
            }
        }
    }

    @Test
    void theReplayWindowForgetsWhatAJumpPastItsCapacityLeavesBehind() {
        ReplayWindow window = new ReplayWindow(64);
        window.accept(10);
        window.accept(10 + 64 + 64);

        assertNull(window.check(10 + 64 + 64 - 63));
        assertEquals(SrtpFailure.TOO_OLD, window.check(10 + 64));
        assertEquals(SrtpFailure.REPLAYED, window.check(10 + 64 + 64));
    }

    @Property
    void theSsrcTableHoldsAtMostItsMaximumAndFindsWhatItHolds(@ForAll @IntRange(min = 1, max = 40) int max,
            @ForAll @Size(max = 100) List<Integer> ssrcs) {
        SsrcTable<Integer> table = new SsrcTable<>(max);
        Map<Integer, Integer> model = new HashMap<>();
        for (int i = 0; i < ssrcs.size(); i++) {
            int ssrc = ssrcs.get(i);
            assertEquals(model.get(ssrc), table.get(ssrc));
            assertEquals(model.size() == max, table.isFull());
            if (!model.containsKey(ssrc) && model.size() < max) {
                table.add(ssrc, i);
                model.put(ssrc, i);
            }
        }
        for (Map.Entry<Integer, Integer> entry : model.entrySet()) {
            assertEquals(entry.getValue(), table.get(entry.getKey()));
        }
    }
}
