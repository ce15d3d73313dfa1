package io.purertc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.media.MediaKind;
import io.purertc.sdp.Codec;
import io.purertc.sdp.Direction;
import io.purertc.sdp.Extmap;
import io.purertc.sdp.Group;
import io.purertc.sdp.IceUfrag;
import io.purertc.sdp.MediaDescription;
import io.purertc.sdp.Mid;
import io.purertc.sdp.Msid;
import io.purertc.sdp.Property;
import io.purertc.sdp.RtcpFeedback;
import io.purertc.sdp.SessionDescription;
import io.purertc.sdp.Setup;
import io.purertc.sdp.Ssrc;
import io.purertc.sdp.SsrcGroup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Answering the offers of real browsers (RFC 8829 §5.3.1). */
class JsepAnswerTest {

    private static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";
    private static final String LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /** What each browser's offer numbers our codecs and extensions as, and which of its mids we accept. */
    static Stream<Arguments> browserOffers() {
        return Stream.of(
                Arguments.of(Sdps.CHROMIUM_OFFER, List.of("0", "1", "2"), List.of("0", "1"), 111, 96, 97,
                        Map.of(LEVEL_URI, 1, MID_URI, 4)),
                Arguments.of(Sdps.FIREFOX_OFFER, List.of("0", "1", "2"), List.of("0", "1"), 109, 120, 124,
                        Map.of(LEVEL_URI, 1, MID_URI, 3)),
                Arguments.of(Sdps.SAFARI_OFFER, List.of("0", "1"), List.of("0", "1"), 111, 102, 103,
                        Map.of(LEVEL_URI, 1, MID_URI, 4)));
    }

    private static SessionDescription answer(RemoteDescription offer, Direction intent) {
        LocalTransport transport = Sdps.transport(Setup.ACTIVE, List.of(Sdps.host("192.0.2.10", 40000)), true,
                false);
        SessionDescription answer = JsepDescriptions.answer(offer, 42, 2, Sdps.negotiateAll(offer, intent),
                transport);
        return Sdps.parse(answer.write());
    }

    @ParameterizedTest
    @MethodSource("browserOffers")
    void answersABrowserOfferWithOneSectionPerOfferedSection(String file, List<String> mids,
                                                             List<String> accepted, int opus, int vp8, int rtx,
                                                             Map<String, Integer> extensionIds) {
        RemoteDescription offer = Sdps.readCorpus(file);
        SessionDescription answer = answer(offer, Direction.SENDRECV);

        assertEquals(mids, answer.media().stream().map(m -> m.mid().orElseThrow()).toList());
        for (int i = 0; i < mids.size(); i++) {
            MediaDescription offered = offer.sdp().media().get(i);
            MediaDescription answered = answer.media().get(i);
            assertEquals(offered.media(), answered.media());
            assertEquals(offered.protocol(), answered.protocol());
            assertEquals(!accepted.contains(mids.get(i)), answered.isRejected(), "section " + mids.get(i));
        }
        assertEquals(Optional.of(new Group(Group.BUNDLE, accepted)), answer.group(Group.BUNDLE));

        MediaDescription audio = answer.media().get(0);
        MediaDescription video = answer.media().get(1);
        for (MediaDescription section : List.of(audio, video)) {
            assertEquals(Optional.of(Setup.ACTIVE), section.attribute(Setup.class));
            assertEquals(Optional.of(new IceUfrag("uFrg")), section.attribute(IceUfrag.class));
            assertTrue(section.has(Property.RTCP_MUX));
            assertEquals(Direction.SENDRECV, answer.direction(section));
        }
        assertEquals(List.of(new Codec(opus, "opus", 48000, 2, Map.of("minptime", "10", "useinbandfec", "1"),
                List.of())), audio.codecs());
        assertEquals(List.of(
                new Codec(vp8, "VP8", 90000, 1, Map.of(), List.of(RtcpFeedback.of(vp8, "nack", ""),
                        RtcpFeedback.of(vp8, "nack", "pli"), RtcpFeedback.of(vp8, "ccm", "fir"))),
                new Codec(rtx, "rtx", 90000, 1, Map.of("apt", Integer.toString(vp8)), List.of())),
                reorderFeedback(video.codecs()));
        assertEquals(List.of(Extmap.of(extensionIds.get(LEVEL_URI), LEVEL_URI),
                Extmap.of(extensionIds.get(MID_URI), MID_URI)), sortById(audio.attributes(Extmap.class)));
        assertEquals(List.of(Extmap.of(extensionIds.get(MID_URI), MID_URI)), video.attributes(Extmap.class));
        assertEquals(offer.sdp().media().get(1).has(Property.RTCP_RSIZE), video.has(Property.RTCP_RSIZE));
        assertEquals(offer.sdp().media().get(0).has(Property.RTCP_RSIZE), audio.has(Property.RTCP_RSIZE));
    }

