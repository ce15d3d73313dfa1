package io.purertc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.media.MediaKind;
import io.purertc.rtcp.FullIntraRequest;
import io.purertc.rtcp.GenericNack;
import io.purertc.rtcp.Goodbye;
import io.purertc.rtcp.PictureLossIndication;
import io.purertc.rtcp.ReceiverReport;
import io.purertc.rtcp.ReportBlock;
import io.purertc.rtcp.RtcpCompound;
import io.purertc.rtcp.SenderReport;
import io.purertc.rtcp.SourceDescription;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.NtpTime;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RtcpSessionPropertiesTest {

    private static final long T0 = RtcpSessionTest.T0;
    private static final long VIDEO_OUT = RtcpSessionTest.VIDEO_OUT;
    private static final long REMOTE = RtcpSessionTest.REMOTE_VIDEO;

    private static RtcpSession session() {
        RtcpSession session = new RtcpSession(1, RtcpSessionTest.CNAME, 2_000_000, new RtcpSessionTest.Recorder());
        session.addOutbound(VIDEO_OUT, OptionalLong.of(VIDEO_OUT + 1), MediaKind.VIDEO, "1", 90_000).orElseThrow()
                .onRtpSent(12, 1000, 0, T0);
        session.addInbound(REMOTE, MediaKind.VIDEO, "1", 90_000).orElseThrow();
        return session;
    }

    /** A compound of every type the session dispatches, about SSRCs it knows. */
    private static byte[] validCompound() {
        return RtcpCompound.write(List.of(
                new SenderReport(REMOTE, NtpTime.fromUnixNanos(T0), 1, 2, 3,
                        List.of(new ReportBlock(VIDEO_OUT, 10, 1, 100, 5, 0x1234_5678L, 0x10000))),
                new ReceiverReport(77, List.of(new ReportBlock(VIDEO_OUT, 0, 0, 10, 0, 0, 0))),
                SourceDescription.ofCname(REMOTE, "them"),
                GenericNack.of(77, VIDEO_OUT, List.of(1, 2, 40)),
                new PictureLossIndication(77, VIDEO_OUT),
                new FullIntraRequest(77, List.of(new FullIntraRequest.Entry(VIDEO_OUT, 9))),
                new Goodbye(List.of(REMOTE), "bye")));
    }

    /** Feeds the session; anything thrown but MalformedPacketException fails the property. */
    private static void feed(RtcpSession session, byte[] bytes, int off, int len) {
        try {
            session.onRtcp(bytes, off, len, T0);
        } catch (MalformedPacketException expected) {
            // the one way bad bytes may end
        }
    }

    @Property(tries = 3000)
    void randomBytesFailOnlyAsMalformed(@ForAll @Size(max = 300) byte[] bytes) {
        feed(session(), bytes, 0, bytes.length);
    }

    @Property(tries = 1000)
    void truncationsOfAValidCompoundFailOnlyAsMalformed(@ForAll @IntRange(min = 0, max = 400) int cut) {
        byte[] compound = validCompound();
        feed(session(), compound, 0, Math.min(cut, compound.length));
    }

    @Property(tries = 2000)
    void aValidCompoundWithOneByteChangedFailsOnlyAsMalformed(@ForAll @IntRange(min = 0, max = 400) int at,
            @ForAll byte value) {
        byte[] compound = validCompound();
        compound[at % compound.length] = value;
        feed(session(), compound, 0, compound.length);
    }

    @Property(tries = 300)
    void everyBlockIsReportedOnceInValidCompoundsWithinTheLimit(
            @ForAll @IntRange(min = 0, max = RtcpSession.MAX_INBOUND_STREAMS) int inbound,
            @ForAll @IntRange(min = 0, max = 4) int senders, @ForAll @IntRange(min = 76, max = 1500) int maxLength)
            throws MalformedPacketException {
        RtcpSession session = new RtcpSession(1, RtcpSessionTest.CNAME, 2_000_000, new RtcpSessionTest.Recorder());
        for (int i = 0; i < senders; i++) {
            session.addOutbound(100 + i, OptionalLong.empty(), MediaKind.VIDEO, "1", 90_000).orElseThrow()
                    .onRtpSent(12, 1000, 0, T0);
        }
        for (int i = 0; i < inbound; i++) {
            InboundRtpStream stream = session.addInbound(1000 + i, MediaKind.AUDIO, "0", 48_000).orElseThrow();
            stream.onRtp(0, 0, 12, 100, T0);
            stream.onRtp(1, 960, 12, 100, T0);
        }
        List<byte[]> compounds = session.reports(T0, maxLength);
        List<Long> reported = RtcpSessionTest.checkCompounds(compounds, maxLength).stream().map(ReportBlock::ssrc)
                .toList();
        assertEquals(inbound, reported.size());
        assertEquals(inbound, Set.copyOf(reported).size());
        assertTrue(reported.stream().allMatch(ssrc -> ssrc >= 1000 && ssrc < 1000 + inbound));
        long srs = 0;
        for (byte[] compound : compounds) {
            srs += RtcpCompound.parse(compound, 0, compound.length).stream()
                    .filter(SenderReport.class::isInstance).count();
        }
        assertEquals(senders, srs);
    }
}
