package io.purertc.rtp;

/**
 * Parses untrusted bytes and, when they are accepted, touches every accessor and every extension
 * id, so that any exception other than {@link MalformedPacketException} fails the calling test.
 */
final class ParseOutcome {

    private ParseOutcome() {
    }

    static void of(byte[] buf, int off, int len) {
        RtpPacket packet;
        try {
            packet = RtpPacket.parse(buf, off, len);
        } catch (MalformedPacketException expected) {
            return;
        }
        if (packet.headerLength() + packet.payloadLength() + packet.paddingLength() != len
                || packet.payloadLength() < 0) {
            throw new AssertionError("lengths do not add up: " + packet);
        }
        for (int i = 0; i < packet.csrcCount(); i++) {
            packet.csrc(i);
        }
        for (int id = 1; id <= 255; id++) {
            int at = packet.extensionOffset(id);
            int length = packet.extensionLength(id);
            if (at >= 0 && (at + length > off + packet.headerLength() || length < 0)) {
                throw new AssertionError("extension " + id + " lies outside the header: " + packet);
            }
        }
        packet.header();
    }
}
