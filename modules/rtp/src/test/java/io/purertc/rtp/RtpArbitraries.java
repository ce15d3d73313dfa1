package io.purertc.rtp;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Random valid RTP headers and whole packets for the property tests. */
final class RtpArbitraries {

    private RtpArbitraries() {
    }

    /** A header plus the payload and padding to write after it. */
    record Packet(RtpHeader header, byte[] payload, int paddingLength) {
        byte[] toBytes() {
            return header.toPacket(payload, 0, payload.length, paddingLength);
        }
    }

    static Arbitrary<Long> unsigned32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    }

    static Arbitrary<HeaderExtension> oneByteExtension() {
        return Combinators.combine(Arbitraries.integers().between(1, 14),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16))
                .as(HeaderExtension::new);
    }

    static Arbitrary<HeaderExtension> twoByteExtension() {
        return Combinators.combine(Arbitraries.integers().between(1, 255),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(255))
                .as(HeaderExtension::new);
    }

    /** Mostly lists that fit the one-byte form, the rest anything the two-byte form takes. */
    static Arbitrary<List<HeaderExtension>> extensions() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, oneByteExtension().list().uniqueElements(HeaderExtension::id).ofMaxSize(6)),
                Tuple.of(1, Arbitraries.oneOf(oneByteExtension(), twoByteExtension())
                        .list().uniqueElements(HeaderExtension::id).ofMaxSize(6)));
    }

    static Arbitrary<RtpHeader> headers() {
        return Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 127),
                Arbitraries.integers().between(0, 0xFFFF),
                unsigned32(),
                unsigned32(),
                unsigned32().list().ofMaxSize(15),
                extensions()).as(RtpHeader::new);
    }

    static Arbitrary<Packet> packets() {
        return Combinators.combine(
                headers(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(1200),
                Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0)),
                        Tuple.of(1, Arbitraries.integers().between(1, 255))))
                .as(Packet::new);
    }
}
