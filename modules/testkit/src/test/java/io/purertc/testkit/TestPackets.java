package io.purertc.testkit;

import java.nio.ByteBuffer;

/** Minimal RTP and RTCP packets, with an index a test can read back. */
final class TestPackets {

    private TestPackets() {
    }

    /** An RTP packet (RFC 3550 §5.1) with sequence number {@code index}. */
    static byte[] rtp(int payloadType, int index, long ssrc) {
        ByteBuffer packet = ByteBuffer.allocate(12 + 100);
        packet.put((byte) 0x80).put((byte) payloadType).putShort((short) index).putInt(index * 960)
                .putInt((int) ssrc);
        return packet.array();
    }

    /**
     * An RTCP sender report (RFC 3550 §6.4.1) from {@code ssrc} whose NTP seconds, at RTP's SSRC
     * offset, also read {@code ssrc} to tempt a classifier that does not tell RTCP from RTP, and
     * whose packet count is {@code index}.
     */
    static byte[] senderReport(long ssrc, int index) {
        ByteBuffer packet = ByteBuffer.allocate(28);
        packet.put((byte) 0x80).put((byte) 200).putShort((short) 6).putInt((int) ssrc).putInt((int) ssrc).putInt(0)
                .putInt(0).putInt(index).putInt(0);
        return packet.array();
    }

    /** The index {@link #rtp} or {@link #senderReport} wrote. */
    static int index(byte[] packet) {
        ByteBuffer b = ByteBuffer.wrap(packet);
        return (packet[1] & 0xFF) == 200 ? b.getInt(20) : b.getShort(2) & 0xFFFF;
    }
}
