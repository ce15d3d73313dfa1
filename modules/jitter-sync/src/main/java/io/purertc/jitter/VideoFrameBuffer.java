package io.purertc.jitter;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import io.purertc.media.CodecException;
import io.purertc.media.Depacketizer;
import io.purertc.media.EncodedFrame;
import io.purertc.rtp.SequenceNumberUnwrapper;
import io.purertc.rtp.TimestampUnwrapper;

/**
 * Sits between the network and a video {@link Depacketizer}: holds packets of a single-layer stream
 * until the frame they make is complete and follows, packet for packet, the last frame released, then
 * hands the frame over in decode order at its render time.
 *
 * <p>A frame is the run of packets from the one after the previous frame's marker packet up to the next
 * marker packet, all with one timestamp. The first frame, and the first after a loss, must be a key
 * frame; until one comes, complete delta frames are dropped. When the next frame is still incomplete
 * {@code maxWait} after its render time (a lost packet that retransmission did not bring back), it is
 * given up, and so is every frame up to the next key frame; {@link #keyFrameNeeded()} then says once that
 * the sender should be asked for one (RFC 4585 §6.3.1 PLI, RFC 5104 §4.3.1 FIR; rate-limiting is the
 * caller's). Render time: see {@link RenderTiming}.
 *
 * <p>Memory is bounded by {@link VideoFrameBufferConfig#maxPackets()} and
 * {@link VideoFrameBufferConfig#maxBytes()}; whatever sequence numbers, timestamps and markers arrive,
 * the buffer drops, counts or starts over, and never throws but for caller errors (arguments out of
 * range). Payloads are copied. No clock inside: every time is the caller's, in microseconds.
 *
 * <p>Use: {@code insert} every packet; {@code poll} until it returns empty, then again at
 * {@link #nextWakeupMicros(long)} or after the next insert. Not thread-safe: one thread at a time.
 */
// RFC 3550 §5.1 (sequence number, timestamp, marker); RFC 4585 §6.3.1 (PLI); RFC 7741 §4.5 (frame reassembly)
public final class VideoFrameBuffer {

    /** Where the frame at {@link #next} stands. */
    private enum FrameState {
        /** Every packet up to the marker is there. */
        COMPLETE,
        /** A packet is missing. */
        INCOMPLETE,
        /** A timestamp change or padding before the marker, or no marker in the whole window: never a frame. */
        BROKEN
    }

    private static final byte[] NO_PAYLOAD = new byte[0];
    /**
     * How long the first frame (after the start or a reset) is held after the first packet arrived: the
     * earliest packet seen may be from the middle of a frame whose first packet was overtaken, and once
     * the depacketizer has refused it the frame is lost.
     */
    static final long START_REORDER_MICROS = 20_000;
    /**
     * Late packets in a row that make the buffer start over: stray late retransmissions come between new
     * packets, but a sender that restarted its sequence numbers behind the old ones sends nothing else.
     */
    static final int RESTART_RUN = 32;

    private final Depacketizer depacketizer;
    private final VideoFrameBufferConfig config;
    private final RenderTiming timing;
    private final int capacity;

    /** Packets by extended sequence number modulo capacity; a slot is empty when it holds no payload. */
    private final long[] slotSequence;
    private final long[] slotTimestamp;
    private final long[] slotArrival;
    private final boolean[] slotMarker;
    /** Whether the packet came after a higher sequence number: it filled a hole, likely by retransmission. */
    private final boolean[] slotRecovered;
    private final byte[][] slotPayload;

    private SequenceNumberUnwrapper sequenceUnwrapper = new SequenceNumberUnwrapper();
    private TimestampUnwrapper timestampUnwrapper = new TimestampUnwrapper();
    /**
     * Whether {@link #next} is fixed because packets were taken out. Before, it is the lowest sequence
     * number buffered, and a reordered earlier packet may lower it.
     */
    private boolean anchored;
    /** Extended sequence number of the next frame's first packet. */
    private long next;
    private long highest;
    /** Late packets in a row. */
    private int lateRun;
    /** When the first packet arrived since the start or the last reset. */
    private long firstArrival;
    private int packetCount;
    private long byteCount;

    /**
     * Progress of the scan of the frame at {@link #next}: packets next .. scanned-1 are present, with one
     * timestamp and no marker; the latest arrival among them and whether any filled a hole.
     */
    private long scanned;
    private long scanLastArrival;
    private boolean scanRecovered;
    /** The last packet of the frame found complete by {@link #scan()}. */
    private long frameEnd;

    private boolean waitingForKeyFrame = true;
    private boolean lossEpisode;
    private boolean keyFrameRequestPending;

