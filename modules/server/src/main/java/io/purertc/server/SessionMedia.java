package io.purertc.server;

import io.purertc.peer.PeerConnection;
import io.purertc.peer.RtpCapabilities;
import java.util.concurrent.Executor;

/**
 * What a session does with media: told about each new connection before negotiation, so it can set its
 * listeners and add the tracks it sends. Calls come from the signaling worker threads.
 */
public interface SessionMedia {

    /** The codecs and header extensions sessions offer and accept: by default, the installed codecs. */
    default RtpCapabilities capabilities() {
        return RtpCapabilities.installed();
    }

    /**
     * A new connection, before any description is applied: set listeners here.
     *
     * @param mediaWorkers where decoding, user hooks and encoding run, never the connection's event loop
     */
    void onConnection(PeerConnection connection, Executor mediaWorkers);

    /** The client's offer is applied and its transceivers exist: add the tracks to send before we answer. */
    void onRemoteOffer(PeerConnection connection);
}
