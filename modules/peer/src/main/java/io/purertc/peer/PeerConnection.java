package io.purertc.peer;

import io.netty.channel.EventLoop;
import io.purertc.dtls.DtlsCertificate;
import io.purertc.dtls.DtlsConfig;
import io.purertc.dtls.DtlsRole;
import io.purertc.dtls.DtlsSetupException;
import io.purertc.ice.IceAgent;
import io.purertc.ice.IceCandidate;
import io.purertc.ice.IceConfig;
import io.purertc.ice.IceRole;
import io.purertc.ice.IceState;
import io.purertc.media.MediaClock;
import io.purertc.media.MediaKind;
import io.purertc.sdp.Codec;
import io.purertc.sdp.Direction;
import io.purertc.sdp.Extmap;
import io.purertc.sdp.SdpParseException;
import io.purertc.sdp.SessionDescription;
import io.purertc.sdp.Setup;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebRTC endpoint shaped like the W3C {@code RTCPeerConnection}: transceivers negotiated by JSEP offer/answer
 * (RFC 8829, unified plan, {@code max-bundle}), one ICE + DTLS-SRTP transport for every section (RFC 8843),
 * RTP routed to transceivers, RTCP reports on the RFC 3550 schedule, and W3C-style stats.
 *
 * <p>Signaling methods may be called from any thread and are serialised; listeners are called on the
 * connection's event loop and must not block it.
 */
// RFC 8829 (JSEP), RFC 8843 (BUNDLE), RFC 8834/8835 (WebRTC RTP usage and transports)
public final class PeerConnection implements AutoCloseable {

    /** JSEP's signaling states (RFC 8829 §3.2), without provisional answers. */
    public enum SignalingState { STABLE, HAVE_LOCAL_OFFER, HAVE_REMOTE_OFFER, CLOSED }

    /** The W3C {@code RTCPeerConnectionState}: ICE and DTLS taken together. */
    public enum ConnectionState { NEW, CONNECTING, CONNECTED, DISCONNECTED, FAILED, CLOSED }

    /** The W3C {@code RTCDtlsTransportState}. */
    public enum DtlsState { NEW, CONNECTING, CONNECTED, CLOSED, FAILED }

