/**
 * A WebRTC endpoint: {@link io.purertc.peer.PeerConnection} shaped like the W3C {@code RTCPeerConnection},
 * negotiating with JSEP (RFC 8829) over one BUNDLEd ICE + DTLS-SRTP transport.
 */
package io.purertc.peer;
