/**
 * Audio/video synchronisation from RTCP sender reports (RFC 3550 §6.4.1): each stream's RTP clock mapped to
 * its sender's NTP clock, and the playout delays that hand frames captured together to the application
 * together.
 */
package io.purertc.sync;
