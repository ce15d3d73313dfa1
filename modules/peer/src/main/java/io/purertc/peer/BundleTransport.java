package io.purertc.peer;

import io.netty.channel.EventLoop;
import io.purertc.dtls.DtlsConfig;
import io.purertc.dtls.DtlsEndpoint;
import io.purertc.dtls.DtlsHandshakeResult;
import io.purertc.dtls.DtlsLink;
import io.purertc.dtls.DtlsRole;
import io.purertc.ice.IceAgent;
import io.purertc.ice.IceCandidate;
import io.purertc.ice.IceCandidatePair;
import io.purertc.ice.IceState;
import io.purertc.jitter.NackBatch;
import io.purertc.jitter.Rtx;
import io.purertc.media.MediaClock;
import io.purertc.rtcp.FullIntraRequest;
import io.purertc.rtcp.GenericNack;
import io.purertc.rtcp.PictureLossIndication;
import io.purertc.rtcp.RtcpCompound;
import io.purertc.rtcp.SenderReport;
import io.purertc.rtp.HeaderExtension;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.PacketClass;
import io.purertc.rtp.RtpHeader;
import io.purertc.rtp.RtpMid;
import io.purertc.rtp.RtpPacket;
import io.purertc.sdp.Fingerprint;
import io.purertc.srtp.SrtpOptions;
import io.purertc.srtp.SrtpSession;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one transport a BUNDLE group shares (RFC 8843): the ICE agent's selected pair carries STUN, DTLS and
 * SRTP told apart by their first byte (RFC 7983); DTLS keys SRTP (RFC 5764); unprotected RTP goes to its
 * transceiver by MID header extension, then SSRC, then payload type (RFC 8843 §9.2); RTCP goes to the
 * connection's {@link RtcpSession}. Everything here runs on the connection's event loop.
 */
final class BundleTransport implements IceAgent.Listener, IceAgent.DataHandler, DtlsLink, RtcpSession.Listener {

    /** What the transport tells its connection, on the event loop. */
    interface Events {
        void onLocalCandidate(IceCandidate candidate);

        void onGatheringComplete();

        void onIceState(IceState state);

        void onDtlsState(PeerConnection.DtlsState state);
    }

    /** Counts of what arrived and could not be used; each such datagram was dropped alone. */
    record Counters(long malformedRtp, long malformedRtcp, long unprotectFailed, long beforeKeys, long unroutable,
                    long notSending, long rtxReceived, long dtlsBeforeEndpoint, long bytesSent, long bytesReceived,
                    long packetsSent, long packetsReceived) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(BundleTransport.class);
    /** DTLS datagrams kept while no endpoint or no ICE pair exists yet: one flight and its retransmissions. */
    private static final int EARLY_DTLS_LIMIT = 8;
    /**
     * The session bandwidth RTCP takes its 5% from (RFC 3550 §6.2): one audio and one video stream each way at
     * typical WebRTC rates. With the reduced minimum (RFC 8834 §4.1) this gives a report about every 0.7 s.
     */
    private static final double SESSION_BANDWIDTH = 500_000;
    /** How often due NACKs go out, as libwebrtc's NackRequester processes every 20 ms. */
    private static final long NACK_INTERVAL_MILLIS = 20;
    /**
     * Sequence numbers per NACK packet: each takes at most one 4-byte FCI entry, so a packet stays far below any
     * MTU; a longer batch goes in several.
     */
    private static final int MAX_NACKED_PER_PACKET = 200;


    private final EventLoop loop;
    private final int mtu;
    private final Events events;
    private final RtcpSession rtcp;
    private final Random random = new Random();
    private IceAgent agent;

    // Event-loop state.
    private final ArrayDeque<Early> earlyDtls = new ArrayDeque<>();
    private final ArrayDeque<byte[]> heldDtls = new ArrayDeque<>();
    /** Remote SSRCs seen in packets, with their transceiver and statistics; as bounded as the RTCP session. */
    private final Map<Long, Inbound> inbound = new HashMap<>();
    private volatile Routes routes = Routes.NONE;
    private DtlsEndpoint endpoint;
    private DtlsRole pendingClientRole;
    private List<Fingerprint> pendingFingerprints;
    private DtlsConfig dtlsConfig;
    private volatile SrtpSession srtp;
    private volatile PeerConnection.DtlsState dtlsState = PeerConnection.DtlsState.NEW;
    private volatile DtlsHandshakeResult handshake;
    private volatile IceState iceState = IceState.NEW;
    private ScheduledFuture<?> reportTimer;
    /** Asks for lost packets of the inbound streams with NACK; started with the first such stream. */
    private ScheduledFuture<?> nackTimer;
    /** Our sending streams that answer NACKs with RTX, by media SSRC. */
    private final Map<Long, LossRecovery.Retransmitter> retransmitters = new HashMap<>();
    /** System.nanoTime of the last compound sent on the schedule (tp of RFC 3550 §6.3); 0 before the first. */
    private long lastReportNanos;
    private boolean closed;

