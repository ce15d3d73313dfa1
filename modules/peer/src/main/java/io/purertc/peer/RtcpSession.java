package io.purertc.peer;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Random;
import java.util.Set;

/**
 * The RTCP of one connection's single RTP session (BUNDLE puts every m-section in one): the streams we send and
 * receive by SSRC, the compounds we report with, the dispatch of what the remote side reports and asks, and the
 * transmission interval. It owns no timer: the caller asks {@link #nextReportDelayNanos} and calls
 * {@link #reports} when that time comes, all on the connection's one thread.
 *
 * <p>Our compounds start with a sender report for every SSRC that sent in the last two intervals, or with a
 * receiver report from the reporting SSRC when none did, and end with SDES CNAME chunks for the SSRCs that
 * report; report blocks beyond what the reports hold follow in receiver reports.
 */
// RFC 3550 §6.1, §6.4, §6.5, §6.6; RFC 4585 §6.2.1, §6.3.1; RFC 5104 §4.3.1; RFC 5506 §3; RFC 8834 §4.1
final class RtcpSession {

    /** A peer can announce any number of SSRCs; this many inbound streams are kept. */
    static final int MAX_INBOUND_STREAMS = 64;
    /** With their RTX SSRCs and the reporting SSRC, this many streams fit one BYE packet. */
    static final int MAX_OUTBOUND_STREAMS = 15;
    /**
     * Octets below RTCP that §6.3.3 counts in the average compound size: IPv4 and UDP headers and the SRTCP index
     * and 80-bit tag. IPv6 or AES-GCM differ by a few octets, which a running average of sizes tolerates.
     */
    static final int LOWER_LAYER_OVERHEAD = 20 + 8 + 4 + 10;

    /** RFC 3550 §6.4.1: the header and sender info of an SR, of an RR, and one report block. */
    private static final int SR_FIXED_LENGTH = 28;
    private static final int RR_FIXED_LENGTH = 8;
    private static final int REPORT_BLOCK_LENGTH = 24;
    private static final int MAX_REPORT_BLOCKS = 31;
    private static final double NANOS_PER_SECOND = 1e9;

    /** What the remote side's RTCP asks of the connection. */
    interface Listener {

        /** A PLI, or a FIR with a new sequence number, asks for a key frame on our stream {@code mediaSsrc}. */
        void onKeyFrameRequest(long mediaSsrc);

        /** The remote side misses packets of our stream {@code mediaSsrc}. */
        void onNack(long mediaSsrc, GenericNack nack);

        /** The remote source {@code ssrc}, one of our inbound streams, left the session. */
        void onGoodbye(long ssrc);

        /** A sender report about {@code report.ssrc()}, one of our inbound streams: its RTP/NTP clock mapping. */
        void onSenderReport(SenderReport report);
    }

    private final long reportingSsrc;
    private final String cname;
    private final Listener listener;
    private final RtcpInterval interval;
    private final Map<Long, InboundRtpStream> inbound = new LinkedHashMap<>();
    private final Map<Long, OutboundRtpStream> outbound = new LinkedHashMap<>();
    /** The shortest compound that holds any one report with a block, and its SDES. */
    private final int minimumCompoundLength;
    private long unknownSsrcCount;

    /**
     * @param reportingSsrc the SSRC our receiver reports come from while no stream of ours sends
     * @param cname our CNAME, shared by every SSRC of the connection so that the remote side syncs them
     * @param sessionBandwidth the session bandwidth in bits per second, from which RTCP takes 5%
     */
    RtcpSession(long reportingSsrc, String cname, double sessionBandwidth, Listener listener) {
        SourceDescription description = SourceDescription.ofCname(reportingSsrc, cname);
        this.reportingSsrc = reportingSsrc;
        this.cname = cname;
        this.listener = Objects.requireNonNull(listener);
        this.minimumCompoundLength = SR_FIXED_LENGTH + REPORT_BLOCK_LENGTH + description.wireLength();
        // §6.3.2: start from the probable size of our first compound, an SR with one block and our SDES
        this.interval = new RtcpInterval(sessionBandwidth, true, minimumCompoundLength + LOWER_LAYER_OVERHEAD);
    }

    /**
     * Starts receiving statistics for a remote SSRC.
     *
     * @return the stream, or empty when {@link #MAX_INBOUND_STREAMS} are kept already
     * @throws IllegalArgumentException if the SSRC has a stream already
     */
    Optional<InboundRtpStream> addInbound(long ssrc, MediaKind kind, String mid, int clockRate) {
        if (inbound.containsKey(ssrc)) {
            throw new IllegalArgumentException("SSRC " + ssrc + " is received already");
        }
        if (inbound.size() == MAX_INBOUND_STREAMS) {
            return Optional.empty();
        }
        InboundRtpStream stream = new InboundRtpStream(ssrc, kind, mid, clockRate);
        inbound.put(ssrc, stream);
        return Optional.of(stream);
    }

