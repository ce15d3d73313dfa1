package io.purertc.jitter;

import io.purertc.media.AudioDecoder;
import io.purertc.media.AudioFrame;
import io.purertc.media.CodecException;
import io.purertc.rtp.SequenceNumberUnwrapper;
import io.purertc.rtp.TimestampUnwrapper;
import java.util.Objects;

/**
 * The receive buffer of one audio stream: takes encoded packets as they arrive, in any order, and
 * gives back fixed 10 or 20 ms PCM frames on the media clock, hiding jitter behind an adaptive delay
 * and loss behind the decoder's forward error correction or concealment.
 *
 * <p><b>Delay.</b> A {@link DelayEstimator} turns packet arrival times into a target delay, the 95th
 * percentile of recent relative arrival delays (NetEQ's method) but at least one packet, clamped to
 * the configured minimum and maximum and to 3/4 of what the packet cap can hold (as NetEQ does), and
 * rounded up to whole frames. Playout starts, and restarts after an outage, once the buffered audio
 * reaches the target and a whole frame has been decoded (the decoder tells a packet's duration;
 * before that {@value #DEFAULT_PACKET_MILLIS} ms is assumed). From then on a packet that has not come
 * when its audio is due is concealed, so the target is what bounds the wait for a late packet; if it
 * comes afterwards it is counted late and dropped.
 *
 * <p><b>Adaptation.</b> The buffered delay, smoothed over about {@value #LEVEL_FILTER_MILLIS} ms, is
 * steered towards the target by whole {@value #BLOCK_MILLIS} ms blocks, and only where the block
 * about to be played is quiet (mean square below -50 dBFS, or 15 dB under the recent speech peak),
 * so that nothing audible is cut or repeated, with a {@value #FADE_MILLIS} ms cross-fade over the seam:
 * above target + {@value #ACCELERATE_MARGIN_MILLIS} ms
 * such a block is dropped (accelerate), below target - {@value #DECELERATE_MARGIN_MILLIS} ms it is
 * played twice (decelerate), unless concealment already stretches this frame. This is the issue's
 * minimum — dropping and repeating at silence, no time-scale modification inside speech — chosen
 * because it cannot click on speech and needs no pitch analysis; during continuous loud speech the
 * delay waits for the next pause. One more way to grow: when the buffer runs dry while below target,
 * or within {@value #LATE_HOLD_MICROS} µs of a late packet (the jitter outgrew the buffer faster than
 * the estimate rose), the concealment that has to be played anyway holds the timeline (NetEQ's
 * expand), so the packet still plays when it comes; those samples count as both concealed and
 * inserted. Otherwise a dry buffer is taken for loss, concealed in the missing packet's place, and
 * the packet is late if it still comes.
 *
 * <p><b>Loss.</b> When the packet due is missing, the one after it is there and the codec is Opus
 * (the one codec here with in-band FEC), the lost packet is rebuilt with
 * {@link AudioDecoder#decodeFec} (RFC 6716 §2.1.7), which itself conceals when that packet carries no
 * FEC data; otherwise, or for gaps of more than one packet, {@link AudioDecoder#conceal}. A payload
 * the decoder rejects is concealed likewise. After {@value #OUTAGE_MILLIS} ms of unbroken
 * concealment, once no packet at all has come for as long (an outage, not jitter) or the packets
 * waiting lie beyond a gap that long, the buffer stops concealing, returns
 * {@link AudioPull.Kind#SILENCE} frames and re-buffers to the target.
 *
 * <p><b>Bad input.</b> Duplicates are dropped; a sequence number more than {@value #MAX_DROPOUT} ahead
 * or {@value #MAX_MISORDER} behind, or a timestamp more than {@value #MAX_TIMESTAMP_JUMP_SECONDS} s
 * away, is a stray until the packet after it confirms a sender restart, which resets the buffer.
 * At most {@link AudioJitterBufferConfig#maxPackets} packets are held; reaching the cap (the puller
 * stalled) flushes them. The decoded-sample queue holds at most the frame, one block and
 * {@value #QUEUE_EXTRA_MILLIS} ms.
 *
 * <p>Not thread-safe: one thread at a time, the stream's media worker. Time comes from the caller.
 */
