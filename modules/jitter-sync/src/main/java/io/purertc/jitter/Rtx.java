package io.purertc.jitter;

import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.RtpPacket;

/**
 * Retransmission in the RTX payload format: the original packet travels again on its own SSRC and
 * payload type (mapped back by the {@code apt} parameter), with the original sequence number (OSN)
 * as the first two payload bytes. Session multiplexing only; the RTX SSRC, payload type and
 * sequence counter are the caller's.
 *
 * <p>RTX packets with no payload at all are padding-only packets, which senders use to probe
 * bandwidth; they carry no original packet. Call {@link #isPaddingOnly} before {@link #unwrap},
 * which rejects them like any other RTX payload too short for an OSN.
 */
// RFC 4588 §4
public final class Rtx {

    static final String PROTOCOL = "RTX";
    private static final int OSN_LENGTH = 2;
    private static final int PADDING_BIT = 0x20;

    private Rtx() {
    }

    /**
     * The RTX packet retransmitting {@code original}, in a new array: its header (version, marker,
     * timestamp, CSRCs, header extensions) with payload type, sequence number and SSRC replaced,
     * then the OSN and the original payload. The original's padding is removed, as RFC 4588 §4
     * requires (an RTX packet pads on its own account if at all), so the P bit is clear.
     *
     * @throws IllegalArgumentException if the SSRC, payload type or sequence number is out of range
     */
    public static byte[] wrap(RtpPacket original, long rtxSsrc, int rtxPayloadType, int rtxSequenceNumber) {
        int headerLength = original.headerLength();
        int payloadLength = original.payloadLength();
        byte[] out = new byte[headerLength + OSN_LENGTH + payloadLength];
        System.arraycopy(original.buffer(), original.offset(), out, 0, headerLength);
        int osn = original.sequenceNumber();
        out[headerLength] = (byte) (osn >>> 8);
        out[headerLength + 1] = (byte) osn;
        System.arraycopy(original.buffer(), original.payloadOffset(), out, headerLength + OSN_LENGTH, payloadLength);
        readdress(out, rtxPayloadType, rtxSequenceNumber, rtxSsrc);
        return out;
    }

    /**
     * The original packet carried by {@code rtx}, in a new array: the RTX header with payload type
     * and SSRC set to the original stream's and the sequence number set to the OSN, followed by
     * the payload after the OSN. Padding of the RTX packet is dropped.
     *
     * @throws MalformedPacketException if the payload is shorter than the 2-byte OSN, which
     *     includes padding-only packets (see {@link #isPaddingOnly})
     * @throws IllegalArgumentException if the original SSRC or payload type is out of range
     */
    public static RtpPacket unwrap(RtpPacket rtx, int originalPayloadType, long originalSsrc)
            throws MalformedPacketException {
        int headerLength = rtx.headerLength();
        int payloadLength = rtx.payloadLength() - OSN_LENGTH;
        if (payloadLength < 0) {
            throw new MalformedPacketException(PROTOCOL, headerLength,
                    "payload must start with the 2-byte original sequence number");
        }
        byte[] buf = rtx.buffer();
        int osnAt = rtx.payloadOffset();
        int osn = (buf[osnAt] & 0xFF) << 8 | buf[osnAt + 1] & 0xFF;
        byte[] out = new byte[headerLength + payloadLength];
        System.arraycopy(buf, rtx.offset(), out, 0, headerLength);
        System.arraycopy(buf, osnAt + OSN_LENGTH, out, headerLength, payloadLength);
        return readdress(out, originalPayloadType, osn, originalSsrc);
    }

    /** Whether {@code rtx} carries no payload, only padding: a probe, not a retransmission. */
    public static boolean isPaddingOnly(RtpPacket rtx) {
        return rtx.payloadLength() == 0;
    }

    /** Clears the P bit of a header copied into {@code packet} and sets the new stream's fields. */
    private static RtpPacket readdress(byte[] packet, int payloadType, int sequenceNumber, long ssrc) {
        packet[0] &= ~PADDING_BIT;
        RtpPacket view;
        try {
            view = RtpPacket.parse(packet, 0, packet.length);
        } catch (MalformedPacketException e) {
            throw new AssertionError("a header copied from a parsed packet parses again", e);
        }
        view.setPayloadType(payloadType);
        view.setSequenceNumber(sequenceNumber);
        view.setSsrc(ssrc);
        return view;
    }
}