    private long framesReceived;
    private long framesReleased;
    private long framesDropped;
    private long keyFramesReleased;
    private long packetsReceived;
    private long packetsDuplicated;
    private long packetsLate;
    private long resets;
    private long keyFrameRequestsNeeded;

    public VideoFrameBuffer(Depacketizer depacketizer, VideoFrameBufferConfig config) {
        this.depacketizer = Objects.requireNonNull(depacketizer, "depacketizer");
        this.config = Objects.requireNonNull(config, "config");
        this.timing = new RenderTiming(config);
        this.capacity = config.maxPackets();
        slotSequence = new long[capacity];
        slotTimestamp = new long[capacity];
        slotArrival = new long[capacity];
        slotMarker = new boolean[capacity];
        slotRecovered = new boolean[capacity];
        slotPayload = new byte[capacity][];
    }

    /**
     * Takes one packet's payload (copied). An empty payload (a padding-only packet) fills its sequence
     * number but belongs to no frame. A packet already buffered is dropped as a duplicate; one behind the
     * next frame (already released or given up) as late. The buffer starts over, keeping the packet, when
     * the packet is {@code maxPackets} or more ahead of the next frame, when it would exceed
     * {@code maxBytes}, and after {@value #RESTART_RUN} late packets in a row (a sender that restarted).
     *
     * @param sequenceNumber 0 .. 65535
     * @param rtpTimestamp 0 .. 2^32-1
     * @param arrivalMicros when the packet arrived, on the caller's clock
     * @throws IllegalArgumentException if the range {@code offset, length} is outside {@code payload}, or a
     *     sequence number or timestamp is out of its range (caller errors, not network input)
     */
    public void insert(byte[] payload, int offset, int length, int sequenceNumber, long rtpTimestamp, boolean marker,
            long arrivalMicros) {
        if (offset < 0 || length < 0 || offset > payload.length - length) {
            throw new IllegalArgumentException("offset " + offset + " and length " + length + " outside a payload of "
                    + payload.length + " bytes");
        }
        if ((sequenceNumber & ~0xFFFF) != 0 || (rtpTimestamp & ~0xFFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("sequence number is 16-bit and timestamp 32-bit unsigned, got "
                    + sequenceNumber + ", " + rtpTimestamp);
        }
        packetsReceived++;
        long sequence = sequenceUnwrapper.unwrap(sequenceNumber);
        long timestamp = timestampUnwrapper.unwrap(rtpTimestamp);
        if (packetCount == 0 && !anchored) {
            restartScan(sequence);
            highest = sequence;
            firstArrival = arrivalMicros;
        } else if (sequence < next && anchored && ++lateRun < RESTART_RUN) {
            packetsLate++;
            return;
        } else if (!outsideWindow(sequence) && present(sequence)) {
            packetsDuplicated++;
            return;
        } else if (outsideWindow(sequence) || sequence < next && anchored
                || byteCount + length > config.maxBytes()) {
            reset();
            sequence = sequenceUnwrapper.unwrap(sequenceNumber);
            timestamp = timestampUnwrapper.unwrap(rtpTimestamp);
            restartScan(sequence);
            highest = sequence;
            firstArrival = arrivalMicros;
        } else if (sequence < next) {
            restartScan(sequence);
        }
        lateRun = 0;
        int slot = slot(sequence);
        slotSequence[slot] = sequence;
        slotTimestamp[slot] = timestamp;
        slotArrival[slot] = arrivalMicros;
        slotMarker[slot] = marker;
        slotRecovered[slot] = sequence < highest;
        slotPayload[slot] = length == 0 ? NO_PAYLOAD : Arrays.copyOfRange(payload, offset, offset + length);
        highest = Math.max(highest, sequence);
        packetCount++;
        byteCount += length;
    }

    /** Whether keeping this packet would span more sequence numbers than the buffer has slots. */
    private boolean outsideWindow(long sequence) {
        return Math.max(highest, sequence) - Math.min(next, sequence) >= capacity;
    }

    /**
     * The next frame in decode order whose render time has come, if any. Call again until empty: one
     * call releases at most one frame.
     */
    public Optional<ReleasedVideoFrame> poll(long nowMicros) {
        while (packetCount > 0) {
            FrameState state = scan();
            if (state == FrameState.COMPLETE) {
                long renderTime = releaseTime();
                if (renderTime > nowMicros) {
                    return Optional.empty();
                }
                Optional<ReleasedVideoFrame> released = take(renderTime);
                if (released.isPresent()) {
                    return released;
                }
            } else if (state == FrameState.BROKEN) {
                long resume = scanned;
                dropUntil(resume);
                moveNext(resume);
                frameLost();
            } else {
                if (nowMicros < giveUpTime()) {
                    return Optional.empty();
                }
                // With its first packet missing, the frame is counted when the depacketizer refuses its tail.
                boolean seen = present(next);
                long resume = resumeAfterGivingUp();
                dropUntil(resume);
                moveNext(resume);
                if (seen) {
                    framesDropped++;
                }
                startLossEpisode();
            }
        }
        return Optional.empty();
    }

    /**
     * When {@link #poll(long)} may next have something to do if no packet arrives before: now or later,
     * {@link Long#MAX_VALUE} when the buffer is empty.
     */
    public long nextWakeupMicros(long nowMicros) {
        if (packetCount == 0) {
            return Long.MAX_VALUE;
        }
        FrameState state = scan();
        if (state == FrameState.COMPLETE) {
            return Math.max(nowMicros, releaseTime());
        }
        return state == FrameState.BROKEN ? nowMicros : Math.max(nowMicros, giveUpTime());
    }

    /** When the complete frame at {@link #next} is due. */
    private long releaseTime() {
        long renderTime = timing.renderTime(slotTimestamp[slot(next)], scanLastArrival);
        return anchored ? renderTime : Math.max(renderTime, firstArrival + START_REORDER_MICROS);
    }

    /** When the incomplete frame at {@link #next} is given up: maxWait past the render time of what is there. */
    private long giveUpTime() {
        long present = firstPresentFrom(next);
        if (present < 0) {
            return Long.MAX_VALUE;
        }
        int first = slot(present);
        return timing.renderTime(slotTimestamp[first], slotArrival[first]) + config.maxWaitMicros();
    }

    /**
     * Where the frame after an incomplete one given up starts: past the first missing packet and past the
     * packets after it with the same timestamp (its tail), when the frame's first packet is there to tell
     * the timestamp; otherwise the next packet there, which the depacketizer judges.
     */
    private long resumeAfterGivingUp() {
        long missing = scanned;
        long resume = firstPresentFrom(missing);
        if (present(next)) {
            long abandoned = slotTimestamp[slot(next)];
            while (resume >= 0 && slotTimestamp[slot(resume)] == abandoned) {
                resume = firstPresentFrom(resume + 1);
            }
        }
        return resume >= 0 ? resume : Math.max(missing, highest) + 1;
    }

    /**
     * Checks the frame at {@link #next}, skipping padding before it. Continues from where the last scan
     * stopped, so packets are looked at about once however often this is called.
     */
    private FrameState scan() {
        while (present(next) && slotPayload[slot(next)].length == 0) {
            dropUntil(next + 1);
            moveNext(next + 1);
        }
        if (!present(next)) {
            return FrameState.INCOMPLETE;
        }
        long timestamp = slotTimestamp[slot(next)];
        for (long sequence = scanned; sequence - next < capacity; sequence++) {
            if (!present(sequence)) {
                scanned = sequence;
                return FrameState.INCOMPLETE;
            }
            int slot = slot(sequence);
            if (slotTimestamp[slot] != timestamp || slotPayload[slot].length == 0) {
                scanned = sequence;
                return FrameState.BROKEN;
            }
            scanLastArrival = Math.max(scanLastArrival, slotArrival[slot]);
            scanRecovered |= slotRecovered[slot];
            if (slotMarker[slot]) {
                scanned = sequence;
                frameEnd = sequence;
                return FrameState.COMPLETE;
            }
        }
        scanned = next + capacity;
        return FrameState.BROKEN;
    }

    /** Feeds the complete frame at {@link #next} to the depacketizer and releases or drops what it makes. */
    private Optional<ReleasedVideoFrame> take(long renderTime) {
        long first = next;
        long last = frameEnd;
        long timestamp = slotTimestamp[slot(first)];
        long lastArrival = scanLastArrival;
        boolean recovered = scanRecovered;
        Optional<EncodedFrame> assembled = Optional.empty();
        try {
            for (long sequence = first; sequence <= last; sequence++) {
                int slot = slot(sequence);
                byte[] payload = slotPayload[slot];
                assembled = depacketizer.push(payload, 0, payload.length, (int) (sequence & 0xFFFF),
                        timestamp & 0xFFFF_FFFFL, slotMarker[slot]);
            }
        } catch (CodecException e) {
            assembled = Optional.empty();
        }
        dropUntil(last + 1);
        moveNext(last + 1);
        if (!recovered) {
            timing.frameArrived(timestamp, lastArrival);
        }
        if (assembled.isEmpty()) {
            frameLost();
            return Optional.empty();
        }
        framesReceived++;
        EncodedFrame frame = assembled.get();
        if (waitingForKeyFrame && !frame.keyFrame()) {
            frameLost();
            return Optional.empty();
        }
        if (frame.keyFrame()) {
            waitingForKeyFrame = false;
            lossEpisode = false;
            keyFrameRequestPending = false;
            keyFramesReleased++;
        }
        framesReleased++;
        timing.frameReleased(timestamp);
        return Optional.of(new ReleasedVideoFrame(frame, timestamp & 0xFFFF_FFFFL, (int) (first & 0xFFFF),
                (int) (last & 0xFFFF), lastArrival, renderTime));
    }

    private void frameLost() {
        framesDropped++;
        startLossEpisode();
    }

    private void startLossEpisode() {
        waitingForKeyFrame = true;
        if (!lossEpisode) {
            lossEpisode = true;
            keyFrameRequestPending = true;
            keyFrameRequestsNeeded++;
        }
    }

    /** Frees the buffered packets from {@link #next} up to, not including, {@code end}. */
    private void dropUntil(long end) {
        for (long sequence = next; sequence < end; sequence++) {
            if (present(sequence)) {
                int slot = slot(sequence);
                byteCount -= slotPayload[slot].length;
                slotPayload[slot] = null;
                packetCount--;
            }
        }
    }

    /** Moves {@link #next} after taking packets out; earlier packets are late from now on. */
    private void moveNext(long sequence) {
        restartScan(sequence);
        anchored = true;
    }

    private void restartScan(long sequence) {
        next = sequence;
        scanned = sequence;
        scanLastArrival = Long.MIN_VALUE;
        scanRecovered = false;
    }

    /** The first buffered sequence number at or after {@code from}, or -1 if there is none. */
    private long firstPresentFrom(long from) {
        for (long sequence = from; sequence <= highest; sequence++) {
            if (present(sequence)) {
                return sequence;
            }
        }
        return -1;
    }

    private boolean present(long sequence) {
        int slot = slot(sequence);
        return slotPayload[slot] != null && slotSequence[slot] == sequence;
    }

    private int slot(long sequence) {
        return Math.floorMod(sequence, capacity);
    }

    private void reset() {
        for (long sequence = next; sequence <= highest; sequence++) {
            slotPayload[slot(sequence)] = null;
        }
        packetCount = 0;
        byteCount = 0;
        anchored = false;
        waitingForKeyFrame = true;
        sequenceUnwrapper = new SequenceNumberUnwrapper();
        timestampUnwrapper = new TimestampUnwrapper();
        timing.reset();
        resets++;
    }

    /**
     * Whether the sender should be asked for a key frame: true once in each loss episode (from a frame
     * given up, refused by the depacketizer or dropped while waiting, or {@link #decoderFailed()}, to the
     * next key frame released), false again until the next one. An episode that ends before the caller
     * asks (a key frame was already buffered) asks for nothing.
     */
    public boolean keyFrameNeeded() {
        boolean needed = keyFrameRequestPending;
        keyFrameRequestPending = false;
        return needed;
    }

    /**
     * Whether packets have come but no frame can be released until a key frame does: from the start or a loss
     * episode to the next key frame released. While this holds, a caller whose request or its answer was lost
     * asks again (at its own bounded rate): {@link #keyFrameNeeded()} says so only once an episode.
     */
    public boolean waitingForKeyFrame() {
        return waitingForKeyFrame && packetsReceived > 0;
    }

    /** The decoder reported corruption: wait for a key frame, and ask for one. */
    public void decoderFailed() {
        startLossEpisode();
    }

    /**
     * Delay added to every frame's render time on top of what jitter needs, e.g. to line video up with
     * audio; the playout delay moves to it at the configured rate, within the playout-delay bounds.
     *
     * @throws IllegalArgumentException if negative
     */
    public void setExtraDelay(long extraDelayMicros) {
        if (extraDelayMicros < 0) {
            throw new IllegalArgumentException("extra delay must not be negative: " + extraDelayMicros);
        }
        timing.setExtraDelay(extraDelayMicros);
    }

    public VideoFrameBufferStats stats() {
        return new VideoFrameBufferStats(framesReceived, framesReleased, framesDropped, keyFramesReleased,
                packetsReceived, packetsDuplicated, packetsLate, resets, keyFrameRequestsNeeded,
                timing.jitter() / 1000.0, timing.delay() / 1000.0, packetCount, byteCount);
    }
}
