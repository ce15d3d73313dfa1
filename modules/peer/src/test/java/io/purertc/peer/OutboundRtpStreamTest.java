package io.purertc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.media.MediaKind;
import io.purertc.rtcp.ReceiverStatistics;
import io.purertc.rtcp.ReportBlock;
import io.purertc.rtcp.SenderReport;
import io.purertc.rtp.NtpTime;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OutboundRtpStreamTest {

    private static final long MS = 1_000_000L;
    /** 2024-05-01T12:00:00Z, an arbitrary wall-clock instant. */
    private static final long T0 = 1_714_564_800_000_000_000L;

    private static OutboundRtpStream video() {
        return new OutboundRtpStream(0x1111_2222L, OptionalLong.of(0x3333_4444L), MediaKind.VIDEO, "1", 90_000);
    }

    @Test
    void theRtpTimeIsTheLastPacketsPlusTheWallTimeSince() {
        OutboundRtpStream stream = video();
        stream.onRtpSent(12, 1000, 1000, T0);
        SenderReport report = stream.senderReport(T0 + 500 * MS, List.of());
        assertEquals(NtpTime.fromUnixNanos(T0 + 500 * MS), report.ntpTimestamp());
        assertEquals(1000 + 45_000, report.rtpTimestamp());
        // a report timed before the last packet extrapolates backwards
        assertEquals(1000 - 90, stream.senderReport(T0 - MS, List.of()).rtpTimestamp());
    }

    @Test
    void audioAndVideoMapOneInstantOfTheSharedClockToConsistentRtpTimes() {
        long audioBase = 0xFFFF_0000L;
        long videoBase = 12_345L;
        OutboundRtpStream audio = new OutboundRtpStream(1, OptionalLong.empty(), MediaKind.AUDIO, "0", 48_000);
        OutboundRtpStream video = video();
        // audio every 20 ms; video at 30 frames per second; both capture clocks start at T0
        for (int k = 0; k < 50; k++) {
            audio.onRtpSent(12, 160, (audioBase + 960L * k) & 0xFFFF_FFFFL, T0 + 20 * MS * k);
        }
        for (int k = 0; k < 30; k++) {
            video.onRtpSent(12, 1100, videoBase + 3000L * k, T0 + 1_000_000_000L * k / 30);
        }
        long now = T0 + 1_234_567_891L;
        SenderReport audioReport = audio.senderReport(now, List.of());
        SenderReport videoReport = video.senderReport(now, List.of());
        assertEquals(audioReport.ntpTimestamp(), videoReport.ntpTimestamp());
        // the audio timestamp wrapped past 2^32; either stream's pair puts `now` 1.234567891 s after T0
        long audioTicks = (audioReport.rtpTimestamp() - audioBase) & 0xFFFF_FFFFL;
        long videoTicks = videoReport.rtpTimestamp() - videoBase;
        assertEquals(59_259, audioTicks);
        assertEquals(111_111, videoTicks);
        assertEquals(audioTicks / 48_000.0, videoTicks / 90_000.0, 1.0 / 48_000);
        assertEquals(50, audioReport.packetCount());
        assertEquals(50 * 160, audioReport.octetCount());
    }

    @Test
    void countsWrapModulo2To32() {
        OutboundRtpStream stream = video();
        for (int i = 0; i < 3; i++) {
            stream.onRtpSent(12, Integer.MAX_VALUE, 0, T0);
        }
        assertEquals((3L * Integer.MAX_VALUE) & 0xFFFF_FFFFL, stream.senderReport(T0, List.of()).octetCount());
        assertEquals(3L * Integer.MAX_VALUE, stream.stats().bytesSent());
    }

    @Test
    void noSenderReportBeforeTheFirstPacket() {
        assertThrows(IllegalStateException.class, () -> video().senderReport(T0, List.of()));
    }

    @Test
    void aStreamSendsReportsWhileItSentInTheCurrentOrPreviousInterval() {
        OutboundRtpStream stream = video();
        assertFalse(stream.isSender());
        stream.onRtpSent(12, 100, 0, T0);
        assertTrue(stream.isSender());
        stream.onReportSent();
        assertTrue(stream.isSender());
        stream.onReportSent();
        assertFalse(stream.isSender());
        stream.onRtpSent(12, 100, 0, T0);
        assertTrue(stream.isSender());
    }

    @Test
    void theRoundTripTimeComesFromABlockThePeerBuiltAboutOurSenderReport() {
        OutboundRtpStream stream = video();
        // the peer receives RTP from us with 2 of 20 packets lost
        ReceiverStatistics peer = new ReceiverStatistics(stream.ssrc(), 90_000);
        for (int seq = 0; seq < 20; seq++) {
            long sent = T0 + 33 * MS * seq;
            stream.onRtpSent(12, 1000, 3000L * seq, sent);
            if (seq != 11 && seq != 12) {
                peer.onRtpPacket(seq, 3000L * seq, (sent + 20 * MS) / 1000);
            }
        }
        long srSent = T0 + 700 * MS;
        SenderReport report = stream.senderReport(srSent, List.of());
        // 20 ms to the peer, which holds it 300 ms before its report; the report takes 25 ms back
        long srArrival = srSent + 20 * MS;
        peer.onSenderReport(report.ntpTimestamp(), srArrival / 1000);
        ReportBlock block = peer.reportBlock((srArrival + 300 * MS) / 1000).orElseThrow();
        stream.onReportBlock(block, srArrival + 325 * MS);

        OutboundRtpStats stats = stream.stats();
        assertEquals(0.045, stats.roundTripTime(), 2.0 / 65536);
        // the first packet is the peer's probation: 19 expected from its second on, 17 arrived
        assertEquals(2, stats.remotePacketsLost());
        assertEquals((2 * 256 / 19) / 256.0, stats.fractionLost(), 1e-12);
        assertEquals(block.jitter() / 90_000.0, stats.remoteJitter(), 1e-12);
    }

    @Test
    void aBlockWithoutLsrLeavesTheRoundTripTimeUnknown() {
        OutboundRtpStream stream = video();
        assertTrue(Double.isNaN(stream.stats().roundTripTime()));
        stream.onReportBlock(new ReportBlock(stream.ssrc(), 64, 5, 100, 900, 0, 0), T0);
        OutboundRtpStats stats = stream.stats();
        assertTrue(Double.isNaN(stats.roundTripTime()));
        assertEquals(0.25, stats.fractionLost(), 1e-12);
        assertEquals(5, stats.remotePacketsLost());
        assertEquals(0.01, stats.remoteJitter(), 1e-12);
    }

    @Test
    void aRepeatedFirIsCountedButAsksForNothingNew() {
        OutboundRtpStream stream = video();
        assertTrue(stream.onFullIntraRequest(5));
        assertFalse(stream.onFullIntraRequest(5));
        assertTrue(stream.onFullIntraRequest(6));
        stream.onNack();
        stream.onPictureLossIndication();
        OutboundRtpStats stats = stream.stats();
        assertEquals(3, stats.firCount());
        assertEquals(1, stats.nackCount());
        assertEquals(1, stats.pliCount());
    }

    @Test
    void theRecordCarriesTheCounters() {
        OutboundRtpStream stream = video();
        stream.onRtpSent(12, 1000, 0, T0);
        stream.onRtpSent(16, 900, 3000, T0 + 33 * MS);
        OutboundRtpStats stats = stream.stats();
        assertEquals("outbound-rtp-" + 0x1111_2222L, stats.id());
        assertEquals("outbound-rtp", stats.type());
        assertEquals(0x1111_2222L, stats.ssrc());
        assertEquals("video", stats.kind());
        assertEquals("1", stats.mid());
        assertEquals(2, stats.packetsSent());
        assertEquals(1900, stats.bytesSent());
        assertEquals(28, stats.headerBytesSent());
    }
}
