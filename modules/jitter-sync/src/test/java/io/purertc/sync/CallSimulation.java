package io.purertc.sync;

import io.purertc.rtp.NtpTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A receiver of one sender's audio (20 ms frames, 48 kHz) and video (30 fps, 90 kHz), in simulated
 * time: the network delays each stream by its own amount (plus jitter), a jitter buffer holds each
 * frame a fixed time plus the synchroniser's extra delay read when the frame arrives, and the
 * released frames are reported back to the synchroniser.
 */
final class CallSimulation {

    static final long AUDIO_FRAME_MICROS = 20_000;
    static final int AUDIO_RATE = 48_000;
    static final int VIDEO_RATE = 90_000;
    /** Audio and video are captured at the same instant every 100 ms. */
    static final long COMMON_CAPTURE_MICROS = 100_000;

    private static final long SENDER_UNIX_START_MICROS = 1_764_000_000_000_000L;
    private static final long RECEIVER_CLOCK_START = 987_654_321L;
    private static final long AUDIO_RTP_START = 4_294_000_000L;
    private static final long VIDEO_RTP_START = 4_293_000_000L;

    long audioNetworkMicros = 40_000;
    long videoNetworkMicros = 40_000;
    long audioBufferMicros = 60_000;
    long videoBufferMicros = 20_000;
    long jitterMicros;
    /** Whether the jitter buffers hide the jitter (playout smooth) or pass it on to playout. */
    boolean buffersAbsorbJitter;
    long firstReportMicros = 2_000_000;
    boolean videoReports = true;
    long videoStopsMicros = Long.MAX_VALUE;
    long reportIntervalMicros = 1_000_000;
    long seed = 1;

    final SenderClock audioClock = new SenderClock(AUDIO_RATE);
    final SenderClock videoClock = new SenderClock(VIDEO_RATE);
    final AvSynchronizer synchronizer = new AvSynchronizer(audioClock, videoClock);

    /** Every delays() answer, in call order: {receiver time, audio extra, video extra}. */
    final List<long[]> delayTrace = new ArrayList<>();
    /** Sender capture time of the common instants → {audio playout, video playout} on the receiver clock. */
    final Map<Long, long[]> commonPlayouts = new HashMap<>();
    /** Largest |capture time from the SenderClock − true capture time| of released frames, µs. */
    long worstCaptureErrorMicros;
    /** Stats before the first sender report has arrived, and whether every delays() then was 0/0. */
    AvSynchronizer.Stats statsBeforeReports;
    boolean zeroBeforeReports = true;

    private record Event(long time, long order, Runnable action) {
    }

