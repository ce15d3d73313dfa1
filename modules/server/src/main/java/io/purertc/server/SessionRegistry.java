package io.purertc.server;

import java.util.OptionalInt;

/**
 * What signaling needs from the WebRTC side; one implementation wires it to PeerConnections. Every method may
 * block (gathering, DTLS set-up): {@link SignalingServer} calls them on its own worker threads, never on an
 * event loop, and several at once. Refusals are {@link SignalingException}s; any other exception is a bug and
 * becomes HTTP 500.
 */
public interface SessionRegistry extends AutoCloseable {

    /**
     * Creates a session for {@code webrtcId} from the client's offer and returns the answer SDP (our candidates
     * included as gathered so far).
     */
    String offer(String webrtcId, String offerSdp) throws SignalingException;

    /**
     * Creates a session for {@code webrtcId} in which we offer: {@code mode} is {@code "audio"},
     * {@code "video"} or {@code "audio-video"} (audio section first), each section sendrecv. Returns the offer
     * SDP; the client's answer comes through {@link #answer}.
     */
    String serverOffer(String webrtcId, String mode) throws SignalingException;

    /** The client's answer to {@link #serverOffer}. */
    void answer(String webrtcId, String answerSdp) throws SignalingException;

    /**
     * A trickled browser candidate; an empty {@code candidate} means end-of-candidates. {@code sdpMid} may be
     * null.
     */
    void addCandidate(String webrtcId, String candidate, String sdpMid, OptionalInt sdpMLineIndex)
            throws SignalingException;

    /**
     * Our candidates for {@code webrtcId} so far, at least those gathered after our description went out, and
     * whether gathering ended.
     */
    LocalCandidates localCandidates(String webrtcId) throws SignalingException;

    /**
     * Our stats of one session as a tree of records, lists, maps, strings, numbers, booleans and optionals,
     * which {@link Json#write} turns into the reply.
     */
    Object stats(String webrtcId) throws SignalingException;

    /** Sessions held now, open or opening; the server's session limit counts these. */
    int size();

    /** Closes every session. */
    @Override
    void close();
}