    /**
     * Starts a stream we send.
     *
     * @return the stream, or empty when {@link #MAX_OUTBOUND_STREAMS} are sent already
     * @throws IllegalArgumentException if the SSRC or the RTX SSRC is one of ours already
     */
    Optional<OutboundRtpStream> addOutbound(long ssrc, OptionalLong rtxSsrc, MediaKind kind, String mid,
            int clockRate) {
        Set<Long> ours = ourSsrcs();
        if (ours.contains(ssrc) || (rtxSsrc.isPresent() && (ours.contains(rtxSsrc.getAsLong())
                || rtxSsrc.getAsLong() == ssrc))) {
            throw new IllegalArgumentException("SSRC " + ssrc + " or " + rtxSsrc + " is ours already");
        }
        if (outbound.size() == MAX_OUTBOUND_STREAMS) {
            return Optional.empty();
        }
        OutboundRtpStream stream = new OutboundRtpStream(ssrc, rtxSsrc, kind, mid, clockRate);
        outbound.put(ssrc, stream);
        return Optional.of(stream);
    }

    boolean removeInbound(long ssrc) {
        return inbound.remove(ssrc) != null;
    }

    boolean removeOutbound(long ssrc) {
        return outbound.remove(ssrc) != null;
    }

    Optional<InboundRtpStream> inbound(long ssrc) {
        return Optional.ofNullable(inbound.get(ssrc));
    }

    /**
     * The connection's round-trip time in microseconds, as the receiver reports about our streams measure it
     * (RFC 3550 §6.4.1): the largest of the latest per stream; 0 while no report has carried one.
     */
    long roundTripMicros() {
        long largest = 0;
        for (OutboundRtpStream stream : outbound.values()) {
            largest = Math.max(largest, stream.roundTripMicros());
        }
        return largest;
    }

    Optional<OutboundRtpStream> outbound(long ssrc) {
        return Optional.ofNullable(outbound.get(ssrc));
    }

    long reportingSsrc() {
        return reportingSsrc;
    }

    /**
     * Takes one compound (or RFC 5506 reduced-size) RTCP packet from the remote side: sender reports feed our
     * inbound streams, report blocks about our SSRCs feed our outbound streams, feedback about our streams is
     * counted and passed to the listener, BYE removes the member. SSRCs of neither side's streams are counted
     * ({@link #unknownSsrcCount()}) and otherwise ignored, as are packet types we do not use.
     *
     * @throws MalformedPacketException if the bytes are not RTCP; nothing was taken from them then
     */
    void onRtcp(byte[] buf, int off, int len, long nowUnixNanos) throws MalformedPacketException {
        List<RtcpPacket> packets = RtcpCompound.parse(buf, off, len);
        interval.onCompoundReceived(len + LOWER_LAYER_OVERHEAD);
        for (RtcpPacket packet : packets) {
            if (packet instanceof SenderReport report) {
                interval.onRtcp(report.ssrc(), nowUnixNanos);
                InboundRtpStream stream = inbound.get(report.ssrc());
                if (stream == null) {
                    unknownSsrcCount++;
                } else {
                    stream.onSenderReport(report, nowUnixNanos);
                    listener.onSenderReport(report);
                }
                onReportBlocks(report.reportBlocks(), nowUnixNanos);
            } else if (packet instanceof ReceiverReport report) {
                interval.onRtcp(report.ssrc(), nowUnixNanos);
                onReportBlocks(report.reportBlocks(), nowUnixNanos);
            } else if (packet instanceof GenericNack nack) {
                interval.onRtcp(nack.senderSsrc(), nowUnixNanos);
                OutboundRtpStream stream = mediaStream(nack.mediaSsrc());
                if (stream != null) {
                    stream.onNack();
                    listener.onNack(nack.mediaSsrc(), nack);
                }
            } else if (packet instanceof PictureLossIndication pli) {
                interval.onRtcp(pli.senderSsrc(), nowUnixNanos);
                OutboundRtpStream stream = mediaStream(pli.mediaSsrc());
                if (stream != null) {
                    stream.onPictureLossIndication();
                    listener.onKeyFrameRequest(pli.mediaSsrc());
                }
            } else if (packet instanceof FullIntraRequest fir) {
                interval.onRtcp(fir.senderSsrc(), nowUnixNanos);
                for (FullIntraRequest.Entry entry : fir.entries()) {
                    OutboundRtpStream stream = mediaStream(entry.ssrc());
                    if (stream != null && stream.onFullIntraRequest(entry.sequenceNumber())) {
                        listener.onKeyFrameRequest(entry.ssrc());
                    }
                }
            } else if (packet instanceof Goodbye bye) {
                for (long ssrc : bye.ssrcs()) {
                    interval.onGoodbye(ssrc);
                    if (inbound.containsKey(ssrc)) {
                        listener.onGoodbye(ssrc);
                    }
                }
            }
        }
    }

