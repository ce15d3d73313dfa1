package io.purertc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** parse(write(x)) == x for random valid descriptions built from every typed attribute. */
class ModelRoundTripPropertyTest {

    @Property(tries = 1000)
    void writtenDescriptionsParseToTheSameModel(@ForAll("descriptions") SessionDescription description)
            throws SdpParseException {
        assertEquals(description, SessionDescription.parse(description.write()));
    }

    @Provide
    Arbitrary<SessionDescription> descriptions() {
        Arbitrary<Origin> origin = Combinators.combine(nonWhitespace(), digits(), digits(), token(), token(), nonWhitespace())
                .as(Origin::new);
        Arbitrary<Optional<Connection>> connection = connection().optional();
        Arbitrary<TimeDescription> time = Combinators.combine(Arbitraries.longs().between(0, 9_999_999_999L),
                Arbitraries.longs().between(0, 9_999_999_999L), Arbitraries.of(List.<String>of(), List.of("7d 1h 0 25h")),
                Arbitraries.of(Optional.<String>empty(), Optional.of("2882844526 -1h 2898848070 0")))
                .as(TimeDescription::new);
        Arbitrary<List<Attribute>> sessionAttributes = attribute().list().ofMaxSize(8).map(ModelRoundTripPropertyTest::admissible);
        Arbitrary<List<MediaDescription>> media = media().list().ofMaxSize(4);
        Arbitrary<SessionDescription> head = Combinators.combine(origin, text(), text().optional(), connection,
                bandwidth().list().ofMaxSize(2), time.list().ofMinSize(1).ofMaxSize(2), sessionAttributes, media)
                .as((o, s, i, c, b, t, a, m) -> new SessionDescription(o, s, i, Optional.empty(), List.of(), List.of(),
                        c, b, t, Optional.empty(), a, m));
        return Combinators.combine(head, text().optional(), text().list().ofMaxSize(2), text().optional())
                .as((d, uri, emails, key) -> new SessionDescription(d.origin(), d.sessionName(), d.information(), uri,
                        emails, emails, d.connection(), d.bandwidths(), d.times(), key, d.attributes(), d.media()));
    }

    private Arbitrary<MediaDescription> media() {
        Arbitrary<List<String>> payloadTypes = Arbitraries.integers().between(0, 127).map(String::valueOf)
                .list().ofMinSize(1).ofMaxSize(5);
        Arbitrary<MediaDescription> rtp = Combinators.combine(Arbitraries.of("audio", "video"), port(),
                Arbitraries.of(OptionalInt.empty(), OptionalInt.of(2)), Arbitraries.of("RTP/AVP", "UDP/TLS/RTP/SAVPF"),
                payloadTypes, text().optional(), connection().list().ofMaxSize(2),
                attribute().list().ofMaxSize(12).map(ModelRoundTripPropertyTest::admissible))
                .as((m, p, n, proto, f, i, c, a) -> new MediaDescription(m, p, n, proto, f, i, c, List.of(),
                        Optional.empty(), a));
        Arbitrary<MediaDescription> data = Combinators.combine(port(), token().list().ofMinSize(1).ofMaxSize(2),
                bandwidth().list().ofMaxSize(2), text().optional(),
                attribute().list().ofMaxSize(6).map(ModelRoundTripPropertyTest::admissible))
                .as((p, f, b, k, a) -> new MediaDescription("application", p, OptionalInt.empty(), "UDP/DTLS/SCTP", f,
                        Optional.empty(), List.of(), b, k, a));
        return Arbitraries.oneOf(rtp, data);
    }

    /** Drops the attributes a section may hold only once after their first appearance. */
    private static List<Attribute> admissible(List<Attribute> attributes) {
        Set<String> seen = new HashSet<>();
        List<Attribute> kept = new ArrayList<>();
        for (Attribute attribute : attributes) {
            String key = singletonKey(attribute);
            if (key == null || seen.add(key)) {
                kept.add(attribute);
            }
        }
        return kept;
    }

    private static String singletonKey(Attribute attribute) {
        if (attribute instanceof Direction) {
            return "direction";
        }
        if (attribute instanceof Rtpmap rtpmap) {
            return "rtpmap " + rtpmap.payloadType();
        }
        if (attribute instanceof Fmtp fmtp) {
            return "fmtp " + fmtp.payloadType();
        }
        if (attribute instanceof Extmap extmap) {
            return "extmap " + extmap.id();
        }
        if (attribute instanceof Rid rid) {
            return "rid " + rid.id();
        }
        boolean repeatable = attribute instanceof Candidate || attribute instanceof Fingerprint
                || attribute instanceof Group || attribute instanceof Msid || attribute instanceof RtcpFeedback
                || attribute instanceof Ssrc || attribute instanceof SsrcGroup || attribute instanceof UnknownAttribute;
        return repeatable ? null : attribute.attributeName();
    }

