package io.purertc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.ice.IceCandidate;
import io.purertc.media.MediaKind;
import io.purertc.peer.InvalidDescriptionException.Reason;
import io.purertc.sdp.Connection;
import io.purertc.sdp.Direction;
import io.purertc.sdp.Fingerprint;
import io.purertc.sdp.Group;
import io.purertc.sdp.IceOptions;
import io.purertc.sdp.IcePwd;
import io.purertc.sdp.IceUfrag;
import io.purertc.sdp.MediaDescription;
import io.purertc.sdp.Msid;
import io.purertc.sdp.MsidSemantic;
import io.purertc.sdp.Property;
import io.purertc.sdp.Rtcp;
import io.purertc.sdp.SessionDescription;
import io.purertc.sdp.Setup;
import io.purertc.sdp.Ssrc;
import io.purertc.sdp.SsrcGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Our offers (RFC 8829 §5.2.1), written as Chromium writes them, read back by our own reader. */
class JsepOfferTest {

    private static final RtpCapabilities CAPABILITIES = RtpCapabilities.forwarding();

    private static LocalSection section(String mid, MediaKind kind, Direction direction, long ssrc,
                                        OptionalLong rtx, boolean rejected) {
        return new LocalSection(mid, kind, direction, CAPABILITIES.codecs(kind), CAPABILITIES.extensions(kind), ssrc,
                rtx, "stream" + mid, "track" + mid, "cname", rejected);
    }

    private static SessionDescription audioVideoOffer(LocalTransport transport) {
        return Sdps.parse(JsepDescriptions.offer(7, 1, List.of(
                section("0", MediaKind.AUDIO, Direction.SENDRECV, 11, OptionalLong.empty(), false),
                section("1", MediaKind.VIDEO, Direction.SENDONLY, 22, OptionalLong.of(33), false),
                section("2", MediaKind.VIDEO, Direction.RECVONLY, 44, OptionalLong.of(55), false),
                section("3", MediaKind.AUDIO, Direction.SENDRECV, 66, OptionalLong.empty(), true)), transport).write());
    }

    @Test
    void anOfferBundlesEverySectionInUseAndRepeatsTheTransportInEach() {
        SessionDescription offer = audioVideoOffer(Sdps.transport(Setup.ACTIVE, List.of(), false, false));

        assertEquals(Optional.of(new Group(Group.BUNDLE, List.of("0", "1", "2"))), offer.group(Group.BUNDLE));
        assertTrue(offer.has(new MsidSemantic(true, "WMS", List.of())));
        assertFalse(offer.has(Property.ICE_LITE));
        for (MediaDescription section : offer.media().subList(0, 3)) {
            assertEquals(JsepDescriptions.PROTOCOL, section.protocol());
            assertEquals(9, section.port());
            assertEquals(List.of(Connection.UNSPECIFIED_IP4), section.connections());
            assertEquals(Optional.of(new Rtcp(9, Optional.of(Connection.UNSPECIFIED_IP4))),
                    section.attribute(Rtcp.class));
            assertEquals(Optional.of(new IceUfrag("uFrg")), section.attribute(IceUfrag.class));
            assertEquals(Optional.of(new IcePwd("pAsswordOfTwentyTwoChars")), section.attribute(IcePwd.class));
            assertEquals(Optional.of(new IceOptions(List.of("trickle"))), section.attribute(IceOptions.class));
            assertEquals(List.of(Sdps.FINGERPRINT), section.attributes(Fingerprint.class));
            assertEquals(Optional.of(Setup.ACTPASS), section.attribute(Setup.class), "an offer is always actpass");
            assertTrue(section.has(Property.RTCP_MUX));
            assertTrue(section.has(Property.RTCP_RSIZE));
            assertTrue(section.candidates().isEmpty());
        }
        MediaDescription rejected = offer.media().get(3);
        assertTrue(rejected.isRejected());
        assertEquals(List.of("111"), rejected.formats());
    }

    @Test
    void onlySendingSectionsNameATrackAndSources() {
        SessionDescription offer = audioVideoOffer(Sdps.transport(Setup.ACTPASS, List.of(), false, false));
        MediaDescription sending = offer.media().get(1);
        MediaDescription receiving = offer.media().get(2);

        assertEquals(Optional.of(new Msid("stream1", Optional.of("track1"))), sending.attribute(Msid.class));
        assertEquals(List.of(new SsrcGroup(SsrcGroup.FID, List.of(22L, 33L))), sending.attributes(SsrcGroup.class));
        assertTrue(receiving.attribute(Msid.class).isEmpty());
        assertTrue(receiving.attributes(SsrcGroup.class).isEmpty());
        assertTrue(receiving.attributes(Ssrc.class).isEmpty());
    }

