package io.purertc.ice;

/** The agent's connection state, as {@code RTCIceTransportState} names it. */
// W3C webrtc-pc §5.6 RTCIceTransportState; RFC 8445 §6.1.3, §8; RFC 7675 §5.1
public enum IceState {
    /** Created; no remote candidates or credentials yet. */
    NEW,
    /** Checks under way, no pair usable yet. */
    CHECKING,
    /** A valid pair is selected for data; nomination or further checks may follow. */
    CONNECTED,
    /** A nominated pair is selected and no check is left to run. */
    COMPLETED,
    /** The selected pair has gone without consent for a while; it may come back. */
    DISCONNECTED,
    /** Every pair failed, or consent expired (RFC 7675 §5.1): nothing is sent any more. */
    FAILED,
    /** Closed by its owner. */
    CLOSED
}
