package io.purertc.sync;

import io.purertc.jitter.AudioJitterBuffer;
import io.purertc.jitter.AudioJitterBufferConfig;
import io.purertc.jitter.AudioJitterBufferStats;
import io.purertc.jitter.AudioPull;
import io.purertc.jitter.KeyFrameRequestLimiter;
import io.purertc.jitter.ReleasedVideoFrame;
import io.purertc.jitter.VideoFrameBuffer;
import io.purertc.jitter.VideoFrameBufferConfig;
import io.purertc.jitter.VideoFrameBufferStats;
import io.purertc.media.AudioDecoder;
import io.purertc.media.AudioFrame;
import io.purertc.media.CodecException;
import io.purertc.media.Depacketizer;
import io.purertc.media.MediaTime;
import io.purertc.media.VideoDecoder;
import io.purertc.media.VideoFrame;
import java.util.Objects;
import java.util.Optional;

/**
 * The receive side of one audio and one video stream from one sender, played out together: packets go into the
 * audio jitter buffer and the video frame buffer, each stream's sender reports into its {@link SenderClock}, and
 * every frame handed out carries its capture time on the sender's clock. The {@link AvSynchronizer} compares the
 * two streams' capture-to-playout delays on every frame and raises the extra delay of the buffer that is ahead,
 * so frames captured together are handed out together. Audio is placed by the RTP time of what it sounds,
 * which lies the sender's encoder lookahead before the RTP time of its packet ({@link
 * AudioDecoder#encoderDelaySamples()}: 6.5 ms for Opus).
 *
 * <p>The caller owns time: it pulls audio once per frame duration of the media clock and polls video whenever it
 * likes (at the latest at {@link #nextVideoWakeupMicros}); every call takes the same clock's microseconds. Not
 * thread-safe: one thread at a time, the media worker of the session, which also hands over the packets and
 * reports the event loop received.
 */
// RFC 3550 §6.4.1 (streams of one participant synchronised through their sender reports)
public final class SynchronizedPlayout {

    private static final long MICROS_PER_MILLI = 1_000;
    private static final long RTP_TIMESTAMP_MASK = 0xFFFF_FFFFL;

    private final AudioJitterBuffer audio;
    /** The audio encoder's lookahead in RTP ticks: decoded audio lies that far behind its RTP time. */
    private final long audioDelayTicks;
    private final VideoFrameBuffer video;
    private final VideoDecoder videoDecoder;
    private final SenderClock audioClock;
    private final SenderClock videoClock;
    private final AvSynchronizer synchronizer;
    private final KeyFrameRequestLimiter keyFrameRequests = new KeyFrameRequestLimiter();
    private boolean lossSeen;
    private long videoDecodeFailures;
    private boolean audioStarted;
    private long audioGapSamples;

    /**
     * @param audioDecoder decodes the audio stream, used by its jitter buffer for PCM, FEC and concealment
     * @param audioClockRate the audio stream's RTP clock rate
     * @param videoDepacketizer assembles the video stream's frames from payloads, fed by its frame buffer
     * @param videoDecoder decodes them
     * @param videoClockRate the video stream's RTP clock rate (90 kHz)
     */
    public SynchronizedPlayout(AudioDecoder audioDecoder, int audioClockRate, AudioJitterBufferConfig audioConfig,
            Depacketizer videoDepacketizer, VideoDecoder videoDecoder, int videoClockRate,
            VideoFrameBufferConfig videoConfig) {
        this.audio = new AudioJitterBuffer(audioDecoder, audioClockRate, audioConfig);
        this.audioDelayTicks = (long) audioDecoder.encoderDelaySamples() * audioClockRate / audioDecoder.sampleRate();
        this.video = new VideoFrameBuffer(videoDepacketizer, videoConfig);
        this.videoDecoder = Objects.requireNonNull(videoDecoder, "videoDecoder");
        this.audioClock = new SenderClock(audioClockRate);
        this.videoClock = new SenderClock(videoClockRate);
        this.synchronizer = new AvSynchronizer(audioClock, videoClock);
    }

    /** One audio RTP packet's payload, copied; {@code arrivalMicros} on the caller's clock. */
    public void audioPacket(byte[] payload, int offset, int length, int sequenceNumber, long rtpTimestamp,
            long arrivalMicros) {
        audio.insert(payload, offset, length, sequenceNumber, rtpTimestamp, arrivalMicros);
    }

    /** One video RTP packet's payload, copied. */
    public void videoPacket(byte[] payload, int offset, int length, int sequenceNumber, long rtpTimestamp,
            boolean marker, long arrivalMicros) {
        video.insert(payload, offset, length, sequenceNumber, rtpTimestamp, marker, arrivalMicros);
    }

    /** The NTP and RTP timestamps of a sender report about the audio stream. */
    public void audioSenderReport(long ntpTimestamp, long rtpTimestamp) {
        audioClock.onSenderReport(ntpTimestamp, rtpTimestamp);
    }