// RFC 3550 §A.1 (MAX_DROPOUT, MAX_MISORDER, probation), RFC 6716 §2.1.7 (in-band FEC)
public final class AudioJitterBuffer {

    static final int MAX_DROPOUT = 3000;
    static final int MAX_MISORDER = 100;
    static final int MAX_TIMESTAMP_JUMP_SECONDS = 60;
    /** The packet duration assumed before the first decode: the 20 ms browsers send Opus in. */
    static final int DEFAULT_PACKET_MILLIS = 20;
    /** The longest Opus packet (RFC 6716 §3.2.5). */
    static final int MAX_PACKET_MILLIS = 120;
    static final int BLOCK_MILLIS = 10;
    static final int FADE_MILLIS = 1;
    static final int OUTAGE_MILLIS = 100;
    static final int ACCELERATE_MARGIN_MILLIS = 20;
    static final int DECELERATE_MARGIN_MILLIS = 10;
    static final int LEVEL_FILTER_MILLIS = 160;
    static final long LATE_HOLD_MICROS = 1_000_000;
    static final int QUEUE_EXTRA_MILLIS = 200;
    /** -50 dBFS: a block this quiet is silence whatever came before. */
    static final double SILENT_MEAN_SQUARE = 100.0 * 100.0;
    /** -15 dB under the recent speech peak counts as a pause. */
    static final double QUIET_FRACTION = 1.0 / 32;
    /** Per frame, so the speech peak fades over a few seconds of pause. */
    static final double SPEECH_PEAK_DECAY = 0.995;
    static final int LEVEL_STRIDE = 8;

    private final AudioDecoder decoder;
    private final boolean decoderHasFec;
    private final AudioJitterBufferConfig config;
    private final int clockRate;
    private final int sampleRate;
    private final int channels;
    private final int frameSamples;
    private final int blockSamples;
    private final int fadeSamples;
    private final int outageSamples;
    private final long maxPacketTicks;
    private final double levelFilterGain;
    private final DelayEstimator estimator;
    private final PacketStore packets;
    private final SampleQueue samples;

    private SequenceNumberUnwrapper sequenceUnwrapper = new SequenceNumberUnwrapper();
    private TimestampUnwrapper timestampUnwrapper = new TimestampUnwrapper();
    private boolean receiving;
    private long highestSequence;
    private long highestTimestamp;
    private int probationSequence = -1;

    private boolean anchored;
    private boolean playing;
    private long nextSequence;
    private long nextTimestamp;
    private long decodedEndTimestamp;
    private long decodedHistory;
    private long packetTicks;
    private boolean concealing;
    private int concealedRun;
    private double filteredLevelMillis;
    private int target;
    private long extraDelayMillis;
    private long lateHoldUntilMicros = Long.MIN_VALUE;
    private long lastArrivalMicros;
    private double speechPeak;

    private long packetsReceived;
    private long packetsDiscarded;
    private long latePackets;
    private long concealedSamples;
    private long concealmentEvents;
    private long fecRecoveredSamples;
    private long insertedSamples;
    private long removedSamples;
    private long resets;
    private long decodeErrors;
    private long totalSamplesPulled;
    private double jitterBufferDelay;
    private long emittedSamples;

