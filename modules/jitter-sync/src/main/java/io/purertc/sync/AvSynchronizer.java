package io.purertc.sync;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Lip sync for one audio and one video stream from the same sender: measures how much later the
 * video is played than the audio captured at the same instant, and raises the playout delay of
 * whichever stream is ahead until they meet.
 *
 * <p>Each stream's capture times come from its {@link SenderClock}. Both clocks map to the one
 * sender wall clock (RTCP SRs of a participant share it), so capture times of the two streams are
 * comparable, and the receiver's clock offset cancels out of the difference of the two
 * capture-to-playout delays. That difference (the <em>offset</em>, positive when video is behind
 * audio) is taken each time a frame is released while the other stream released one within the
 * last {@value #MAX_PAIR_AGE_MILLIS} ms, and filtered by the median of the last
 * {@value #FILTER_LENGTH}, so that single early or late frames do not steer it. The capture time
 * each released frame should carry comes from the same clocks: {@link SenderClock#captureMicros}.
 *
 * <p>The extra delays integrate the filtered offset: {@link #delays} moves their difference by
 * gain × offset per second, never by more than {@value #MAX_CHANGE_MILLIS_PER_SECOND} ms per second,
 * not at all within a dead band of {@value #DEAD_BAND_MILLIS} ms, and never past
 * {@value #MAX_EXTRA_DELAY_MILLIS} ms. The offset is measured on frames that were scheduled with an
 * earlier extra delay, a lag of about their time in the buffer (playout − arrival) plus the filter's;
 * the gain is {@value #GAIN_LAG_PRODUCT} over that lag (at most {@value #MAX_GAIN_PER_SECOND} per
 * second), below the 1/e at which a delayed integrator starts to overshoot. Only one stream carries
 * extra delay: lowering the other's comes first. The same kind of loop as libwebrtc's stream
 * synchroniser, which steps by half the offset per second and up to 80 ms.
 *
 * <p>Until both streams have a sender report and a released frame, the delays are 0 and the stats
 * say {@code synchronised=false}. If one stream stops releasing frames, the delays hold. Call
 * {@link #delays} at least once a second; a longer gap counts as one second. Memory is fixed: the
 * filter and {@value #HISTORY_LENGTH} history samples. Not thread-safe: one thread at a time.
 */
// RFC 3550 §6.4.1 (synchronising streams of one participant through their SR timestamps)
public final class AvSynchronizer {

    static final long MAX_PAIR_AGE_MILLIS = 1_000;
    static final int FILTER_LENGTH = 31;
    static final double MAX_GAIN_PER_SECOND = 1.0;
    static final double GAIN_LAG_PRODUCT = 0.35;
    /** Half the median's window: 31 offsets at 80 frames a second. */
    static final double FILTER_LAG_SECONDS = 0.2;
    static final long MAX_CHANGE_MILLIS_PER_SECOND = 80;
    static final long DEAD_BAND_MILLIS = 3;
    static final long MAX_EXTRA_DELAY_MILLIS = 1_000;
    static final int HISTORY_LENGTH = 60;

    private static final long MICROS_PER_MILLI = 1_000L;
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MAX_PAIR_AGE_MICROS = MAX_PAIR_AGE_MILLIS * MICROS_PER_MILLI;
    private static final long HISTORY_INTERVAL_MICROS = MICROS_PER_SECOND;

    /**
     * The filtered offset at one moment.
     *
     * @param timeMicros the {@code nowMicros} of the {@link #delays} call that took it
     * @param offsetMs video capture-to-playout delay minus audio's: positive when video is behind
     */
    public record OffsetSample(long timeMicros, double offsetMs) {
    }

    /**
     * @param synchronised both streams have sender reports and recent frames, so the delays follow
     *     the offset
     * @param offsetMs filtered video capture-to-playout delay minus audio's: positive when video is
     *     behind audio; 0 before any measurement
     * @param relativeNetworkDelayMs how much longer video's latest frame took from capture to its
     *     last packet's arrival than audio's (the part of the offset the network makes); 0 until
     *     both streams released a frame after a sender report
     * @param extraAudioDelayMs the extra audio playout delay last returned
     * @param extraVideoDelayMs the extra video playout delay last returned
     * @param history the offset once a second while synchronised, oldest first, the last
     *     {@value #HISTORY_LENGTH}
     */
    public record Stats(boolean synchronised, double offsetMs, double relativeNetworkDelayMs,
            double extraAudioDelayMs, double extraVideoDelayMs, List<OffsetSample> history) {
    }

    /** What the latest released frame of one stream says. */
    private static final class Released {
        boolean seen;
        long playoutMicros;
        long networkMicros;
        long bufferMicros;
        long endToEndMicros;

        void update(long captureMicros, long arrivalMicros, long playoutMicros) {
            seen = true;
            this.playoutMicros = playoutMicros;
            networkMicros = arrivalMicros - captureMicros;
            bufferMicros = playoutMicros - arrivalMicros;
            endToEndMicros = playoutMicros - captureMicros;
        }
    }

    private final SenderClock audioClock;
    private final SenderClock videoClock;
    private final Released audio = new Released();
    private final Released video = new Released();

    private final long[] offsets = new long[FILTER_LENGTH];
    private final long[] sorted = new long[FILTER_LENGTH];
    private int offsetCount;
    private int nextOffset;
    private long lastPairMicros;
    private long medianMicros;

    /** Audio's extra delay minus video's. */
    private double extraMicros;
    private boolean synchronised;
    private boolean updated;
    private long lastUpdateMicros;
    private final ArrayDeque<OffsetSample> history = new ArrayDeque<>(HISTORY_LENGTH);

    /**
     * @param audioClock the audio stream's clock, fed with its sender reports by the caller
     * @param videoClock the video stream's clock, fed with its sender reports by the caller
     */
    public AvSynchronizer(SenderClock audioClock, SenderClock videoClock) {
        this.audioClock = Objects.requireNonNull(audioClock, "audioClock");
        this.videoClock = Objects.requireNonNull(videoClock, "videoClock");
    }

    /**
     * An audio frame was handed to the application.
     *
     * @param rtpTimestamp its RTP timestamp, 0..2<sup>32</sup>-1
     * @param arrivalMicros when its last packet arrived, receiver's monotonic clock
     * @param playoutMicros when it was handed over, same clock
     * @throws IllegalArgumentException if {@code rtpTimestamp} is out of range
     */
    public void onAudio(long rtpTimestamp, long arrivalMicros, long playoutMicros) {
        released(audioClock, audio, rtpTimestamp, arrivalMicros, playoutMicros);
    }

    /**
     * A video frame was handed to the application.
     *
     * @param rtpTimestamp its RTP timestamp, 0..2<sup>32</sup>-1
     * @param arrivalMicros when its last packet arrived, receiver's monotonic clock
     * @param playoutMicros when it was handed over, same clock
     * @throws IllegalArgumentException if {@code rtpTimestamp} is out of range
     */
    public void onVideo(long rtpTimestamp, long arrivalMicros, long playoutMicros) {
        released(videoClock, video, rtpTimestamp, arrivalMicros, playoutMicros);
    }

    /**
     * Advances the extra delays to {@code nowMicros} and returns them; apply them to frames
     * scheduled from now on.
     *
     * @param nowMicros the receiver's monotonic clock
     */
    public SyncDelays delays(long nowMicros) {
        long elapsed = updated ? Math.max(0, Math.min(MICROS_PER_SECOND, nowMicros - lastUpdateMicros)) : 0;
        updated = true;
        lastUpdateMicros = nowMicros;
        synchronised = offsetCount > 0 && nowMicros - lastPairMicros <= MAX_PAIR_AGE_MICROS;
        if (synchronised) {
            if (Math.abs(medianMicros) > DEAD_BAND_MILLIS * MICROS_PER_MILLI) {
                double step = gainPerSecond() * medianMicros * elapsed / MICROS_PER_SECOND;
                double bound = (double) MAX_CHANGE_MILLIS_PER_SECOND * MICROS_PER_MILLI * elapsed / MICROS_PER_SECOND;
                double cap = MAX_EXTRA_DELAY_MILLIS * MICROS_PER_MILLI;
                extraMicros = clamp(extraMicros + clamp(step, bound), cap);
            }
            if (history.isEmpty() || nowMicros - history.peekLast().timeMicros() >= HISTORY_INTERVAL_MICROS) {
                if (history.size() == HISTORY_LENGTH) {
                    history.removeFirst();
                }
                history.addLast(new OffsetSample(nowMicros, (double) medianMicros / MICROS_PER_MILLI));
            }
        }
        return new SyncDelays(Math.round(Math.max(0, extraMicros)), Math.round(Math.max(0, -extraMicros)));
    }

    public Stats stats() {
        double relativeNetwork = audio.seen && video.seen
                ? (double) (video.networkMicros - audio.networkMicros) / MICROS_PER_MILLI : 0;
        return new Stats(synchronised, (double) medianMicros / MICROS_PER_MILLI, relativeNetwork,
                Math.max(0, extraMicros) / MICROS_PER_MILLI, Math.max(0, -extraMicros) / MICROS_PER_MILLI,
                List.copyOf(history));
    }

    private void released(SenderClock clock, Released stream, long rtpTimestamp, long arrivalMicros,
            long playoutMicros) {
        OptionalLong capture = clock.captureMicros(rtpTimestamp);
        if (capture.isEmpty()) {
            return;
        }
        stream.update(capture.getAsLong(), arrivalMicros, playoutMicros);
        if (!audio.seen || !video.seen || Math.abs(audio.playoutMicros - video.playoutMicros) > MAX_PAIR_AGE_MICROS) {
            return;
        }
        if (offsetCount > 0 && playoutMicros - lastPairMicros > MAX_PAIR_AGE_MICROS) {
            // measured before a pause: the buffers have likely changed since
            offsetCount = 0;
        }
        offsets[nextOffset] = video.endToEndMicros - audio.endToEndMicros;
        nextOffset = (nextOffset + 1) % FILTER_LENGTH;
        offsetCount = Math.min(offsetCount + 1, FILTER_LENGTH);
        lastPairMicros = playoutMicros;
        medianMicros = median();
    }

    private double gainPerSecond() {
        double lagSeconds = (double) Math.max(0, Math.max(audio.bufferMicros, video.bufferMicros)) / MICROS_PER_SECOND;
        return Math.min(MAX_GAIN_PER_SECOND, GAIN_LAG_PRODUCT / (lagSeconds + FILTER_LAG_SECONDS));
    }

    private long median() {
        int first = (nextOffset - offsetCount + FILTER_LENGTH) % FILTER_LENGTH;
        for (int i = 0; i < offsetCount; i++) {
            sorted[i] = offsets[(first + i) % FILTER_LENGTH];
        }
        Arrays.sort(sorted, 0, offsetCount);
        return sorted[offsetCount / 2];
    }

    private static double clamp(double value, double limit) {
        return Math.max(-limit, Math.min(limit, value));
    }
}
