/**
 * VP8 in pure Java: the decoder (RFC 6386), bit-exact with libvpx, and the RTP payload format
 * (RFC 7741).
 */
package io.purertc.codec.vp8;
