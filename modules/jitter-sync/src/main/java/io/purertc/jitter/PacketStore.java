package io.purertc.jitter;

/**
 * The encoded packets of one stream waiting to be decoded, ordered by extended sequence number, at
 * most a fixed number of them. Payloads are copied into buffers the store keeps for reuse, except
 * buffers above {@value #KEPT_BUFFER_BYTES} bytes, which are let go once their packet leaves, so the
 * memory kept is bounded by the capacity times that size plus the packets held. Not thread-safe.
 */
final class PacketStore {

    /** Room for 60 ms of Opus at its top rate, 510 kbit/s (RFC 6716 §2.1.1); larger buffers are not kept. */
    static final int KEPT_BUFFER_BYTES = 4096;

    enum Outcome { STORED, DUPLICATE, FULL }

    private final int capacity;
    private final long[] sequences;
    private final long[] timestamps;
    private final long[] arrivals;
    private final byte[][] payloads;
    private final int[] lengths;
    private int head;
    private int size;

    PacketStore(int capacity) {
        this.capacity = capacity;
        this.sequences = new long[capacity];
        this.timestamps = new long[capacity];
        this.arrivals = new long[capacity];
        this.payloads = new byte[capacity][];
        this.lengths = new int[capacity];
    }

    Outcome insert(long sequence, long timestamp, long arrivalMicros, byte[] payload, int offset, int length) {
        int position = size;
        while (position > 0 && sequences[slot(position - 1)] > sequence) {
            position--;
        }
        if (position > 0 && sequences[slot(position - 1)] == sequence) {
            return Outcome.DUPLICATE;
        }
        if (size == capacity) {
            return Outcome.FULL;
        }
        byte[] buffer = payloads[slot(size)];
        for (int i = size; i > position; i--) {
            int to = slot(i);
            int from = slot(i - 1);
            sequences[to] = sequences[from];
            timestamps[to] = timestamps[from];
            arrivals[to] = arrivals[from];
            payloads[to] = payloads[from];
            lengths[to] = lengths[from];
        }
        if (buffer == null || buffer.length < length) {
            buffer = new byte[Math.max(length, 256)];
        }
        System.arraycopy(payload, offset, buffer, 0, length);
        int at = slot(position);
        sequences[at] = sequence;
        timestamps[at] = timestamp;
        arrivals[at] = arrivalMicros;
        payloads[at] = buffer;
        lengths[at] = length;
        size++;
        return Outcome.STORED;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    long headSequence() {
        return sequences[head];
    }

    long headTimestamp() {
        return timestamps[head];
    }

    long headArrivalMicros() {
        return arrivals[head];
    }

    byte[] headPayload() {
        return payloads[head];
    }

    int headLength() {
        return lengths[head];
    }

    /** The timestamp of the packet with the highest sequence number. */
    long lastTimestamp() {
        return timestamps[slot(size - 1)];
    }

    void removeHead() {
        if (payloads[head].length > KEPT_BUFFER_BYTES) {
            payloads[head] = null;
        }
        head = slot(1);
        size--;
    }

    void clear() {
        while (size > 0) {
            removeHead();
        }
    }

    private int slot(int index) {
        return (head + index) % capacity;
    }
}