    private void onReportBlocks(List<ReportBlock> blocks, long nowUnixNanos) {
        for (ReportBlock block : blocks) {
            OutboundRtpStream stream = outbound.get(block.ssrc());
            if (stream != null) {
                stream.onReportBlock(block, nowUnixNanos);
            } else if (!isRtxSsrc(block.ssrc())) {
                unknownSsrcCount++;
            }
        }
    }

    /** Our stream whose media SSRC this is, or null after counting the SSRC as unknown. */
    private OutboundRtpStream mediaStream(long ssrc) {
        OutboundRtpStream stream = outbound.get(ssrc);
        if (stream == null) {
            unknownSsrcCount++;
        }
        return stream;
    }

    private boolean isRtxSsrc(long ssrc) {
        for (OutboundRtpStream stream : outbound.values()) {
            if (stream.rtxSsrc().isPresent() && stream.rtxSsrc().getAsLong() == ssrc) {
                return true;
            }
        }
        return false;
    }

    /**
     * The compounds to send now: a sender report for each of our streams that sent in the last two intervals,
     * else a receiver report from the reporting SSRC; report blocks for the inbound streams heard since the last
     * report, at most 31 to a packet, the rest in further receiver reports; SDES CNAME for each reporting SSRC.
     * A compound longer than {@code maxPacketLength} is split into several, each starting with an SR or RR and
     * carrying its own SDES. Counts what it returns as sent, for the interval.
     *
     * @param maxPacketLength the most octets one compound may take, before SRTCP adds its trailer
     * @throws IllegalArgumentException if {@code maxPacketLength} cannot hold a sender report with one block and
     *     its SDES
     */
    List<byte[]> reports(long nowUnixNanos, int maxPacketLength) {
        if (maxPacketLength < minimumCompoundLength) {
            throw new IllegalArgumentException("a compound of " + maxPacketLength + " octets cannot hold an SR with "
                    + "one block and its SDES, " + minimumCompoundLength + " octets");
        }
        for (InboundRtpStream stream : inbound.values()) {
            if (stream.heard()) {
                interval.onRtp(stream.ssrc(), stream.lastArrivalUnixNanos());
            }
        }
        List<OutboundRtpStream> senders = senders();
        updateLocalSources(senders);
        interval.timeOut(nowUnixNanos);
        Queue<ReportBlock> blocks = new ArrayDeque<>();
        for (InboundRtpStream stream : inbound.values()) {
            stream.reportBlock(nowUnixNanos).ifPresent(blocks::add);
        }
        Packer packer = new Packer(maxPacketLength, cname);
        for (OutboundRtpStream sender : senders) {
            int count = packer.blocksThatFit(sender.ssrc(), SR_FIXED_LENGTH, blocks.size(), false);
            packer.add(sender.ssrc(), sender.senderReport(nowUnixNanos, take(blocks, count)));
        }
        long reporter = reporter(senders);
        while ((senders.isEmpty() && packer.isEmpty()) || !blocks.isEmpty()) {
            int count = packer.blocksThatFit(reporter, RR_FIXED_LENGTH, blocks.size(), true);
            packer.add(reporter, new ReceiverReport(reporter, take(blocks, count)));
        }
        List<byte[]> compounds = packer.finish();
        for (byte[] compound : compounds) {
            interval.onCompoundSent(compound.length + LOWER_LAYER_OVERHEAD);
        }
        for (OutboundRtpStream stream : outbound.values()) {
            stream.onReportSent();
        }
        return compounds;
    }