    private long malformedRtp;
    private long malformedRtcp;
    private long unprotectFailed;
    private long beforeKeys;
    private long unroutable;
    private long notSending;
    private long rtxReceived;
    private long dtlsBeforeEndpoint;
    private long bytesSent;
    private long bytesReceived;
    private long packetsSent;
    private long packetsReceived;

    private record Early(byte[] datagram, InetSocketAddress from) {
    }

    /** @param nack what asks for this stream's lost packets again, or null when NACK was not negotiated for it */
    private record Inbound(RtpTransceiver transceiver, InboundRtpStream stream, LossRecovery.Requester nack) {
    }

    /**
     * Where each remote stream goes, from the negotiated descriptions: by MID, by SSRC the remote announced, by
     * payload type when only one section uses it; and the SSRCs that are RTX repair streams.
     */
    record Routes(Map<String, RtpTransceiver> byMid, Map<Long, RtpTransceiver> bySsrc,
                  Map<Integer, RtpTransceiver> byPayloadType, Map<Long, Long> primaryByRtxSsrc) {
        static final Routes NONE = new Routes(Map.of(), Map.of(), Map.of(), Map.of());
    }

    BundleTransport(EventLoop loop, int mtu, String cname, Events events) {
        this.loop = loop;
        this.mtu = mtu;
        this.events = events;
        long reportingSsrc;
        do {
            reportingSsrc = random.nextInt() & 0xFFFF_FFFFL;
        } while (reportingSsrc == 0);
        this.rtcp = new RtcpSession(reportingSsrc, cname, SESSION_BANDWIDTH, this);
    }

    void agent(IceAgent value) {
        agent = value;
    }

    EventLoop loop() {
        return loop;
    }

    /** RTCP statistics of every stream; on the event loop. */
    List<RtcStats> rtpStats() {
        return rtcp.stats();
    }

    PeerConnection.DtlsState dtlsState() {
        return dtlsState;
    }

    IceState iceState() {
        return iceState;
    }

    DtlsHandshakeResult handshakeResult() {
        return handshake;
    }

    SrtpSession srtp() {
        return srtp;
    }

    /** New routes after an offer/answer, and the senders that now send, each with its RTCP statistics. */
    void routes(Routes value, List<RtpSender> senders) {
        loop.execute(() -> {
            routes = value;
            for (RtpSender sender : senders) {
                if (!retransmitters.containsKey(sender.ssrc())) {
                    LossRecovery.Retransmitter.of(sender, random)
                            .ifPresent(retransmitter -> retransmitters.put(sender.ssrc(), retransmitter));
                }
                if (sender.stream() == null) {
                    RtpTransceiver transceiver = sender.transceiver();
                    int clockRate = transceiver.negotiatedCodecs().get(0).clockRate();
                    rtcp.addOutbound(sender.ssrc(), sender.rtxSsrc(), transceiver.kind(),
                            transceiver.mid().orElseThrow(), clockRate).ifPresent(sender::stream);
                }
            }
        });
    }

    // ---- ICE (RFC 8445) ----

    @Override
    public void onLocalCandidate(IceCandidate candidate) {
        events.onLocalCandidate(candidate);
    }

    @Override
    public void onGatheringComplete() {
        events.onGatheringComplete();
    }

    @Override
    public void onStateChange(IceState state) {
        iceState = state;
        if (state == IceState.CONNECTED || state == IceState.COMPLETED) {
            while (!heldDtls.isEmpty()) {
                byte[] datagram = heldDtls.poll();
                agent.send(datagram, 0, datagram.length);
            }
        }
        if ((state == IceState.CONNECTED || state == IceState.COMPLETED) && pendingClientRole != null) {
            DtlsRole role = pendingClientRole;
            pendingClientRole = null;
            open(role, pendingFingerprints);
        }
        events.onIceState(state);
    }

    @Override
    public void onSelectedPairChange(IceCandidatePair pair) {
        LOG.debug("selected pair {}", pair);
    }

