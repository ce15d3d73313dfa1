package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.rtp.RtpHeader;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PacketHistoryTest {

    private static final long RTT = 50_000;

    private static byte[] packet(int sequenceNumber, int payloadLength) {
        byte[] payload = new byte[payloadLength];
        payload[0] = (byte) sequenceNumber;
        return new RtpHeader(false, 96, sequenceNumber, 3000L * sequenceNumber, 0x1234).toPacket(payload, 0,
                payloadLength, 0);
    }

    @Test
    void givesBackACopyOfThePacketSent() {
        PacketHistory history = new PacketHistory();
        byte[] framed = new byte[300];
        byte[] sent = packet(7, 100);
        System.arraycopy(sent, 0, framed, 50, sent.length);
        history.put(RtpPackets.parse(framed, 50, sent.length), 0);
        framed[60] = 99;
        assertArrayEquals(sent, history.forRetransmission(7, 10_000, RTT).orElseThrow());
        assertEquals(new PacketHistoryStats(1, 0, 0, 1), history.stats());
    }

    @Test
    void aSecondRequestWithinOneRttIsSuppressed() {
        PacketHistory history = new PacketHistory();
        history.put(RtpPackets.parse(packet(7, 100)), 0);
        assertTrue(history.forRetransmission(7, 10_000, RTT).isPresent());
        assertEquals(Optional.empty(), history.forRetransmission(7, 10_000 + RTT - 1, RTT));
        assertTrue(history.forRetransmission(7, 10_000 + RTT, RTT).isPresent());
        assertEquals(new PacketHistoryStats(2, 1, 0, 1), history.stats());
    }

    @Test
    void anUnknownRttLiftsTheGuard() {
        PacketHistory history = new PacketHistory();
        history.put(RtpPackets.parse(packet(7, 100)), 0);
        assertTrue(history.forRetransmission(7, 1, 0).isPresent());
        assertTrue(history.forRetransmission(7, 1, 0).isPresent());
    }

    @Test
    void packetsAreKeptTheMinimumAgeOrThreeRtts() {
        PacketHistory history = new PacketHistory(1024, 1_000_000);
        history.put(RtpPackets.parse(packet(1, 10)), 0);
        history.put(RtpPackets.parse(packet(2, 10)), 0);
        assertTrue(history.forRetransmission(1, 1_000_000, RTT).isPresent());
        assertEquals(Optional.empty(), history.forRetransmission(1, 1_000_001 + RTT, RTT));
        assertTrue(history.forRetransmission(2, 1_200_000, 400_000).isPresent(), "3 RTT = 1.2 s");
        assertEquals(Optional.empty(), history.forRetransmission(2, 1_200_001 + 400_000, 400_000));
        assertEquals(2, history.stats().packetsNotFound());
    }

    @Test
    void aNewerPacketTakesTheSlotOfTheOneCapacityBefore() {
        PacketHistory history = new PacketHistory(16, 1_000_000);
        for (int seq = 65530; seq < 65536 + 20; seq++) {
            history.put(RtpPackets.parse(packet(seq & 0xFFFF, 10)), 0);
        }
        assertEquals(Optional.empty(), history.forRetransmission(65535, 0, RTT));
        assertEquals(Optional.empty(), history.forRetransmission(3, 0, RTT));
        assertArrayEquals(packet(4, 10), history.forRetransmission(4, 0, RTT).orElseThrow());
        assertArrayEquals(packet(19, 10), history.forRetransmission(19, 0, RTT).orElseThrow());
        assertEquals(16, history.stats().packetsStored());
    }

    @Test
    void aLongerPacketInASlotGetsARoomyEnoughCopy() {
        PacketHistory history = new PacketHistory(16, 1_000_000);
        history.put(RtpPackets.parse(packet(1, 10)), 0);
        history.put(RtpPackets.parse(packet(17, 1000)), 0);
        history.put(RtpPackets.parse(packet(33, 20)), 0);
        assertArrayEquals(packet(33, 20), history.forRetransmission(33, 0, RTT).orElseThrow());
    }

    @Test
    void capacityMustBeAPowerOfTwoThatFitsTheSequenceSpace() {
        assertThrows(IllegalArgumentException.class, () -> new PacketHistory(1000, 0));
        assertThrows(IllegalArgumentException.class, () -> new PacketHistory(65536, 0));
        assertThrows(IllegalArgumentException.class, () -> new PacketHistory(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PacketHistory(16, -1));
    }

    /** Whatever the sequence numbers sent and asked for, memory stays at the capacity and answers are right. */
    @Property
    void boundedAndCorrectForAnySequencePattern(@ForAll @Size(max = 300) List<@IntRange(max = 0xFFFF) Integer> sent,
                                                @ForAll @Size(max = 100) List<@IntRange(max = 0xFFFF) Integer> asked) {
        PacketHistory history = new PacketHistory(64, 1_000_000);
        long now = 0;
        for (int seq : sent) {
            history.put(RtpPackets.parse(packet(seq, 1 + seq % 50)), now++);
        }
        assertTrue(history.stats().packetsStored() <= 64);
        for (int seq : asked) {
            int lastIndex = sent.lastIndexOf(seq);
            boolean lastInItsSlot = lastIndex >= 0 && sent.subList(lastIndex + 1, sent.size()).stream()
                    .noneMatch(later -> (later & 63) == (seq & 63));
            Optional<byte[]> answer = history.forRetransmission(seq, now, 0);
            assertEquals(lastInItsSlot, answer.isPresent());
            answer.ifPresent(bytes -> assertArrayEquals(packet(seq, 1 + seq % 50), bytes));
        }
    }
}
