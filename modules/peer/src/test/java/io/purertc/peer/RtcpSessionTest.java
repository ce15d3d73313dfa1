package io.purertc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.media.MediaKind;
import io.purertc.rtcp.FullIntraRequest;
import io.purertc.rtcp.GenericNack;
import io.purertc.rtcp.Goodbye;
import io.purertc.rtcp.PictureLossIndication;
import io.purertc.rtcp.ReceiverReport;
import io.purertc.rtcp.ReportBlock;
import io.purertc.rtcp.RtcpCompound;
import io.purertc.rtcp.RtcpPacket;
import io.purertc.rtcp.SenderReport;
import io.purertc.rtcp.SourceDescription;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.NtpTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RtcpSessionTest {

    static final long MS = 1_000_000L;
    static final long T0 = 1_714_564_800_000_000_000L;
    static final String CNAME = "user@example";
    static final long REPORTING = 0x0000_0001L;
    static final long AUDIO_OUT = 0x1000_0001L;
    static final long VIDEO_OUT = 0x1000_0002L;
    static final long VIDEO_RTX = 0x1000_0003L;
    static final long REMOTE_VIDEO = 0x2000_0001L;

    /** Writes down what the session tells its listener. */
    static final class Recorder implements RtcpSession.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onKeyFrameRequest(long mediaSsrc) {
            events.add("key frame " + mediaSsrc);
        }

        @Override
        public void onNack(long mediaSsrc, GenericNack nack) {
            events.add("nack " + mediaSsrc + " " + nack.lostSequenceNumbers());
        }

        @Override
        public void onGoodbye(long ssrc) {
            events.add("bye " + ssrc);
        }

        @Override
        public void onSenderReport(SenderReport report) {
            events.add("sender report " + report.ssrc() + " " + report.rtpTimestamp());
        }
    }

    private final Recorder recorder = new Recorder();
    private final RtcpSession session = new RtcpSession(REPORTING, CNAME, 1_000_000, recorder);

    /**
     * Checks what {@link RtcpSession#reports} promises of every compound and returns the report blocks in the
     * order sent.
     */
    static List<ReportBlock> checkCompounds(List<byte[]> compounds, int maxLength) throws MalformedPacketException {
        List<ReportBlock> blocks = new ArrayList<>();
        assertFalse(compounds.isEmpty());
        for (byte[] compound : compounds) {
            assertTrue(compound.length <= maxLength, compound.length + " > " + maxLength);
            List<RtcpPacket> packets = RtcpCompound.parse(compound, 0, compound.length);
            assertTrue(packets.get(0) instanceof SenderReport || packets.get(0) instanceof ReceiverReport,
                    "starts with " + packets.get(0));
            SourceDescription sdes = assertInstanceOf(SourceDescription.class, packets.get(packets.size() - 1));
            for (RtcpPacket packet : packets.subList(0, packets.size() - 1)) {
                long reporter;
                if (packet instanceof SenderReport sr) {
                    reporter = sr.ssrc();
                    blocks.addAll(sr.reportBlocks());
                } else {
                    ReceiverReport rr = assertInstanceOf(ReceiverReport.class, packet);
                    reporter = rr.ssrc();
                    blocks.addAll(rr.reportBlocks());
                }
                assertEquals(Optional.of(CNAME), sdes.cname(reporter));
            }
        }
        return blocks;
    }

    private static List<RtcpPacket> parse(byte[] compound) throws MalformedPacketException {
        return RtcpCompound.parse(compound, 0, compound.length);
    }

    /** Adds inbound streams and gets each past probation with two packets. */
    private void receive(int streams, long firstSsrc) {
        for (int i = 0; i < streams; i++) {
            InboundRtpStream stream = session.addInbound(firstSsrc + i, MediaKind.AUDIO, "0", 48_000).orElseThrow();
            stream.onRtp(10, 0, 12, 100, T0);
            stream.onRtp(11, 960, 12, 100, T0 + 20 * MS);
        }
    }

    @Test
    void withNothingSentOrReceivedTheReportIsAnEmptyRrAndOurCname() throws MalformedPacketException {
        List<byte[]> compounds = session.reports(T0, 1200);
        assertEquals(1, compounds.size());
        assertEquals(List.of(new ReceiverReport(REPORTING, List.of()), SourceDescription.ofCname(REPORTING, CNAME)),
                parse(compounds.get(0)));
    }

    @Test
    void aSendingStreamReportsWithAnSrFromOneWallClockCarryingTheBlocks() throws MalformedPacketException {
        OutboundRtpStream video = session.addOutbound(VIDEO_OUT, OptionalLong.of(VIDEO_RTX), MediaKind.VIDEO, "1",
                90_000).orElseThrow();
        OutboundRtpStream audio = session.addOutbound(AUDIO_OUT, OptionalLong.empty(), MediaKind.AUDIO, "0",
                48_000).orElseThrow();
        video.onRtpSent(12, 1000, 90_000, T0);
        audio.onRtpSent(12, 100, 48_000, T0);
        receive(1, REMOTE_VIDEO);

        List<RtcpPacket> packets = parse(session.reports(T0 + 100 * MS, 1200).get(0));
        assertEquals(3, packets.size());
        SenderReport first = assertInstanceOf(SenderReport.class, packets.get(0));
        SenderReport second = assertInstanceOf(SenderReport.class, packets.get(1));
        assertEquals(VIDEO_OUT, first.ssrc());
        assertEquals(AUDIO_OUT, second.ssrc());
        assertEquals(NtpTime.fromUnixNanos(T0 + 100 * MS), first.ntpTimestamp());
        assertEquals(first.ntpTimestamp(), second.ntpTimestamp());
        assertEquals(90_000 + 9000, first.rtpTimestamp());
        assertEquals(48_000 + 4800, second.rtpTimestamp());
        assertEquals(List.of(REMOTE_VIDEO), first.reportBlocks().stream().map(ReportBlock::ssrc).toList());
        assertEquals(List.of(), second.reportBlocks());
        SourceDescription sdes = assertInstanceOf(SourceDescription.class, packets.get(2));
        assertEquals(List.of(VIDEO_OUT, AUDIO_OUT), sdes.chunks().stream().map(SourceDescription.Chunk::ssrc).toList());
    }

    @Test
    void aStreamSilentForTwoReportsFallsBackToTheReportingSsrcsRr() throws MalformedPacketException {
        OutboundRtpStream video = session.addOutbound(VIDEO_OUT, OptionalLong.empty(), MediaKind.VIDEO, "1",
                90_000).orElseThrow();
        video.onRtpSent(12, 1000, 0, T0);
        assertInstanceOf(SenderReport.class, parse(session.reports(T0, 1200).get(0)).get(0));
        assertInstanceOf(SenderReport.class, parse(session.reports(T0 + 1000 * MS, 1200).get(0)).get(0));
        assertEquals(new ReceiverReport(REPORTING, List.of()), parse(session.reports(T0 + 2000 * MS, 1200).get(0))
                .get(0));
    }

    @Test
    void fortyInboundStreamsFitOneMtuAsAnSrOf31BlocksAndAnRrOf9() throws MalformedPacketException {
        session.addOutbound(VIDEO_OUT, OptionalLong.empty(), MediaKind.VIDEO, "1", 90_000).orElseThrow()
                .onRtpSent(12, 1000, 0, T0);
        receive(40, REMOTE_VIDEO);
        List<byte[]> compounds = session.reports(T0 + 40 * MS, 1200);
        assertEquals(1, compounds.size());
        List<RtcpPacket> packets = parse(compounds.get(0));
        assertEquals(31, assertInstanceOf(SenderReport.class, packets.get(0)).reportBlocks().size());
        ReceiverReport extra = assertInstanceOf(ReceiverReport.class, packets.get(1));
        assertEquals(VIDEO_OUT, extra.ssrc());
        assertEquals(9, extra.reportBlocks().size());
        assertEquals(40, checkCompounds(compounds, 1200).size());
    }

    @Test
    void fortyInboundStreamsSplitIntoCompoundsThatEachStartWithAReport() throws MalformedPacketException {
        receive(40, REMOTE_VIDEO);
        List<byte[]> compounds = session.reports(T0 + 40 * MS, 400);
        // 400 - 8 (RR) - 24 (SDES with a 12-octet CNAME) leaves room for 15 blocks
        assertEquals(List.of(392, 392, 272), compounds.stream().map(c -> c.length).toList());
        List<ReportBlock> blocks = checkCompounds(compounds, 400);
        List<Long> ssrcs = blocks.stream().map(ReportBlock::ssrc).toList();
        assertEquals(40, ssrcs.size());
        assertEquals(40, Set.copyOf(ssrcs).size());
        assertTrue(ssrcs.stream().allMatch(s -> s >= REMOTE_VIDEO && s < REMOTE_VIDEO + 40));
    }

    @Test
    void theLimitMustHoldAnSrWithOneBlockAndItsSdes() {
        receive(1, REMOTE_VIDEO);
        // 28 + 24 + 24: refused before any statistics interval is closed
        assertThrows(IllegalArgumentException.class, () -> session.reports(T0, 75));
        assertEquals(List.of(8 + 24 + 24), session.reports(T0, 76).stream().map(c -> c.length).toList());
    }

    @Test
    void reportsAreCountedAsSentForTheInterval() {
        // alone, a fresh session waits half the reduced minimum 360 / 1000 kb/s; after a report the whole of it
        assertEquals(147_749_064L, session.nextReportDelayNanos(RtcpIntervalTest.drawing(0.5)));
        session.reports(T0, 1200);
        assertEquals(295_498_128L, session.nextReportDelayNanos(RtcpIntervalTest.drawing(0.5)));
    }

    /** The remote side (REMOTE_VIDEO, its RR-only SSRC 99) says all it can in one compound. */
    private byte[] everything(long sentUnixNanos) {
        ReportBlock aboutVideo = new ReportBlock(VIDEO_OUT, 128, 7, 1000, 900, 0, 0);
        ReportBlock aboutRtx = new ReportBlock(VIDEO_RTX, 0, 0, 10, 0, 0, 0);
        ReportBlock aboutStranger = new ReportBlock(0xDEAD, 0, 0, 10, 0, 0, 0);
        return RtcpCompound.write(List.of(
                new SenderReport(REMOTE_VIDEO, NtpTime.fromUnixNanos(sentUnixNanos), 4242, 10, 10_000,
                        List.of(aboutVideo)),
                new ReceiverReport(99, List.of(aboutRtx, aboutStranger)),
                SourceDescription.ofCname(REMOTE_VIDEO, "them"),
                GenericNack.of(99, VIDEO_OUT, List.of(5, 6)),
                GenericNack.of(99, 0xDEAD, List.of(1)),
                new PictureLossIndication(99, VIDEO_OUT),
                new FullIntraRequest(99, List.of(new FullIntraRequest.Entry(VIDEO_OUT, 3))),
                new FullIntraRequest(99, List.of(new FullIntraRequest.Entry(VIDEO_OUT, 3))),
                new Goodbye(List.of(REMOTE_VIDEO, 99L), "done")));
    }

    @Test
    void aCompoundOfEveryKindReachesCountersAndListener() throws MalformedPacketException {
        OutboundRtpStream video = session.addOutbound(VIDEO_OUT, OptionalLong.of(VIDEO_RTX), MediaKind.VIDEO, "1",
                90_000).orElseThrow();
        InboundRtpStream remote = session.addInbound(REMOTE_VIDEO, MediaKind.VIDEO, "1", 90_000).orElseThrow();
        byte[] compound = everything(T0);
        byte[] framed = new byte[compound.length + 7];
        System.arraycopy(compound, 0, framed, 3, compound.length);

        session.onRtcp(framed, 3, compound.length, T0 + 10 * MS);

        assertEquals(List.of("sender report " + REMOTE_VIDEO + " 4242", "nack " + VIDEO_OUT + " [5, 6]",
                "key frame " + VIDEO_OUT, "key frame " + VIDEO_OUT, "bye " + REMOTE_VIDEO), recorder.events);
        OutboundRtpStats out = video.stats();
        assertEquals(1, out.nackCount());
        assertEquals(1, out.pliCount());
        assertEquals(2, out.firCount());
        assertEquals(0.5, out.fractionLost(), 1e-12);
        assertEquals(7, out.remotePacketsLost());
        assertEquals(4242, remote.lastSenderReport().orElseThrow().rtpTimestamp());
        assertEquals(T0 + 10 * MS, remote.lastSenderReportArrivalUnixNanos());
        // the block and the NACK about 0xDEAD; the block about our RTX SSRC is ours, not unknown
        assertEquals(2, session.unknownSsrcCount());
    }

    @Test
    void reducedSizeFeedbackAloneIsTaken() throws MalformedPacketException {
        session.addOutbound(VIDEO_OUT, OptionalLong.empty(), MediaKind.VIDEO, "1", 90_000).orElseThrow();
        byte[] pli = RtcpCompound.write(List.of(new PictureLossIndication(99, VIDEO_OUT)));
        session.onRtcp(pli, 0, pli.length, T0);
        assertEquals(List.of("key frame " + VIDEO_OUT), recorder.events);
    }

    @Test
    void badBytesChangeNothing() {
        session.addOutbound(VIDEO_OUT, OptionalLong.empty(), MediaKind.VIDEO, "1", 90_000).orElseThrow();
        byte[] compound = everything(T0);
        compound[compound.length - 8] = (byte) 0xFF; // the BYE reason's length
        assertThrows(MalformedPacketException.class, () -> session.onRtcp(compound, 0, compound.length, T0));
        assertEquals(List.of(), recorder.events);
        assertEquals(0, session.unknownSsrcCount());
    }

    @Test
    void inboundStreamsAreBounded() {
        receive(RtcpSession.MAX_INBOUND_STREAMS, 1000);
        assertEquals(Optional.empty(), session.addInbound(5, MediaKind.AUDIO, "0", 48_000));
        assertThrows(IllegalArgumentException.class, () -> session.addInbound(1000, MediaKind.AUDIO, "0", 48_000));
        assertTrue(session.removeInbound(1000));
        assertFalse(session.removeInbound(1000));
        assertTrue(session.addInbound(5, MediaKind.AUDIO, "0", 48_000).isPresent());
    }

    @Test
    void ourSsrcsCannotRepeat() {
        session.addOutbound(VIDEO_OUT, OptionalLong.of(VIDEO_RTX), MediaKind.VIDEO, "1", 90_000).orElseThrow();
        assertThrows(IllegalArgumentException.class,
                () -> session.addOutbound(VIDEO_RTX, OptionalLong.empty(), MediaKind.VIDEO, "2", 90_000));
        assertThrows(IllegalArgumentException.class,
                () -> session.addOutbound(REPORTING, OptionalLong.empty(), MediaKind.AUDIO, "0", 48_000));
        assertThrows(IllegalArgumentException.class,
                () -> session.addOutbound(AUDIO_OUT, OptionalLong.of(AUDIO_OUT), MediaKind.AUDIO, "0", 48_000));
        for (int i = 1; i < RtcpSession.MAX_OUTBOUND_STREAMS; i++) {
            assertTrue(session.addOutbound(100 + 2 * i, OptionalLong.of(101 + 2 * i), MediaKind.AUDIO, "0", 48_000)
                    .isPresent());
        }
        assertEquals(Optional.empty(), session.addOutbound(7, OptionalLong.empty(), MediaKind.AUDIO, "0", 48_000));
        assertTrue(session.removeOutbound(VIDEO_OUT));
        assertTrue(session.outbound(VIDEO_OUT).isEmpty());
    }

    @Test
    void goodbyeSaysByeForEverySsrcOfOurs() throws MalformedPacketException {
        session.addOutbound(VIDEO_OUT, OptionalLong.of(VIDEO_RTX), MediaKind.VIDEO, "1", 90_000).orElseThrow();
        session.addOutbound(AUDIO_OUT, OptionalLong.empty(), MediaKind.AUDIO, "0", 48_000).orElseThrow()
                .onRtpSent(12, 100, 0, T0);
        assertEquals(List.of(new ReceiverReport(AUDIO_OUT, List.of()), SourceDescription.ofCname(AUDIO_OUT, CNAME),
                new Goodbye(List.of(REPORTING, VIDEO_OUT, VIDEO_RTX, AUDIO_OUT), "closed")),
                parse(session.goodbye("closed")));
    }

    @Test
    void statsListEveryStream() {
        session.addOutbound(VIDEO_OUT, OptionalLong.empty(), MediaKind.VIDEO, "1", 90_000).orElseThrow();
        receive(2, REMOTE_VIDEO);
        StatsReport report = new StatsReport(T0 / 1e6, session.stats());
        assertEquals(List.of(REMOTE_VIDEO, REMOTE_VIDEO + 1),
                report.inboundRtp().stream().map(InboundRtpStats::ssrc).toList());
        assertEquals(List.of(VIDEO_OUT), report.outboundRtp().stream().map(OutboundRtpStats::ssrc).toList());
    }
}
