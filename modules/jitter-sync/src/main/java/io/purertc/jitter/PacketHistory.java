package io.purertc.jitter;

import io.purertc.rtp.RtpPacket;
import java.util.Arrays;
import java.util.Optional;

/**
 * The sender's copies of the RTP packets it sent (before SRTP protection), kept so that packets a
 * receiver NACKs can go out again in {@link Rtx} packets.
 *
 * <p>Packets live in {@code capacity} slots chosen by the low bits of the sequence number, so memory
 * is at most {@code capacity} packets whatever the sequence pattern: a wrap needs nothing special
 * and after a jump a new packet simply takes over the slot of the one it lands on. A packet is
 * handed out only while younger than {@code max(minAge, 3 × RTT)} (a NACK can take several RTTs to
 * arrive when the first ones are lost) and not if it already went out again less than one RTT ago:
 * a receiver that repeats its NACK before our answer can have reached it would otherwise make us
 * send every packet twice. Not thread-safe: one thread at a time.
 */
// RFC 4588 §4 and Appendix A
public final class PacketHistory {

    /** Packets kept, a power of two so that slots follow the 16-bit sequence number across a wrap. */
    public static final int DEFAULT_CAPACITY = 1024;
    /** Youngest age at which a packet may be forgotten, whatever the RTT. */
    public static final long DEFAULT_MIN_AGE_MICROS = 1_000_000;
    private static final int RTT_MULTIPLE = 3;
    private static final int SEQ_MOD = 1 << 16;
    private static final int EMPTY = -1;

    private final int mask;
    private final long minAgeMicros;
    private final int[] sequenceNumbers;
    private final byte[][] packets;
    private final int[] lengths;
    private final long[] storedAt;
    private final long[] retransmittedAt;
    private final boolean[] retransmitted;
    private int packetsStored;
    private long retransmittedPacketsSent;
    private long retransmissionsSuppressed;
    private long packetsNotFound;

    /** A history of {@link #DEFAULT_CAPACITY} packets kept at least {@link #DEFAULT_MIN_AGE_MICROS}. */
    public PacketHistory() {
        this(DEFAULT_CAPACITY, DEFAULT_MIN_AGE_MICROS);
    }

    /**
     * @param capacity packets kept at most: a power of two from 1 to 32768
     * @param minAgeMicros how long a packet stays available at least, if no newer packet takes its slot
     */
    public PacketHistory(int capacity, long minAgeMicros) {
        if (capacity < 1 || capacity > SEQ_MOD / 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two from 1 to 32768, got " + capacity);
        }
        if (minAgeMicros < 0) {
            throw new IllegalArgumentException("minimum age must not be negative, got " + minAgeMicros);
        }
        this.mask = capacity - 1;
        this.minAgeMicros = minAgeMicros;
        this.sequenceNumbers = new int[capacity];
        Arrays.fill(sequenceNumbers, EMPTY);
        this.packets = new byte[capacity][];
        this.lengths = new int[capacity];
        this.storedAt = new long[capacity];
        this.retransmittedAt = new long[capacity];
        this.retransmitted = new boolean[capacity];
    }

    /** Keeps a copy of {@code packet}, just sent at {@code nowMicros}; the caller may reuse its buffer. */
    public void put(RtpPacket packet, long nowMicros) {
        int slot = packet.sequenceNumber() & mask;
        int length = packet.length();
        if (sequenceNumbers[slot] == EMPTY) {
            packetsStored++;
        }
        if (packets[slot] == null || packets[slot].length < length) {
            packets[slot] = new byte[length];
        }
        System.arraycopy(packet.buffer(), packet.offset(), packets[slot], 0, length);
        sequenceNumbers[slot] = packet.sequenceNumber();
        lengths[slot] = length;
        storedAt[slot] = nowMicros;
        retransmitted[slot] = false;
    }

    /**
     * A copy of the packet with {@code sequenceNumber} to send again now, or empty if it is no longer
     * kept (overwritten, never sent, or older than {@code max(minAge, 3 × rttMicros)}) or went out
     * again less than {@code rttMicros} ago. An answer counts as a retransmission sent.
     *
     * @param rttMicros the round-trip time; 0 or less when unknown, which lifts the one-RTT guard
     */
    public Optional<byte[]> forRetransmission(int sequenceNumber, long nowMicros, long rttMicros) {
        int slot = sequenceNumber & mask;
        long keepMicros = Math.max(minAgeMicros, RTT_MULTIPLE * Math.max(rttMicros, 0));
        if (sequenceNumbers[slot] != sequenceNumber || nowMicros - storedAt[slot] > keepMicros) {
            packetsNotFound++;
            return Optional.empty();
        }
        if (retransmitted[slot] && nowMicros - retransmittedAt[slot] < rttMicros) {
            retransmissionsSuppressed++;
            return Optional.empty();
        }
        retransmitted[slot] = true;
        retransmittedAt[slot] = nowMicros;
        retransmittedPacketsSent++;
        return Optional.of(Arrays.copyOf(packets[slot], lengths[slot]));
    }

    public PacketHistoryStats stats() {
        return new PacketHistoryStats(retransmittedPacketsSent, retransmissionsSuppressed, packetsNotFound,
                packetsStored);
    }
}
