/**
 * What turns a lossy, jittery packet stream into smooth media: the audio jitter buffer, the video frame
 * buffer, loss recovery by NACK (RFC 4585 §6.2.1) and retransmission in RTX packets (RFC 4588), and the
 * sender's packet history that answers them.
 */
package io.purertc.jitter;