    /** The NTP and RTP timestamps of a sender report about the video stream. */
    public void videoSenderReport(long ntpTimestamp, long rtpTimestamp) {
        videoClock.onSenderReport(ntpTimestamp, rtpTimestamp);
    }

    /**
     * The next audio frame, due now: decoded, recovered or concealed, with its capture time on the sender's clock
     * (Unix microseconds; {@link MediaTime#UNKNOWN} before the stream's first sender report or for silence
     * played before the first packet).
     */
    public AudioFrame pullAudio(long nowMicros) {
        AudioPull pull = audio.pull(nowMicros);
        AudioFrame frame = pull.frame();
        if (pull.kind() == AudioPull.Kind.SILENCE) {
            if (audioStarted) {
                audioGapSamples += frame.samples().length / frame.channels();
            }
        } else {
            audioStarted = true;
        }
        long capture = MediaTime.UNKNOWN;
        if (pull.rtpTimestamp() != AudioPull.NO_TIMESTAMP) {
            // The pull does not say when its packet came; the buffered delay stands for how long it waited.
            long arrival = nowMicros - audio.currentDelayMillis() * MICROS_PER_MILLI;
            long captured = (pull.rtpTimestamp() - audioDelayTicks) & RTP_TIMESTAMP_MASK;
            synchronizer.onAudio(captured, arrival, nowMicros);
            capture = audioClock.captureMicros(captured).orElse(MediaTime.UNKNOWN);
        }
        adjustDelays(nowMicros);
        return new AudioFrame(frame.samples(), frame.sampleRate(), frame.channels(), capture);
    }

    /**
     * The next video picture whose render time has come, decoded, with its capture time; empty when none is due.
     * A frame the decoder refuses is dropped, and the buffer waits for a key frame ({@link #keyFrameNeeded}).
     */
    public Optional<VideoFrame> pollVideo(long nowMicros) {
        while (true) {
            Optional<ReleasedVideoFrame> released = video.poll(nowMicros);
            if (released.isEmpty()) {
                return Optional.empty();
            }
            ReleasedVideoFrame frame = released.get();
            Optional<VideoFrame> picture;
            try {
                picture = videoDecoder.decode(frame.frame());
            } catch (CodecException e) {
                videoDecodeFailures++;
                video.decoderFailed();
                continue;
            }
            if (picture.isEmpty()) {
                continue;
            }
            synchronizer.onVideo(frame.rtpTimestamp(), frame.lastArrivalMicros(), nowMicros);
            adjustDelays(nowMicros);
            VideoFrame p = picture.get();
            long capture = videoClock.captureMicros(frame.rtpTimestamp()).orElse(MediaTime.UNKNOWN);
            return Optional.of(new VideoFrame(p.width(), p.height(), p.y(), p.strideY(), p.u(), p.strideU(), p.v(),
                    p.strideV(), p.rotation(), capture));
        }
    }

    /** When a video frame may next be due, for a caller that sleeps between polls. */
    public long nextVideoWakeupMicros(long nowMicros) {
        return video.nextWakeupMicros(nowMicros);
    }

    /**
     * Whether to ask the sender for a key frame (PLI) now: when a loss episode starts, and again while the frame
     * buffer still waits for one, in case the request or its answer was lost; at most once per 300 ms or per
     * round trip, whichever is longer (RFC 4585 §3.5.1: feedback must not flood the sender).
     *
     * @param roundTripMicros the round-trip time to the sender, 0 or less while unknown
     */
    public boolean keyFrameNeeded(long nowMicros, long roundTripMicros) {
        // At the start the buffer waits for the key frame the sender begins with; only loss makes it ask.
        lossSeen |= video.keyFrameNeeded();
        return lossSeen && video.waitingForKeyFrame()
                && keyFrameRequests.tryRequest(nowMicros, Math.max(0, roundTripMicros));
    }

    /** The synchroniser's state: whether it is synchronised, the offset and its history, the extra delays. */
    public AvSynchronizer.Stats syncStats() {
        return synchronizer.stats();
    }

    /** Video frames the decoder refused. */
    public long videoDecodeFailures() {
        return videoDecodeFailures;
    }

    /**
     * Samples per channel of silence handed out after the audio had started: the gaps that concealment did not
     * cover (outages, re-buffering).
     */
    public long audioGapSamples() {
        return audioGapSamples;
    }

    public AudioJitterBufferStats audioStats() {
        return audio.stats();
    }

    public VideoFrameBufferStats videoStats() {
        return video.stats();
    }

    private void adjustDelays(long nowMicros) {
        SyncDelays delays = synchronizer.delays(nowMicros);
        audio.setExtraDelay(delays.audioMicros());
        video.setExtraDelay(delays.videoMicros());
    }
}