    /**
     * @param decoder decodes this stream's payloads; the buffer calls it from {@link #pull} only
     * @param clockRate the RTP timestamp rate of the stream (48000 for Opus)
     * @param config frame duration, delay bounds and packet cap
     * @throws IllegalArgumentException if the clock rate, or the decoder's rate or channels, is out of range
     */
    public AudioJitterBuffer(AudioDecoder decoder, int clockRate, AudioJitterBufferConfig config) {
        if (clockRate < 1000 || clockRate > 192_000) {
            throw new IllegalArgumentException("RTP clock rate out of range: " + clockRate);
        }
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.config = Objects.requireNonNull(config, "config");
        this.decoderHasFec = "opus".equalsIgnoreCase(decoder.descriptor().encodingName());
        this.clockRate = clockRate;
        this.sampleRate = decoder.sampleRate();
        this.channels = decoder.channels();
        if (sampleRate < 8000 || sampleRate > 192_000 || channels < 1 || channels > 8) {
            throw new IllegalArgumentException("decoder output out of range: " + sampleRate + " Hz, " + channels + " ch");
        }
        this.frameSamples = sampleRate * config.frameMillis() / 1000;
        this.blockSamples = sampleRate * BLOCK_MILLIS / 1000;
        this.fadeSamples = sampleRate * FADE_MILLIS / 1000;
        this.outageSamples = sampleRate * OUTAGE_MILLIS / 1000;
        this.maxPacketTicks = (long) clockRate * MAX_PACKET_MILLIS / 1000;
        this.packetTicks = (long) clockRate * DEFAULT_PACKET_MILLIS / 1000;
        this.levelFilterGain = (double) config.frameMillis() / LEVEL_FILTER_MILLIS;
        this.estimator = new DelayEstimator(clockRate);
        this.packets = new PacketStore(config.maxPackets());
        this.samples = new SampleQueue(frameSamples + blockSamples + sampleRate * QUEUE_EXTRA_MILLIS / 1000, channels);
    }

    /**
     * Takes in one received packet; the payload is copied. Whatever the numbers, this never throws
     * for network input: duplicates, late packets and strays are counted and dropped.
     *
     * @param sequenceNumber the RTP sequence number, 0..65535
     * @param rtpTimestamp the RTP timestamp, 0..2^32-1
     * @param arrivalMicros when the packet arrived, on the caller's monotonic clock
     * @throws IndexOutOfBoundsException if offset and length do not lie within the payload array
     * @throws IllegalArgumentException if the sequence number or timestamp is out of its range
     */
    public void insert(byte[] payload, int offset, int length, int sequenceNumber, long rtpTimestamp,
            long arrivalMicros) {
        Objects.checkFromIndexSize(offset, length, payload.length);
        if ((sequenceNumber & ~0xFFFF) != 0 || (rtpTimestamp & ~0xFFFF_FFFFL) != 0) {
            throw new IllegalArgumentException(
                    "sequence number " + sequenceNumber + " or timestamp " + rtpTimestamp + " out of range");
        }
        packetsReceived++;
        lastArrivalMicros = arrivalMicros;
        long sequence = sequenceUnwrapper.unwrap(sequenceNumber);
        long timestamp = timestampUnwrapper.unwrap(rtpTimestamp);
        if (receiving && isJump(sequence, timestamp)) {
            if (sequenceNumber != probationSequence) {
                probationSequence = (sequenceNumber + 1) & 0xFFFF;
                packetsDiscarded++;
                return;
            }
            restart();
            sequence = sequenceUnwrapper.unwrap(sequenceNumber);
            timestamp = timestampUnwrapper.unwrap(rtpTimestamp);
        }
        probationSequence = -1;
        if (!receiving || sequence > highestSequence) {
            receiving = true;
            highestSequence = sequence;
            highestTimestamp = timestamp;
        }
        if (anchored && (sequence < nextSequence || timestamp + packetTicks <= nextTimestamp)) {
            if (wasDecoded(sequence)) {
                packetsDiscarded++;
            } else {
                latePackets++;
                lateHoldUntilMicros = arrivalMicros + LATE_HOLD_MICROS;
                estimator.update(arrivalMicros, timestamp);
            }
            return;
        }
        PacketStore.Outcome outcome = packets.insert(sequence, timestamp, arrivalMicros, payload, offset, length);
        if (outcome == PacketStore.Outcome.FULL) {
            packetsDiscarded += packets.size();
            packets.clear();
            stopPlaying();
            outcome = packets.insert(sequence, timestamp, arrivalMicros, payload, offset, length);
        }
        if (outcome == PacketStore.Outcome.DUPLICATE) {
            packetsDiscarded++;
            return;
        }
        estimator.update(arrivalMicros, timestamp);
    }

