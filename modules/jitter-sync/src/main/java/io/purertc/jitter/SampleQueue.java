package io.purertc.jitter;

/**
 * Decoded PCM waiting to be pulled: a ring of interleaved samples of fixed capacity. For each
 * stretch of it the queue remembers its {@link AudioPull.Kind}, when its packet arrived, and whether
 * it is timed (stands for its span of the sender's timeline) or untimed (inserted to stretch the
 * playout, covering no span), so that a pull can say what it is made of, how long it waited and
 * which RTP timestamp it starts at, whatever the packet and pull durations. Counts are sampling
 * instants. Not thread-safe.
 */
final class SampleQueue {

    /** Stretches remembered; beyond that a new stretch merges into the last one. */
    static final int SEGMENTS = 64;

    private static final AudioPull.Kind[] KINDS = AudioPull.Kind.values();

    private final short[] ring;
    private final int channels;
    private final int capacity;
    private int head;
    private int size;
    private int untimed;

    private long readCount;
    private final long[] segmentEnds = new long[SEGMENTS];
    private final byte[] segmentKinds = new byte[SEGMENTS];
    private final long[] segmentArrivals = new long[SEGMENTS];
    private final boolean[] segmentUntimed = new boolean[SEGMENTS];
    private int segmentHead;
    private int segmentCount;

    SampleQueue(int capacity, int channels) {
        this.capacity = capacity;
        this.channels = channels;
        this.ring = new short[capacity * channels];
    }

    int size() {
        return size;
    }

    /** The queued instants that stand for a span of the sender's timeline. */
    int timedSize() {
        return size - untimed;
    }

    /**
     * Appends the instants of {@code samples} from {@code fromInstant} on, as many as fit.
     *
     * @param arrivalMicros when the packet they were decoded from arrived (for concealment: now)
     * @param timed false for instants inserted to stretch the playout
     * @return the instants appended
     */
    int append(short[] samples, int fromInstant, AudioPull.Kind kind, long arrivalMicros, boolean timed) {
        int count = Math.min(samples.length / channels - fromInstant, capacity - size);
        if (count <= 0) {
            return 0;
        }
        int tail = (head + size) % capacity;
        int first = Math.min(count, capacity - tail);
        System.arraycopy(samples, fromInstant * channels, ring, tail * channels, first * channels);
        System.arraycopy(samples, (fromInstant + first) * channels, ring, 0, (count - first) * channels);
        size += count;
        long end = readCount + size;
        int last = (segmentHead + segmentCount + SEGMENTS - 1) % SEGMENTS;
        boolean same = segmentKinds[last] == kind.ordinal() && segmentArrivals[last] == arrivalMicros
                && segmentUntimed[last] == !timed;
        if (segmentCount > 0 && (same || segmentCount == SEGMENTS)) {
            segmentEnds[last] = end;
            segmentKinds[last] = (byte) Math.max(segmentKinds[last], kind.ordinal());
            untimed += segmentUntimed[last] ? count : 0;
        } else {
            int slot = (segmentHead + segmentCount) % SEGMENTS;
            segmentEnds[slot] = end;
            segmentKinds[slot] = (byte) kind.ordinal();
            segmentArrivals[slot] = arrivalMicros;
            segmentUntimed[slot] = !timed;
            segmentCount++;
            untimed += timed ? 0 : count;
        }
        return count;
    }

    /** Appends {@code count} instants of silence, as many as fit, and returns how many did. */
    int appendSilence(int count, AudioPull.Kind kind, long arrivalMicros, boolean timed) {
        return append(new short[count * channels], 0, kind, arrivalMicros, timed);
    }

    /** When the packet of the first queued instant arrived; only while the queue is not empty. */
    long headArrivalMicros() {
        return segmentArrivals[segmentHead];
    }

    /**
     * Moves the first {@code count} instants (at most {@link #size}) into {@code destination}
     * from instant {@code destinationInstant} on, or drops them when it is null.
     *
     * @return the least genuine kind among them
     */
    AudioPull.Kind take(short[] destination, int destinationInstant, int count) {
        if (destination != null) {
            copyHead(destination, destinationInstant, count);
        }
        head = (head + count) % capacity;
        size -= count;
        long position = readCount;
        readCount += count;
        int kind = 0;
        while (segmentCount > 0) {
            kind = Math.max(kind, segmentKinds[segmentHead]);
            long end = segmentEnds[segmentHead];
            long taken = Math.min(end, readCount) - position;
            untimed -= segmentUntimed[segmentHead] ? taken : 0;
            position += taken;
            if (end > readCount) {
                break;
            }
            segmentHead = (segmentHead + 1) % SEGMENTS;
            segmentCount--;
            if (end == readCount) {
                break;
            }
        }
        return KINDS[kind];
    }

    /**
     * Drops the first {@code count} instants, cross-fading the {@code fade} instants after them from
     * the dropped ones' start, so the cut leaves no step; without {@code count + fade} instants
     * queued it drops plainly.
     */
    void dropCrossFading(int count, int fade) {
        if (size >= count + fade) {
            crossFade(0, count, count, fade);
        }
        take(null, 0, count);
    }

    /**
     * Copies the first {@code count} instants into {@code destination} to be played twice, and
     * cross-fades the first {@code fade} queued instants from where the copy would have gone on, so
     * the seam leaves no step; without {@code count + fade} instants queued it only copies.
     */
    void repeatCrossFading(short[] destination, int count, int fade) {
        copyHead(destination, 0, count);
        if (size >= count + fade) {
            crossFade(count, 0, 0, fade);
        }
    }

    /** Fades instants {@code to..to+fade} of the queue in, over {@code from..from+fade} fading out, into {@code at}. */
    private void crossFade(int from, int to, int at, int fade) {
        for (int k = 0; k < fade; k++) {
            int out = ((head + from + k) % capacity) * channels;
            int in = ((head + to + k) % capacity) * channels;
            int target = ((head + at + k) % capacity) * channels;
            for (int c = 0; c < channels; c++) {
                ring[target + c] = (short) ((ring[out + c] * (fade - k) + ring[in + c] * k) / fade);
            }
        }
    }

    /** Copies the first {@code count} instants into {@code destination} without taking them. */
    void copyHead(short[] destination, int destinationInstant, int count) {
        int first = Math.min(count, capacity - head);
        System.arraycopy(ring, head * channels, destination, destinationInstant * channels, first * channels);
        System.arraycopy(ring, 0, destination, (destinationInstant + first) * channels, (count - first) * channels);
    }

    /** The mean of the squared samples of the first {@code count} instants, all channels. */
    double meanSquare(int count) {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            int at = ((head + i) % capacity) * channels;
            for (int c = 0; c < channels; c++) {
                int sample = ring[at + c];
                sum += sample * sample;
            }
        }
        return (double) sum / ((long) count * channels);
    }

    void clear() {
        readCount += size;
        head = 0;
        size = 0;
        untimed = 0;
        segmentHead = 0;
        segmentCount = 0;
    }
}
