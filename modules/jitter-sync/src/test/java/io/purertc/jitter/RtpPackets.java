package io.purertc.jitter;

import io.purertc.rtp.HeaderExtension;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.RtpHeader;
import io.purertc.rtp.RtpPacket;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random valid RTP packets for the property tests, and parsing that must succeed. */
final class RtpPackets {

    private RtpPackets() {
    }

    /** A header plus the payload and padding to write after it. */
    record Packet(RtpHeader header, byte[] payload, int paddingLength) {
        byte[] toBytes() {
            return header.toPacket(payload, 0, payload.length, paddingLength);
        }

        /** The same packet without its padding, as RTX gives it back. */
        byte[] toBytesUnpadded() {
            return header.toPacket(payload, 0, payload.length, 0);
        }
    }

    static Arbitrary<Long> unsigned32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    }

    static Arbitrary<Packet> packets() {
        Arbitrary<HeaderExtension> extension = Combinators.combine(Arbitraries.integers().between(1, 14),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16)).as(HeaderExtension::new);
        Arbitrary<List<HeaderExtension>> extensions = extension.list().uniqueElements(HeaderExtension::id).ofMaxSize(4);
        Arbitrary<RtpHeader> headers = Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 127),
                Arbitraries.integers().between(0, 0xFFFF),
                unsigned32(),
                unsigned32(),
                unsigned32().list().ofMaxSize(15),
                extensions).as(RtpHeader::new);
        return Combinators.combine(headers,
                Arbitraries.bytes().array(byte[].class).ofMaxSize(1200),
                Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(1, 255)))
                .as(Packet::new);
    }

    static RtpPacket parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length);
    }

    static RtpPacket parse(byte[] buf, int off, int len) {
        try {
            return RtpPacket.parse(buf, off, len);
        } catch (MalformedPacketException e) {
            throw new AssertionError(e);
        }
    }
}
