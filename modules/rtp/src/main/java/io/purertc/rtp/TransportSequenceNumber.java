package io.purertc.rtp;

/**
 * A sequence number counting every packet a sender puts on the transport, across all its
 * streams, which transport-wide congestion control feedback refers to. Stamped by the pacer just
 * before sending, hence {@link #write} in place.
 */
// draft-holmer-rmcat-transport-wide-cc-extensions-01 §2
public final class TransportSequenceNumber {

    public static final String URI = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final int LENGTH = 2;

    private TransportSequenceNumber() {
    }

    /** The 16-bit sequence number. @throws MalformedPacketException unless {@code length} is 2 */
    public static int read(byte[] buf, int offset, int length) throws MalformedPacketException {
        ExtensionLength.require(offset, length, LENGTH, "transport-wide-cc");
        return BigEndian.u16(buf, offset);
    }

    /** Writes {@code sequenceNumber} (0..65535) to {@code dst[offset, offset + 2)}. */
    public static void write(int sequenceNumber, byte[] dst, int offset) {
        RtpHeader.checkSequenceNumber(sequenceNumber);
        BigEndian.putU16(dst, offset, sequenceNumber);
    }

    public static byte[] toBytes(int sequenceNumber) {
        byte[] bytes = new byte[LENGTH];
        write(sequenceNumber, bytes, 0);
        return bytes;
    }
}
