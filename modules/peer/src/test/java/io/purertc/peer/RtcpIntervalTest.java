package io.purertc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Expected values are worked by hand from RFC 3550 §6.3.1 and A.7; e − 3/2 = 1.2182818284590451. */
class RtcpIntervalTest {

    private static final long SECOND = 1_000_000_000L;
    private static final double E_MINUS_3_2 = Math.E - 1.5;

    /** A Random whose uniform draw is always {@code value}, standing in for A.7's drand48(). */
    static Random drawing(double value) {
        return new Random() {
            private static final long serialVersionUID = 1L;

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void aSenderAmongFewSendersSharesAQuarterOfTheBandwidthWithTheSendersOnly() {
        // 2 senders of 10 members: 2 × 400 octets / (0.25 × 400 octets/s) = 8 s; × (0.25 + 0.5) / (e − 3/2)
        assertEquals(4.924968804294779,
                RtcpInterval.rtcpInterval(10, 2, 400, true, 400, false, 5, drawing(0.25)), 1e-12);
    }

    @Test
    void aReceiverSharesThreeQuartersWithTheOtherReceivers() {
        // 8 receivers × 400 octets / (0.75 × 400 octets/s) = 10.667 s; × 0.5 / (e − 3/2)
        assertEquals(4.377750048262025,
                RtcpInterval.rtcpInterval(10, 2, 400, false, 400, false, 5, drawing(0)), 1e-12);
    }

    @Test
    void withManySendersEveryoneSharesAllTheBandwidthAndTheMinimumHolds() {
        // 2 senders of 4 is more than a quarter: 4 × 400 / 400 = 4 s, below the 5 s minimum
        assertEquals(4.104140670245649,
                RtcpInterval.rtcpInterval(4, 2, 400, true, 400, false, 5, drawing(0.5)), 1e-12);
        // the first report halves the minimum to 2.5 s, so the 4 s stand
        assertEquals(3.283312536196519,
                RtcpInterval.rtcpInterval(4, 2, 400, true, 400, true, 5, drawing(0.5)), 1e-12);
    }

    @Test
    void theFirstReportWaitsHalfTheMinimum() {
        assertEquals(2.5 / E_MINUS_3_2, RtcpInterval.rtcpInterval(2, 0, 6250, false, 100, true, 5, drawing(0.5)),
                1e-12);
        assertEquals(2.0520703351228247,
                RtcpInterval.rtcpInterval(2, 0, 6250, false, 100, true, 5, drawing(0.5)), 1e-12);
    }

    @Property
    void theRandomisedIntervalLiesBetweenHalfAndOneAndAHalfOfTdOverTheCompensation(
            @ForAll @IntRange(min = 1, max = 500) int members, @ForAll @IntRange(min = 0, max = 500) int senders,
            @ForAll boolean weSent, @ForAll @DoubleRange(min = 20, max = 2000) double size,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double draw) {
        int s = Math.min(senders, members);
        double td = RtcpInterval.deterministicInterval(members, s, 1000, weSent, size, 5);
        double t = RtcpInterval.rtcpInterval(members, s, 1000, weSent, size, false, 5, drawing(draw));
        assertTrue(td >= 5);
        assertTrue(t >= td * 0.5 / E_MINUS_3_2 && t < td * 1.5 / E_MINUS_3_2, t + " vs Td " + td);
    }

    @Test
    void theReducedMinimumIs360OverTheBandwidthInKilobitsButNeverAboveFiveSeconds() {
        assertEquals(0.36, new RtcpInterval(1_000_000, true, 100).minimumInterval(), 1e-12);
        assertEquals(3.6, new RtcpInterval(100_000, true, 100).minimumInterval(), 1e-12);
        assertEquals(5, new RtcpInterval(64_000, true, 100).minimumInterval(), 1e-12);
        assertEquals(5, new RtcpInterval(1_000_000, false, 100).minimumInterval(), 1e-12);
    }

    @Test
    void aFreshSessionAloneReportsAfterHalfTheReducedMinimum() {
        RtcpInterval interval = new RtcpInterval(1_000_000, true, 100);
        assertEquals(6250, interval.rtcpBandwidth(), 1e-9);
        assertEquals(1, interval.members());
        assertEquals(0, interval.senders());
        // 1 receiver × 100 / (0.75 × 6250) = 0.021 s is under the 0.36 s minimum, halved for the first report
        assertEquals(0.14774906412884337, interval.interval(drawing(0.5)), 1e-12);
    }

    @Test
    void everyCompoundMovesTheAverageSizeBy1Over16() {
        RtcpInterval interval = new RtcpInterval(1_000_000, true, 100);
        interval.onCompoundSent(200);
        assertEquals(106.25, interval.averageRtcpSize(), 1e-12);
        assertFalse(interval.initial());
        interval.onCompoundReceived(74);
        assertEquals(104.234375, interval.averageRtcpSize(), 1e-12);
    }

    @Test
    void aSilentSenderBecomesAMemberAfterTwoIntervalsAndLeavesAfterFive() {
        RtcpInterval interval = new RtcpInterval(64_000, false, 400);
        interval.setLocalSources(1, 1);
        long remote = 0xCAFE_BABEL;
        assertTrue(interval.onRtp(remote, 0));
        assertEquals(2, interval.members());
        assertEquals(2, interval.senders());
        // 2 members, 2 senders: 2 × 400 / 400 = 2 s, so Td is the 5 s minimum; senders go after 2 Td
        interval.timeOut(9_900_000_000L);
        assertEquals(2, interval.senders());
        interval.timeOut(10_100_000_000L);
        assertEquals(1, interval.senders());
        assertEquals(2, interval.members());
        // members go after 5 Td = 25 s of silence, counted from the last RTCP
        interval.onRtcp(remote, 20 * SECOND);
        interval.timeOut(44_900_000_000L);
        assertEquals(2, interval.members());
        interval.timeOut(45_100_000_000L);
        assertEquals(1, interval.members());
        assertEquals(1, interval.senders());
    }

    @Test
    void timeOutsOfMembersKeepTheFixedMinimumWhileSendersUseTheReducedOne() {
        RtcpInterval interval = new RtcpInterval(1_000_000, true, 100);
        interval.onRtp(7, 0);
        // sender time-out: 2 × max(0.36 s, 2 × 100 / 6250 s) = 0.72 s
        interval.timeOut(700_000_000L);
        assertEquals(1, interval.senders());
        interval.timeOut(750_000_000L);
        assertEquals(0, interval.senders());
        // member time-out: 5 × 5 s, not 5 × 0.36 s (RFC 8834 §4.1)
        interval.timeOut(24 * SECOND);
        assertEquals(2, interval.members());
        interval.timeOut(26 * SECOND);
        assertEquals(1, interval.members());
    }

    @Test
    void byeRemovesTheMemberAndTheSender() {
        RtcpInterval interval = new RtcpInterval(1_000_000, true, 100);
        interval.onRtp(7, 0);
        interval.onRtcp(8, 0);
        assertEquals(3, interval.members());
        assertEquals(1, interval.senders());
        interval.onGoodbye(7);
        interval.onGoodbye(9);
        assertEquals(2, interval.members());
        assertEquals(0, interval.senders());
    }

    @Test
    void theMemberTableIsBounded() {
        RtcpInterval interval = new RtcpInterval(1_000_000, true, 100);
        for (int ssrc = 0; ssrc < RtcpInterval.MAX_REMOTE_MEMBERS; ssrc++) {
            assertTrue(interval.onRtcp(ssrc, 0));
        }
        assertFalse(interval.onRtcp(1_000_000, 0));
        assertFalse(interval.onRtp(1_000_001, 0));
        assertTrue(interval.onRtp(5, 0));
        assertEquals(1 + RtcpInterval.MAX_REMOTE_MEMBERS, interval.members());
        assertEquals(1, interval.senders());
    }
}