    private final PriorityQueue<Event> events = new PriorityQueue<>(
            (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
    private long order;
    private long currentTime;
    private long lastAudioPlayout = Long.MIN_VALUE;
    private long lastVideoPlayout = Long.MIN_VALUE;
    private boolean anyReport;

    void run(long durationMicros) {
        Random random = new Random(seed);
        for (long t = 0; t < durationMicros; t += AUDIO_FRAME_MICROS) {
            long capture = t;
            long rtp = (AUDIO_RTP_START + t * AUDIO_RATE / 1_000_000) & 0xFFFF_FFFFL;
            long jitter = jitter(random);
            at(receiverTime(capture) + audioNetworkMicros + jitter, () -> arrived(true, capture, rtp, jitter));
        }
        for (long k = 0; k * COMMON_CAPTURE_MICROS / 3 < Math.min(durationMicros, videoStopsMicros); k++) {
            long capture = Math.round(k * COMMON_CAPTURE_MICROS / 3.0);
            long rtp = (VIDEO_RTP_START + k * VIDEO_RATE / 30) & 0xFFFF_FFFFL;
            long jitter = jitter(random);
            at(receiverTime(capture) + videoNetworkMicros + jitter, () -> arrived(false, capture, rtp, jitter));
        }
        for (long s = firstReportMicros; s < durationMicros; s += reportIntervalMicros) {
            long audioAt = s + 3_000;
            long videoAt = s + 7_000;
            at(receiverTime(audioAt) + audioNetworkMicros,
                    () -> report(audioClock, audioAt, AUDIO_RTP_START, AUDIO_RATE));
            if (videoReports) {
                at(receiverTime(videoAt) + videoNetworkMicros,
                        () -> report(videoClock, videoAt, VIDEO_RTP_START, VIDEO_RATE));
            }
        }
        while (!events.isEmpty()) {
            Event next = events.poll();
            currentTime = next.time;
            next.action.run();
        }
    }

    /** Sender time after which every common instant played within {@code bound} of its partner. */
    long convergedAfterMicros(long boundMicros) {
        long converged = 0;
        for (Map.Entry<Long, long[]> e : commonPlayouts.entrySet()) {
            long[] p = e.getValue();
            if (p[0] != 0 && p[1] != 0 && Math.abs(p[0] - p[1]) > boundMicros) {
                converged = Math.max(converged, e.getKey() + COMMON_CAPTURE_MICROS);
            }
        }
        return converged;
    }

    /** Largest |audio playout − video playout| of the common instants captured from {@code fromMicros}. */
    long worstOffsetFromMicros(long fromMicros) {
        long worst = 0;
        for (Map.Entry<Long, long[]> e : commonPlayouts.entrySet()) {
            long[] p = e.getValue();
            if (e.getKey() >= fromMicros && p[0] != 0 && p[1] != 0) {
                worst = Math.max(worst, Math.abs(p[0] - p[1]));
            }
        }
        return worst;
    }

    /** Mean of (video playout − audio playout) of the common instants captured from {@code fromMicros}. */
    double meanOffsetFromMicros(long fromMicros) {
        long sum = 0;
        int n = 0;
        for (Map.Entry<Long, long[]> e : commonPlayouts.entrySet()) {
            long[] p = e.getValue();
            if (e.getKey() >= fromMicros && p[0] != 0 && p[1] != 0) {
                sum += p[1] - p[0];
                n++;
            }
        }
        return (double) sum / n;
    }

    private long jitter(Random random) {
        return jitterMicros == 0 ? 0 : random.nextLong(-jitterMicros, jitterMicros + 1);
    }

    private static long receiverTime(long senderMicros) {
        return RECEIVER_CLOCK_START + senderMicros;
    }

    private void at(long time, Runnable action) {
        events.add(new Event(time, order++, action));
    }

    private void report(SenderClock clock, long senderMicros, long rtpStart, int rate) {
        long ntp = NtpTime.fromUnixMicros(SENDER_UNIX_START_MICROS + senderMicros);
        long rtp = (rtpStart + Math.round(senderMicros * (rate / 1e6))) & 0xFFFF_FFFFL;
        clock.onSenderReport(ntp, rtp);
        anyReport = true;
    }

    private void arrived(boolean isAudio, long capture, long rtp, long jitter) {
        long now = currentTime;
        SyncDelays delays = read(now);
        long buffer = isAudio ? audioBufferMicros : videoBufferMicros;
        long extra = isAudio ? delays.audioMicros() : delays.videoMicros();
        long playout = now + buffer + extra - (buffersAbsorbJitter ? jitter : 0);
        if (isAudio) {
            playout = Math.max(playout, lastAudioPlayout);
            lastAudioPlayout = playout;
        } else {
            playout = Math.max(playout, lastVideoPlayout);
            lastVideoPlayout = playout;
        }
        long at = playout;
        at(playout, () -> released(isAudio, capture, rtp, now, at));
    }

    private void released(boolean isAudio, long capture, long rtp, long arrival, long playout) {
        if (isAudio) {
            synchronizer.onAudio(rtp, arrival, playout);
        } else {
            synchronizer.onVideo(rtp, arrival, playout);
        }
        SenderClock clock = isAudio ? audioClock : videoClock;
        clock.captureMicros(rtp).ifPresent(c -> worstCaptureErrorMicros = Math.max(worstCaptureErrorMicros,
                Math.abs(c - (SENDER_UNIX_START_MICROS + capture))));
        if (capture % COMMON_CAPTURE_MICROS == 0) {
            commonPlayouts.computeIfAbsent(capture, c -> new long[2])[isAudio ? 0 : 1] = playout;
        }
        read(playout);
    }

    private SyncDelays read(long now) {
        SyncDelays delays = synchronizer.delays(now);
        delayTrace.add(new long[] {now, delays.audioMicros(), delays.videoMicros()});
        if (!anyReport) {
            statsBeforeReports = synchronizer.stats();
            zeroBeforeReports &= delays.audioMicros() == 0 && delays.videoMicros() == 0;
        }
        return delays;
    }
}
