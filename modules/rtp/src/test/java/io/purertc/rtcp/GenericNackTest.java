package io.purertc.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class GenericNackTest {

    @Provide
    Arbitrary<TreeSet<Integer>> lost() {
        return RtcpArbitraries.lostSequenceNumbers();
    }

    private static Set<Integer> expandAll(int[] entries) {
        Set<Integer> expanded = new TreeSet<>();
        for (int entry : entries) {
            GenericNack.expand(entry >>> 16, entry & 0xFFFF, expanded);
        }
        return expanded;
    }

    /** The fewest entries by brute force: a greedy cover from every point in turn, keeping the best. */
    private static int fewestEntries(TreeSet<Integer> lost) {
        int[] points = lost.stream().mapToInt(Integer::intValue).toArray();
        int n = points.length;
        int best = Integer.MAX_VALUE;
        for (int start = 0; start < n; start++) {
            int count = 0;
            int covered = 0;
            while (covered < n && count < best) {
                int pid = points[(start + covered) % n];
                count++;
                while (covered < n && ((points[(start + covered) % n] - pid) & 0xFFFF) <= 16) {
                    covered++;
                }
            }
            best = Math.min(best, count);
        }
        return best;
    }

    @Property(tries = 2000)
    void compactThenExpandGivesTheSameSet(@ForAll("lost") TreeSet<Integer> lost) {
        assertEquals(lost, expandAll(GenericNack.compact(lost)));
    }

    @Property(tries = 500)
    void compactUsesTheFewestEntries(@ForAll("lost") TreeSet<Integer> lost) {
        assertEquals(fewestEntries(lost), GenericNack.compact(lost).length);
    }

    /** Sets so dense that no gap reaches 17: the widest gap does not decide where to start. */
    @Test
    void denseSetsAroundTheWholeCircleUseTheFewestEntries() {
        Random random = new Random(7);
        for (int round = 0; round < 5; round++) {
            int step = 3 + random.nextInt(6);
            TreeSet<Integer> lost = new TreeSet<>();
            for (int seq = random.nextInt(step); seq < 65536; seq += 1 + random.nextInt(step)) {
                lost.add(seq);
            }
            int[] entries = GenericNack.compact(lost);
            assertEquals(lost, expandAll(entries));
            assertEquals(fewestEntries(lost), entries.length);
        }
    }

    @Test
    void everySequenceNumberTakesTheFewestEntries() {
        TreeSet<Integer> all = IntStream.range(0, 65536).boxed().collect(Collectors.toCollection(TreeSet::new));
        // ceil(65536 / 17)
        assertEquals(3856, GenericNack.compact(all).length);
        assertEquals(all, expandAll(GenericNack.compact(all)));
    }

    @Test
    void entriesComeInSendingOrderAcrossTheWrap() {
        // 65530 is 30 after 65500; 5 is 11 after 65530
        assertArrayEquals(new int[] {65500 << 16, 65530 << 16 | 1 << 10},
                GenericNack.compact(new TreeSet<>(List.of(5, 65500, 65530))));
        assertArrayEquals(new int[] {7 << 16}, GenericNack.compact(new TreeSet<>(List.of(7))));
    }

    @Test
    void setIsCopiedSortedAndChecked() {
        TreeSet<Integer> lost = new TreeSet<>(List.of(3, 1));
        GenericNack nack = new GenericNack(1, 2, lost);
        lost.add(2);
        assertEquals(List.of(1, 3), List.copyOf(nack.lostSequenceNumbers()));
        assertThrows(UnsupportedOperationException.class, () -> nack.lostSequenceNumbers().add(5));
        assertThrows(IllegalArgumentException.class, () -> GenericNack.of(1, 2, List.of()));
        assertThrows(IllegalArgumentException.class, () -> GenericNack.of(1, 2, List.of(65536)));
        assertThrows(IllegalArgumentException.class, () -> GenericNack.of(1, 2, List.of(-1)));
    }
}
