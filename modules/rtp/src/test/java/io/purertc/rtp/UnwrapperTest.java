package io.purertc.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.function.LongUnaryOperator;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class UnwrapperTest {

    private static long[] unwrapAll(int... sequenceNumbers) {
        SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
        long[] extended = new long[sequenceNumbers.length];
        for (int i = 0; i < sequenceNumbers.length; i++) {
            extended[i] = unwrapper.unwrap(sequenceNumbers[i]);
        }
        return extended;
    }

    @Test
    void firstValueMapsToItself() {
        assertEquals(40_000, new SequenceNumberUnwrapper().unwrap(40_000));
        assertEquals(0xFFFF_FFFFL, new TimestampUnwrapper().unwrap(0xFFFF_FFFFL));
    }

    @Test
    void countsOnAcrossTheWrap() {
        assertArrayEquals(new long[] {65534, 65535, 65536, 65537}, unwrapAll(65534, 65535, 0, 1));
    }

    @Test
    void placesReorderedPacketsAcrossTheWrap() {
        assertArrayEquals(new long[] {65535, 65537, 65536, 65538, 65535}, unwrapAll(65535, 1, 0, 2, 65535));
        assertArrayEquals(new long[] {2, 1, 65535 - 65536, 3}, unwrapAll(2, 1, 65535, 3));
    }

    @Test
    void halfTheRangeAheadIsForwardAndMoreIsBehind() {
        assertArrayEquals(new long[] {0, 32768}, unwrapAll(0, 32768));
        assertArrayEquals(new long[] {0, 32769 - 65536}, unwrapAll(0, 32769));
    }

    @Test
    void latePacketsDoNotMoveTheReference() {
        // After 30000, a packet 30000 behind arrives. 62000 is then judged against the highest (30000):
        // 32000 ahead. Judged against the late 0 it would be 3536 behind.
        assertArrayEquals(new long[] {30000, 0, 62000}, unwrapAll(30000, 0, 62000));
    }

    @Test
    void timestampsCountOnAcrossTheWrap() {
        TimestampUnwrapper unwrapper = new TimestampUnwrapper();
        assertEquals(0xFFFF_FF00L, unwrapper.unwrap(0xFFFF_FF00L));
        assertEquals(0x1_0000_0100L, unwrapper.unwrap(0x100));
        assertEquals(0xFFFF_FFF0L, unwrapper.unwrap(0xFFFF_FFF0L));
        assertEquals(0x1_8000_0100L, unwrapper.unwrap(0x8000_0100L));
        assertEquals(0x2_0000_0000L, unwrapper.unwrap(0));
    }

    @Test
    void rejectsValuesOutsideTheCounter() {
        assertThrows(IllegalArgumentException.class, () -> new SequenceNumberUnwrapper().unwrap(65536));
        assertThrows(IllegalArgumentException.class, () -> new SequenceNumberUnwrapper().unwrap(-1));
        assertThrows(IllegalArgumentException.class, () -> new TimestampUnwrapper().unwrap(1L << 32));
    }

    /** A sequence stream that runs ahead with jumps and lets one packet in ten arrive late unwraps exactly. */
    @Property
    void recoversTheExtendedSequenceOfAJitteryStream(@ForAll @IntRange(max = 0xFFFF) int start,
                                                    @ForAll long seed) {
        SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
        assertRecoversJitteryStream(value -> unwrapper.unwrap((int) value), 0xFFFF, start, seed, 300, 500);
    }

    @Property
    void recoversTheExtendedTimestampOfAJitteryStream(@ForAll @LongRange(max = 0xFFFF_FFFFL) long start,
                                                     @ForAll long seed) {
        TimestampUnwrapper unwrapper = new TimestampUnwrapper();
        assertRecoversJitteryStream(unwrapper::unwrap, 0xFFFF_FFFFL, start, seed, 1L << 30, 1L << 30);
    }

    private static void assertRecoversJitteryStream(LongUnaryOperator unwrap, long mask, long start, long seed,
                                                    long maxLate, long maxAhead) {
        Random random = new Random(seed);
        long highest = start;
        assertEquals(start, unwrap.applyAsLong(start));
        for (int i = 0; i < 1000; i++) {
            long next = random.nextInt(10) == 0
                    ? highest - random.nextLong(maxLate)
                    : highest + 1 + random.nextLong(maxAhead);
            highest = Math.max(highest, next);
            assertEquals(next, unwrap.applyAsLong(next & mask));
        }
    }
}
