package io.purertc.jitter;

import io.purertc.media.AudioFrame;

/**
 * One frame pulled from an {@link AudioJitterBuffer}.
 *
 * @param frame the PCM to play, always the configured frame duration at the decoder's rate
 * @param rtpTimestamp the sender's RTP timestamp (0..2^32-1) of the frame's first sample, for mapping
 *     it to the sender's clock; {@link #NO_TIMESTAMP} for {@link Kind#SILENCE}. Consecutive frames
 *     step by the frame duration, plus the samples removed before a frame, minus the samples
 *     inserted into the frame before (inserted samples take the timestamp of the sample after them)
 * @param kind where the samples came from; a frame mixing sources reports the least genuine one
 */
public record AudioPull(AudioFrame frame, long rtpTimestamp, Kind kind) {

    /** The timestamp of a silence frame, which stands for no media position. */
    public static final long NO_TIMESTAMP = -1;

    /** Where a pulled frame's samples came from, from most to least genuine. */
    public enum Kind {
        /** Decoded from packets as sent. */
        NORMAL,
        /**
         * Part of it rebuilt by {@link io.purertc.media.AudioDecoder#decodeFec} from the next packet
         * (which the decoder answers with concealment when that packet carries no FEC data).
         */
        FEC,
        /** Part of it made up by the decoder's packet loss concealment. */
        CONCEALED,
        /** Nothing to play: before the first packet, while re-buffering after an outage or a flush. */
        SILENCE
    }
}
