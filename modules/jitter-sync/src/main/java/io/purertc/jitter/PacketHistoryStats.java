package io.purertc.jitter;

/**
 * What a {@link PacketHistory} answered to retransmission requests.
 *
 * @param retransmittedPacketsSent packets handed out to go again in RTX
 * @param retransmissionsSuppressed requests refused because the packet went again less than one RTT before
 * @param packetsNotFound requests for packets no longer (or never) kept
 * @param packetsStored packets kept now, at most the capacity
 */
public record PacketHistoryStats(long retransmittedPacketsSent, long retransmissionsSuppressed,
                                 long packetsNotFound, int packetsStored) {
}