    /**
     * Gives the next frame of the configured duration: decoded audio, recovered or concealed audio
     * in place of what is missing, or silence while there is nothing to play. Never fails.
     *
     * @param nowMicros the time of the pull on the same clock as the arrival times
     */
    public AudioPull pull(long nowMicros) {
        target = targetDelayMillis();
        if (!playing && !startPlaying(nowMicros)) {
            return silence();
        }
        filteredLevelMillis += (levelMillis() - filteredLevelMillis) * levelFilterGain;
        if (!fill(frameSamples, true, nowMicros)) {
            return silence();
        }
        boolean repeatBlock = false;
        if (filteredLevelMillis > target + ACCELERATE_MARGIN_MILLIS) {
            fill(frameSamples + blockSamples + fadeSamples, false, nowMicros);
            if (samples.size() >= frameSamples + blockSamples && headBlockIsQuiet()) {
                samples.dropCrossFading(blockSamples, fadeSamples);
                removedSamples += blockSamples;
                filteredLevelMillis -= BLOCK_MILLIS;
            }
        } else if (filteredLevelMillis < target - DECELERATE_MARGIN_MILLIS && samples.timedSize() == samples.size()
                && headBlockIsQuiet()) {
            fill(frameSamples + fadeSamples, false, nowMicros);
            repeatBlock = true;
            insertedSamples += blockSamples;
            filteredLevelMillis += BLOCK_MILLIS;
        }
        long timestamp = (nextTimestamp - ticks(samples.timedSize())) & 0xFFFF_FFFFL;
        jitterBufferDelay += (nowMicros - samples.headArrivalMicros()) / 1e6 * frameSamples;
        emittedSamples += frameSamples;
        totalSamplesPulled += frameSamples;
        short[] pcm = new short[frameSamples * channels];
        int repeated = repeatBlock ? blockSamples : 0;
        if (repeatBlock) {
            samples.repeatCrossFading(pcm, blockSamples, fadeSamples);
        }
        AudioPull.Kind kind = samples.take(pcm, repeated, frameSamples - repeated);
        trackSpeechPeak(pcm);
        return new AudioPull(new AudioFrame(pcm, sampleRate, channels), timestamp, kind);
    }

    /** A snapshot of the counters. */
    /**
     * Delay added to what jitter needs, e.g. to line the audio up with video that comes later: the target
     * rises by it, within the maximum, and playout moves there as it adapts to any target (quiet blocks
     * repeated or dropped), so steps should be small; the A/V synchroniser's are.
     *
     * @throws IllegalArgumentException if negative
     */
    public void setExtraDelay(long extraDelayMicros) {
        if (extraDelayMicros < 0) {
            throw new IllegalArgumentException("extra delay must not be negative: " + extraDelayMicros);
        }
        extraDelayMillis = extraDelayMicros / 1000;
    }

    /** Audio buffered now, in milliseconds: as {@link #stats()} reports it, without building the stats. */
    public int currentDelayMillis() {
        return bufferedMillis();
    }

    public AudioJitterBufferStats stats() {
        return new AudioJitterBufferStats(bufferedMillis(), targetDelayMillis(), packetsReceived, packetsDiscarded,
                latePackets, concealedSamples, concealmentEvents, fecRecoveredSamples, insertedSamples,
                removedSamples, resets, decodeErrors, totalSamplesPulled, jitterBufferDelay, emittedSamples);
    }

    /** Encoded packets held now, never more than the configured cap. */
    int packetCount() {
        return packets.size();
    }

    private boolean isJump(long sequence, long timestamp) {
        long ahead = sequence - highestSequence;
        return ahead > MAX_DROPOUT || ahead < -MAX_MISORDER
                || Math.abs(timestamp - highestTimestamp) > (long) clockRate * MAX_TIMESTAMP_JUMP_SECONDS;
    }

    private void restart() {
        resets++;
        sequenceUnwrapper = new SequenceNumberUnwrapper();
        timestampUnwrapper = new TimestampUnwrapper();
        receiving = false;
        anchored = false;
        decodedHistory = 0;
        packets.clear();
        stopPlaying();
        estimator.resetArrivals();
    }

