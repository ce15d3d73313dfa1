package io.purertc.jitter;

/**
 * The counts of a {@link NackGenerator}.
 *
 * @param nackCount NACK batches handed out (each one generic NACK packet), as W3C {@code nackCount}
 * @param sequenceNumbersNacked sequence numbers in those batches, repeats included
 * @param packetsRecovered missing packets that arrived after being NACKed or in RTX
 * @param packetsGivenUp missing packets dropped from the list without arriving: after the last
 *     retry, for age, or cleared for a key frame
 * @param keyFrameRequests times a batch asked for a key frame
 * @param nackListSize missing packets tracked now
 */
public record NackGeneratorStats(long nackCount, long sequenceNumbersNacked, long packetsRecovered,
                                 long packetsGivenUp, long keyFrameRequests, int nackListSize) {
}
