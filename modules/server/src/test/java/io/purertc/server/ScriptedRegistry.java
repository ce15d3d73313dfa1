package io.purertc.server;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test double of the WebRTC side: sessions are entries in a map, answers and offers are fixed texts made from
 * their inputs, and every call records the thread it ran on. An offer whose SDP has no {@code m=} line is
 * refused as the PeerConnection refuses it; a candidate that does not start with {@code candidate:} too.
 */
final class ScriptedRegistry implements SessionRegistry {

    /** What the registry knows of one session. */
    static final class Session {
        final String remoteSdp;
        final List<String> candidates = new CopyOnWriteArrayList<>();
        volatile String answer;
        volatile boolean closed;

        Session(String remoteSdp) {
            this.remoteSdp = remoteSdp;
        }
    }

    record Stats(String webrtcId, long packetsReceived, OptionalInt roundTripTimeMillis) {
    }

    final Map<String, Session> sessions = new ConcurrentHashMap<>();
    final List<String> callThreads = new CopyOnWriteArrayList<>();
    /** When set, offers wait for it (at most ten seconds) before answering. */
    volatile CountDownLatch offerGate;
    /** When set, every call throws it, as a registry with a bug would. */
    volatile RuntimeException bug;

    static String answerFor(String webrtcId) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=" + webrtcId + "\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
    }

    private void enter() {
        callThreads.add(Thread.currentThread().getName());
        if (bug != null) {
            throw bug;
        }
    }

    @Override
    public String offer(String webrtcId, String offerSdp) throws SignalingException {
        enter();
        if (!offerSdp.contains("\nm=")) {
            throw SignalingException.invalidSdp("the offer has no m= line");
        }
        if (sessions.putIfAbsent(webrtcId, new Session(offerSdp)) != null) {
            throw SignalingException.connectionAlreadyExists(webrtcId);
        }
        CountDownLatch gate = offerGate;
        if (gate != null) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return answerFor(webrtcId);
    }

    @Override
    public String serverOffer(String webrtcId, String mode) {
        enter();
        String offer = "v=0\r\ns=" + mode + "\r\n";
        sessions.put(webrtcId, new Session(offer));
        return offer;
    }

    @Override
    public void answer(String webrtcId, String answerSdp) throws SignalingException {
        session(webrtcId).answer = answerSdp;
    }

    @Override
    public void addCandidate(String webrtcId, String candidate, String sdpMid, OptionalInt sdpMLineIndex)
            throws SignalingException {
        Session session = session(webrtcId);
        if (!candidate.isEmpty() && !candidate.startsWith("candidate:")) {
            throw SignalingException.invalidCandidateFormat("not a candidate attribute: " + candidate);
        }
        session.candidates.add(candidate + "|" + sdpMid + "|" + sdpMLineIndex);
    }

    @Override
    public LocalCandidates localCandidates(String webrtcId) throws SignalingException {
        session(webrtcId);
        return new LocalCandidates(List.of(
                new LocalCandidates.Candidate("candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host", "0",
                        OptionalInt.of(0)),
                new LocalCandidates.Candidate("candidate:2 1 udp 1694498815 192.0.2.7 50000 typ srflx", null,
                        OptionalInt.of(0))), true);
    }

    @Override
    public Object stats(String webrtcId) throws SignalingException {
        session(webrtcId);
        return new Stats(webrtcId, 42, OptionalInt.empty());
    }

    private Session session(String webrtcId) throws SignalingException {
        enter();
        Session session = sessions.get(webrtcId);
        if (session == null) {
            throw SignalingException.unknownConnection(webrtcId);
        }
        if (session.closed) {
            throw SignalingException.connectionClosed(webrtcId);
        }
        return session;
    }

    @Override
    public int size() {
        return sessions.size();
    }

    @Override
    public void close() {
        sessions.clear();
    }
}