    private boolean wasDecoded(long sequence) {
        long back = nextSequence - 1 - sequence;
        return back >= 0 && back < Long.SIZE && (decodedHistory >>> back & 1) != 0;
    }

    /**
     * Starts playout once the buffered audio reaches the target and a whole frame can be decoded
     * (decoding is what tells a packet's true duration); decoded samples wait in the queue until then.
     */
    private boolean startPlaying(long nowMicros) {
        if (samples.size() == 0) {
            if (packets.isEmpty() || bufferedMillis() < target) {
                return false;
            }
            anchored = true;
            nextSequence = packets.headSequence();
            nextTimestamp = packets.headTimestamp();
            decodedEndTimestamp = nextTimestamp;
            decodedHistory = 0;
        }
        fill(frameSamples, false, nowMicros);
        target = targetDelayMillis();
        if (bufferedMillis() < target) {
            return false;
        }
        if (!packets.isEmpty()) {
            fill(frameSamples, true, nowMicros);
        }
        if (samples.size() < frameSamples) {
            return false;
        }
        playing = true;
        filteredLevelMillis = levelMillis();
        return true;
    }

    private void stopPlaying() {
        playing = false;
        samples.clear();
        concealing = false;
        concealedRun = 0;
    }

    /**
     * Decodes, recovers or conceals until {@code needed} instants are queued, or, without
     * {@code mayConceal}, until the next packet is not there.
     *
     * @return false if an outage began: playout stopped and the caller plays silence
     */
    private boolean fill(int needed, boolean mayConceal, long nowMicros) {
        while (samples.size() < needed) {
            long gap = packets.isEmpty() ? Long.MAX_VALUE : packets.headTimestamp() - nextTimestamp;
            if (instants(gap) <= 0) {
                decodeHead(nowMicros);
            } else if (!mayConceal) {
                return true;
            } else if (concealedRun >= outageSamples
                    && (!packets.isEmpty() || nowMicros - lastArrivalMicros >= OUTAGE_MILLIS * 1000L)) {
                stopPlaying();
                return false;
            } else if (decoderHasFec && packets.size() > 0 && packets.headSequence() == nextSequence + 1
                    && nextTimestamp == decodedEndTimestamp && gap <= maxPacketTicks) {
                recoverWithFec((int) instants(gap), nowMicros);
            } else {
                boolean hold = playing && packets.isEmpty() && (nowMicros < lateHoldUntilMicros
                        || filteredLevelMillis < target - DECELERATE_MARGIN_MILLIS);
                conceal((int) Math.min(needed - samples.size(), instants(gap)), nowMicros, !hold);
            }
        }
        return true;
    }

    private void decodeHead(long nowMicros) {
        long sequence = packets.headSequence();
        long timestamp = packets.headTimestamp();
        long arrival = packets.headArrivalMicros();
        AudioFrame frame;
        boolean decoded = true;
        try {
            frame = decoder.decode(packets.headPayload(), 0, packets.headLength());
        } catch (CodecException e) {
            decodeErrors++;
            decoded = false;
            frame = null;
        }
        packets.removeHead();
        long shift = sequence - nextSequence + 1;
        decodedHistory = shift >= Long.SIZE ? 1 : decodedHistory << shift | 1;
        nextSequence = sequence + 1;
        if (!decoded) {
            conceal((int) Math.max(1, instants(timestamp + packetTicks - nextTimestamp)), nowMicros, true);
            decodedEndTimestamp = nextTimestamp;
            return;
        }
        long frameTicks = ticks(frame.samplesPerChannel());
        if (frameTicks > 0) {
            packetTicks = Math.min(frameTicks, maxPacketTicks);
        }
        int overlap = (int) Math.min(frame.samplesPerChannel(), Math.max(0, instants(nextTimestamp - timestamp)));
        nextTimestamp += ticks(samples.append(frame.samples(), overlap, AudioPull.Kind.NORMAL, arrival, true));
        decodedEndTimestamp = nextTimestamp;
        concealing = false;
        concealedRun = 0;
    }

