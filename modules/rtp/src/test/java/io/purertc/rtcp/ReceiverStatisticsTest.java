package io.purertc.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.rtp.NtpTime;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ReceiverStatisticsTest {

    private static final long SSRC = 0x1234_5678L;

    /** Packets 20 ms apart on an 8 kHz clock: 160 timestamp units, arriving on time. */
    private static boolean receive(ReceiverStatistics stats, int seq) {
        return stats.onRtpPacket(seq & 0xFFFF, seq * 160L & 0xFFFF_FFFFL, seq * 20_000L);
    }

    private static ReceiverStatistics validated(int first) {
        ReceiverStatistics stats = new ReceiverStatistics(SSRC, 8000);
        receive(stats, first);
        receive(stats, first + 1);
        return stats;
    }

    private static ReportBlock block(ReceiverStatistics stats) {
        return stats.reportBlock(0).orElseThrow();
    }

    // RFC 3550 A.1: MIN_SEQUENTIAL = 2 packets in sequence make a source valid; the first is not counted
    @Test
    void newSourceIsOnProbation() {
        ReceiverStatistics stats = new ReceiverStatistics(SSRC, 8000);
        assertFalse(receive(stats, 100));
        assertFalse(stats.isValid());
        assertEquals(Optional.empty(), stats.reportBlock(0));
        assertTrue(receive(stats, 101));
        assertTrue(stats.isValid());
        assertEquals(1, stats.packetsReceived());
        assertEquals(new ReportBlock(SSRC, 0, 0, 101, 0, 0, 0), block(stats));
    }

    @Test
    void probationStartsOverOnAPacketOutOfSequence() {
        ReceiverStatistics stats = new ReceiverStatistics(SSRC, 8000);
        assertFalse(receive(stats, 100));
        assertFalse(receive(stats, 105));
        assertTrue(receive(stats, 106));
        assertEquals(106, stats.extendedHighestSequence());
        assertEquals(0, stats.cumulativeLost());
    }

    @Test
    void probationCompletesAcrossTheSequenceWrap() {
        ReceiverStatistics stats = new ReceiverStatistics(SSRC, 8000);
        assertFalse(receive(stats, 65535));
        assertTrue(receive(stats, 65536));
        assertEquals(0, stats.extendedHighestSequence());
    }

    // RFC 3550 A.3, by hand: packets 1..10 without 4 and 7, packet 1 spent on probation
    @Test
    void lossIntervalsAndCumulativeLoss() {
        ReceiverStatistics stats = new ReceiverStatistics(SSRC, 8000);
        for (int seq = 1; seq <= 10; seq++) {
            if (seq != 4 && seq != 7) {
                receive(stats, seq);
            }
        }
        // expected 10 - 2 + 1 = 9, received 7: fraction (2 << 8) / 9 = 56
        assertEquals(new ReportBlock(SSRC, 56, 2, 10, 0, 0, 0), block(stats));
        for (int seq = 11; seq <= 20; seq++) {
            receive(stats, seq);
        }
        assertEquals(new ReportBlock(SSRC, 0, 2, 20, 0, 0, 0), block(stats));
        // 4 arrives late: counted, and no longer lost
        assertTrue(receive(stats, 4));
        assertEquals(20, stats.extendedHighestSequence());
        ReportBlock block = block(stats);
        assertEquals(1, block.cumulativeLost());
        assertEquals(0, block.fractionLost());
    }

    @Test
    void duplicatesMakeTheLossNegative() {
        ReceiverStatistics stats = validated(1);
        receive(stats, 3);
        receive(stats, 3);
        receive(stats, 3);
        assertEquals(-2, stats.cumulativeLost());
        ReportBlock block = block(stats);
        assertEquals(-2, block.cumulativeLost());
        assertEquals(0, block.fractionLost());
    }

    @Test
    void extendedSequenceCountsWraps() {
        ReceiverStatistics stats = validated(65534);
        receive(stats, 65536);
        receive(stats, 65537);
        assertEquals(65537, stats.extendedHighestSequence());
        assertEquals(0x0001_0001L, block(stats).extendedHighestSeq());
        assertEquals(0, stats.cumulativeLost());
        assertEquals(3, stats.packetsReceived());
    }

    // RFC 3550 A.1: a jump of MAX_DROPOUT or more is a restart only once the next packet follows it
    @Test
    void largeJumpRestartsTheSequenceWhenConfirmed() {
        ReceiverStatistics stats = validated(10);
        assertFalse(receive(stats, 5000));
        assertTrue(receive(stats, 12));
        assertEquals(12, stats.extendedHighestSequence());
        assertFalse(receive(stats, 9000));
        assertTrue(receive(stats, 9001));
        assertEquals(9001, stats.extendedHighestSequence());
        assertEquals(1, stats.packetsReceived());
        assertEquals(0, stats.cumulativeLost());
    }

    @Test
    void jumpJustBelowMaxDropoutIsLoss() {
        ReceiverStatistics stats = validated(10);
        assertTrue(receive(stats, 11 + ReceiverStatistics.MAX_DROPOUT - 1));
        assertEquals(ReceiverStatistics.MAX_DROPOUT - 2, stats.cumulativeLost());
    }

    // RFC 3550 A.1: less than MAX_MISORDER behind is a late packet, further behind a possible restart
    @Test
    void misorderedPacketsWithinMaxMisorderAreCounted() {
        ReceiverStatistics stats = validated(1000);
        assertTrue(receive(stats, 1001 - (ReceiverStatistics.MAX_MISORDER - 1)));
        assertEquals(1001, stats.extendedHighestSequence());
        assertFalse(receive(stats, 1001 - ReceiverStatistics.MAX_MISORDER));
    }

    @Test
    void cumulativeLossIsClampedToSigned24Bits() {
        ReceiverStatistics stats = validated(0);
        int seq = 1;
        for (int i = 0; i < 2800; i++) {
            seq += ReceiverStatistics.MAX_DROPOUT - 1;
            assertTrue(receive(stats, seq));
        }
        assertEquals(2800L * (ReceiverStatistics.MAX_DROPOUT - 2), stats.cumulativeLost());
        ReportBlock block = block(stats);
        assertEquals((1 << 23) - 1, block.cumulativeLost());
        assertEquals(255, block.fractionLost());
    }

    // RFC 3550 A.8, integer form, by hand: transit 0, then 40 units late, then on time again
    @Test
    void jitterFollowsTransitChanges() {
        ReceiverStatistics stats = new ReceiverStatistics(SSRC, 8000);
        stats.onRtpPacket(0, 0, 0);
        stats.onRtpPacket(1, 160, 20_000);
        assertEquals(0, stats.jitter());
        stats.onRtpPacket(2, 320, 45_000);
        // J = 0 + 40 - ((0 + 8) >> 4) = 40 sixteenths
        assertEquals(2, stats.jitter());
        stats.onRtpPacket(3, 480, 60_000);
        // J = 40 + 40 - ((40 + 8) >> 4) = 77 sixteenths
        assertEquals(4, stats.jitter());
        assertEquals(4, block(stats).jitter());
    }

    @Test
    void constantDelayHasNoJitterAcrossTheTimestampWrap() {
        ReceiverStatistics stats = new ReceiverStatistics(SSRC, 90_000);
        long timestamp = 0xFFFF_F000L;
        for (int seq = 0; seq < 50; seq++) {
            stats.onRtpPacket(seq, timestamp, 5_000_000 + seq * 33_333L);
            timestamp = (timestamp + 3000) & 0xFFFF_FFFFL;
        }
        assertEquals(0, stats.jitter());
    }

    // RFC 3550 §6.4.1: the worked example of LSR, DLSR and the round trip A - LSR - DLSR
    @Test
    void lastSenderReportFillsLsrAndDlsrForTheRoundTrip() {
        ReceiverStatistics stats = validated(1);
        assertEquals(0, block(stats).lsr());
        assertEquals(OptionalLong.empty(), block(stats).roundTripTime(0xB710_8000L));
        stats.onSenderReport(0x0000_B705_2000_0000L, 1_000_000);
        ReportBlock block = stats.reportBlock(1_000_000 + 5_250_000).orElseThrow();
        assertEquals(0xB705_2000L, block.lsr());
        assertEquals(0x0005_4000L, block.dlsr());
        OptionalLong rtt = block.roundTripTime(0xB710_8000L);
        assertEquals(OptionalLong.of(0x0006_2000L), rtt);
        assertEquals(6_125_000, NtpTime.compactToMicros(rtt.getAsLong()));
    }

    @Test
    void roundTripIsEmptyWhenNegative() {
        ReportBlock block = new ReportBlock(SSRC, 0, 0, 0, 0, 0xB705_2000L, 0x0005_4000L);
        assertEquals(OptionalLong.empty(), block.roundTripTime(0xB705_2000L));
        assertEquals(OptionalLong.of(0), block.roundTripTime(0xB70A_6000L));
        // across the wrap of the compact seconds
        ReportBlock late = new ReportBlock(SSRC, 0, 0, 0, 0, 0xFFFF_0000L, 0x0000_8000L);
        assertEquals(OptionalLong.of(0x0000_8000L), late.roundTripTime(0x0000_0000L));
    }

    /** Any mix of order, loss, duplicates and jumps yields reports the wire can carry. */
    @Property(tries = 300)
    void reportsStayWithinTheirFields(@ForAll long seed) {
        Random random = new Random(seed);
        ReceiverStatistics stats = new ReceiverStatistics(SSRC, 48_000);
        int seq = random.nextInt(1 << 16);
        long time = 0;
        for (int i = 0; i < 2000; i++) {
            int kind = random.nextInt(20);
            seq += kind == 0 ? random.nextInt(1 << 16) : kind < 3 ? -random.nextInt(200) : kind < 5 ? 0 : 1;
            time += random.nextInt(40_000);
            stats.onRtpPacket(seq & 0xFFFF, random.nextInt() & 0xFFFF_FFFFL, time);
            if (random.nextInt(50) == 0) {
                stats.reportBlock(time).ifPresent(block -> assertTrue(block.fractionLost() <= 255));
            }
        }
    }
}
