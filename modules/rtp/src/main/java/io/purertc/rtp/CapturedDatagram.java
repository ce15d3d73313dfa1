package io.purertc.rtp;

import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * One UDP datagram as a capture file holds it.
 *
 * @param timestampMicros capture time in microseconds since the Unix epoch
 * @param source sender address and port
 * @param destination receiver address and port
 * @param payload the UDP payload (an RTP, RTCP, STUN or DTLS packet)
 */
public record CapturedDatagram(
        long timestampMicros, InetSocketAddress source, InetSocketAddress destination, byte[] payload) {

    @Override
    public boolean equals(Object o) {
        return o instanceof CapturedDatagram other
                && timestampMicros == other.timestampMicros
                && source.equals(other.source)
                && destination.equals(other.destination)
                && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Long.hashCode(timestampMicros) + source.hashCode())
                + destination.hashCode()) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "CapturedDatagram[" + timestampMicros + " " + source + " -> " + destination + ", "
                + payload.length + " bytes]";
    }
}
