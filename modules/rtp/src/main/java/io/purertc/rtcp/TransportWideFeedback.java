package io.purertc.rtcp;

import static io.purertc.rtcp.PacketStatusChunks.LARGE_DELTA;
import static io.purertc.rtcp.PacketStatusChunks.NOT_RECEIVED;
import static io.purertc.rtcp.PacketStatusChunks.RESERVED;
import static io.purertc.rtcp.PacketStatusChunks.SMALL_DELTA;

import io.purertc.rtp.MalformedPacketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Transport-wide congestion control feedback: for a range of transport-wide sequence numbers,
 * which packets arrived and when, so the sender can estimate the path's delay and capacity.
 *
 * <p>Only received packets are stored: {@code receivedOffsets[i]} is the i-th received packet's
 * distance from {@code baseSequence} and {@code receiveDeltas[i]} its arrival time minus the
 * previous received packet's (the reference time for the first), in 250 µs ticks. The status of
 * each packet follows from these: small when the delta fits an unsigned byte, large or negative
 * otherwise. Arrays are not copied; do not change them after construction.
 *
 * @param senderSsrc who sends the feedback
 * @param mediaSsrc the media source field (browsers fill in one of the streams; the feedback covers all)
 * @param baseSequence the transport-wide sequence number of the first packet covered, 16-bit
 * @param packetStatusCount how many consecutive sequence numbers are covered, 1 to 65535
 * @param referenceTime signed 24-bit arrival time base of the first delta, in 64 ms units
 * @param feedbackPacketCount this feedback's number, 8-bit, counting up so lost feedback can be noticed
 * @param receivedOffsets offsets from {@code baseSequence} of the packets received, increasing
 * @param receiveDeltas their receive deltas in 250 µs ticks, each a signed 16-bit value
 */
// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1
public record TransportWideFeedback(long senderSsrc, long mediaSsrc, int baseSequence, int packetStatusCount,
        int referenceTime, int feedbackPacketCount, int[] receivedOffsets, int[] receiveDeltas)
        implements RtcpPacket {

    /** Units of the receive deltas. */
    public static final long DELTA_MICROS = 250;
    /** Units of the reference time. */
    public static final long REFERENCE_TIME_MICROS = 64_000;

    static final int FMT = 15;
    private static final int FIXED_LENGTH = Wire.FEEDBACK_HEADER_LENGTH + 8;
    private static final int MAX_STATUS_COUNT = 0xFFFF;

    /** What a packet's status symbol says. */
    public enum PacketStatus {
        NOT_RECEIVED,
        /** Received; the delta fits one unsigned byte (0 to 63.75 ms). */
        SMALL_DELTA,
        /** Received; the delta needs two signed bytes (negative, or beyond 63.75 ms). */
        LARGE_OR_NEGATIVE_DELTA
    }

    public TransportWideFeedback {
        Fields.u32("sender SSRC", senderSsrc);
        Fields.u32("media SSRC", mediaSsrc);
        Fields.range("base sequence number", baseSequence, 0, 0xFFFF);
        Fields.range("packet status count", packetStatusCount, 1, MAX_STATUS_COUNT);
        Fields.range("reference time", referenceTime, -(1 << 23), (1 << 23) - 1);
        Fields.range("feedback packet count", feedbackPacketCount, 0, 0xFF);
        if (receivedOffsets.length != receiveDeltas.length) {
            throw new IllegalArgumentException("one receive delta per received packet");
        }
        int previous = -1;
        for (int i = 0; i < receivedOffsets.length; i++) {
            previous = Fields.range("received offset", receivedOffsets[i], previous + 1, packetStatusCount - 1);
            Fields.range("receive delta", receiveDeltas[i], Short.MIN_VALUE, Short.MAX_VALUE);
        }
    }

    /** How many of the covered packets were received. */
    public int receivedCount() {
        return receivedOffsets.length;
    }

    /** The 16-bit transport-wide sequence number of the i-th received packet. */
    public int receivedSequenceNumber(int i) {
        return (baseSequence + receivedOffsets[i]) & 0xFFFF;
    }

    /**
     * Arrival times of the received packets in microseconds, in the feedback sender's time base
     * (reference time × 64 ms plus the deltas so far), which wraps with the 24-bit reference time.
     */
    public long[] receiveTimesMicros() {
        long[] times = new long[receiveDeltas.length];
        long time = referenceTime * REFERENCE_TIME_MICROS;
        for (int i = 0; i < times.length; i++) {
            time += receiveDeltas[i] * DELTA_MICROS;
            times[i] = time;
        }
        return times;
    }

    /** The status of the packet {@code offset} after the base sequence number. */
    public PacketStatus status(int offset) {
        Objects.checkIndex(offset, packetStatusCount);
        int i = Arrays.binarySearch(receivedOffsets, offset);
        if (i < 0) {
            return PacketStatus.NOT_RECEIVED;
        }
        return symbol(receiveDeltas[i]) == SMALL_DELTA ? PacketStatus.SMALL_DELTA
                : PacketStatus.LARGE_OR_NEGATIVE_DELTA;
    }

    private static int symbol(int delta) {
        return delta >= 0 && delta <= 0xFF ? SMALL_DELTA : LARGE_DELTA;
    }

    static TransportWideFeedback parse(RtcpInput in, int start, int end) throws MalformedPacketException {
        in.require(start, FIXED_LENGTH, end, "TWCC shorter than its fixed fields");
        int statusCount = in.u16(start + 14);
        if (statusCount == 0) {
            throw in.malformed(start + 14, "TWCC packet status count is 0");
        }
        int chunks = start + FIXED_LENGTH;
        int received = 0;
        int deltaBytes = 0;
        int pos = chunks;
        for (int packet = 0; packet < statusCount; pos += 2) {
            in.require(pos, 2, end, "TWCC packet chunks end before the packet status count");
            int chunk = in.u16(pos);
            int symbols = Math.min(PacketStatusChunks.symbolCount(chunk), statusCount - packet);
            for (int i = 0; i < symbols; i++) {
                int symbol = PacketStatusChunks.symbol(chunk, i);
                if (symbol == RESERVED) {
                    throw in.malformed(pos, "TWCC status symbol 3 is reserved");
                }
                if (symbol != NOT_RECEIVED) {
                    received++;
                    deltaBytes += symbol;
                }
            }
            packet += symbols;
        }
        int deltas = pos;
        in.require(deltas, deltaBytes, end, "TWCC receive deltas run past the packet");
        if (end - (deltas + deltaBytes) > 3) {
            throw in.malformed(deltas + deltaBytes, "bytes after the TWCC receive deltas beyond their padding");
        }
        int[] offsets = new int[received];
        int[] receiveDeltas = new int[received];
        int r = 0;
        for (int packet = 0; packet < statusCount; chunks += 2) {
            int chunk = in.u16(chunks);
            int symbols = Math.min(PacketStatusChunks.symbolCount(chunk), statusCount - packet);
            for (int i = 0; i < symbols; i++, packet++) {
                int symbol = PacketStatusChunks.symbol(chunk, i);
                if (symbol != NOT_RECEIVED) {
                    offsets[r] = packet;
                    receiveDeltas[r++] = symbol == SMALL_DELTA ? in.u8(deltas) : in.s16(deltas);
                    deltas += symbol;
                }
            }
        }
        return new TransportWideFeedback(in.u32(start + 4), in.u32(start + 8), in.u16(start + 12), statusCount,
                in.s24(start + 16), in.u8(start + 19), offsets, receiveDeltas);
    }

    private byte[] symbols() {
        byte[] symbols = new byte[packetStatusCount];
        for (int i = 0; i < receivedOffsets.length; i++) {
            symbols[receivedOffsets[i]] = (byte) symbol(receiveDeltas[i]);
        }
        return symbols;
    }

    private int length(int chunkCount) {
        int length = FIXED_LENGTH + 2 * chunkCount;
        for (int delta : receiveDeltas) {
            length += symbol(delta);
        }
        return Wire.padded(length);
    }

    @Override
    public int wireLength() {
        return length(PacketStatusChunks.encode(symbols()).length);
    }

    @Override
    public int writeTo(byte[] dst, int off) {
        int[] chunks = PacketStatusChunks.encode(symbols());
        int length = length(chunks.length);
        Objects.checkFromIndexSize(off, length, dst.length);
        int pos = Wire.feedbackHeader(dst, off, FMT, Wire.RTPFB, length, senderSsrc, mediaSsrc);
        Wire.put16(dst, pos, baseSequence);
        Wire.put16(dst, pos + 2, packetStatusCount);
        Wire.put24(dst, pos + 4, referenceTime);
        dst[pos + 7] = (byte) feedbackPacketCount;
        pos += 8;
        for (int chunk : chunks) {
            Wire.put16(dst, pos, chunk);
            pos += 2;
        }
        for (int delta : receiveDeltas) {
            if (symbol(delta) == SMALL_DELTA) {
                dst[pos++] = (byte) delta;
            } else {
                Wire.put16(dst, pos, delta);
                pos += 2;
            }
        }
        Arrays.fill(dst, pos, off + length, (byte) 0);
        return length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransportWideFeedback other
                && senderSsrc == other.senderSsrc
                && mediaSsrc == other.mediaSsrc
                && baseSequence == other.baseSequence
                && packetStatusCount == other.packetStatusCount
                && referenceTime == other.referenceTime
                && feedbackPacketCount == other.feedbackPacketCount
                && Arrays.equals(receivedOffsets, other.receivedOffsets)
                && Arrays.equals(receiveDeltas, other.receiveDeltas);
    }

    @Override
    public int hashCode() {
        return Objects.hash(senderSsrc, mediaSsrc, baseSequence, packetStatusCount, referenceTime,
                feedbackPacketCount) * 31 * 31 + Arrays.hashCode(receivedOffsets) * 31
                + Arrays.hashCode(receiveDeltas);
    }

    @Override
    public String toString() {
        return "TransportWideFeedback[sender=" + senderSsrc + ", media=" + mediaSsrc + ", base=" + baseSequence
                + ", count=" + packetStatusCount + ", received=" + receivedOffsets.length + ", reference="
                + referenceTime + ", feedback#=" + feedbackPacketCount + "]";
    }

    /**
     * Turns (transport-wide sequence number, arrival time) pairs into feedback packets. Packets
     * may be added in any order, with gaps and duplicates (the first arrival counts). A packet
     * whose delta from the previous one does not fit 16 bits, or that lies 65535 or more after
     * the first, starts a new feedback packet. Not thread-safe.
     */
    public static final class Builder {

        private final long senderSsrc;
        private final long mediaSsrc;
        private int feedbackPacketCount;
        private long[] sequences = new long[64];
        private long[] arrivals = new long[64];
        private int size;

        /** @param firstFeedbackPacketCount the feedback packet count of the first packet built */
        public Builder(long senderSsrc, long mediaSsrc, int firstFeedbackPacketCount) {
            this.senderSsrc = Fields.u32("sender SSRC", senderSsrc);
            this.mediaSsrc = Fields.u32("media SSRC", mediaSsrc);
            this.feedbackPacketCount = Fields.range("feedback packet count", firstFeedbackPacketCount, 0, 0xFF);
        }

        /**
         * Records a received packet.
         *
         * @param transportSequence its transport-wide sequence number, already unwrapped to 64 bits
         * @param arrivalMicros when it arrived, in microseconds of any steady clock
         */
        public Builder add(long transportSequence, long arrivalMicros) {
            if (size == sequences.length) {
                sequences = Arrays.copyOf(sequences, size * 2);
                arrivals = Arrays.copyOf(arrivals, size * 2);
            }
            sequences[size] = transportSequence;
            arrivals[size] = arrivalMicros;
            size++;
            return this;
        }

        /**
         * The feedback packets for everything added since the last build, in sequence order,
         * numbered on from the previous ones. Empties the builder.
         */
        public List<TransportWideFeedback> build() {
            sortBySequence();
            List<TransportWideFeedback> packets = new ArrayList<>();
            int[] offsets = new int[size];
            int[] deltas = new int[size];
            int i = 0;
            while (i < size) {
                long base = sequences[i];
                long referenceTicks = Math.floorDiv(arrivals[i], REFERENCE_TIME_MICROS);
                long time = referenceTicks * REFERENCE_TIME_MICROS;
                int received = 0;
                for (; i < size; i++) {
                    if (received > 0 && sequences[i] == sequences[i - 1]) {
                        continue;
                    }
                    long offset = sequences[i] - base;
                    // rounding against the time the deltas so far add up to keeps errors from accumulating
                    long delta = Math.floorDiv(arrivals[i] - time + DELTA_MICROS / 2, DELTA_MICROS);
                    if (offset >= MAX_STATUS_COUNT || delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
                        break;
                    }
                    offsets[received] = (int) offset;
                    deltas[received] = (int) delta;
                    received++;
                    time += delta * DELTA_MICROS;
                }
                packets.add(new TransportWideFeedback(senderSsrc, mediaSsrc, (int) (base & 0xFFFF),
                        offsets[received - 1] + 1, (int) (referenceTicks << 40 >> 40), feedbackPacketCount,
                        Arrays.copyOf(offsets, received), Arrays.copyOf(deltas, received)));
                feedbackPacketCount = (feedbackPacketCount + 1) & 0xFF;
            }
            size = 0;
            return packets;
        }

        /** Stable insertion sort: arrival order is nearly sequence order, so this costs O(n + reorderings). */
        private void sortBySequence() {
            for (int i = 1; i < size; i++) {
                long sequence = sequences[i];
                long arrival = arrivals[i];
                int j = i - 1;
                while (j >= 0 && sequences[j] > sequence) {
                    sequences[j + 1] = sequences[j];
                    arrivals[j + 1] = arrivals[j];
                    j--;
                }
                sequences[j + 1] = sequence;
                arrivals[j + 1] = arrival;
            }
        }
    }
}
