package io.purertc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.media.MediaKind;
import io.purertc.rtcp.ReportBlock;
import io.purertc.rtcp.SenderReport;
import io.purertc.rtp.NtpTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InboundRtpStreamTest {

    private static final long MS = 1_000_000L;
    private static final long T0 = 1_714_564_800_000_000_000L;

    private static InboundRtpStream audio() {
        return new InboundRtpStream(0xABCD_EF01L, MediaKind.AUDIO, "0", 8000);
    }

    @Test
    void everyPacketCountsButStatisticsStartAfterProbation() {
        InboundRtpStream stream = audio();
        assertTrue(Double.isNaN(stream.stats().lastPacketReceivedTimestamp()));
        assertFalse(stream.onRtp(100, 0, 12, 160, T0));
        for (int k = 1; k < 10; k++) {
            assertTrue(stream.onRtp(100 + k, 160L * k, 12, 160, T0 + 20 * MS * k));
        }
        InboundRtpStats stats = stream.stats();
        assertEquals("inbound-rtp-" + 0xABCD_EF01L, stats.id());
        assertEquals("audio", stats.kind());
        assertEquals("0", stats.mid());
        assertEquals(10, stats.packetsReceived());
        assertEquals(10 * 160, stats.bytesReceived());
        assertEquals(10 * 12, stats.headerBytesReceived());
        assertEquals(0, stats.packetsLost());
        assertEquals(0, stats.jitter());
        assertEquals((T0 + 180 * MS) / 1e6, stats.lastPacketReceivedTimestamp(), 1e-3);
    }

    @Test
    void lossIsExpectedMinusReceived() {
        InboundRtpStream stream = audio();
        for (int seq : new int[] {0, 1, 2, 3, 4, 7, 8, 9}) {
            stream.onRtp(seq, 160L * seq, 12, 160, T0 + 20 * MS * seq);
        }
        // 10 expected from 0 to 9, 8 received: W3C counts the probation packet as received, as RFC 3550 A.3 counts it as expected
        assertEquals(2, stream.stats().packetsLost());
        assertEquals(8, stream.stats().packetsReceived());
    }

    @Test
    void jitterIsInSeconds() {
        InboundRtpStream stream = audio();
        // 20 ms packets, the odd ones 5 ms late: transit differs by 40 ticks of 8 kHz between neighbours
        for (int k = 0; k < 4; k++) {
            stream.onRtp(k, 160L * k, 12, 160, T0 + 20 * MS * k + (k % 2 == 1 ? 5 * MS : 0));
        }
        // A.8 in integers: J16 = 40, then 40 + 40 - 3 = 77; J = 77 >> 4 = 4 ticks
        assertEquals(4 / 8000.0, stream.stats().jitter(), 1e-12);
    }

    @Test
    void aBlockIsDueOnlyForASourceHeardSinceTheLastOne() {
        InboundRtpStream stream = audio();
        stream.onRtp(0, 0, 12, 160, T0);
        assertEquals(Optional.empty(), stream.reportBlock(T0), "on probation");
        stream.onRtp(1, 160, 12, 160, T0 + 20 * MS);
        assertTrue(stream.reportBlock(T0 + 20 * MS).isPresent());
        assertEquals(Optional.empty(), stream.reportBlock(T0 + 40 * MS));
        stream.onRtp(2, 320, 12, 160, T0 + 40 * MS);
        assertTrue(stream.reportBlock(T0 + 60 * MS).isPresent());
    }

    @Test
    void theSenderReportGivesTheNextBlockItsLsrAndDelay() {
        InboundRtpStream stream = audio();
        stream.onRtp(0, 0, 12, 160, T0);
        stream.onRtp(1, 160, 12, 160, T0 + 20 * MS);
        SenderReport report = new SenderReport(stream.ssrc(), NtpTime.fromUnixNanos(T0 + 10 * MS), 80, 2, 320,
                List.of());
        stream.onSenderReport(report, T0 + 30 * MS);
        assertEquals(Optional.of(report), stream.lastSenderReport());
        assertEquals(T0 + 30 * MS, stream.lastSenderReportArrivalUnixNanos());
        ReportBlock block = stream.reportBlock(T0 + 530 * MS).orElseThrow();
        assertEquals(NtpTime.compact(report.ntpTimestamp()), block.lsr());
        assertEquals(NtpTime.compactFromMicros(500_000), block.dlsr());
    }

    @Test
    void feedbackWeSendIsCounted() {
        InboundRtpStream stream = audio();
        stream.onNackSent();
        stream.onNackSent();
        stream.onPictureLossIndicationSent();
        stream.onFullIntraRequestSent();
        InboundRtpStats stats = stream.stats();
        assertEquals(2, stats.nackCount());
        assertEquals(1, stats.pliCount());
        assertEquals(1, stats.firCount());
    }
}
