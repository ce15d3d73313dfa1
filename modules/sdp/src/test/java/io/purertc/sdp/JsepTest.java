package io.purertc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsepTest {

    private static Codec codec(int pt, String name, int rate, int channels, Map<String, String> parameters,
                               RtcpFeedback... feedback) {
        return new Codec(pt, name, rate, channels, parameters, List.of(feedback));
    }

    private static final List<Codec> LOCAL_VIDEO = List.of(
            codec(100, "VP8", 90000, 1, Map.of(), RtcpFeedback.of(100, "nack", ""), RtcpFeedback.of(100, "nack", "pli"),
                    RtcpFeedback.of(100, "transport-cc", "")),
            codec(101, "rtx", 90000, 1, Map.of("apt", "100")),
            codec(102, "H264", 90000, 1, Map.of("packetization-mode", "1", "profile-level-id", "42e034"),
                    RtcpFeedback.of(102, "nack", "pli")),
            codec(103, "rtx", 90000, 1, Map.of("apt", "102")),
            codec(104, "VP9", 90000, 1, Map.of("profile-id", "2")));

    @Test
    void chromiumVideoOfferIntersectsInOfferOrderWithOfferedPayloadTypes() {
        List<Codec> offered = Corpus.parse("chromium-offer-audio-video-data.sdp").media().get(1).codecs();
        List<Codec> answer = Jsep.answerCodecs(offered, LOCAL_VIDEO);
        assertEquals(List.of(96, 97, 106, 107, 100, 101), answer.stream().map(Codec::payloadType).toList(),
                "VP8+rtx, constrained-baseline H264 packetization-mode 1 (42e01f, not 42001f) + rtx, VP9 profile 2 + rtx");
        assertEquals(List.of("transport-cc", "nack", "nack pli"),
                answer.get(0).feedback().stream().map(RtcpFeedback::feedback).toList());
        assertTrue(answer.get(0).feedback().stream().allMatch(fb -> fb.payloadType() == 96));
        assertEquals(Optional.of("96"), answer.get(1).parameter("apt"));
        assertEquals(Optional.of("106"), answer.get(3).parameter("apt"), "rtx follows the intersected primary");
        assertEquals(Optional.of("42e034"), answer.get(2).parameter("profile-level-id"), "local receive parameters");
        assertEquals(List.of(), answer.get(1).feedback());
    }

    @Test
    void rtxWithoutLocalRtxIsDropped() {
        List<Codec> offered = List.of(codec(96, "VP8", 90000, 1, Map.of()), codec(97, "rtx", 90000, 1, Map.of("apt", "96")));
        assertEquals(List.of(96), Jsep.answerCodecs(offered, List.of(LOCAL_VIDEO.get(0))).stream()
                .map(Codec::payloadType).toList());
    }

    @Test
    void audioMatchesChannelsAndRedFollowsItsPrimary() {
        List<Codec> offered = Corpus.parse("chromium-offer-audio-video-data.sdp").media().get(0).codecs();
        List<Codec> local = List.of(
                codec(109, "opus", 48000, 2, Map.of("useinbandfec", "1"), RtcpFeedback.of(109, "transport-cc", "")),
                codec(110, "red", 48000, 2, Map.of("109/109", "")),
                codec(0, "PCMU", 8000, 1, Map.of()),
                codec(9, "G722", 16000, 1, Map.of()));
        List<Codec> answer = Jsep.answerCodecs(offered, local);
        assertEquals(List.of(111, 63, 0), answer.stream().map(Codec::payloadType).toList(), "G722 clock rate differs");
        assertEquals(Map.of("111/111", ""), answer.get(1).parameters(), "RED keeps the offer's payload types");
        assertEquals(Map.of("useinbandfec", "1"), answer.get(0).parameters());

        List<Codec> monoOpus = List.of(codec(111, "opus", 48000, 1, Map.of()));
        assertEquals(List.of(), Jsep.answerCodecs(List.of(offered.get(0)), monoOpus));
    }

    @Test
    void redIsDroppedWhenItsPrimaryIs() {
        List<Codec> offered = List.of(codec(63, "red", 48000, 2, Map.of("111/111", "")), codec(0, "PCMU", 8000, 1, Map.of()));
        List<Codec> local = List.of(codec(63, "red", 48000, 2, Map.of("111/111", "")), codec(0, "PCMU", 8000, 1, Map.of()));
        assertEquals(List.of(0), Jsep.answerCodecs(offered, local).stream().map(Codec::payloadType).toList());
    }

    @Test
    void h264ProfilesCompareByProfileNotLevel() {
        assertTrue(CodecNegotiation.matches(h264("42e01f", "1"), h264("42e034", "1")));
        assertTrue(CodecNegotiation.matches(h264("42e01f", "1"), h264("4d801f", "1")), "constrained baseline under Main");
        assertFalse(CodecNegotiation.matches(h264("42e01f", "1"), h264("42001f", "1")), "baseline is not constrained");
        assertFalse(CodecNegotiation.matches(h264("42e01f", "1"), h264("42e01f", "0")));
        assertFalse(CodecNegotiation.matches(h264("640c1f", "1"), h264("64001f", "1")), "constrained high vs high");
        assertTrue(CodecNegotiation.matches(h264("4d001f", "1"), h264("4D0028", "1")));
        assertTrue(CodecNegotiation.matches(codec(1, "H264", 90000, 1, Map.of()), h264("42000a", "0")),
                "absent parameters mean baseline level 1, packetization-mode 0");
        assertFalse(CodecNegotiation.matches(h264("zz001f", "1"), h264("42001f", "1")));
        assertTrue(CodecNegotiation.matches(h264("2c001f", "1"), h264("2C0028", "1")), "unknown profiles match exactly");
    }

    private static Codec h264(String profileLevelId, String mode) {
        return codec(102, "h264", 90000, 1, Map.of("profile-level-id", profileLevelId, "packetization-mode", mode));
    }

    @Test
    void vp9AndAv1ProfilesMustMatch() {
        assertFalse(CodecNegotiation.matches(codec(98, "VP9", 90000, 1, Map.of("profile-id", "0")),
                codec(98, "VP9", 90000, 1, Map.of("profile-id", "2"))));
        assertTrue(CodecNegotiation.matches(codec(98, "VP9", 90000, 1, Map.of()),
                codec(98, "VP9", 90000, 1, Map.of("profile-id", "0"))));
        assertFalse(CodecNegotiation.matches(codec(45, "AV1", 90000, 1, Map.of("profile", "1")),
                codec(45, "AV1", 90000, 1, Map.of())));
    }

    @Test
    void extmapsIntersectByUriKeepingTheOfferersIds() {
        List<Extmap> offered = Corpus.parse("firefox-offer-audio-video-data.sdp").media().get(0).attributes(Extmap.class);
        List<Extmap> local = List.of(Extmap.of(7, "urn:ietf:params:rtp-hdrext:sdes:mid"),
                Extmap.of(5, "urn:ietf:params:rtp-hdrext:csrc-audio-level"),
                Extmap.of(9, "urn:example:unoffered"));
        assertEquals(List.of(
                new Extmap(2, Optional.of(Direction.SENDONLY), "urn:ietf:params:rtp-hdrext:csrc-audio-level", ""),
                Extmap.of(3, "urn:ietf:params:rtp-hdrext:sdes:mid")), Jsep.answerExtmaps(offered, local));
    }

    static Stream<Arguments> directions() {
        return Stream.of(
                Arguments.of(Direction.SENDRECV, Direction.SENDRECV, Direction.SENDRECV),
                Arguments.of(Direction.SENDRECV, Direction.SENDONLY, Direction.SENDONLY),
                Arguments.of(Direction.SENDRECV, Direction.RECVONLY, Direction.RECVONLY),
                Arguments.of(Direction.SENDRECV, Direction.INACTIVE, Direction.INACTIVE),
                Arguments.of(Direction.SENDONLY, Direction.SENDRECV, Direction.RECVONLY),
                Arguments.of(Direction.SENDONLY, Direction.RECVONLY, Direction.RECVONLY),
                Arguments.of(Direction.SENDONLY, Direction.SENDONLY, Direction.INACTIVE),
                Arguments.of(Direction.RECVONLY, Direction.SENDRECV, Direction.SENDONLY),
                Arguments.of(Direction.RECVONLY, Direction.RECVONLY, Direction.INACTIVE),
                Arguments.of(Direction.INACTIVE, Direction.SENDRECV, Direction.INACTIVE));
    }

    @ParameterizedTest
    @MethodSource("directions")
    void directionNegotiationOfRfc3264(Direction offered, Direction local, Direction answered) {
        assertEquals(answered, Jsep.answerDirection(offered, local));
        assertEquals(answered.reverse(), Direction.of(answered.receives(), answered.sends()));
    }

    @Test
    void maxBundleMakesEverySectionButTheFirstBundleOnly() throws SdpParseException {
        SessionDescription offer = Corpus.parse("chromium-offer-audio-video-data.sdp");
        SessionDescription bundled = Jsep.bundleOffer(offer.withAttributes(List.of()), BundlePolicy.MAX_BUNDLE);
        assertEquals(List.of(new Group(Group.BUNDLE, List.of("0", "1", "2"))), bundled.attributes());
        assertEquals(9, bundled.media().get(0).port());
        assertFalse(bundled.media().get(0).isBundleOnly());
        for (MediaDescription section : bundled.media().subList(1, 3)) {
            assertEquals(0, section.port());
            assertTrue(section.isBundleOnly());
            int mid = section.attributes().indexOf(section.attribute(Mid.class).orElseThrow());
            assertEquals(Property.BUNDLE_ONLY, section.attributes().get(mid + 1));
        }
        assertEquals(bundled, SessionDescription.parse(bundled.write()));
    }

    @Test
    void balancedKeepsTheFirstSectionOfEachTypeAndMaxCompatUndoesBundleOnly() {
        SessionDescription firefox = Corpus.parse("firefox-offer-audio-video-data.sdp");
        SessionDescription compat = Jsep.bundleOffer(firefox, BundlePolicy.MAX_COMPAT);
        assertTrue(compat.media().stream().noneMatch(MediaDescription::isBundleOnly));
        assertEquals(List.of(51820, 9, 9), compat.media().stream().map(MediaDescription::port).toList());
        assertEquals(firefox.attributes(), compat.attributes(), "the same group, in the same place");

        MediaDescription secondAudio = firefox.media().get(0).withAttributes(List.of(new Mid("3")));
        List<MediaDescription> sections = new java.util.ArrayList<>(compat.media());
        sections.add(secondAudio);
        SessionDescription balanced = Jsep.bundleOffer(compat.withMedia(sections), BundlePolicy.BALANCED);
        assertEquals(List.of(false, false, false, true),
                balanced.media().stream().map(MediaDescription::isBundleOnly).toList());
        assertEquals(List.of("0", "1", "2", "3"), balanced.group(Group.BUNDLE).orElseThrow().mids());
        assertEquals(1, balanced.attributes(Group.class).size());
    }

    @Test
    void rejectedSectionsStayOutOfTheGroup() {
        SessionDescription offer = Corpus.parse("chromium-offer-audio-video-data.sdp");
        List<MediaDescription> sections = List.of(offer.media().get(0), offer.media().get(1).withPort(0), offer.media().get(2));
        SessionDescription bundled = Jsep.bundleOffer(offer.withMedia(sections), BundlePolicy.MAX_BUNDLE);
        assertEquals(List.of("0", "2"), bundled.group(Group.BUNDLE).orElseThrow().mids());
        assertEquals(0, bundled.media().get(1).port());
        assertFalse(bundled.media().get(1).isBundleOnly());
    }

    @Test
    void answerGroupListsTheAcceptedOfferedMids() {
        SessionDescription offer = Corpus.parse("chromium-offer-audio-video-data.sdp");
        SessionDescription answer = Corpus.parse("pion-answer-audio-video-data.sdp");
        List<MediaDescription> sections = List.of(answer.media().get(0), answer.media().get(1).withPort(0),
                answer.media().get(2));
        SessionDescription bundled = Jsep.bundleAnswer(answer.withMedia(sections), offer);
        assertEquals(List.of("0", "2"), bundled.group(Group.BUNDLE).orElseThrow().mids());
        int groupAt = bundled.attributes().indexOf(bundled.group(Group.BUNDLE).orElseThrow());
        assertEquals(answer.attributes().indexOf(answer.group(Group.BUNDLE).orElseThrow()), groupAt, "kept in place");

        SessionDescription none = Jsep.bundleAnswer(answer, offer.withAttributes(List.of()));
        assertTrue(none.group(Group.BUNDLE).isEmpty());
    }
}
