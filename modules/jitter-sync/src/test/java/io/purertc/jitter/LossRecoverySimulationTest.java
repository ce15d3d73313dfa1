package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.rtcp.GenericNack;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.RtpHeader;
import io.purertc.rtp.RtpPacket;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sender, packet history, lossy path and receiver in simulated time: 10 000 video packets, 500 a
 * second, 5 % loss each way (media, NACKs and RTX alike), half the RTT
 * one way plus up to 3 ms jitter on RTP.
 */
class LossRecoverySimulationTest {

    private static final int PACKETS = 10_000;
    private static final int FIRST_SEQUENCE_NUMBER = 60_000;
    private static final long MS = 1_000;
    private static final long PACKET_INTERVAL = 2 * MS;
    private static final double LOSS = 0.05;
    private static final long MEDIA_SSRC = 0x1111_1111L;
    private static final long RTX_SSRC = 0x2222_2222L;
    private static final int MEDIA_PT = 96;
    private static final int RTX_PT = 97;

    /** Something in flight: an RTP or RTX packet to the receiver, or a NACK to the sender. */
    private record Delivery(long at, long order, byte[] packet, boolean rtx, GenericNack nack) {
    }

    /** What one run did. */
    private record Figures(int mediaLost, int recoveredByRtx, int missing, int keyFrameRequestsSent,
                           NackGeneratorStats receiver, PacketHistoryStats sender) {
    }

    private final Random random = new Random(20261125);
    private final PriorityQueue<Delivery> inFlight = new PriorityQueue<>((a, b) -> a.at() != b.at()
            ? Long.compare(a.at(), b.at()) : Long.compare(a.order(), b.order()));
    private long order;

    /** Sends over the lossy path; returns whether the packet was lost. */
    private boolean send(long now, long rtt, byte[] packet, boolean rtx, GenericNack nack) {
        if (random.nextDouble() < LOSS) {
            return true;
        }
        long jitter = nack == null ? random.nextInt(3 * (int) MS) : 0;
        inFlight.add(new Delivery(now + rtt / 2 + jitter, order++, packet, rtx, nack));
        return false;
    }

    private static int index(int sequenceNumber) {
        return (sequenceNumber - FIRST_SEQUENCE_NUMBER) & 0xFFFF;
    }

    private Figures run(long rtt, NackConfig config, int packetsPerKeyFrame) throws MalformedPacketException {
        byte[][] sent = new byte[PACKETS][];
        boolean[] received = new boolean[PACKETS];
        PacketHistory history = new PacketHistory();
        NackGenerator nacks = new NackGenerator(config);
        KeyFrameRequestLimiter limiter = new KeyFrameRequestLimiter();
        int rtxSequenceNumber = 0;
        int mediaLost = 0;
        int recoveredByRtx = 0;
        long end = PACKETS * PACKET_INTERVAL + 5 * rtt + 1_000 * MS;
        for (long now = 0; now < end; now += MS) {
            while (!inFlight.isEmpty() && inFlight.peek().at() <= now) {
                Delivery delivery = inFlight.poll();
                if (delivery.nack() != null) {
                    for (int seq : delivery.nack().lostSequenceNumbers()) {
                        Optional<byte[]> packet = history.forRetransmission(seq, now, rtt);
                        if (packet.isPresent()) {
                            byte[] rtx = Rtx.wrap(RtpPackets.parse(packet.get()), RTX_SSRC, RTX_PT, rtxSequenceNumber);
                            rtxSequenceNumber = (rtxSequenceNumber + 1) & 0xFFFF;
                            send(now, rtt, rtx, true, null);
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
                nacks.onPacket(packet.sequenceNumber(), i % packetsPerKeyFrame == 0, delivery.rtx(), now);
            }
            if (now % PACKET_INTERVAL == 0 && now / PACKET_INTERVAL < PACKETS) {
                int i = (int) (now / PACKET_INTERVAL);
                byte[] payload = new byte[100 + random.nextInt(1100)];
                random.nextBytes(payload);
                sent[i] = new RtpHeader(false, MEDIA_PT, (FIRST_SEQUENCE_NUMBER + i) & 0xFFFF, 3_000L * i, MEDIA_SSRC)
                        .toPacket(payload, 0, payload.length, 0);
                history.put(RtpPackets.parse(sent[i]), now);
                mediaLost += send(now, rtt, sent[i], false, null) ? 1 : 0;
            }
            NackBatch batch = nacks.due(now, rtt);
            if (!batch.sequenceNumbers().isEmpty()) {
                send(now, rtt, null, false, GenericNack.of(0x3333_3333L, MEDIA_SSRC, batch.sequenceNumbers()));
            }
            if (batch.keyFrameRequested()) {
                limiter.tryRequest(now, rtt);
            }
        }
        int missing = 0;
        for (boolean got : received) {
            missing += got ? 0 : 1;
        }
        Figures figures = new Figures(mediaLost, recoveredByRtx, missing, (int) limiter.requestsSent(),
                nacks.stats(), history.stats());
        System.out.printf("loss simulation, RTT %d ms, reordering wait %d us, key frame every %d packets: %s%n",
                rtt / MS, config.reorderingWaitMicros(), packetsPerKeyFrame, figures);
        return figures;
    }

    /** Without a reordering wait, jitter that swaps neighbours costs spurious NACKs; 5 ms avoid most. */
    @ParameterizedTest
    @ValueSource(longs = {0, 5 * MS})
    void everyLostPacketIsRecoveredByNackAndRtx(long reorderingWaitMicros) throws MalformedPacketException {
        Figures figures = run(50 * MS, NackConfig.DEFAULT.withReorderingWaitMicros(reorderingWaitMicros), 500);
        assertEquals(0, figures.missing());
        assertEquals(figures.mediaLost(), figures.recoveredByRtx());
        assertTrue(figures.mediaLost() > PACKETS * LOSS * 0.8, "the path lost about 5 %");
        assertEquals(0, figures.receiver().packetsGivenUp());
        assertEquals(0, figures.receiver().keyFrameRequests());
        assertEquals(0, figures.receiver().nackListSize());
        assertTrue(figures.receiver().sequenceNumbersNacked() < 1.2 * figures.mediaLost(), "few repeated NACKs");
    }

    /**
     * An RTT longer than the 1 s a packet is waited for, and no key frame after the first: every
     * loss is given up and asks for a key frame, and the limiter lets one request out per RTT.
     */
    @Test
    void whenTheRttDoesNotAllowRecoveryKeyFramesAreAskedForAtALimitedRate() throws MalformedPacketException {
        long rtt = 1_200 * MS;
        Figures figures = run(rtt, NackConfig.DEFAULT, PACKETS);
        assertEquals(figures.mediaLost(), figures.receiver().packetsGivenUp(), "no retransmission came in time");
        assertTrue(figures.receiver().keyFrameRequests() > figures.mediaLost() / 2, "most losses ask on their own");
        long durationMicros = PACKETS * PACKET_INTERVAL + 5 * rtt + 1_000 * MS;
        assertTrue(figures.keyFrameRequestsSent() <= durationMicros / rtt + 1, "one request per RTT at most");
        assertTrue(figures.keyFrameRequestsSent() >= PACKETS * PACKET_INTERVAL / rtt - 1, "and one every RTT");
    }
}
