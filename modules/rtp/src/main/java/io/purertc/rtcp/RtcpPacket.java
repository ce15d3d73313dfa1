package io.purertc.rtcp;

/**
 * One RTCP packet of a compound. {@link RtcpCompound} parses and writes whole compounds; each
 * packet can also write itself into a caller's buffer.
 */
// RFC 3550 §6.1 (compound packets), RFC 4585 §6.1 (feedback messages)
public sealed interface RtcpPacket permits SenderReport, ReceiverReport, SourceDescription, Goodbye,
        ApplicationDefined, GenericNack, TransportWideFeedback, PictureLossIndication, FullIntraRequest,
        ReceiverEstimatedMaxBitrate, UnknownRtcpPacket {

    /** Bytes this packet takes on the wire, its header included: always a multiple of 4. */
    int wireLength();

    /**
     * Writes this packet into {@code dst} at {@code off}.
     *
     * @return the number of bytes written, {@link #wireLength()}
     * @throws IndexOutOfBoundsException if {@code dst} has less room than that
     */
    int writeTo(byte[] dst, int off);
}
