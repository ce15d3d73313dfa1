package io.purertc.jitter;

import io.purertc.rtp.SequenceNumberUnwrapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiver's list of missing RTP packets and when to ask for each of them again.
 *
 * <p>Feed every media packet of one stream to {@link #onPacket} (packets unwrapped from RTX with
 * {@code recovered} set), and call {@link #due} after each packet and on a timer (every 10-20 ms):
 * it returns the sequence numbers to put into a generic NACK now, and whether to ask for a key
 * frame (through a {@link KeyFrameRequestLimiter}). A forward gap lists the packets in between; a
 * listed packet that arrives leaves the list. Each listed packet is NACKed once the reordering
 * wait has passed, and again whenever {@code RTT + retry margin} passed without it (one RTT is the
 * earliest its retransmission can come; queueing and jitter delay it further), {@code maxRetries}
 * times in all; one interval after the last NACK it is given up. Packets too old in time or in
 * sequence numbers are given up too. A packet given up with no key frame starting after it asks
 * for a key frame, since the frames from its own on cannot be decoded. A gap that would overflow
 * the list first drops the packets before the oldest key frames (decoding can restart there), and
 * if that is not enough, clears the list and asks for a key frame.
 *
 * <p>A packet further than {@code maxPacketAge} from the newest, either way, is ignored; two such
 * packets in sequence are taken as a new start of the stream (a sender restart or an outage): the
 * list is cleared, and a key frame requested unless one of the two starts a key frame. So a stray
 * packet with a wild sequence number cannot make thousands of NACKs, and memory is the fixed
 * {@code maxListSize} entries plus 64 key frame positions whatever arrives.
 *
 * <p>For audio, pass {@code keyFrame = false} and ignore key frame requests.
 * Not thread-safe: one thread at a time.
 */
// RFC 4585 §6.2.1, RFC 4588 §6.3
public final class NackGenerator {

    /** The RTT assumed while none is known, as libwebrtc's NACK requester does. */
    static final long DEFAULT_RTT_MICROS = 100_000;
    /** Newest key frame starts remembered: where decoding can restart after a loss or an overflow. */
    static final int KEY_FRAMES_KEPT = 64;
    private static final int SEQ_MASK = 0xFFFF;
    private static final int NONE = -1;
    private static final long NONE_DROPPED = Long.MIN_VALUE;
    private static final NackBatch NOTHING = new NackBatch(List.of(), false);

    private final NackConfig config;
    private SequenceNumberUnwrapper unwrapper;
    /** Added to what {@link #unwrapper} returns, so that it can be re-anchored at {@link #newest}. */
    private long unwrapBase;
    private boolean started;
    /** Extended sequence number of the newest packet received. */
    private long newest;

    /* The NACK list in ascending extended sequence number; an entry with retries < 0 was removed. */
    private final long[] missing;
    private final long[] createdAt;
    private final long[] sentAt;
    private final int[] retries;
    private int listEnd;
    private int listSize;

    /* Ring of key frame starts, ascending from keyFrameHead. */
    private final long[] keyFrames = new long[KEY_FRAMES_KEPT];
    private int keyFrameHead;
    private int keyFrameCount;

    /** An out-of-window sequence number that starts the stream anew if its successor follows. */
    private int restartCandidate = NONE;
    private boolean restartCandidateKeyFrame;
    private boolean keyFrameNeeded;

    private long nackCount;
    private long sequenceNumbersNacked;
    private long packetsRecovered;
    private long packetsGivenUp;
    private long keyFrameRequests;

    /** A generator with {@link NackConfig#DEFAULT}. */
    public NackGenerator() {
        this(NackConfig.DEFAULT);
    }

    public NackGenerator(NackConfig config) {
        this.config = config;
        int capacity = config.maxListSize();
        this.missing = new long[capacity];
        this.createdAt = new long[capacity];
        this.sentAt = new long[capacity];
        this.retries = new int[capacity];
    }

    /**
     * A media packet arrived.
     *
     * @param sequenceNumber its RTP sequence number, 0..65535 (the original one for RTX)
     * @param keyFrame whether it is the first packet of a key frame (always false for audio)
     * @param recovered whether it came in RTX rather than in the media stream; it matters only for a
     *     packet on the list (counted as recovered even if not yet NACKed), otherwise it is an
     *     arrival like any other
     * @throws IllegalArgumentException if the sequence number is not 0..65535
     */
    public void onPacket(int sequenceNumber, boolean keyFrame, boolean recovered, long nowMicros) {
        if ((sequenceNumber & ~SEQ_MASK) != 0) {
            throw new IllegalArgumentException("sequence number must be 0..65535, got " + sequenceNumber);
        }
        if (!started) {
            begin(sequenceNumber, keyFrame);
            return;
        }
        long extended = unwrapBase + unwrapper.unwrap(sequenceNumber);
        long ahead = extended - newest;
        if (Math.abs(ahead) > config.maxPacketAge()) {
            outOfWindow(sequenceNumber, keyFrame);
            return;
        }
        restartCandidate = NONE;
        if (ahead < 0) {
            arrivedLate(extended, recovered);
        } else if (ahead > 0) {
            if (keyFrame) {
                rememberKeyFrame(extended);
            }
            addMissing(newest + 1, extended, nowMicros);
            newest = extended;
        }
    }

    /**
     * What to send now: the listed packets whose first NACK or next retry is due, and whether a
     * packet was given up for good or the list cleared since the last call.
     *
     * @param rttMicros the round-trip time, 0 or less while unknown (100 ms is assumed then)
     */
    public NackBatch due(long nowMicros, long rttMicros) {
        long interval = (rttMicros > 0 ? rttMicros : DEFAULT_RTT_MICROS) + config.retryMarginMicros();
        List<Integer> batch = null;
        int kept = 0;
        for (int i = 0; i < listEnd; i++) {
            if (retries[i] < 0) {
                continue;
            }
            boolean intervalPassed = nowMicros - sentAt[i] >= interval;
            if (nowMicros - createdAt[i] > config.maxAgeMicros()
                    || retries[i] >= config.maxRetries() && intervalPassed) {
                packetsGivenUp++;
                listSize--;
                lostForGood(missing[i]);
                continue;
            }
            boolean send = retries[i] == 0
                    ? nowMicros - createdAt[i] >= config.reorderingWaitMicros()
                    : intervalPassed && retries[i] < config.maxRetries();
            if (send) {
                if (batch == null) {
                    batch = new ArrayList<>();
                }
                batch.add((int) (missing[i] & SEQ_MASK));
                retries[i]++;
                sentAt[i] = nowMicros;
                sequenceNumbersNacked++;
            }
            moveEntry(i, kept++);
        }
        listEnd = kept;
        boolean keyFrame = keyFrameNeeded;
        keyFrameNeeded = false;
        if (batch == null && !keyFrame) {
            return NOTHING;
        }
        if (batch != null) {
            nackCount++;
        }
        if (keyFrame) {
            keyFrameRequests++;
        }
        return new NackBatch(batch == null ? List.of() : batch, keyFrame);
    }

    public NackGeneratorStats stats() {
        return new NackGeneratorStats(nackCount, sequenceNumbersNacked, packetsRecovered, packetsGivenUp,
                keyFrameRequests, listSize);
    }

    private void begin(int sequenceNumber, boolean keyFrame) {
        started = true;
        anchor(sequenceNumber);
        newest = sequenceNumber;
        if (keyFrame) {
            rememberKeyFrame(newest);
        }
    }

    /** A fresh unwrapper whose reference is {@code extended}, so later packets unwrap near it. */
    private void anchor(long extended) {
        int sequenceNumber = (int) (extended & SEQ_MASK);
        unwrapper = new SequenceNumberUnwrapper();
        unwrapBase = extended - unwrapper.unwrap(sequenceNumber);
    }

    // RFC 3550 §A.1: a far jump is believed only when the next packet continues from it.
    private void outOfWindow(int sequenceNumber, boolean keyFrame) {
        if (restartCandidate != NONE && sequenceNumber == ((restartCandidate + 1) & SEQ_MASK)) {
            boolean startsWithKeyFrame = keyFrame || restartCandidateKeyFrame;
            dropBefore(Long.MAX_VALUE);
            keyFrameCount = 0;
            restartCandidate = NONE;
            begin(sequenceNumber, keyFrame);
            keyFrameNeeded |= !startsWithKeyFrame;
            return;
        }
        restartCandidate = sequenceNumber;
        restartCandidateKeyFrame = keyFrame;
        anchor(newest);
    }

    private void arrivedLate(long extended, boolean recovered) {
        int lo = 0;
        int hi = listEnd - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (missing[mid] < extended) {
                lo = mid + 1;
            } else if (missing[mid] > extended) {
                hi = mid - 1;
            } else {
                if (retries[mid] >= 0) {
                    if (retries[mid] > 0 || recovered) {
                        packetsRecovered++;
                    }
                    retries[mid] = NONE;
                    listSize--;
                }
                return;
            }
        }
    }

    /**
     * Lists {@code [from, to)}. If they do not fit, the packets before the oldest key frames are
     * dropped, one key frame at a time, since decoding can restart there; failing that the list is
     * cleared and a key frame requested.
     */
    private void addMissing(long from, long to, long nowMicros) {
        lostForGood(dropBefore(to - config.maxPacketAge()));
        long count = to - from;
        int max = config.maxListSize();
        while (listSize + count > max && keyFrameCount > 0) {
            dropBefore(keyFrames[keyFrameHead]);
            keyFrameHead = (keyFrameHead + 1) % KEY_FRAMES_KEPT;
            keyFrameCount--;
        }
        if (listSize + count > max) {
            dropBefore(Long.MAX_VALUE);
            keyFrameNeeded = true;
            return;
        }
        if (listEnd + count > max) {
            compact();
        }
        for (long s = from; s < to; s++) {
            missing[listEnd] = s;
            createdAt[listEnd] = nowMicros;
            sentAt[listEnd] = nowMicros;
            retries[listEnd] = 0;
            listEnd++;
        }
        listSize += (int) count;
    }

    /** Gives up the listed packets before {@code limit}; returns the newest of them, or {@link #NONE_DROPPED}. */
    private long dropBefore(long limit) {
        long newestDropped = NONE_DROPPED;
        for (int i = 0; i < listEnd && missing[i] < limit; i++) {
            if (retries[i] >= 0) {
                retries[i] = NONE;
                newestDropped = missing[i];
                listSize--;
                packetsGivenUp++;
            }
        }
        return newestDropped;
    }

    /** A packet given up breaks decoding from its frame on, unless a key frame started after it. */
    private void lostForGood(long extended) {
        if (extended != NONE_DROPPED
                && (keyFrameCount == 0 || keyFrames[(keyFrameHead + keyFrameCount - 1) % KEY_FRAMES_KEPT] < extended)) {
            keyFrameNeeded = true;
        }
    }

    private void compact() {
        int kept = 0;
        for (int i = 0; i < listEnd; i++) {
            if (retries[i] >= 0) {
                moveEntry(i, kept++);
            }
        }
        listEnd = kept;
    }

    private void moveEntry(int from, int to) {
        missing[to] = missing[from];
        createdAt[to] = createdAt[from];
        sentAt[to] = sentAt[from];
        retries[to] = retries[from];
    }

    private void rememberKeyFrame(long extended) {
        if (keyFrameCount == KEY_FRAMES_KEPT) {
            keyFrameHead = (keyFrameHead + 1) % KEY_FRAMES_KEPT;
            keyFrameCount--;
        }
        keyFrames[(keyFrameHead + keyFrameCount) % KEY_FRAMES_KEPT] = extended;
        keyFrameCount++;
    }
}