    // ---- DTLS (RFC 5764, RFC 8842) ----

    /**
     * Starts DTLS once both descriptions are applied: a server listens at once, so a ClientHello racing our
     * answer is not lost; a client sends its ClientHello only when ICE has a pair to carry it.
     */
    void startDtls(DtlsConfig config, DtlsRole role, List<Fingerprint> remoteFingerprints) {
        loop.execute(() -> {
            if (closed || endpoint != null || pendingClientRole != null) {
                return;
            }
            dtlsConfig = config;
            if (role.isClient() && iceState != IceState.CONNECTED && iceState != IceState.COMPLETED) {
                pendingClientRole = role;
                pendingFingerprints = List.copyOf(remoteFingerprints);
            } else {
                open(role, remoteFingerprints);
            }
        });
    }

    private void open(DtlsRole role, List<Fingerprint> remoteFingerprints) {
        endpoint = DtlsEndpoint.open(dtlsConfig, this, role, remoteFingerprints, (buf, offset, length) -> {
            // Application data is SCTP (RFC 8261), which this stack does not carry yet: dropped.
        });
        setDtlsState(PeerConnection.DtlsState.CONNECTING);
        endpoint.handshake().whenComplete((result, error) -> loop.execute(() -> onHandshake(role, result, error)));
        while (!earlyDtls.isEmpty()) {
            Early early = earlyDtls.poll();
            endpoint.receive(early.datagram, 0, early.datagram.length, early.from);
        }
    }

    private void onHandshake(DtlsRole role, DtlsHandshakeResult result, Throwable error) {
        if (closed) {
            return;
        }
        if (error != null) {
            LOG.info("DTLS handshake failed: {}", error.toString());
            setDtlsState(PeerConnection.DtlsState.FAILED);
            return;
        }
        handshake = result;
        srtp = SrtpSession.create(result.keyingMaterial(), role.isClient(), SrtpOptions.DEFAULT);
        setDtlsState(PeerConnection.DtlsState.CONNECTED);
        scheduleReports();
    }

    private void setDtlsState(PeerConnection.DtlsState state) {
        dtlsState = state;
        events.onDtlsState(state);
    }

    /**
     * DTLS's datagrams. Until ICE has selected a pair they are held, not dropped: the peer may be connected (its
     * checks answered) before our agent is, and a lost HelloVerifyRequest or ServerHello would cost bctls's
     * 1 s retransmission timer.
     */
    @Override
    public void send(byte[] buf, int offset, int length) {
        if (!loop.inEventLoop()) {
            byte[] copy = Arrays.copyOfRange(buf, offset, offset + length);
            loop.execute(() -> send(copy, 0, copy.length));
        } else if (iceState == IceState.CONNECTED || iceState == IceState.COMPLETED) {
            agent.send(buf, offset, length);
        } else if (heldDtls.size() < EARLY_DTLS_LIMIT && !closed) {
            heldDtls.add(Arrays.copyOfRange(buf, offset, offset + length));
        }
    }

    @Override
    public int mtu() {
        return mtu;
    }

    // ---- receive: RFC 7983 demultiplexing ----

    @Override
    public void onData(byte[] datagram, InetSocketAddress from) {
        bytesReceived += datagram.length;
        packetsReceived++;
        PacketClass kind = PacketClass.classify(datagram, 0, datagram.length);
        if (kind == PacketClass.DTLS) {
            if (endpoint != null) {
                endpoint.receive(datagram, 0, datagram.length, from);
            } else if (earlyDtls.size() < EARLY_DTLS_LIMIT) {
                earlyDtls.add(new Early(datagram, from));
            } else {
                dtlsBeforeEndpoint++;
            }
        } else if (kind == PacketClass.RTP || kind == PacketClass.RTCP) {
            SrtpSession session = srtp;
            if (session == null) {
                beforeKeys++;
            } else if (kind == PacketClass.RTP) {
                receiveRtp(session, datagram);
            } else {
                receiveRtcp(session, datagram);
            }
        }
    }

