package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.rtcp.GenericNack;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.RtpHeader;
import io.purertc.rtp.RtpPacket;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sender, packet history, lossy path and receiver in simulated time: 10 000 video packets, 500 a
 * second, 5 % loss each way (media, NACKs and RTX alike), 25 ms one way plus up to 3 ms jitter.
 */
class LossRecoverySimulationTest {

    private static final int PACKETS = 10_000;
    private static final int FIRST_SEQUENCE_NUMBER = 60_000;
    private static final long MS = 1_000;
    private static final long RTT = 50 * MS;
    private static final long PACKET_INTERVAL = 2 * MS;
    private static final double LOSS = 0.05;
    private static final long MEDIA_SSRC = 0x1111_1111L;
    private static final long RTX_SSRC = 0x2222_2222L;
    private static final int MEDIA_PT = 96;
    private static final int RTX_PT = 97;

    /** Something in flight: an RTP or RTX packet to the receiver, or a NACK to the sender. */
    private record Delivery(long at, long order, byte[] packet, boolean rtx, GenericNack nack) {
    }

    private final Random random = new Random(20261125);
    private final PriorityQueue<Delivery> inFlight = new PriorityQueue<>((a, b) -> a.at() != b.at()
            ? Long.compare(a.at(), b.at()) : Long.compare(a.order(), b.order()));
    private long order;
    private int lost;

    private void send(long now, byte[] packet, boolean rtx, GenericNack nack) {
        if (random.nextDouble() < LOSS) {
            lost++;
            return;
        }
        long jitter = nack == null ? random.nextInt(3 * (int) MS) : 0;
        inFlight.add(new Delivery(now + RTT / 2 + jitter, order++, packet, rtx, nack));
    }

    private static int index(int sequenceNumber) {
        return (sequenceNumber - FIRST_SEQUENCE_NUMBER) & 0xFFFF;
    }

    /** Without a reordering wait, jitter that swaps neighbours costs spurious NACKs; 5 ms avoid most. */
    @ParameterizedTest
    @ValueSource(longs = {0, 5 * MS})
    void everyLostPacketIsRecoveredByNackAndRtx(long reorderingWaitMicros) throws MalformedPacketException {
        byte[][] sent = new byte[PACKETS][];
        boolean[] received = new boolean[PACKETS];
        PacketHistory history = new PacketHistory();
        NackGenerator nacks = new NackGenerator(NackConfig.DEFAULT.withReorderingWaitMicros(reorderingWaitMicros));
        int rtxSequenceNumber = 0;
        int mediaLost = 0;
        int recoveredByRtx = 0;
        long end = PACKETS * PACKET_INTERVAL + 1_000 * MS;
        for (long now = 0; now < end; now += MS) {
            while (!inFlight.isEmpty() && inFlight.peek().at() <= now) {
                Delivery delivery = inFlight.poll();
                if (delivery.nack() != null) {
                    for (int seq : delivery.nack().lostSequenceNumbers()) {
                        var packet = history.forRetransmission(seq, now, RTT);
                        if (packet.isPresent()) {
                            byte[] rtx = Rtx.wrap(RtpPackets.parse(packet.get()), RTX_SSRC, RTX_PT, rtxSequenceNumber);
                            rtxSequenceNumber = (rtxSequenceNumber + 1) & 0xFFFF;
                            send(now, rtx, true, null);
                        }
                    }
                    continue;
                }
                RtpPacket packet = RtpPackets.parse(delivery.packet());
                if (delivery.rtx()) {
                    packet = Rtx.unwrap(packet, MEDIA_PT, MEDIA_SSRC);
                }
                int i = index(packet.sequenceNumber());
                assertArrayEquals(sent[i], packet.buffer());
                if (delivery.rtx() && !received[i]) {
                    recoveredByRtx++;
                }
                received[i] = true;
                nacks.onPacket(packet.sequenceNumber(), i % 500 == 0, delivery.rtx(), now);
            }
            if (now % PACKET_INTERVAL == 0 && now / PACKET_INTERVAL < PACKETS) {
                int i = (int) (now / PACKET_INTERVAL);
                byte[] payload = new byte[100 + random.nextInt(1100)];
                random.nextBytes(payload);
                sent[i] = new RtpHeader(false, MEDIA_PT, (FIRST_SEQUENCE_NUMBER + i) & 0xFFFF, 3_000L * i, MEDIA_SSRC)
                        .toPacket(payload, 0, payload.length, 0);
                history.put(RtpPackets.parse(sent[i]), now);
                int before = lost;
                send(now, sent[i], false, null);
                mediaLost += lost - before;
            }
            NackBatch batch = nacks.due(now, RTT);
            assertEquals(false, batch.keyFrameRequested());
            if (!batch.sequenceNumbers().isEmpty()) {
                send(now, null, false, GenericNack.of(0x3333_3333L, MEDIA_SSRC, batch.sequenceNumbers()));
            }
        }
        int missing = 0;
        for (boolean got : received) {
            missing += got ? 0 : 1;
        }
        NackGeneratorStats stats = nacks.stats();
        PacketHistoryStats sender = history.stats();
        System.out.printf("loss simulation, reordering wait %d us: %d packets, %d media lost, %d recovered by RTX, %d missing at the end;"
                        + " %d NACKs naming %d sequence numbers; %d RTX sent, %d suppressed, %d not in history;"
                        + " generator: %d recovered, %d given up, %d key frame requests; %d packets lost in all%n",
                reorderingWaitMicros, PACKETS, mediaLost, recoveredByRtx, missing, stats.nackCount(), stats.sequenceNumbersNacked(),
                sender.retransmittedPacketsSent(), sender.retransmissionsSuppressed(), sender.packetsNotFound(),
                stats.packetsRecovered(), stats.packetsGivenUp(), stats.keyFrameRequests(), lost);
        assertEquals(0, missing);
        assertEquals(0, stats.packetsGivenUp());
        assertEquals(0, stats.nackListSize());
        assertTrue(mediaLost > PACKETS * LOSS * 0.8, "the path lost about 5 %: " + mediaLost);
        assertEquals(mediaLost, recoveredByRtx);
    }
}
