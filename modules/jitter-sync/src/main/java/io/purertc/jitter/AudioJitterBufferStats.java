package io.purertc.jitter;

/**
 * Counters of an {@link AudioJitterBuffer}, named after the W3C {@code RTCInboundRtpStreamStats}
 * members where one exists. Sample counts are sampling instants (samples per channel).
 *
 * @param currentDelayMillis audio buffered now: decoded samples not yet pulled plus the span of the
 *     encoded packets waiting
 * @param targetDelayMillis what the buffer steers towards, from the measured arrival jitter
 * @param packetsReceived every call to insert
 * @param packetsDiscarded duplicates, packets dropped by a flush, and stray packets far outside the
 *     sequence (W3C {@code packetsDiscarded})
 * @param latePackets packets that arrived after their time had been played or concealed
 * @param concealedSamples samples made up by the decoder's loss concealment (W3C {@code concealedSamples})
 * @param concealmentEvents runs of concealment after genuine audio (W3C {@code concealmentEvents})
 * @param fecRecoveredSamples samples rebuilt from forward error correction data
 * @param insertedSamplesForDeceleration samples played without advancing the sender's timeline, to let
 *     the buffer grow: quiet blocks played twice, and concealment played while the buffer was dry
 *     below its target (also counted in {@code concealedSamples})
 * @param removedSamplesForAcceleration samples dropped to let the buffer shrink
 * @param resets times the sender restarted (sequence or timestamp jumped) and the buffer started over
 * @param decodeErrors payloads the decoder rejected; their time was concealed
 * @param totalSamplesPulled samples returned by pull, silence included
 * @param jitterBufferDelay seconds each emitted sample spent buffered, summed over emitted samples
 *     (W3C {@code jitterBufferDelay}), taking the buffered delay at the pull for every sample of it
 * @param jitterBufferEmittedCount samples emitted from audio, i.e. not silence (W3C
 *     {@code jitterBufferEmittedCount})
 */
public record AudioJitterBufferStats(
        int currentDelayMillis,
        int targetDelayMillis,
        long packetsReceived,
        long packetsDiscarded,
        long latePackets,
        long concealedSamples,
        long concealmentEvents,
        long fecRecoveredSamples,
        long insertedSamplesForDeceleration,
        long removedSamplesForAcceleration,
        long resets,
        long decodeErrors,
        long totalSamplesPulled,
        double jitterBufferDelay,
        long jitterBufferEmittedCount) {
}