    private void receiveRtp(SrtpSession session, byte[] datagram) {
        int length = session.unprotectRtp(datagram, 0, datagram.length);
        if (length < 0) {
            unprotectFailed++;
            return;
        }
        RtpPacket packet;
        try {
            packet = RtpPacket.parse(datagram, 0, length);
        } catch (MalformedPacketException e) {
            malformedRtp++;
            return;
        }
        Routes current = routes;
        boolean recovered = false;
        Long primary = current.primaryByRtxSsrc.get(packet.ssrc());
        if (primary != null) {
            rtxReceived++;
            packet = unwrapRetransmission(packet, primary);
            if (packet == null) {
                return;
            }
            recovered = true;
        }
        Inbound stream = inbound.get(packet.ssrc());
        if (stream == null) {
            try {
                stream = learn(current, packet);
            } catch (MalformedPacketException e) {
                malformedRtp++;
                return;
            }
            if (stream == null) {
                unroutable++;
                return;
            }
        }
        RtpTransceiver transceiver = stream.transceiver;
        if (!transceiver.receives() || transceiver.clockRate(packet.payloadType()) < 0) {
            unroutable++;
            return;
        }
        if (stream.nack != null) {
            stream.nack.onPacket(packet.sequenceNumber(), recovered, MediaClock.system().nowMicros());
        }
        stream.stream.onRtp(packet.sequenceNumber(), packet.timestamp(), packet.headerLength(),
                packet.payloadLength(), PeerConnection.unixNanos());
        transceiver.receiver().deliver(packet);
    }

    /**
     * The original packet an RTX packet carries (RFC 4588 §4), or null when it cannot be used: a padding-only probe,
     * a repair of a stream not seen yet, or a payload type without {@code apt}; each counted.
     */
    private RtpPacket unwrapRetransmission(RtpPacket rtx, long primary) {
        Inbound repaired = inbound.get(primary);
        if (Rtx.isPaddingOnly(rtx)) {
            return null;
        }
        OptionalInt original = repaired == null ? OptionalInt.empty()
                : LossRecovery.associatedPayloadType(repaired.transceiver.negotiatedCodecs(), rtx.payloadType());
        if (original.isEmpty()) {
            unroutable++;
            return null;
        }
        try {
            return Rtx.unwrap(rtx, original.getAsInt(), primary);
        } catch (MalformedPacketException e) {
            malformedRtp++;
            return null;
        }
    }