    /** The offer decides the order of rtcp-fb lines; compare them in ours. */
    private static List<Codec> reorderFeedback(List<Codec> codecs) {
        List<String> ours = List.of("nack", "nack pli", "ccm fir");
        return codecs.stream().map(c -> new Codec(c.payloadType(), c.name(), c.clockRate(), c.channels(),
                c.parameters(), c.feedback().stream()
                        .sorted((a, b) -> ours.indexOf(a.feedback()) - ours.indexOf(b.feedback())).toList()))
                .toList();
    }

    private static List<Extmap> sortById(List<Extmap> extmaps) {
        return extmaps.stream().sorted((a, b) -> a.id() - b.id()).toList();
    }

    @ParameterizedTest
    @MethodSource("browserOffers")
    void ourAnswerReadsBackAsAValidDescription(String file) throws Exception {
        RemoteDescription offer = Sdps.readCorpus(file);
        RemoteDescription answer = JsepDescriptions.read(answer(offer, Direction.SENDRECV));

        assertEquals(Setup.ACTIVE, answer.transport().setup());
        assertEquals(List.of(Sdps.host("192.0.2.10", 40000)), answer.transport().candidates());
        assertTrue(answer.transport().endOfCandidates());
        assertEquals(List.of(Sdps.FINGERPRINT), answer.transport().fingerprints());
    }

    @Test
    void candidatesGoWithTheFirstBundledSectionAndItsAddressOnEveryMLine() {
        SessionDescription answer = answer(Sdps.readCorpus(Sdps.CHROMIUM_OFFER), Direction.SENDRECV);

        assertEquals(1, answer.media().get(0).candidates().size());
        assertTrue(answer.media().get(0).has(Property.END_OF_CANDIDATES));
        assertEquals(0, answer.media().get(1).candidates().size());
        for (MediaDescription section : answer.media().subList(0, 2)) {
            assertEquals(40000, section.port());
            assertEquals("192.0.2.10", section.connections().get(0).address());
        }
        assertEquals(0, answer.media().get(2).port());
    }

    /** RFC 3264 §6.1: what we send and receive follows from what the offerer does and what we want. */
    @ParameterizedTest
    @CsvSource({
        "sendrecv, sendrecv, sendrecv",
        "sendrecv, sendonly, sendonly",
        "sendrecv, recvonly, recvonly",
        "sendrecv, inactive, inactive",
        "sendonly, sendrecv, recvonly",
        "sendonly, sendonly, inactive",
        "sendonly, recvonly, recvonly",
        "recvonly, sendrecv, sendonly",
        "recvonly, recvonly, inactive",
        "recvonly, sendonly, sendonly",
        "inactive, sendrecv, inactive",
    })
    void answerDirectionFollowsTheOfferedOne(String offered, String intent, String expected) {
        String text = Sdps.text(Sdps.CHROMIUM_OFFER).replace("a=sendrecv", "a=" + offered);
        SessionDescription answer = answer(Sdps.read(text), direction(intent));

        Direction answered = direction(expected);
        for (MediaDescription section : answer.media().subList(0, 2)) {
            assertEquals(Optional.of(answered), section.direction());
            assertEquals(answered.sends(), section.attribute(Msid.class).isPresent());
            assertEquals(answered.sends(), !section.attributes(Ssrc.class).isEmpty());
        }
    }