    private void recoverWithFec(int count, long nowMicros) {
        AudioFrame frame;
        try {
            frame = decoder.decodeFec(packets.headPayload(), 0, packets.headLength(), count);
        } catch (CodecException e) {
            conceal(count, nowMicros, true);
            return;
        }
        int appended = samples.append(frame.samples(), 0, AudioPull.Kind.FEC, nowMicros, true);
        if (appended == 0) {
            conceal(count, nowMicros, true);
            return;
        }
        fecRecoveredSamples += appended;
        nextTimestamp += ticks(appended);
        concealing = false;
        concealedRun = 0;
    }

    /**
     * Conceals {@code count} instants: in place of missing audio ({@code timed}), or, when the buffer
     * ran dry below its target, as an expansion that holds the timeline so that the late packet
     * still plays and the delay grows towards the target.
     */
    private void conceal(int count, long nowMicros, boolean timed) {
        AudioPull.Kind kind = AudioPull.Kind.CONCEALED;
        int appended = samples.append(decoder.conceal(count).samples(), 0, kind, nowMicros, timed);
        if (appended == 0) {
            appended = samples.appendSilence(count, kind, nowMicros, timed);
        }
        if (!concealing) {
            concealmentEvents++;
            concealing = true;
        }
        concealedSamples += appended;
        concealedRun += appended;
        if (timed) {
            nextTimestamp += ticks(appended);
        } else {
            insertedSamples += appended;
        }
    }

    private boolean headBlockIsQuiet() {
        double meanSquare = samples.meanSquare(blockSamples);
        return meanSquare < SILENT_MEAN_SQUARE || meanSquare < speechPeak * QUIET_FRACTION;
    }

    /** Every {@value #LEVEL_STRIDE}th sample is enough for a level, and keeps the pull cheap. */
    private void trackSpeechPeak(short[] pcm) {
        long sum = 0;
        int count = 0;
        for (int i = 0; i < pcm.length; i += LEVEL_STRIDE) {
            sum += pcm[i] * pcm[i];
            count++;
        }
        speechPeak = Math.max((double) sum / count, speechPeak * SPEECH_PEAK_DECAY);
    }

    private AudioPull silence() {
        totalSamplesPulled += frameSamples;
        return new AudioPull(new AudioFrame(new short[frameSamples * channels], sampleRate, channels),
                AudioPull.NO_TIMESTAMP, AudioPull.Kind.SILENCE);
    }

    private int targetDelayMillis() {
        long packetMillis = packetTicks * 1000 / clockRate;
        long capacityMillis = 3 * config.maxPackets() * packetMillis / 4;
        long estimate = Math.max(packetMillis, estimator.targetDelayMillis()) + extraDelayMillis;
        long target = Math.min(capacityMillis,
                Math.max(config.minDelayMillis(), Math.min(config.maxDelayMillis(), estimate)));
        int frame = config.frameMillis();
        long rounded = (target + frame - 1) / frame * frame;
        return (int) (rounded > config.maxDelayMillis() ? rounded - frame : rounded);
    }

    private int bufferedMillis() {
        boolean positioned = playing || samples.size() > 0;
        long ticks = ticks(samples.size());
        if (!packets.isEmpty()) {
            long from = positioned ? nextTimestamp : packets.headTimestamp();
            ticks += Math.max(0, packets.lastTimestamp() + packetTicks - from);
        }
        return (int) Math.min(Integer.MAX_VALUE, ticks * 1000 / clockRate);
    }

    /**
     * The buffered delay as compared with the target. Measured before each pull, it swings between a
     * packet and a frame when packets come exactly on time, averaging (packet + frame) / 2; adding
     * (packet - frame) / 2 makes that average one packet, the target without jitter.
     */
    private double levelMillis() {
        return bufferedMillis() + (packetTicks * 1000.0 / clockRate - config.frameMillis()) / 2;
    }

    private long ticks(long instantCount) {
        return instantCount * clockRate / sampleRate;
    }

    private long instants(long tickCount) {
        return tickCount == Long.MAX_VALUE ? Long.MAX_VALUE : tickCount * sampleRate / clockRate;
    }
}