    /** A new remote SSRC: routed to a section and given statistics, or null when neither is possible. */
    private Inbound learn(Routes current, RtpPacket packet) throws MalformedPacketException {
        RtpTransceiver transceiver = route(current, packet);
        int clockRate = transceiver == null ? -1 : transceiver.clockRate(packet.payloadType());
        if (clockRate < 0) {
            return null;
        }
        long ssrc = packet.ssrc();
        boolean nack = LossRecovery.nackNegotiated(transceiver.negotiatedCodecs(), packet.payloadType());
        Inbound learned = rtcp.addInbound(ssrc, transceiver.kind(), transceiver.mid().orElseThrow(), clockRate)
                .map(stream -> new Inbound(transceiver, stream, nack ? new LossRecovery.Requester() : null))
                .orElse(null);
        if (learned != null && nack && nackTimer == null && !closed) {
            nackTimer = loop.scheduleAtFixedRate(this::onNackTimer, NACK_INTERVAL_MILLIS, NACK_INTERVAL_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
        if (learned != null) {
            inbound.put(ssrc, learned);
            transceiver.receiver().ssrc(ssrc);
        }
        return learned;
    }

    /** RFC 8843 §9.2: MID extension first, then an SSRC the description announced, then a unique payload type. */
    private static RtpTransceiver route(Routes current, RtpPacket packet) throws MalformedPacketException {
        RtpTransceiver found = null;
        for (RtpTransceiver candidate : current.byMid.values()) {
            int id = candidate.midExtensionId();
            int at = id > 0 ? packet.extensionOffset(id) : -1;
            if (at >= 0) {
                found = current.byMid.get(RtpMid.read(packet.buffer(), at, packet.extensionLength(id)));
                break;
            }
        }
        if (found == null) {
            found = current.bySsrc.get(packet.ssrc());
        }
        if (found == null) {
            found = current.byPayloadType.get(packet.payloadType());
        }
        return found;
    }

    private void receiveRtcp(SrtpSession session, byte[] datagram) {
        int length = session.unprotectRtcp(datagram, 0, datagram.length);
        if (length < 0) {
            unprotectFailed++;
            return;
        }
        try {
            rtcp.onRtcp(datagram, 0, length, PeerConnection.unixNanos());
        } catch (MalformedPacketException e) {
            malformedRtcp++;
        }
    }

    @Override
    public void onKeyFrameRequest(long mediaSsrc) {
        for (RtpTransceiver transceiver : routes.byMid.values()) {
            if (transceiver.sender().ssrc() == mediaSsrc) {
                transceiver.sender().keyFrameRequested();
            }
        }
    }

    /** Answers a NACK about one of our streams with RTX packets from its history (RFC 4588 §4). */
    @Override
    public void onNack(long mediaSsrc, GenericNack nack) {
        LossRecovery.Retransmitter retransmitter = retransmitters.get(mediaSsrc);
        SrtpSession session = srtp;
        if (retransmitter == null || session == null || closed) {
            return;
        }
        long rtt = rtcp.roundTripMicros();
        for (LossRecovery.Retransmission rtx : retransmitter.answer(nack, MediaClock.system().nowMicros(), rtt)) {
            byte[] packet = Arrays.copyOf(rtx.packet(), rtx.packet().length + session.rtpOverhead());
            int protectedLength = session.protectRtp(packet, 0, rtx.packet().length);
            if (protectedLength >= 0) {
                rtcp.outbound(mediaSsrc).ifPresent(stream -> stream.onRetransmitted(rtx.payloadBytes()));
                transmit(packet, protectedLength);
            }
        }
    }

    /**
     * Sends the NACKs that are due for each inbound stream with NACK, and a PLI where repair is out of reach
     * (at most one per the limiter's interval). Reduced-size RTCP, as for a lone PLI (RFC 5506).
     */
    private void onNackTimer() {
        if (closed || srtp == null) {
            return;
        }
        long now = MediaClock.system().nowMicros();
        long rtt = rtcp.roundTripMicros();
        for (Map.Entry<Long, Inbound> entry : inbound.entrySet()) {
            Inbound stream = entry.getValue();
            if (stream.nack == null) {
                continue;
            }
            NackBatch batch = stream.nack.due(now, rtt);
            List<Integer> lost = batch.sequenceNumbers();
            for (int from = 0; from < lost.size(); from += MAX_NACKED_PER_PACKET) {
                List<Integer> part = lost.subList(from, Math.min(lost.size(), from + MAX_NACKED_PER_PACKET));
                byte[] nack = RtcpCompound.write(List.of(GenericNack.of(rtcp.reportingSsrc(), entry.getKey(), part)));
                if (sendRtcp(nack)) {
                    stream.stream.onNackSent();
                }
            }
            if (batch.keyFrameRequested() && stream.nack.mayRequestKeyFrame(now, rtt)) {
                sendKeyFrameRequest(entry.getKey(), stream);
            }
        }
    }

    @Override
    public void onSenderReport(SenderReport report) {
        Inbound stream = inbound.get(report.ssrc());
        if (stream != null) {
            stream.transceiver.receiver().senderReported(report);
        }
    }

    @Override
    public void onGoodbye(long ssrc) {
        // The stream's statistics stay for getStats; its SSRC slot is not freed, so BYE cannot be used to churn.
    }

    // ---- send ----

    /** @param captureUnixNanos when the packet's media was captured, on the connection's wall clock */
    void sendRtp(RtpSender sender, int payloadType, boolean marker, long rtpTimestamp, long captureUnixNanos,
                 byte[] payload, int offset, int length) {
        if (!loop.inEventLoop()) {
            byte[] copy = Arrays.copyOfRange(payload, offset, offset + length);
            loop.execute(() -> sendRtp(sender, payloadType, marker, rtpTimestamp, captureUnixNanos, copy, 0,
                    copy.length));
            return;
        }
        SrtpSession session = srtp;
        RtpTransceiver transceiver = sender.transceiver();
        if (session == null || closed || !transceiver.sends()) {
            notSending++;
            return;
        }
        long timestamp = (rtpTimestamp + sender.timestampOffset()) & 0xFFFF_FFFFL;
        HeaderExtension mid = transceiver.midExtension();
        RtpHeader header = new RtpHeader(marker, payloadType, sender.takeSequence(), timestamp, sender.ssrc(),
                List.of(), mid == null ? List.of() : List.of(mid));
        byte[] packet = new byte[header.packetLength(length, 0) + session.rtpOverhead()];
        int written = header.write(payload, offset, length, 0, packet, 0);
        LossRecovery.Retransmitter retransmitter = retransmitters.get(sender.ssrc());
        if (retransmitter != null) {
            retransmitter.sent(packet, written, MediaClock.system().nowMicros());
        }
        int protectedLength = session.protectRtp(packet, 0, written);
        if (protectedLength < 0) {
            notSending++;
            return;
        }
        if (sender.stream() != null) {
            sender.stream().onRtpSent(header.headerLength(), length, timestamp, captureUnixNanos);
        }
        transmit(packet, protectedLength);
    }

    /** Protects and sends one RTCP compound; false when there are no keys yet. */
    private boolean sendRtcp(byte[] compound) {
        SrtpSession session = srtp;
        if (session == null) {
            return false;
        }
        byte[] packet = Arrays.copyOf(compound, compound.length + session.rtcpOverhead());
        int protectedLength = session.protectRtcp(packet, 0, compound.length);
        if (protectedLength < 0) {
            return false;
        }
        transmit(packet, protectedLength);
        return true;
    }

    private void transmit(byte[] packet, int length) {
        bytesSent += length;
        packetsSent++;
        agent.send(packet, 0, length);
    }

    void requestKeyFrame(RtpReceiver receiver) {
        loop.execute(() -> {
            long mediaSsrc = receiver.ssrc().orElse(-1);
            Inbound stream = inbound.get(mediaSsrc);
            if (stream == null || srtp == null) {
                return;
            }
            sendKeyFrameRequest(mediaSsrc, stream);
        });
    }

    /**
     * A PLI, or a FIR where only that was negotiated (RFC 5104 §4.3.1: each new request takes the next sequence
     * number), or nothing where the sender agreed to neither. Alone in a reduced-size packet (RFC 5506), which
     * rtcp-rsize in every description allows.
     */
    private void sendKeyFrameRequest(long mediaSsrc, Inbound stream) {
        switch (LossRecovery.keyFrameRequest(stream.transceiver.negotiatedCodecs())) {
            case PLI:
                if (sendRtcp(RtcpCompound.write(List.of(
                        new PictureLossIndication(rtcp.reportingSsrc(), mediaSsrc))))) {
                    stream.stream.onPictureLossIndicationSent();
                }
                break;
            case FIR:
                FullIntraRequest.Entry entry = new FullIntraRequest.Entry(mediaSsrc,
                        stream.stream.nextFullIntraRequestSequence());
                if (sendRtcp(RtcpCompound.write(List.of(
                        new FullIntraRequest(rtcp.reportingSsrc(), List.of(entry)))))) {
                    stream.stream.onFullIntraRequestSent();
                }
                break;
            default:
                break;
        }
    }

    /** RFC 3550 §6.2: the next compound after a randomised interval; the first after half of one (§6.3.2). */
    private void scheduleReports() {
        scheduleReportTimer(rtcp.nextReportDelayNanos(random));
    }

    private void scheduleReportTimer(long delayNanos) {
        if (!closed) {
            reportTimer = loop.schedule(this::onReportTimer, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * RFC 3550 §6.3.6 timer reconsideration: the interval is computed again from what is known now; when the
     * last report plus it still lies ahead, the timer moves there instead of a report going out.
     */
    private void onReportTimer() {
        if (endpoint.isClosed()) {
            // The peer's close_notify or a fatal alert ended DTLS (RFC 5246 §7.2.1): no more media.
            setDtlsState(PeerConnection.DtlsState.CLOSED);
            return;
        }
        long now = System.nanoTime();
        long interval = rtcp.nextReportDelayNanos(random);
        if (lastReportNanos != 0 && now - lastReportNanos < interval) {
            scheduleReportTimer(lastReportNanos + interval - now);
            return;
        }
        for (byte[] compound : rtcp.reports(PeerConnection.unixNanos(), mtu - srtp.rtcpOverhead())) {
            sendRtcp(compound);
        }
        lastReportNanos = now;
        scheduleReports();
    }

    Counters counters() {
        return new Counters(malformedRtp, malformedRtcp, unprotectFailed, beforeKeys, unroutable, notSending,
                rtxReceived, dtlsBeforeEndpoint, bytesSent, bytesReceived, packetsSent, packetsReceived);
    }

    /** Sends BYE (RFC 3550 §6.6) and close_notify, then stops everything; on the event loop. */
    void close() {
        if (closed) {
            return;
        }
        if (srtp != null && agent != null) {
            sendRtcp(rtcp.goodbye("closed"));
        }
        closed = true;
        if (reportTimer != null) {
            reportTimer.cancel(false);
        }
        if (nackTimer != null) {
            nackTimer.cancel(false);
        }
        earlyDtls.clear();
        heldDtls.clear();
        if (endpoint != null) {
            endpoint.close();
        }
        if (dtlsState != PeerConnection.DtlsState.FAILED) {
            setDtlsState(PeerConnection.DtlsState.CLOSED);
        }
    }

    List<RtpTransceiver> routedTransceivers() {
        return new ArrayList<>(routes.byMid.values());
    }
}