    @Test
    void candidatesGoWithTheFirstSectionAndTheDefaultOneIsTheLikeliestToWork() {
        IceCandidate host = Sdps.host("10.0.0.2", 5000);
        IceCandidate reflexive = Sdps.reflexive("203.0.113.9", 6000, "10.0.0.2", 5000);
        SessionDescription offer = audioVideoOffer(Sdps.transport(Setup.ACTPASS, List.of(host, reflexive), true,
                true));

        assertTrue(offer.has(Property.ICE_LITE));
        assertEquals(List.of(host.toSdp(), reflexive.toSdp()), offer.media().get(0).candidates());
        assertTrue(offer.media().get(0).has(Property.END_OF_CANDIDATES));
        for (MediaDescription section : offer.media().subList(0, 3)) {
            assertEquals(6000, section.port(), "RFC 8445 §5.1.4: server-reflexive before host");
            assertEquals(new Connection("IN", "IP4", "203.0.113.9"), section.connections().get(0));
        }
        assertTrue(offer.media().get(1).candidates().isEmpty());
        assertFalse(offer.media().get(1).has(Property.END_OF_CANDIDATES));
    }

    @Test
    void anIpv6DefaultCandidateIsWrittenAsIp6() {
        SessionDescription offer = audioVideoOffer(Sdps.transport(Setup.ACTPASS,
                List.of(Sdps.host("2001:db8::7", 5000)), false, false));

        assertEquals("IP6", offer.media().get(0).connections().get(0).addressType());
        assertEquals(5000, offer.media().get(0).port());
    }

    /** What the reader should make of one section of our offer. */
    private static void assertReadsBack(LocalSection sent, RemoteSection read) {
        assertEquals(sent.mid(), read.mid());
        assertEquals(Optional.of(sent.kind()), read.kind());
        assertEquals(sent.rejected(), read.rejected());
        if (sent.rejected()) {
            return;
        }
        assertEquals(sent.direction(), read.direction());
        assertEquals(sent.codecs(), read.codecs());
        assertEquals(sent.extmaps(), read.extmaps());
        boolean sends = sent.direction().sends();
        assertEquals(sends ? List.of(sent.ssrc()) : List.of(), read.ssrcs());
        assertEquals(sends && sent.rtxSsrc().isPresent() ? Map.of(sent.ssrc(), sent.rtxSsrc().getAsLong())
                : Map.of(), read.rtxSsrcByPrimary());
        assertEquals(sends ? Optional.of(new Msid(sent.streamId(), Optional.of(sent.trackId()))) : Optional.empty(),
                read.msid());
    }

    @net.jqwik.api.Property(tries = 300)
    void anOfferReadsBackAsTheSectionsItDescribes(@ForAll("sections") @Size(min = 1, max = 6) List<LocalSection> drafts,
                                                  @ForAll boolean gatheringComplete, @ForAll boolean iceLite) {
        List<LocalSection> sections = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            LocalSection d = drafts.get(i);
            sections.add(new LocalSection(Integer.toString(i), d.kind(), d.direction(), d.codecs(), d.extmaps(),
                    d.ssrc(), d.rtxSsrc(), d.streamId(), d.trackId(), d.cname(), d.rejected()));
        }
        List<IceCandidate> candidates = List.of(Sdps.host("192.0.2.1", 1234), Sdps.host("2001:db8::1", 1235));
        LocalTransport transport = Sdps.transport(Setup.ACTPASS, candidates, gatheringComplete, iceLite);
        SessionDescription offer = Sdps.parse(JsepDescriptions.offer(1, 1, sections, transport).write());

        RemoteDescription read;
        try {
            read = JsepDescriptions.read(offer);
        } catch (InvalidDescriptionException e) {
            assertTrue(sections.stream().allMatch(LocalSection::rejected), e.getMessage());
            assertEquals(Reason.NO_MEDIA, e.reason());
            return;
        }
        assertEquals(sections.size(), read.sections().size());
        for (int i = 0; i < sections.size(); i++) {
            assertReadsBack(sections.get(i), read.sections().get(i));
        }
        assertEquals(sections.stream().filter(s -> !s.rejected()).map(LocalSection::mid).toList(), read.bundleMids());
        RemoteTransport remote = read.transport();
        assertEquals(transport.ufrag(), remote.ufrag());
        assertEquals(transport.password(), remote.password());
        assertEquals(List.of(transport.fingerprint()), remote.fingerprints());
        assertEquals(Setup.ACTPASS, remote.setup());
        assertEquals(candidates, remote.candidates());
        assertEquals(gatheringComplete, remote.endOfCandidates());
        assertEquals(iceLite, remote.iceLite());
    }

    @Provide
    Arbitrary<List<LocalSection>> sections() {
        Arbitrary<Long> ssrcs = Arbitraries.longs().between(0, 0xffff_ffffL);
        Arbitrary<String> ids = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '{', '}')
                .ofMinLength(1).ofMaxLength(64);
        Arbitrary<LocalSection> section = Combinators.combine(
                Arbitraries.of(MediaKind.class), Arbitraries.of(Direction.class), ssrcs,
                ssrcs.optional(), ids, ids, Arbitraries.of(true, false, false, false))
                .as((kind, direction, ssrc, rtx, stream, track, rejected) -> new LocalSection("x", kind, direction,
                        CAPABILITIES.codecs(kind), CAPABILITIES.extensions(kind), ssrc,
                        rtx.filter(r -> !r.equals(ssrc)).map(OptionalLong::of).orElse(OptionalLong.empty()),
                        stream, track, "cname-" + track, rejected));
        return section.list();
    }
}