    private Arbitrary<Attribute> attribute() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.of(io.purertc.sdp.Property.values()).map(Attribute.class::cast),
                Arbitraries.of(Direction.values()).map(Attribute.class::cast),
                Arbitraries.of(Setup.values()).map(Attribute.class::cast),
                token().map(Mid::new),
                Combinators.combine(token(), token().list().ofMaxSize(3)).as(Group::new),
                Combinators.combine(Arbitraries.of(true, false), token(), token().list().ofMaxSize(2)).as(MsidSemantic::new),
                Combinators.combine(token(), token().optional()).as(Msid::new),
                Combinators.combine(payloadType(), token().filter(t -> !t.contains("/")), Arbitraries.integers().between(1, 200000),
                        Arbitraries.of(OptionalInt.empty(), OptionalInt.of(2))).as(Rtpmap::new),
                Combinators.combine(payloadType(), text()).as(Fmtp::new),
                Combinators.combine(Arbitraries.oneOf(payloadType(), Arbitraries.just(RtcpFeedback.WILDCARD)), token(),
                        Arbitraries.of(Optional.<String>empty(), Optional.of(""), Optional.of("pli"), Optional.of("tmmbr smaxpr=120")))
                        .as(RtcpFeedback::new),
                Combinators.combine(Arbitraries.integers().between(1, 255), Arbitraries.of(Direction.values()).optional(),
                        nonWhitespace(), Arbitraries.of("", "x", "a b")).as(Extmap::new),
                Combinators.combine(ssrc(), token().filter(t -> !t.contains(":")), text().optional()).as(Ssrc::new),
                Combinators.combine(token(), ssrc().list().ofMaxSize(3)).as(SsrcGroup::new),
                rid(),
                simulcast(),
                iceChars(4, 8).map(IceUfrag::new),
                iceChars(22, 32).map(IcePwd::new),
                nonWhitespace().list().ofMinSize(1).ofMaxSize(3).map(IceOptions::new),
                Combinators.combine(token(), Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64))
                        .as(Fingerprint::of),
                candidate(),
                Combinators.combine(port(), connection().optional()).as(Rtcp::new),
                port().map(SctpPort::new),
                Arbitraries.longs().between(0, Long.MAX_VALUE).map(MaxMessageSize::new),
                Combinators.combine(token().map(t -> "x-" + t), text().optional()).as(UnknownAttribute::new)));
    }

    private Arbitrary<Attribute> rid() {
        Arbitrary<String> key = Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMinLength(1).ofMaxLength(8)
                .filter(k -> !k.equals("pt"));
        Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(6).filter(v -> v.indexOf(';') < 0);
        return Combinators.combine(ridId(), Arbitraries.of(Rid.Direction.values()), payloadType().list().ofMaxSize(3),
                Arbitraries.maps(key, value).ofMaxSize(3)).as(Rid::new);
    }

    private Arbitrary<Attribute> simulcast() {
        Arbitrary<List<Simulcast.Alternative>> stream = Combinators.combine(ridId(), Arbitraries.of(true, false))
                .as(Simulcast.Alternative::new).list().ofMinSize(1).ofMaxSize(2);
        return Combinators.combine(stream.list().ofMinSize(1).ofMaxSize(3), stream.list().ofMaxSize(3))
                .as((send, recv) -> new Simulcast(send, recv));
    }

    private Arbitrary<Attribute> candidate() {
        Arbitrary<String> address = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 255).list().ofSize(4)
                        .map(o -> o.get(0) + "." + o.get(1) + "." + o.get(2) + "." + o.get(3)),
                Arbitraries.of("::", "::1", "2001:db8::7", "fe80::1:2:3:4", "::ffff:192.0.2.1", "1:2:3:4:5:6:7:8"),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofMinLength(1).ofMaxLength(10)
                        .map(s -> "h" + s + ".local"));
        Arbitrary<Candidate.Extension> extension = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("generation", "network-id", "network-cost", "ufrag"), iceChars(1, 6))
                        .as(Candidate.Extension::new),
                Arbitraries.of("active", "passive", "so").map(t -> new Candidate.Extension("tcptype", t)));
        Arbitrary<Candidate> head = Combinators.combine(iceChars(1, 32), Arbitraries.integers().between(1, 256),
                Arbitraries.of("udp", "UDP", "tcp", "TCP"), Arbitraries.longs().between(0, 0xffff_ffffL), address, port(),
                Arbitraries.of(Candidate.Type.values()), address.optional())
                .as((f, c, t, p, a, port, type, raddr) -> new Candidate(f, c, t, p, a, port, type, raddr,
                        OptionalInt.empty(), List.of()));
        return Combinators.combine(head, port().map(OptionalInt::of).injectNull(0.3), extension.list().ofMaxSize(4))
                .as((c, rport, extensions) -> new Candidate(c.foundation(), c.component(), c.transport(), c.priority(),
                        c.address(), c.port(), c.type(), c.relatedAddress(), rport == null ? OptionalInt.empty() : rport,
                        extensions));
    }

    private Arbitrary<Connection> connection() {
        return Combinators.combine(Arbitraries.of("IN"), Arbitraries.of("IP4", "IP6"), nonWhitespace()).as(Connection::new);
    }

    private Arbitrary<Bandwidth> bandwidth() {
        return Combinators.combine(Arbitraries.of("AS", "TIAS", "CT"), Arbitraries.longs().between(0, 1_000_000_000L))
                .as(Bandwidth::new);
    }

    private static Arbitrary<Integer> payloadType() {
        return Arbitraries.integers().between(0, 127);
    }

    private static Arbitrary<Integer> port() {
        return Arbitraries.integers().between(0, 65535);
    }

    private static Arbitrary<Long> ssrc() {
        return Arbitraries.longs().between(0, 0xffff_ffffL);
    }

    private static Arbitrary<String> token() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars("-._~+!#$%&'*^`{|}")
                .ofMinLength(1).ofMaxLength(10);
    }

    private static Arbitrary<String> ridId() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars("-_").ofMinLength(1).ofMaxLength(6);
    }

    private static Arbitrary<String> iceChars(int min, int max) {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9').withChars("+/")
                .ofMinLength(min).ofMaxLength(max);
    }

    private static Arbitrary<String> nonWhitespace() {
        return Arbitraries.strings().withCharRange('!', '~').withChars("éü").ofMinLength(1).ofMaxLength(12);
    }

    private static Arbitrary<String> digits() {
        return Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20);
    }

    /** Free text: visible characters and inner spaces. */
    private static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars("äß").ofMinLength(1).ofMaxLength(16);
    }
}
