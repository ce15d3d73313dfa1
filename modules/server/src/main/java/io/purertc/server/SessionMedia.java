package io.purertc.server;

import io.purertc.peer.PeerConnection;

/**
 * What a session does with media: told about each new connection before negotiation, so it can set its
 * listeners and add the tracks it sends. Calls come from the signaling worker threads.
 */
public interface SessionMedia {

    /** A new connection, before any description is applied: set listeners here. */
    void onConnection(PeerConnection connection);

    /** The client's offer is applied and its transceivers exist: add the tracks to send before we answer. */
    void onRemoteOffer(PeerConnection connection);
}