    private static Direction direction(String name) {
        return Direction.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    void aSendingSectionAnnouncesItsSourcesAndTrack() {
        SessionDescription answer = answer(Sdps.readCorpus(Sdps.CHROMIUM_OFFER), Direction.SENDRECV);
        MediaDescription audio = answer.media().get(0);
        MediaDescription video = answer.media().get(1);

        assertEquals(Optional.of(new Msid("stream", Optional.of("track1"))), video.attribute(Msid.class));
        assertEquals(List.of(new SsrcGroup(SsrcGroup.FID, List.of(1001L, 2001L))), video.attributes(SsrcGroup.class));
        assertEquals(List.of(
                new Ssrc(1001, "cname", Optional.of("cname")), new Ssrc(1001, "msid", Optional.of("stream track1")),
                new Ssrc(2001, "cname", Optional.of("cname")), new Ssrc(2001, "msid", Optional.of("stream track1"))),
                video.attributes(Ssrc.class));
        assertTrue(audio.attributes(SsrcGroup.class).isEmpty());
        assertEquals(List.of(
                new Ssrc(1000, "cname", Optional.of("cname")), new Ssrc(1000, "msid", Optional.of("stream track0"))),
                audio.attributes(Ssrc.class));
    }

    @Test
    void aSectionWithNoCodecInCommonIsRejectedAndLeftOutOfTheBundle() {
        String text = Sdps.text(Sdps.CHROMIUM_OFFER).replace("a=rtpmap:96 VP8/90000", "a=rtpmap:96 VP7/90000");
        RemoteDescription offer = Sdps.read(text);
        LocalSection video = Sdps.negotiateAll(offer, Direction.SENDRECV).get(1);
        SessionDescription answer = answer(offer, Direction.SENDRECV);

        assertTrue(video.rejected());
        assertTrue(answer.media().get(1).isRejected());
        assertEquals(List.of(new Mid("1")), answer.media().get(1).attributes());
        assertEquals(Optional.of(new Group(Group.BUNDLE, List.of("0"))), answer.group(Group.BUNDLE));
    }

    @Test
    void rtxIsKeptOnlyWithTheCodecItRepairs() {
        String text = Sdps.text(Sdps.CHROMIUM_OFFER).replace("a=fmtp:97 apt=96", "a=fmtp:97 apt=102");
        LocalSection video = Sdps.negotiateAll(Sdps.read(text), Direction.SENDRECV).get(1);

        assertEquals(List.of("VP8"), video.codecs().stream().map(Codec::name).toList());
    }

    @Test
    void aDataChannelOnlyOfferIsAnsweredRejected() {
        RemoteDescription offer = Sdps.readCorpus("pion-offer-ice-lite-data.sdp");
        SessionDescription answer = answer(offer, Direction.SENDRECV);

        assertEquals(1, answer.media().size());
        assertTrue(answer.media().get(0).isRejected());
        assertTrue(answer.group(Group.BUNDLE).isEmpty());
    }

    @Test
    void aLocalSectionOfTheWrongKindIsAProgrammingError() {
        RemoteDescription offer = Sdps.readCorpus(Sdps.CHROMIUM_OFFER);
        LocalSection audio = Sdps.negotiateAll(offer, Direction.SENDRECV).get(0);
        LocalSection asVideo = new LocalSection("1", MediaKind.AUDIO, Direction.SENDRECV, audio.codecs(),
                audio.extmaps(), 1, OptionalLong.empty(), "s", "t", "c", false);

        assertThrows(IllegalArgumentException.class, () -> JsepDescriptions.answer(offer, 1, 1, List.of(asVideo),
                Sdps.transport(Setup.ACTIVE, List.of(), false, false)));
        assertThrows(IllegalArgumentException.class, () -> JsepDescriptions.negotiate(offer.sections().get(2),
                RtpCapabilities.forwarding(), Direction.SENDRECV, 1, OptionalLong.empty(), "s", "t", "c"));
    }

    @Test
    void iceLiteIsASessionAttribute() {
        RemoteDescription offer = Sdps.readCorpus(Sdps.CHROMIUM_OFFER);
        SessionDescription answer = JsepDescriptions.answer(offer, 1, 1, Sdps.negotiateAll(offer, Direction.SENDRECV),
                Sdps.transport(Setup.PASSIVE, List.of(), false, true));

        assertTrue(answer.has(Property.ICE_LITE));
        assertFalse(answer.media().get(0).has(Property.END_OF_CANDIDATES));
        assertEquals(9, answer.media().get(0).port());
        assertEquals(Optional.of(Setup.PASSIVE), answer.media().get(0).attribute(Setup.class));
    }
}