    private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);

    private final PeerConfig config;
    private final EventLoop loop;
    private final SecureRandom random = new SecureRandom();
    private final String cname;
    private final long sessionId;
    private final BundleTransport transport;
    private final DtlsCertificate certificate;

    // Guarded by this.
    private final List<RtpTransceiver> transceivers = new ArrayList<>();
    private final List<IceCandidate> localCandidates = new ArrayList<>();
    private SignalingState signalingState = SignalingState.STABLE;
    private long sessionVersion = 1;
    private int nextMid;
    private IceAgent agent;
    private boolean gatheringStarted;
    private boolean gatheringComplete;
    /** The last description we created, kept to write {@link #localDescription()} with the candidates since. */
    private Created created;
    private Created local;
    private RemoteDescription remote;
    /** For each section of the remote description, the transceiver it belongs to, or null (rejected). */
    private List<RtpTransceiver> remoteSections = List.of();
    private final Set<RtpTransceiver> trackAnnounced = new HashSet<>();
    private final CompletableFuture<Void> gathered = new CompletableFuture<>();

    private volatile ConnectionState connectionState = ConnectionState.NEW;
    private volatile Consumer<TrackEvent> onTrack = event -> { };
    private volatile Consumer<IceCandidateInit> onIceCandidate = candidate -> { };
    private volatile Consumer<ConnectionState> onConnectionState = state -> { };
    private volatile Consumer<IceState> onIceState = state -> { };
    private volatile Consumer<DtlsState> onDtlsState = state -> { };

    /** A description we made: its type, sections, our setup, and the offer it answers. */
    private record Created(Description.Type type, long version, List<LocalSection> sections, Setup setup,
                           RemoteDescription offer) {
    }

    private PeerConnection(PeerConfig config) {
        this.config = config;
        this.loop = config.group.next();
        this.certificate = config.certificate != null ? config.certificate : DtlsCertificate.shared();
        byte[] name = new byte[12];
        random.nextBytes(name);
        // URL-safe base64 without padding: every character is an RFC 8830 msid token character too.
        this.cname = Base64.getUrlEncoder().withoutPadding().encodeToString(name);
        this.sessionId = random.nextLong() & Long.MAX_VALUE;
        this.transport = new BundleTransport(loop, config.mtu, cname, new TransportEvents());
    }

    public static PeerConnection create(PeerConfig config) {
        return new PeerConnection(Objects.requireNonNull(config, "config"));
    }

    /**
     * The shared clock every connection's sender reports map RTP time to (RFC 3550 §6.4.1): the process's
     * {@link MediaClock}, monotonic, so a wall-clock step cannot bend the NTP/RTP mapping a receiver syncs by.
     */
    static long unixNanos() {
        return unixNanos(MediaClock.system().nowMicros());
    }

    /** A reading of the shared clock's {@link MediaClock#nowMicros()} on the wall clock of {@link #unixNanos()}. */
    static long unixNanos(long mediaClockMicros) {
        return MediaClock.system().toUnixMicros(mediaClockMicros) * 1_000;
    }

    // ---- transceivers and tracks ----

    /**
     * Adds a transceiver; its section is described by the next offer (RFC 8829 §4.1.2).
     *
     * @throws IllegalStateException if the capabilities have no codec of this kind: its section could not be
     *     offered (RFC 4566 §5.14 wants at least one format)
     */
    public synchronized RtpTransceiver addTransceiver(MediaKind kind, Direction direction) {
        checkOpen();
        if (config.capabilities.codecs(kind).isEmpty()) {
            throw new IllegalStateException("no " + kind.sdpName() + " codec to offer: install a codec module or "
                    + "set PeerConfig.capabilities");
        }
        RtpTransceiver transceiver = newTransceiver(kind, direction);
        if (direction.sends()) {
            transceiver.sender().attach();
        }
        return transceiver;
    }

    /**
     * Attaches a sending track of {@code kind}: to a transceiver a remote offer made that has no track yet
     * (turning it to send as well, as W3C {@code addTrack} does), else to a new {@code sendrecv} one.
     */
    public synchronized RtpSender addTrack(MediaKind kind) {
        checkOpen();
        for (RtpTransceiver transceiver : transceivers) {
            if (transceiver.kind() == kind && !transceiver.sender().hasTrack()) {
                transceiver.sender().attach();
                Direction direction = transceiver.direction();
                transceiver.direction(Direction.of(true, direction.receives()));
                return transceiver.sender();
            }
        }
        return addTransceiver(kind, Direction.SENDRECV).sender();
    }

    private RtpTransceiver newTransceiver(MediaKind kind, Direction direction) {
        String streamId = cname;
        String trackId = Long.toHexString(random.nextLong());
        boolean rtx = config.capabilities.codecs(kind).stream().anyMatch(codec -> codec.is("rtx"));
        RtpTransceiver transceiver = new RtpTransceiver(this, kind, direction,
                owner -> new RtpSender(owner, random, rtx, trackId, streamId));
        transceivers.add(transceiver);
        return transceiver;
    }

    public synchronized List<RtpTransceiver> transceivers() {
        return List.copyOf(transceivers);
    }

    // ---- JSEP (RFC 8829 §5) ----

    /** An offer describing every transceiver (RFC 8829 §5.2.1); we are ICE-controlling and offer {@code actpass}. */
    public synchronized Description createOffer() {
        checkOpen();
        if (signalingState != SignalingState.STABLE && signalingState != SignalingState.HAVE_LOCAL_OFFER) {
            throw new IllegalStateException("createOffer in " + signalingState);
        }
        ensureAgent(IceRole.CONTROLLING);
        List<LocalSection> sections = new ArrayList<>();
        for (RtpTransceiver transceiver : transceivers) {
            if (transceiver.mid().isEmpty()) {
                transceiver.mid(nextUnusedMid());
            }
            sections.add(offerSection(transceiver));
        }
        created = new Created(Description.Type.OFFER, ++sessionVersion, sections, Setup.ACTPASS, null);
        return write(created);
    }

    private String nextUnusedMid() {
        while (true) {
            String mid = Integer.toString(nextMid++);
            if (transceivers.stream().noneMatch(t -> t.mid().filter(mid::equals).isPresent())) {
                return mid;
            }
        }
    }

    private LocalSection offerSection(RtpTransceiver transceiver) {
        MediaKind kind = transceiver.kind();
        RtpSender sender = transceiver.sender();
        List<Codec> codecs = transceiver.negotiatedCodecs().isEmpty() ? config.capabilities.codecs(kind)
                : transceiver.negotiatedCodecs();
        return new LocalSection(transceiver.mid().orElseThrow(), kind, transceiver.direction(), codecs,
                config.capabilities.extensions(kind), sender.ssrc(), sender.rtxSsrc(), sender.streamId(),
                sender.trackId(), cname, false);
    }

    /** The answer to the remote offer (RFC 8829 §5.3.1); we choose DTLS {@code active} (RFC 8842 §5.3). */
    public synchronized Description createAnswer() throws InvalidDescriptionException {
        checkOpen();
        if (signalingState != SignalingState.HAVE_REMOTE_OFFER) {
            throw new InvalidDescriptionException(InvalidDescriptionException.Reason.WRONG_STATE,
                    "createAnswer needs a remote offer; signaling state is " + signalingState);
        }
        Setup setup;
        try {
            setup = DtlsRole.ofAnswerer(remote.transport().setup()).answerSetup();
        } catch (DtlsSetupException e) {
            throw new InvalidDescriptionException(InvalidDescriptionException.Reason.INVALID_SETUP, e.getMessage(), e);
        }
        List<LocalSection> sections = new ArrayList<>();
        for (int i = 0; i < remote.sections().size(); i++) {
            RtpTransceiver transceiver = remoteSections.get(i);
            if (transceiver == null) {
                // Rejected by the offer, or not audio/video: the answer rejects a section with no local one.
                continue;
            }
            RtpSender sender = transceiver.sender();
            sections.add(JsepDescriptions.negotiate(remote.sections().get(i), config.capabilities,
                    transceiver.direction(), sender.ssrc(), sender.rtxSsrc(), sender.streamId(), sender.trackId(),
                    cname));
        }
        created = new Created(Description.Type.ANSWER, ++sessionVersion, sections, setup, remote);
        return write(created);
    }

    /**
     * Applies the description this connection created last (RFC 8829 §5.7); gathering starts now. A changed
     * SDP ("munging") is not supported: the created one is applied.
     */
    public synchronized void setLocalDescription(Description description) throws InvalidDescriptionException {
        checkOpen();
        if (created == null || created.type != description.type()) {
            throw new InvalidDescriptionException(InvalidDescriptionException.Reason.WRONG_STATE,
                    "setLocalDescription(" + description.type().jsepName() + ") without a matching create call");
        }
        local = created;
        if (local.type == Description.Type.OFFER) {
            signalingState = SignalingState.HAVE_LOCAL_OFFER;
        } else {
            for (LocalSection section : local.sections) {
                RtpTransceiver transceiver = withMid(section.mid());
                transceiver.negotiated(section.rejected() ? Direction.INACTIVE : section.direction(),
                        section.codecs(), section.extmaps());
            }
            signalingState = SignalingState.STABLE;
            connect(local.setup == Setup.ACTIVE ? DtlsRole.CLIENT : DtlsRole.SERVER);
        }
        startGathering();
    }

    /** Applies the remote offer or answer (RFC 8829 §5.8, §5.10). */
    public synchronized void setRemoteDescription(Description description) throws InvalidDescriptionException {
        checkOpen();
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(description.sdp());
        } catch (SdpParseException e) {
            throw new InvalidDescriptionException(InvalidDescriptionException.Reason.MALFORMED_SDP, e.getMessage(), e);
        }
        RemoteDescription read = JsepDescriptions.read(sdp);
        if (description.type() == Description.Type.OFFER) {
            applyRemoteOffer(read);
        } else {
            applyRemoteAnswer(read);
        }
    }

    private void applyRemoteOffer(RemoteDescription offer) throws InvalidDescriptionException {
        if (signalingState != SignalingState.STABLE) {
            throw new InvalidDescriptionException(InvalidDescriptionException.Reason.WRONG_STATE,
                    "a remote offer in signaling state " + signalingState + " (glare is not rolled back)");
        }
        ensureAgent(offer.transport().iceLite() ? IceRole.CONTROLLING : IceRole.CONTROLLED);
        List<RtpTransceiver> associated = new ArrayList<>();
        for (RemoteSection section : offer.sections()) {
            associated.add(section.rejected() || section.kind().isEmpty() ? null : associate(section));
        }
        remote = offer;
        remoteSections = associated;
        signalingState = SignalingState.HAVE_REMOTE_OFFER;
        applyRemoteTransport(offer);
        announceTracks();
    }

    /** RFC 8829 §5.10: a section keeps its transceiver by MID; a new one takes an unused transceiver of its kind. */
    private RtpTransceiver associate(RemoteSection section) {
        MediaKind kind = section.kind().orElseThrow();
        for (RtpTransceiver transceiver : transceivers) {
            if (transceiver.mid().filter(section.mid()::equals).isPresent()) {
                return transceiver;
            }
        }
        for (RtpTransceiver transceiver : transceivers) {
            if (transceiver.mid().isEmpty() && transceiver.kind() == kind) {
                transceiver.mid(section.mid());
                return transceiver;
            }
        }
        RtpTransceiver transceiver = newTransceiver(kind, Direction.RECVONLY);
        transceiver.mid(section.mid());
        return transceiver;
    }

    private void applyRemoteAnswer(RemoteDescription answer) throws InvalidDescriptionException {
        if (signalingState != SignalingState.HAVE_LOCAL_OFFER) {
            throw new InvalidDescriptionException(InvalidDescriptionException.Reason.WRONG_STATE,
                    "a remote answer in signaling state " + signalingState);
        }
        if (answer.sections().size() != local.sections.size()) {
            throw new InvalidDescriptionException(InvalidDescriptionException.Reason.WRONG_STATE,
                    "the answer has " + answer.sections().size() + " sections for the offer's " + local.sections.size());
        }
        DtlsRole role;
        try {
            role = DtlsRole.ofOfferer(Setup.ACTPASS, answer.transport().setup());
        } catch (DtlsSetupException e) {
            throw new InvalidDescriptionException(InvalidDescriptionException.Reason.INVALID_SETUP, e.getMessage(), e);
        }
        List<RtpTransceiver> associated = new ArrayList<>();
        for (int i = 0; i < answer.sections().size(); i++) {
            RemoteSection section = answer.sections().get(i);
            LocalSection offered = local.sections.get(i);
            RtpTransceiver transceiver = withMid(offered.mid());
            if (section.rejected()) {
                transceiver.negotiated(Direction.INACTIVE, List.of(), List.of());
                associated.add(null);
            } else {
                transceiver.negotiated(section.direction().reverse(), section.codecs(), section.extmaps());
                associated.add(transceiver);
            }
        }
        remote = answer;
        remoteSections = associated;
        signalingState = SignalingState.STABLE;
        applyRemoteTransport(answer);
        announceTracks();
        connect(role);
    }

    private RtpTransceiver withMid(String mid) {
        return transceivers.stream().filter(t -> t.mid().filter(mid::equals).isPresent()).findFirst().orElseThrow();
    }

    private void applyRemoteTransport(RemoteDescription description) {
        RemoteTransport remoteTransport = description.transport();
        agent.setRemoteCredentials(remoteTransport.ufrag(), remoteTransport.password());
        for (IceCandidate candidate : remoteTransport.candidates()) {
            agent.addRemoteCandidate(candidate);
        }
        if (remoteTransport.endOfCandidates()) {
            agent.endOfRemoteCandidates();
        }
    }

    /** W3C: a track event for each section whose remote side sends, once per transceiver. */
    private void announceTracks() {
        for (int i = 0; i < remote.sections().size(); i++) {
            RtpTransceiver transceiver = remoteSections.get(i);
            RemoteSection section = remote.sections().get(i);
            if (transceiver == null || !section.direction().sends() || !trackAnnounced.add(transceiver)) {
                continue;
            }
            String trackId = section.msid().flatMap(msid -> msid.trackId()).orElse(section.mid());
            List<String> streams = section.msid().map(msid -> List.of(msid.streamId())).orElse(List.of());
            TrackEvent event = new TrackEvent(transceiver, trackId, streams);
            loop.execute(() -> onTrack.accept(event));
        }
    }

    /** Both descriptions are applied: routes are set and DTLS starts in {@code role} (RFC 8842 §5). */
    private void connect(DtlsRole role) {
        Map<String, RtpTransceiver> byMid = new HashMap<>();
        Map<Long, RtpTransceiver> bySsrc = new HashMap<>();
        Map<Long, Long> primaryByRtxSsrc = new HashMap<>();
        Map<Integer, RtpTransceiver> byPayloadType = new HashMap<>();
        Map<Integer, Integer> payloadTypeUses = new HashMap<>();
        for (int i = 0; i < remote.sections().size(); i++) {
            RtpTransceiver transceiver = remoteSections.get(i);
            if (transceiver == null) {
                continue;
            }
            RemoteSection section = remote.sections().get(i);
            byMid.put(section.mid(), transceiver);
            for (long ssrc : section.ssrcs()) {
                bySsrc.put(ssrc, transceiver);
            }
            section.rtxSsrcByPrimary().forEach((primary, rtx) -> primaryByRtxSsrc.put(rtx, primary));
            for (Codec codec : transceiver.negotiatedCodecs()) {
                byPayloadType.put(codec.payloadType(), transceiver);
                payloadTypeUses.merge(codec.payloadType(), 1, Integer::sum);
            }
        }
        payloadTypeUses.forEach((payloadType, uses) -> {
            if (uses > 1) {
                byPayloadType.remove(payloadType);
            }
        });
        List<RtpSender> senders = new ArrayList<>();
        for (RtpTransceiver transceiver : byMid.values()) {
            if (transceiver.sends() && !transceiver.negotiatedCodecs().isEmpty()) {
                senders.add(transceiver.sender());
            }
        }
        transport.routes(new BundleTransport.Routes(Map.copyOf(byMid), Map.copyOf(bySsrc), Map.copyOf(byPayloadType),
                Map.copyOf(primaryByRtxSsrc)), senders);
        transport.startDtls(new DtlsConfig(certificate, config.executor).handshakeTimeout(config.handshakeTimeout),
                role, remote.transport().fingerprints());
    }

    /**
     * The description last applied locally, written again with every candidate gathered since (as W3C's
     * {@code localDescription} is); empty before {@link #setLocalDescription}.
     */
    public synchronized Optional<Description> localDescription() {
        return local == null ? Optional.empty() : Optional.of(write(local));
    }

    public synchronized Optional<Description> remoteDescription() {
        return remote == null ? Optional.empty()
                : Optional.of(new Description(signalingState == SignalingState.HAVE_REMOTE_OFFER
                        || local != null && local.type == Description.Type.ANSWER ? Description.Type.OFFER
                        : Description.Type.ANSWER, remote.sdp().write()));
    }

    private Description write(Created description) {
        LocalTransport ours = new LocalTransport(agent.localUfrag(), agent.localPassword(),
                certificate.fingerprint(), description.setup, localCandidates, gatheringComplete, false);
        if (description.type == Description.Type.OFFER) {
            return Description.offer(JsepDescriptions.offer(sessionId, description.version, description.sections,
                    ours).write());
        }
        return Description.answer(JsepDescriptions.answer(description.offer, sessionId, description.version,
                description.sections, ours).write());
    }

    /** A trickled remote candidate, or the end of them (RFC 8838 §11, RFC 8829 §4.1.17). */
    public synchronized void addIceCandidate(IceCandidateInit candidate) throws InvalidDescriptionException {
        checkOpen();
        if (remote == null) {
            throw new InvalidDescriptionException(InvalidDescriptionException.Reason.WRONG_STATE,
                    "a candidate before the remote description");
        }
        if (candidate.isEndOfCandidates()) {
            agent.endOfRemoteCandidates();
            return;
        }
        // TCP, mDNS and other candidates ICE here cannot use are ignored, as browsers' peers do.
        JsepDescriptions.candidate(candidate, remote).ifPresent(agent::addRemoteCandidate);
    }

    public synchronized SignalingState signalingState() {
        return signalingState;
    }

    /** Completes when candidate gathering has ended (all host, reflexive and relayed candidates known). */
    public CompletableFuture<Void> gatheringComplete() {
        return gathered.copy();
    }

    // ---- ICE agent and gathering ----

    private void ensureAgent(IceRole role) {
        if (agent != null) {
            return;
        }
        IceConfig ice = new IceConfig(loop);
        config.ice.accept(ice);
        ice.role(role);
        agent = IceAgent.create(ice, transport, transport);
        transport.agent(agent);
    }

    private void startGathering() {
        if (gatheringStarted) {
            return;
        }
        gatheringStarted = true;
        IceAgent gatheringAgent = agent;
        config.executor.execute(() -> {
            try {
                gatheringAgent.gather();
            } catch (Exception e) {
                LOG.warn("candidate gathering failed: {}", e.toString());
                gathered.completeExceptionally(e);
            }
        });
    }

    /** The first section's MID and index, which trickled candidates name: all sections share one transport. */
    private synchronized IceCandidateInit signalled(IceCandidate candidate) {
        if (candidate != null) {
            localCandidates.add(candidate);
        } else {
            gatheringComplete = true;
        }
        String mid = local == null || local.sections.isEmpty() ? "0" : local.sections.get(0).mid();
        return candidate == null ? new IceCandidateInit("", mid, OptionalInt.of(0))
                : JsepDescriptions.candidateInit(candidate, mid, 0);
    }

    private final class TransportEvents implements BundleTransport.Events {
        @Override
        public void onLocalCandidate(IceCandidate candidate) {
            onIceCandidate.accept(signalled(candidate));
        }

        @Override
        public void onGatheringComplete() {
            onIceCandidate.accept(signalled(null));
            gathered.complete(null);
        }

        @Override
        public void onIceState(IceState state) {
            onIceState.accept(state);
            updateConnectionState();
        }

        @Override
        public void onDtlsState(DtlsState state) {
            onDtlsState.accept(state);
            updateConnectionState();
        }
    }

    /** W3C {@code RTCPeerConnectionState} from the ICE and DTLS states. */
    private void updateConnectionState() {
        IceState ice = transport.iceState();
        DtlsState dtls = transport.dtlsState();
        ConnectionState next;
        if (connectionState == ConnectionState.CLOSED) {
            return;
        } else if (ice == IceState.FAILED || dtls == DtlsState.FAILED) {
            next = ConnectionState.FAILED;
        } else if (ice == IceState.DISCONNECTED || dtls == DtlsState.CLOSED) {
            // The peer's close_notify ends media as surely as lost consent: nothing flows until renegotiated.
            next = ConnectionState.DISCONNECTED;
        } else if ((ice == IceState.CONNECTED || ice == IceState.COMPLETED) && dtls == DtlsState.CONNECTED) {
            next = ConnectionState.CONNECTED;
        } else if (ice == IceState.NEW && dtls == DtlsState.NEW) {
            next = ConnectionState.NEW;
        } else {
            next = ConnectionState.CONNECTING;
        }
        if (next != connectionState) {
            connectionState = next;
            onConnectionState.accept(next);
        }
    }

    public ConnectionState connectionState() {
        return connectionState;
    }

    public IceState iceConnectionState() {
        return transport.iceState();
    }

    public DtlsState dtlsState() {
        return transport.dtlsState();
    }

    // ---- listeners ----

    public void onTrack(Consumer<TrackEvent> listener) {
        onTrack = Objects.requireNonNull(listener, "listener");
    }

    /** Our candidates as gathered, then one whose {@link IceCandidateInit#isEndOfCandidates()} is true. */
    public void onIceCandidate(Consumer<IceCandidateInit> listener) {
        onIceCandidate = Objects.requireNonNull(listener, "listener");
    }

    public void onConnectionStateChange(Consumer<ConnectionState> listener) {
        onConnectionState = Objects.requireNonNull(listener, "listener");
    }

    public void onIceConnectionStateChange(Consumer<IceState> listener) {
        onIceState = Objects.requireNonNull(listener, "listener");
    }

    public void onDtlsStateChange(Consumer<DtlsState> listener) {
        onDtlsState = Objects.requireNonNull(listener, "listener");
    }

    // ---- media ----

    void sendRtp(RtpSender sender, int payloadType, boolean marker, long rtpTimestamp, long captureMicros,
                 byte[] payload, int offset, int length) {
        transport.sendRtp(sender, payloadType, marker, rtpTimestamp, unixNanos(captureMicros), payload, offset,
                length);
    }

    void requestKeyFrame(RtpReceiver receiver) {
        transport.requestKeyFrame(receiver);
    }

    /** Statistics as W3C {@code getStats()} names them, read on the event loop. */
    public CompletableFuture<StatsReport> getStats() {
        CompletableFuture<StatsReport> report = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                report.complete(PeerStats.collect(transport, agent, certificate));
            } catch (RuntimeException e) {
                report.completeExceptionally(e);
            }
        });
        return report;
    }

    /** The packet path, for tests in this package that feed it datagrams and read its counters. */
    BundleTransport transport() {
        return transport;
    }

    // ---- close ----

    private void checkOpen() {
        if (signalingState == SignalingState.CLOSED) {
            throw new IllegalStateException("the connection is closed");
        }
    }

    /** Sends BYE and close_notify, stops ICE and releases its sockets (W3C {@code close()}); idempotent. */
    @Override
    public void close() {
        IceAgent closing;
        synchronized (this) {
            if (signalingState == SignalingState.CLOSED) {
                return;
            }
            signalingState = SignalingState.CLOSED;
            closing = agent;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            transport.close();
            connectionState = ConnectionState.CLOSED;
            onConnectionState.accept(ConnectionState.CLOSED);
            done.complete(null);
        });
        if (!loop.inEventLoop()) {
            done.join();
        }
        if (closing != null) {
            closing.close();
        }
        gathered.complete(null);
    }
}
