package io.purertc.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.purertc.dtls.DtlsCertificate;
import io.purertc.ice.IceConfig;
import io.purertc.media.AudioFrame;
import io.purertc.media.CodecRegistry;
import io.purertc.peer.Description;
import io.purertc.peer.IceCandidateInit;
import io.purertc.peer.InvalidDescriptionException;
import io.purertc.media.MediaKind;
import io.purertc.media.VideoFrame;
import io.purertc.peer.PeerConfig;
import io.purertc.peer.PeerConnection;
import io.purertc.sdp.Direction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SessionRegistry} that backs signaling with {@link PeerConnection}s, one per {@code webrtc_id}, each
 * given to a {@link SessionMedia}. A session ends, and its sockets and timers with it, when ICE fails or consent
 * is lost, when DTLS closes or fails (the browser left), when it has not connected within the connect time-out,
 * or when the registry closes.
 */
public final class PeerSessions implements SessionRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PeerSessions.class);
    /** How long an answer waits for gathering before it goes with the candidates it has (the rest trickle). */
    private static final Duration GATHERING_WAIT = Duration.ofSeconds(2);
    private static final Duration STATS_WAIT = Duration.ofSeconds(2);
    /** Closed ids remembered, so a late candidate hears {@code connection_closed} rather than unknown. */
    private static final int CLOSED_IDS_KEPT = 1024;
    /** Threads for what blocks: handshakes in progress at once, beyond which they queue. */
    private static final int WORKERS = 16;
    private static final int MEDIA_WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final EventLoopGroup group;
    private final ExecutorService executor;
    /** Decoding, user hooks and encoding: CPU work, one thread per core. */
    private final ExecutorService mediaWorkers;
    private final SessionMedia media;
    private final Consumer<IceConfig> ice;
    private final Duration connectTimeout;
    private final DtlsCertificate certificate;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Boolean> closedIds = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CLOSED_IDS_KEPT;
        }
    };

    /** One connection and the candidates it has gathered, in order. */
    private final class Session {
        final String id;
        final PeerConnection connection;
        final List<LocalCandidates.Candidate> candidates = new ArrayList<>();
        boolean complete;

        Session(String id, PeerConnection connection) {
            this.id = id;
            this.connection = connection;
        }

        synchronized void onCandidate(IceCandidateInit init) {
            if (init.isEndOfCandidates()) {
                complete = true;
            } else {
                candidates.add(new LocalCandidates.Candidate(init.candidate(), init.sdpMid(), init.sdpMLineIndex()));
            }
        }

        synchronized LocalCandidates snapshot() {
            return new LocalCandidates(candidates, complete);
        }
    }

    /**
     * @param media what each session does with media; {@link #echo} sends every stream back
     * @param ice adjusts each connection's ICE configuration (addresses, STUN/TURN servers)
     * @param connectTimeout how long a session may take from offer to connected before it is closed
     */
    public PeerSessions(SessionMedia media, Consumer<IceConfig> ice, Duration connectTimeout) {
        this.media = media;
        this.ice = ice;
        this.connectTimeout = connectTimeout;
        // Made once, before any request, so that the first answer does not wait for key generation.
        this.certificate = DtlsCertificate.shared();
        this.group = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("purertc-peer-loop", true), NioIoHandler.newFactory());
        // Bounded (DESIGN.md): gathering and bctls handshakes block a worker each; more wait their turn.
        this.executor = fixedPool(WORKERS, "purertc-peer-worker");
        this.mediaWorkers = fixedPool(MEDIA_WORKERS, "purertc-media");
    }

    /** Started in full at once, so a session's threads are the same from the first call to the last. */
    private static ExecutorService fixedPool(int threads, String name) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new BlockingThreadFactory(name, true));
        pool.prestartAllCoreThreads();
        return pool;
    }

    /** The default media: echo every received stream back. */
    public static SessionMedia echo() {
        return new Echo();
    }

    /**
     * The echo with audio decoded by the installed codecs ({@link CodecRegistry#installed()}), passed through
     * {@code hook} as PCM and encoded again; video is echoed undecoded.
     */
    public static SessionMedia decodingEcho(UnaryOperator<AudioFrame> hook) {
        return new DecodingEcho(CodecRegistry.installed(), Optional.of(hook), Optional.empty());
    }

    /**
     * The echo with audio and video both decoded by the installed codecs, passed through their hooks as PCM and
     * I420 pictures, and encoded again.
     */
    public static SessionMedia decodingEcho(UnaryOperator<AudioFrame> audioHook, UnaryOperator<VideoFrame> videoHook) {
        return new DecodingEcho(CodecRegistry.installed(), Optional.of(audioHook), Optional.of(videoHook));
    }

    /** The echo with video decoded, passed through {@code hook} as I420 pictures and encoded again; audio echoed. */
    public static SessionMedia videoDecodingEcho(UnaryOperator<VideoFrame> hook) {
        return new DecodingEcho(CodecRegistry.installed(), Optional.empty(), Optional.of(hook));
    }

    @Override
    public String offer(String webrtcId, String offerSdp) throws SignalingException {
        Session session = open(webrtcId);
        try {
            PeerConnection connection = session.connection;
            connection.setRemoteDescription(Description.offer(offerSdp));
            media.onRemoteOffer(connection);
            connection.setLocalDescription(connection.createAnswer());
            return withGatheredCandidates(connection);
        } catch (InvalidDescriptionException e) {
            end(session);
            throw SignalingException.invalidSdp(refusal(e));
        } catch (RuntimeException e) {
            end(session);
            throw e;
        }
    }

    @Override
    public String serverOffer(String webrtcId, String mode) throws SignalingException {
        List<MediaKind> kinds = switch (mode) {
            case "audio" -> List.of(MediaKind.AUDIO);
            case "video" -> List.of(MediaKind.VIDEO);
            case "audio-video" -> List.of(MediaKind.AUDIO, MediaKind.VIDEO);
            default -> throw SignalingException.invalidRequest("mode must be audio, video or audio-video");
        };
        Session session = open(webrtcId);
        try {
            PeerConnection connection = session.connection;
            for (MediaKind kind : kinds) {
                connection.addTransceiver(kind, Direction.SENDRECV);
            }
            connection.setLocalDescription(connection.createOffer());
            return withGatheredCandidates(connection);
        } catch (InvalidDescriptionException | RuntimeException e) {
            end(session);
            throw new IllegalStateException("our own offer failed", e);
        }
    }

    @Override
    public void answer(String webrtcId, String answerSdp) throws SignalingException {
        Session session = live(webrtcId);
        try {
            session.connection.setRemoteDescription(Description.answer(answerSdp));
        } catch (InvalidDescriptionException e) {
            end(session);
            throw SignalingException.invalidSdp(refusal(e));
        }
    }

    @Override
    public void addCandidate(String webrtcId, String candidate, String sdpMid, OptionalInt sdpMLineIndex)
            throws SignalingException {
        Session session = live(webrtcId);
        try {
            session.connection.addIceCandidate(new IceCandidateInit(candidate, sdpMid, sdpMLineIndex));
        } catch (InvalidDescriptionException e) {
            throw SignalingException.invalidCandidateFormat(e.getMessage());
        } catch (IllegalStateException closedMeanwhile) {
            throw SignalingException.connectionClosed(webrtcId);
        }
    }

    /** Every candidate gathered so far; those already in the answer come again, which ICE ignores as duplicates. */
    @Override
    public LocalCandidates localCandidates(String webrtcId) throws SignalingException {
        return live(webrtcId).snapshot();
    }

    @Override
    public Object stats(String webrtcId) throws SignalingException {
        Session session = live(webrtcId);
        try {
            return session.connection.getStats().get(STATS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SignalingException.connectionClosed(webrtcId);
        } catch (ExecutionException | TimeoutException e) {
            throw SignalingException.connectionClosed(webrtcId);
        }
    }

    @Override
    public int size() {
        return sessions.size();
    }

    @Override
    public void close() {
        for (Session session : List.copyOf(sessions.values())) {
            end(session);
        }
        executor.shutdownNow();
        mediaWorkers.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Session open(String webrtcId) throws SignalingException {
        PeerConnection connection;
        Session session;
        synchronized (sessions) {
            if (sessions.containsKey(webrtcId)) {
                throw SignalingException.connectionAlreadyExists(webrtcId);
            }
            connection = PeerConnection.create(new PeerConfig(group, executor).certificate(certificate)
                    .capabilities(media.capabilities()).ice(ice));
            session = new Session(webrtcId, connection);
            sessions.put(webrtcId, session);
            synchronized (closedIds) {
                closedIds.remove(webrtcId);
            }
        }
        connection.onIceCandidate(session::onCandidate);
        connection.onConnectionStateChange(state -> {
            if (state == PeerConnection.ConnectionState.FAILED) {
                LOG.info("session {} failed", webrtcId);
                endLater(session);
            }
        });
        connection.onDtlsStateChange(state -> {
            if (state == PeerConnection.DtlsState.CLOSED || state == PeerConnection.DtlsState.FAILED) {
                endLater(session);
            }
        });
        group.schedule(() -> {
            if (connection.connectionState() != PeerConnection.ConnectionState.CONNECTED) {
                LOG.info("session {} did not connect within {}", webrtcId, connectTimeout);
                endLater(session);
            }
        }, connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        media.onConnection(connection, mediaWorkers);
        return session;
    }

    private String withGatheredCandidates(PeerConnection connection) {
        try {
            connection.gatheringComplete().get(GATHERING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.debug("answering before gathering ended: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return connection.localDescription().orElseThrow().sdp();
    }

    private Session live(String webrtcId) throws SignalingException {
        Session session = sessions.get(webrtcId);
        if (session != null) {
            return session;
        }
        synchronized (closedIds) {
            if (closedIds.containsKey(webrtcId)) {
                throw SignalingException.connectionClosed(webrtcId);
            }
        }
        throw SignalingException.unknownConnection(webrtcId);
    }

    /** Listeners run on an event loop; closing waits for it, so it goes to a worker. */
    private void endLater(Session session) {
        try {
            executor.execute(() -> end(session));
        } catch (RejectedExecutionException closing) {
            // close() is ending every session already.
        }
    }

    private void end(Session session) {
        if (sessions.remove(session.id, session)) {
            synchronized (closedIds) {
                closedIds.put(session.id, Boolean.TRUE);
            }
        }
        session.connection.close();
    }

    private static String refusal(InvalidDescriptionException e) {
        return e.reason().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage();
    }
}
