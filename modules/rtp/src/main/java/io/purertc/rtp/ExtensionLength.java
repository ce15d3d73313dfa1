package io.purertc.rtp;

/** The one check every fixed-size header extension codec makes before reading its bytes. */
final class ExtensionLength {

    private ExtensionLength() {
    }

    /** @param offset index of the element data in its buffer, reported as the error offset */
    static void require(int offset, int length, int expected, String extension) throws MalformedPacketException {
        if (length != expected) {
            throw new MalformedPacketException(RtpPacket.PROTOCOL, offset,
                    extension + " extension must be " + expected + (expected == 1 ? " byte" : " bytes"));
        }
    }
}
