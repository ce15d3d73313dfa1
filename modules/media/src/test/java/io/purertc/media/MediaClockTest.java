package io.purertc.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class MediaClockTest {

    @Test
    void monotonicTimeCountsFromTheStartAndMapsToTheWallClockFixedThen() {
        AtomicLong nanos = new AtomicLong(5_000_000_123L);
        MediaClock clock = new MediaClock(nanos::get, 1_600_000_000_000_000L);
        assertEquals(0, clock.nowMicros());
        nanos.addAndGet(2_500_999);
        assertEquals(2_500, clock.nowMicros());
        assertEquals(1_600_000_000_002_500L, clock.toUnixMicros(clock.nowMicros()));
        assertEquals(2_500, clock.fromUnixMicros(1_600_000_000_002_500L));
    }

    /** RFC 5905 §6: the Unix epoch is NTP second 2208988800; half a second is fraction 2^31. */
    @Test
    void ntpTimestampOfKnownInstants() {
        MediaClock clock = new MediaClock(() -> 0, 0);
        assertEquals(2_208_988_800L << 32, clock.toNtpTimestamp(0));
        assertEquals((2_208_988_800L << 32) | 0x8000_0000L, clock.toNtpTimestamp(500_000));
        assertEquals(((2_208_988_800L - 1) << 32) | 0x8000_0000L, clock.toNtpTimestamp(-500_000));
    }

    @Test
    void systemClockIsSharedAndMonotonic() {
        MediaClock clock = MediaClock.system();
        assertSame(clock, MediaClock.system());
        long first = clock.nowMicros();
        long second = clock.nowMicros();
        assertTrue(second >= first);
        long wall = System.currentTimeMillis() * 1000;
        assertTrue(Math.abs(clock.toUnixMicros(second) - wall) < 60_000_000L, "mapped near the wall clock");
    }

    @Test
    void rtpTimestampWrapsAt32Bits() {
        assertEquals(0xFFFF_FFF0L, MediaClock.toRtpTimestamp(0, 48_000, 0xFFFF_FFF0L));
        assertEquals(0x20L, MediaClock.toRtpTimestamp(1_000, 48_000, 0xFFFF_FFF0L));
        assertEquals(90_000, MediaClock.toRtpTimestamp(1_000_000, 90_000, 0));
    }

    @Property
    void ticksAndMicrosConvertBackWithinOneTick(@ForAll @LongRange(min = -1L << 40, max = 1L << 40) long micros,
            @ForAll("clockRates") int clockRate) {
        long ticks = MediaClock.microsToTicks(micros, clockRate);
        long back = MediaClock.ticksToMicros(ticks, clockRate);
        // Rounding down twice: less than one tick, then less than one microsecond.
        assertTrue(back <= micros && (micros - back - 1) * clockRate < 1_000_000L, micros + " -> " + back);
    }

    @Provide
    Arbitrary<Integer> clockRates() {
        return Arbitraries.of(8000, 16_000, 44_100, 48_000, 90_000);
    }

    @Property
    void timestampDeltaTakesTheShortWayRoundTheWrap(@ForAll @LongRange(max = 0xFFFF_FFFFL) long from,
            @ForAll @IntRange(min = -1 << 30, max = 1 << 30) int delta) {
        long to = (from + delta) & 0xFFFF_FFFFL;
        assertEquals(delta, MediaClock.rtpTimestampDelta(from, to));
    }
}
