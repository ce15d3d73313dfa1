package io.purertc.jitter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A 30 frames/s stream in {@link StartBitDepacketizer}'s format: frame i has RTP timestamp
 * {@code firstTimestamp + 3000 i} and its packets are sent 100 µs apart from {@code i * 33 333 µs}.
 * Each packet carries, after its header byte, the frame index (4 bytes), its index in the frame and
 * some filler, so a released frame tells which frame and packets it was made of.
 */
final class TestVideoStream {

    static final long FRAME_INTERVAL_MICROS = 33_333;
    static final int FILLER = 20;

    /** A packet as sent. */
    record Packet(int frameIndex, byte[] payload, int sequenceNumber, long rtpTimestamp, boolean marker,
            long sendMicros) {
    }

    /** A packet and when the network delivers it. */
    record Arrival(Packet packet, long atMicros) {
    }

    private TestVideoStream() {
    }

    /** Frames {@code 0 .. count-1}, key frames where {@code index % keyInterval == 0}. */
    static List<Packet> packets(int count, int packetsPerFrame, int keyInterval, int firstSequenceNumber,
            long firstTimestamp) {
        List<Packet> packets = new ArrayList<>();
        int sequenceNumber = firstSequenceNumber;
        for (int frame = 0; frame < count; frame++) {
            long timestamp = (firstTimestamp + 3000L * frame) & 0xFFFF_FFFFL;
            for (int i = 0; i < packetsPerFrame; i++) {
                int header = (i == 0 ? StartBitDepacketizer.START : 0)
                        | (frame % keyInterval == 0 ? StartBitDepacketizer.KEY : 0);
                byte[] payload = ByteBuffer.allocate(6 + FILLER).put((byte) header).putInt(frame).put((byte) i).array();
                packets.add(new Packet(frame, payload, sequenceNumber, timestamp, i == packetsPerFrame - 1,
                        frame * FRAME_INTERVAL_MICROS + i * 100L));
                sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
            }
        }
        return packets;
    }

    /** Every packet delivered {@code delayMicros} after it was sent. */
    static List<Arrival> constantDelay(List<Packet> packets, long delayMicros) {
        List<Arrival> arrivals = new ArrayList<>();
        for (Packet packet : packets) {
            arrivals.add(new Arrival(packet, packet.sendMicros() + delayMicros));
        }
        return arrivals;
    }

    /** The frame index a released frame was assembled from (its first packet's data). */
    static int frameIndex(ReleasedVideoFrame released) {
        return ByteBuffer.wrap(released.frame().payload()).getInt(0);
    }

    /** The payload a frame of {@code packetsPerFrame} packets assembles to. */
    static byte[] framePayload(int frame, int packetsPerFrame) {
        ByteBuffer payload = ByteBuffer.allocate(packetsPerFrame * (5 + FILLER));
        for (int i = 0; i < packetsPerFrame; i++) {
            payload.putInt(frame).put((byte) i).put(new byte[FILLER]);
        }
        return payload.array();
    }
}
