package io.purertc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class NtpTimeTest {

    /** 1968-01-20T03:14:08Z and 2104-02-26T09:42:24Z in Unix seconds: the window the top bit selects. */
    private static final long WINDOW_START = -61_505_152L;
    private static final long WINDOW_END = 4_233_462_144L;

    @Test
    void unixEpochIsNtpSecond2208988800() {
        assertEquals(2_208_988_800L << 32, NtpTime.fromUnixNanos(0));
        assertEquals(2_208_988_800L << 32, NtpTime.fromUnixMicros(0));
        assertEquals(2_208_988_800L << 32, NtpTime.fromInstant(Instant.EPOCH));
        assertEquals(Instant.EPOCH, NtpTime.toInstant(0x83AA_7E80_0000_0000L));
    }

    @Test
    void year2000() {
        // 2000-01-01T00:00:00Z is NTP second 3155673600 = 0xBC17C200
        assertEquals(0xBC17_C200_0000_0000L, NtpTime.fromInstant(Instant.parse("2000-01-01T00:00:00Z")));
        assertEquals(946_684_800_000_000L, NtpTime.toUnixMicros(0xBC17_C200_0000_0000L));
    }

    @Test
    void fractionRoundsToNearest() {
        long epoch = 2_208_988_800L << 32;
        assertEquals(epoch | 0x8000_0000L, NtpTime.fromUnixMicros(500_000));
        // 1 ns = 4.294967296 units of 2^-32 s, 1 us = 4294.967296 units
        assertEquals(epoch | 4, NtpTime.fromUnixNanos(1));
        assertEquals(epoch | 4295, NtpTime.fromUnixMicros(1));
        assertEquals(epoch | 0xFFFF_FFFCL, NtpTime.fromUnixNanos(999_999_999));
        // 2^-32 s short of a second reads as the whole second
        assertEquals(1_000_000_000L, NtpTime.toUnixNanos(epoch | 0xFFFF_FFFFL));
        assertEquals(1_000_000L, NtpTime.toUnixMicros(epoch | 0xFFFF_FFFFL));
        assertEquals(Instant.ofEpochSecond(1), NtpTime.toInstant(epoch | 0xFFFF_FFFFL));
        assertEquals(0, NtpTime.toUnixNanos(epoch | 2));
        assertEquals(1, NtpTime.toUnixNanos(epoch | 3));
    }

    @Test
    void negativeUnixTimesFloorTheSeconds() {
        long epoch = 2_208_988_800L << 32;
        assertEquals(epoch - (1L << 32) | 0x8000_0000L, NtpTime.fromUnixMicros(-500_000));
        assertEquals(-500_000, NtpTime.toUnixMicros(epoch - (1L << 32) | 0x8000_0000L));
    }

    @Test
    void eraBoundary2036() {
        Instant lastOfEra0 = Instant.parse("2036-02-07T06:28:15Z");
        Instant firstOfEra1 = Instant.parse("2036-02-07T06:28:16Z");
        assertEquals(0xFFFF_FFFF_0000_0000L, NtpTime.fromInstant(lastOfEra0));
        assertEquals(0L, NtpTime.fromInstant(firstOfEra1));
        assertEquals(lastOfEra0, NtpTime.toInstant(0xFFFF_FFFF_0000_0000L));
        assertEquals(firstOfEra1, NtpTime.toInstant(0L));
        assertEquals(firstOfEra1.plusNanos(500_000_000), NtpTime.toInstant(0x8000_0000L));
    }

    @Test
    void windowEdgesFollowTheTopBit() {
        assertEquals(Instant.ofEpochSecond(WINDOW_START), NtpTime.toInstant(0x8000_0000_0000_0000L));
        assertEquals(Instant.ofEpochSecond(WINDOW_END - 1), NtpTime.toInstant(0x7FFF_FFFF_0000_0000L));
        // writing is modulo the era: 2104-02-26T09:42:24Z is 1968-01-20T03:14:08Z again
        assertEquals(0x8000_0000_0000_0000L, NtpTime.fromInstant(Instant.ofEpochSecond(WINDOW_END)));
    }

    @Property
    void nanosRoundTripInsideTheWindow(@ForAll @LongRange(min = WINDOW_START * 1_000_000_000L,
            max = WINDOW_END * 1_000_000_000L - 1) long unixNanos) {
        assertEquals(unixNanos, NtpTime.toUnixNanos(NtpTime.fromUnixNanos(unixNanos)));
        Instant instant = Instant.ofEpochSecond(0, unixNanos);
        assertEquals(instant, NtpTime.toInstant(NtpTime.fromInstant(instant)));
    }

    @Property
    void microsRoundTripInsideTheWindow(@ForAll @LongRange(min = WINDOW_START * 1_000_000L,
            max = WINDOW_END * 1_000_000L - 1) long unixMicros) {
        assertEquals(unixMicros, NtpTime.toUnixMicros(NtpTime.fromUnixMicros(unixMicros)));
    }

    @Test
    void compactIsTheMiddle32Bits() {
        assertEquals(0xB710_8000L, NtpTime.compact(0x1234_B710_8000_5678L));
        assertEquals(6_125_000, NtpTime.compactToMicros(0x0006_2000L));
        assertEquals(0x0005_4000L, NtpTime.compactFromMicros(5_250_000));
        // 1/65536 s = 15.2587890625 us
        assertEquals(15, NtpTime.compactToMicros(1));
        assertEquals(1, NtpTime.compactFromMicros(8));
        assertEquals(0, NtpTime.compactFromMicros(7));
    }

    @Test
    void compactDurationsSaturate() {
        assertEquals(0xFFFF_FFFFL, NtpTime.compactFromMicros(65_536_000_000L));
        assertEquals(0xFFFF_FFFFL, NtpTime.compactFromMicros(Long.MAX_VALUE));
        assertEquals(0xFFFF_FFFEL, NtpTime.compactFromMicros(65_535_999_970L));
        assertThrows(IllegalArgumentException.class, () -> NtpTime.compactFromMicros(-1));
    }

    @Test
    void compactDifferencesWrap() {
        assertEquals(0x20, NtpTime.compactDifference(0x0000_0010L, 0xFFFF_FFF0L));
        assertEquals(-1, NtpTime.compactDifference(0, 1));
        assertEquals(0x0006_2000L, NtpTime.compactDifference(0xB710_8000L, 0xB705_2000L + 0x0005_4000L));
    }
}
