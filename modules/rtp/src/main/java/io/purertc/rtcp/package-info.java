/**
 * RTCP: the packet family of RFC 3550 and its WebRTC feedback extensions as records, the
 * compound packet codec ({@link io.purertc.rtcp.RtcpCompound}) and the RFC 3550 receiver
 * statistics that fill report blocks.
 */
package io.purertc.rtcp;
