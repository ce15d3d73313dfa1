package io.purertc.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.rtcp.TransportWideFeedback.PacketStatus;
import io.purertc.rtp.MalformedPacketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TransportWideFeedbackTest {

    private static final long REFERENCE_WRAP_MICROS = (1L << 24) * TransportWideFeedback.REFERENCE_TIME_MICROS;

    private static TransportWideFeedback parseOne(byte[] bytes) throws MalformedPacketException {
        return (TransportWideFeedback) RtcpCompound.parse(bytes, 0, bytes.length).get(0);
    }

    private static TransportWideFeedback roundTrip(TransportWideFeedback feedback) throws MalformedPacketException {
        return parseOne(RtcpCompound.write(List.of(feedback)));
    }

    // draft §3.1.3 and §3.1.4 examples: a run of 221 "not received", then a 1-bit vector of
    // 1 not received, 5 received, 3 not received, 3 received, 2 not received
    @Test
    void runLengthAndOneBitVectorChunks() throws MalformedPacketException {
        TransportWideFeedback feedback = parseOne(Hex.bytes("8f cd 0007 00000001 00000002"
                + "0064 00eb 000000 00" // base 100, 235 packets, reference 0, feedback 0
                + "00dd 9f1c" // the two chunks
                + "01 02 03 04 05 06 07 08"));
        assertEquals(235, feedback.packetStatusCount());
        assertArrayEquals(new int[] {222, 223, 224, 225, 226, 230, 231, 232}, feedback.receivedOffsets());
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, feedback.receiveDeltas());
        assertEquals(PacketStatus.NOT_RECEIVED, feedback.status(0));
        assertEquals(PacketStatus.NOT_RECEIVED, feedback.status(221));
        assertEquals(PacketStatus.SMALL_DELTA, feedback.status(222));
        assertEquals(PacketStatus.NOT_RECEIVED, feedback.status(234));
        assertEquals(322, feedback.receivedSequenceNumber(0));
        assertArrayEquals(new long[] {250, 750, 1500, 2500, 3750, 5250, 7000, 9000}, feedback.receiveTimesMicros());
        assertEquals(feedback, roundTrip(feedback));
    }

    @Test
    void twoBitVectorWithLargeAndNegativeDeltas() throws MalformedPacketException {
        TransportWideFeedback feedback = parseOne(Hex.bytes("8f cd 0006 00000001 00000002"
                + "0000 0005 ffffff 09" // reference time -1 (-64 ms)
                + "e440" // 2-bit vector: large, small, not received, small, not received
                + "8000 7f 01 0000"));
        assertArrayEquals(new int[] {0, 1, 3}, feedback.receivedOffsets());
        assertArrayEquals(new int[] {-32768, 127, 1}, feedback.receiveDeltas());
        assertEquals(PacketStatus.LARGE_OR_NEGATIVE_DELTA, feedback.status(0));
        assertArrayEquals(new long[] {-64_000 - 8_192_000, -64_000 - 8_192_000 + 31_750,
                -64_000 - 8_192_000 + 32_000}, feedback.receiveTimesMicros());
        assertEquals(feedback, roundTrip(feedback));
    }

    @Test
    void lastChunkMayCoverMoreThanTheCount() throws MalformedPacketException {
        // a run of 10 received, of which the count uses 3; likewise a 2-bit vector's slots
        TransportWideFeedback run = parseOne(Hex.bytes("8f cd 0006 00000001 00000002 0000 0003 000000 00"
                + "200a 010203 000000"));
        assertArrayEquals(new int[] {0, 1, 2}, run.receivedOffsets());
        TransportWideFeedback vector = parseOne(Hex.bytes("8f cd 0005 00000001 00000002 0000 0001 000000 00"
                + "dfff 05 00")); // small, then six reserved symbols the count leaves unused
        assertArrayEquals(new int[] {0}, vector.receivedOffsets());
    }

    // libwebrtc pads feedback with the P bit rather than zero bytes
    @Test
    void rtcpPaddingInsteadOfZeroFill() throws MalformedPacketException {
        TransportWideFeedback feedback = parseOne(Hex.bytes("af cd 0005 00000001 00000002 0000 0001 000000 00"
                + "2001 05 01"));
        assertArrayEquals(new int[] {5}, feedback.receiveDeltas());
    }

    @Test
    void writerPicksTheFewestChunks() {
        // 100 small deltas: one run
        byte[] received = new byte[100];
        Arrays.fill(received, (byte) 1);
        assertEquals(20 + 2 + 100 + 2, feedback(received).wireLength());
        // 14 alternating: one 1-bit vector
        byte[] alternating = new byte[14];
        for (int i = 0; i < 14; i += 2) {
            alternating[i] = 1;
        }
        assertArrayEquals(new int[] {0xAAAA}, PacketStatusChunks.encode(alternating));
        // 8192 lost and 1 received: a full run, then a vector that takes the last loss with the reception
        byte[] longLoss = new byte[8193];
        longLoss[8192] = 1;
        assertArrayEquals(new int[] {0x1FFF, 0x9000}, PacketStatusChunks.encode(longLoss));
    }

    /** A feedback with the given symbols (0 lost, 1 small, 2 large), all deltas 1 or 1000 ticks. */
    private static TransportWideFeedback feedback(byte[] symbols) {
        List<Integer> offsets = new ArrayList<>();
        List<Integer> deltas = new ArrayList<>();
        for (int i = 0; i < symbols.length; i++) {
            if (symbols[i] != 0) {
                offsets.add(i);
                deltas.add(symbols[i] == 1 ? 1 : 1000);
            }
        }
        return new TransportWideFeedback(1, 2, 0, symbols.length, 0, 0,
                offsets.stream().mapToInt(Integer::intValue).toArray(),
                deltas.stream().mapToInt(Integer::intValue).toArray());
    }

    @Provide
    Arbitrary<byte[]> symbolRuns() {
        return Arbitraries.randomValue(random -> {
            byte[] symbols = new byte[1 + random.nextInt(random.nextInt(10) == 0 ? 20_000 : 120)];
            int symbol = random.nextInt(3);
            for (int i = 0; i < symbols.length; i++) {
                if (random.nextInt(random.nextBoolean() ? 3 : 40) == 0) {
                    symbol = random.nextInt(3);
                }
                symbols[i] = (byte) symbol;
            }
            return symbols;
        });
    }

    /** The fewest chunks by a plain dynamic program that tries every run length. */
    private static int fewestChunks(byte[] symbols) {
        int n = symbols.length;
        int[] fewest = new int[n + 1];
        for (int i = n - 1; i >= 0; i--) {
            int best = Integer.MAX_VALUE;
            for (int k = 1; k <= 8191 && i + k <= n && symbols[i + k - 1] == symbols[i]; k++) {
                best = Math.min(best, 1 + fewest[i + k]);
            }
            boolean oneBit = true;
            for (int k = i; k < Math.min(n, i + 14); k++) {
                oneBit &= symbols[k] < 2;
            }
            if (oneBit) {
                best = Math.min(best, 1 + fewest[Math.min(n, i + 14)]);
            }
            fewest[i] = Math.min(best, 1 + fewest[Math.min(n, i + 7)]);
        }
        return fewest[0];
    }

    @Property(tries = 300)
    void chunksCarryTheSymbolsInTheFewestChunks(@ForAll("symbolRuns") byte[] symbols) {
        int[] chunks = PacketStatusChunks.encode(symbols);
        assertEquals(fewestChunks(symbols), chunks.length);
        byte[] decoded = new byte[symbols.length];
        int packet = 0;
        for (int chunk : chunks) {
            for (int i = 0; i < PacketStatusChunks.symbolCount(chunk) && packet < symbols.length; i++) {
                decoded[packet++] = (byte) PacketStatusChunks.symbol(chunk, i);
            }
        }
        assertEquals(symbols.length, packet);
        assertArrayEquals(symbols, decoded);
    }

    /** Sequence number to arrival time, in the order received: gaps, reordering, jumps and duplicates. */
    @Provide
    Arbitrary<Map<Long, Long>> arrivals() {
        return Arbitraries.randomValue(TransportWideFeedbackTest::arrivals);
    }

    private static Map<Long, Long> arrivals(Random random) {
        Map<Long, Long> arrivals = new LinkedHashMap<>();
        long sequence = random.nextInt(1 << 20);
        long time = (long) (random.nextDouble() * 4e11);
        int packets = 1 + random.nextInt(random.nextInt(8) == 0 ? 3000 : 150);
        for (int i = 0; i < packets; i++) {
            int kind = random.nextInt(100);
            if (kind < 5) {
                sequence += 2 + random.nextInt(kind == 0 ? 70_000 : 20);
            } else {
                sequence++;
            }
            time += kind == 5 ? 8_000_000 + random.nextInt(20_000_000) : random.nextInt(30_000);
            // reordering: this packet arrives before the one sent just before it
            long arrival = kind == 6 && i > 0 ? time - 1 - random.nextInt(40_000) : time;
            arrivals.putIfAbsent(sequence, arrival);
        }
        return arrivals;
    }

    @Property(tries = 500)
    void builtFeedbackGivesBackEveryArrivalWithin125Micros(@ForAll("arrivals") Map<Long, Long> arrivals)
            throws MalformedPacketException {
        TransportWideFeedback.Builder builder = new TransportWideFeedback.Builder(1, 2, 250);
        arrivals.forEach((sequence, arrival) -> {
            builder.add(sequence, arrival);
            if (sequence % 7 == 0) {
                builder.add(sequence, arrival + 5_000_000);
            }
        });
        List<TransportWideFeedback> built = builder.build();
        byte[] bytes = RtcpCompound.write(built);
        List<RtcpPacket> parsed = RtcpCompound.parse(bytes, 0, bytes.length);
        assertEquals(built, parsed);

        List<Long> sequences = arrivals.keySet().stream().sorted().toList();
        int next = 0;
        for (int p = 0; p < built.size(); p++) {
            TransportWideFeedback feedback = built.get(p);
            assertEquals((250 + p) & 0xFF, feedback.feedbackPacketCount());
            long[] times = feedback.receiveTimesMicros();
            for (int i = 0; i < feedback.receivedCount(); i++, next++) {
                long sequence = sequences.get(next);
                assertEquals(sequence & 0xFFFF, feedback.receivedSequenceNumber(i));
                long error = Math.floorMod(times[i] - arrivals.get(sequence), REFERENCE_WRAP_MICROS);
                assertTrue(error <= 125 || error >= REFERENCE_WRAP_MICROS - 125, "off by " + error);
            }
        }
        assertEquals(sequences.size(), next);
    }

    @Test
    void deltaBeyond16BitsStartsANewFeedbackPacket() {
        // 8.2 s exceeds 32767 ticks of 250 us; the gap of 3 lost packets stays in the first packet
        List<TransportWideFeedback> built = new TransportWideFeedback.Builder(1, 2, 0)
                .add(10, 1_000_000).add(11, 1_020_000).add(15, 1_030_000).add(16, 9_300_000).build();
        assertEquals(2, built.size());
        assertEquals(10, built.get(0).baseSequence());
        assertEquals(6, built.get(0).packetStatusCount());
        assertArrayEquals(new int[] {0, 1, 5}, built.get(0).receivedOffsets());
        // reference 1 000 000 us = 15 * 64 ms + 40 ms
        assertEquals(15, built.get(0).referenceTime());
        assertArrayEquals(new int[] {160, 80, 40}, built.get(0).receiveDeltas());
        assertEquals(16, built.get(1).baseSequence());
        assertEquals(1, built.get(1).feedbackPacketCount());
    }

    @Test
    void negativeDeltaForAPacketThatArrivedBeforeItsPredecessor() {
        List<TransportWideFeedback> built = new TransportWideFeedback.Builder(1, 2, 0)
                .add(6, 640_000 + 2_000).add(5, 640_000 + 10_000).build();
        assertArrayEquals(new int[] {40, -32}, built.get(0).receiveDeltas());
        assertEquals(PacketStatus.LARGE_OR_NEGATIVE_DELTA, built.get(0).status(1));
    }

    @Test
    void referenceTimeWrapsAsSigned24Bits() {
        TransportWideFeedback feedback = new TransportWideFeedback.Builder(1, 2, 0)
                .add(0, REFERENCE_WRAP_MICROS / 2 + 250).build().get(0);
        assertEquals(-(1 << 23), feedback.referenceTime());
        assertEquals(-REFERENCE_WRAP_MICROS / 2 + 250, feedback.receiveTimesMicros()[0]);
    }

    @Test
    void buildEmptiesTheBuilderAndCountsOn() {
        TransportWideFeedback.Builder builder = new TransportWideFeedback.Builder(1, 2, 255);
        assertEquals(255, builder.add(1, 0).build().get(0).feedbackPacketCount());
        assertEquals(List.of(), builder.build());
        TransportWideFeedback next = builder.add(2, 0).build().get(0);
        assertEquals(0, next.feedbackPacketCount());
        assertEquals(2, next.baseSequence());
    }
}