    private static List<ReportBlock> take(Queue<ReportBlock> blocks, int count) {
        List<ReportBlock> taken = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            taken.add(blocks.remove());
        }
        return taken;
    }

    /**
     * The compound to send when the connection closes: an empty receiver report, our SDES and a BYE for every
     * SSRC of ours (RFC 3550 §6.6: a BYE goes in a compound like any report).
     *
     * @param reason why we leave, at most 255 octets of UTF-8; empty for none
     */
    byte[] goodbye(String reason) {
        long reporter = reporter(senders());
        return RtcpCompound.write(List.of(new ReceiverReport(reporter, List.of()),
                SourceDescription.ofCname(reporter, cname), new Goodbye(List.copyOf(ourSsrcs()), reason)));
    }

    /** How long to wait from the last report to the next, drawn from {@code random} (RFC 3550 §6.3.1). */
    long nextReportDelayNanos(Random random) {
        updateLocalSources(senders());
        return (long) (interval.interval(random) * NANOS_PER_SECOND);
    }

    /** The stats objects of every stream, inbound then outbound. */
    List<RtcStats> stats() {
        List<RtcStats> stats = new ArrayList<>(inbound.size() + outbound.size());
        for (InboundRtpStream stream : inbound.values()) {
            stats.add(stream.stats());
        }
        for (OutboundRtpStream stream : outbound.values()) {
            stats.add(stream.stats());
        }
        return stats;
    }

    /**
     * References to SSRCs of neither side's streams: sender reports from, report blocks and feedback about
     * SSRCs that have no stream here.
     */
    long unknownSsrcCount() {
        return unknownSsrcCount;
    }

    /** Our streams that send a sender report now. */
    private List<OutboundRtpStream> senders() {
        List<OutboundRtpStream> senders = new ArrayList<>();
        for (OutboundRtpStream stream : outbound.values()) {
            if (stream.isSender()) {
                senders.add(stream);
            }
        }
        return senders;
    }

    /** The SSRC our receiver reports come from: the first sender's, else the reporting SSRC. */
    private long reporter(List<OutboundRtpStream> senders) {
        return senders.isEmpty() ? reportingSsrc : senders.get(0).ssrc();
    }

    /** Our SSRCs in the session are the senders, or the reporting SSRC alone while none sends. */
    private void updateLocalSources(List<OutboundRtpStream> senders) {
        interval.setLocalSources(Math.max(1, senders.size()), senders.size());
    }

    private Set<Long> ourSsrcs() {
        Set<Long> ssrcs = new LinkedHashSet<>();
        ssrcs.add(reportingSsrc);
        for (OutboundRtpStream stream : outbound.values()) {
            ssrcs.add(stream.ssrc());
            stream.rtxSsrc().ifPresent(ssrcs::add);
        }
        return ssrcs;
    }

    /**
     * Packs report packets into compounds of at most a given length, each closed by SDES CNAME chunks for the
     * SSRCs whose reports it holds.
     */
    private static final class Packer {

        private final int maxLength;
        private final String cname;
        private final List<byte[]> compounds = new ArrayList<>();
        private final List<RtcpPacket> packets = new ArrayList<>();
        private final Set<Long> reporters = new LinkedHashSet<>();
        private int length;

        Packer(int maxLength, String cname) {
            this.maxLength = maxLength;
            this.cname = cname;
        }

        boolean isEmpty() {
            return packets.isEmpty() && compounds.isEmpty();
        }

        /**
         * How many of {@code wanted} report blocks a report of {@code fixedLength} from {@code ssrc} can carry,
         * closing the current compound first if the report, or one block when {@code needsBlock}, does not fit.
         * A fresh compound holds a report with one block: {@link #reports} checked the length.
         */
        int blocksThatFit(long ssrc, int fixedLength, int wanted, boolean needsBlock) {
            int fit = room(ssrc, fixedLength);
            if (fit < (needsBlock && wanted > 0 ? 1 : 0)) {
                flush();
                fit = room(ssrc, fixedLength);
            }
            return Math.min(Math.min(wanted, fit), MAX_REPORT_BLOCKS);
        }

        /** Report blocks that fit beside what the compound holds, or -1 when not even the report does. */
        private int room(long ssrc, int fixedLength) {
            Set<Long> described = new LinkedHashSet<>(reporters);
            described.add(ssrc);
            int left = maxLength - length - fixedLength - description(described).wireLength();
            return left < 0 ? -1 : left / REPORT_BLOCK_LENGTH;
        }

        void add(long ssrc, RtcpPacket report) {
            packets.add(report);
            reporters.add(ssrc);
            length += report.wireLength();
        }

        List<byte[]> finish() {
            flush();
            return compounds;
        }

        private void flush() {
            packets.add(description(reporters));
            compounds.add(RtcpCompound.write(packets));
            packets.clear();
            reporters.clear();
            length = 0;
        }

        private SourceDescription description(Set<Long> ssrcs) {
            List<SourceDescription.Chunk> chunks = new ArrayList<>(ssrcs.size());
            for (long ssrc : ssrcs) {
                chunks.add(new SourceDescription.Chunk(ssrc,
                        List.of(SourceDescription.Item.text(SourceDescription.CNAME, cname))));
            }
            return new SourceDescription(chunks);
        }
    }
}
