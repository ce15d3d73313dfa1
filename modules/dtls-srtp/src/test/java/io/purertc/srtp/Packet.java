package io.purertc.srtp;

import java.util.Arrays;
import java.util.Random;

/**
 * A test packet at {@code buf[off, off + len)} with spare bytes after it, and random RTP and RTCP packets
 * with everything SRTP must carry through: CSRCs, header extensions of any profile, padding, payloads of
 * 0..1400 bytes.
 */
record Packet(byte[] buf, int off, int len) {

    /** Room left after a packet for SRTP's trailer: more than any profile appends. */
    static final int SLACK = 32;

    /** Header extension profiles jitsi-srtp reads as cryptex (RFC 9335) on receipt, so the oracle avoids them. */
    private static final int CRYPTEX_ONE_BYTE = 0xC0DE;
    private static final int CRYPTEX_TWO_BYTE = 0xC2DE;

    byte[] bytes() {
        return Arrays.copyOfRange(buf, off, off + len);
    }

    /** The same packet in a fresh buffer at offset {@code off}, with {@link #SLACK} spare bytes after it. */
    static Packet of(byte[] bytes, int off) {
        byte[] buf = new byte[off + bytes.length + SLACK];
        System.arraycopy(bytes, 0, buf, off, bytes.length);
        return new Packet(buf, off, bytes.length);
    }

    Packet copy() {
        return of(bytes(), off);
    }

    Packet withLength(int length) {
        return new Packet(buf, off, length);
    }

    static byte[] rtp(Random random, int ssrc, int seq, int maxPayload) {
        int csrcs = random.nextInt(4) == 0 ? random.nextInt(16) : 0;
        boolean extension = random.nextBoolean();
        int extensionWords = extension ? random.nextInt(9) : 0;
        int payload = random.nextInt(maxPayload + 1);
        int padding = random.nextInt(4) == 0 ? 1 + random.nextInt(255) : 0;
        int headerLength = 12 + 4 * csrcs + (extension ? 4 + 4 * extensionWords : 0);
        byte[] packet = new byte[headerLength + payload + padding];
        random.nextBytes(packet);
        packet[0] = (byte) (0x80 | (padding > 0 ? 0x20 : 0) | (extension ? 0x10 : 0) | csrcs);
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        putInt(packet, 8, ssrc);
        if (extension) {
            int at = 12 + 4 * csrcs;
            int profile;
            do {
                profile = random.nextInt(0x10000);
            } while (profile == CRYPTEX_ONE_BYTE || profile == CRYPTEX_TWO_BYTE);
            packet[at] = (byte) (profile >>> 8);
            packet[at + 1] = (byte) profile;
            packet[at + 2] = 0;
            packet[at + 3] = (byte) extensionWords;
        }
        if (padding > 0) {
            Arrays.fill(packet, packet.length - padding, packet.length - 1, (byte) 0);
            packet[packet.length - 1] = (byte) padding;
        }
        return packet;
    }

    /** An RTCP packet with a consistent common header and random body words; SRTCP looks at nothing else. */
    static byte[] rtcp(Random random, int ssrc, int maxBody) {
        int words = random.nextInt(maxBody / 4 + 1);
        byte[] packet = new byte[8 + 4 * words];
        random.nextBytes(packet);
        packet[0] = (byte) (0x80 | random.nextInt(32));
        packet[1] = (byte) (200 + random.nextInt(7));
        packet[2] = (byte) ((packet.length / 4 - 1) >>> 8);
        packet[3] = (byte) (packet.length / 4 - 1);
        putInt(packet, 4, ssrc);
        return packet;
    }

    static void putInt(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }

    static SrtpMasterKey randomKey(Random random, SrtpProfile profile) {
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        random.nextBytes(key);
        random.nextBytes(salt);
        return new SrtpMasterKey(profile, key, salt);
    }
}
