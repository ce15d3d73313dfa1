package io.purertc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The convenience views over parsed corpus descriptions. */
class ViewsTest {

    @Test
    void chromiumOfferCodecsCandidatesAndGroups() {
        SessionDescription offer = Corpus.parse("chromium-offer-audio-video-data.sdp");
        assertEquals(List.of("0", "1", "2"), offer.group(Group.BUNDLE).orElseThrow().mids());
        assertTrue(offer.has(Property.EXTMAP_ALLOW_MIXED));
        MediaDescription audio = offer.media().get(0);
        assertEquals(Optional.of("0"), audio.mid());
        assertEquals(Direction.SENDRECV, offer.direction(audio));
        List<Codec> audioCodecs = audio.codecs();
        assertEquals(8, audioCodecs.size());
        Codec opus = audioCodecs.get(0);
        assertEquals(new Codec(111, "opus", 48000, 2, Map.of("minptime", "10", "useinbandfec", "1"),
                List.of(RtcpFeedback.of(111, "transport-cc", ""))), opus);
        assertEquals("PCMU", audioCodecs.get(3).name());
        assertEquals(4, audio.candidates().size());
        assertTrue(audio.candidates().get(0).isMdns());
        assertEquals(Candidate.Type.SRFLX, audio.candidates().get(2).type());
        assertEquals(Optional.of(Candidate.TcpType.ACTIVE), audio.candidates().get(3).tcpType());

        MediaDescription video = offer.media().get(1);
        List<Codec> videoCodecs = video.codecs();
        assertEquals(25, videoCodecs.size());
        assertEquals(5, videoCodecs.get(0).feedback().size());
        assertEquals(Optional.of("96"), videoCodecs.get(1).parameter("apt"));
        assertEquals(List.of(new SsrcGroup(SsrcGroup.FID, video.attributes(SsrcGroup.class).get(0).ssrcs())),
                video.attributes(SsrcGroup.class));
        assertEquals(11, video.attributes(Extmap.class).size());

        MediaDescription data = offer.media().get(2);
        assertFalse(data.isRtp());
        assertEquals(List.of(), data.codecs());
        assertEquals(Optional.of(new SctpPort(5000)), data.attribute(SctpPort.class));
        assertEquals(Optional.of(Setup.ACTPASS), offer.resolve(data, Setup.class));
    }

    @Test
    void simulcastAndRids() {
        MediaDescription video = Corpus.parse("chromium-offer-simulcast.sdp").media().get(1);
        assertEquals(List.of("q", "h", "f"), video.attributes(Rid.class).stream().map(Rid::id).toList());
        Simulcast simulcast = video.attribute(Simulcast.class).orElseThrow();
        assertEquals(3, simulcast.send().size());
        assertEquals(List.of(), simulcast.recv());

        MediaDescription answer = Corpus.parse("chromium-answer-simulcast-recv.sdp").media().get(1);
        Simulcast recv = answer.attribute(Simulcast.class).orElseThrow();
        assertTrue(recv.recv().get(2).get(0).paused());
        assertEquals("720", answer.attributes(Rid.class).get(2).restrictions().get("max-height"));
        assertEquals(List.of(96), answer.attributes(Rid.class).get(2).payloadTypes());
    }

    @Test
    void firefoxBundleOnlySectionsAndExtmapDirections() {
        SessionDescription offer = Corpus.parse("firefox-offer-audio-video-data.sdp");
        MediaDescription video = offer.media().get(1);
        assertTrue(video.isBundleOnly());
        assertEquals(0, video.port());
        assertFalse(video.isRejected());
        assertEquals(Optional.of(Direction.RECVONLY), offer.media().get(0).attributes(Extmap.class).get(1).direction());
        assertEquals(Optional.of(new Fingerprint("sha-256", offer.attribute(Fingerprint.class).orElseThrow().fingerprint())),
                offer.resolve(video, Fingerprint.class));
        assertEquals("UDP", offer.media().get(0).candidates().get(0).transport());
        assertEquals(Map.of("0-15", ""), offer.media().get(0).codecs().get(4).parameters());
    }

    @Test
    void aiortcFingerprintsAndStaticPayloadTypes() {
        SessionDescription offer = Corpus.parse("aiortc-offer-audio-video-data.sdp");
        assertEquals(List.of("sha-256", "sha-384", "sha-512"),
                offer.media().get(0).attributes(Fingerprint.class).stream().map(Fingerprint::hashFunction).toList());
        assertEquals(64, offer.media().get(0).attributes(Fingerprint.class).get(2).digest().length);
        SessionDescription rfc = Corpus.parse("rfc8866-example.sdp");
        assertEquals(List.of(new Codec(0, "PCMU", 8000, 1, Map.of(), List.of())), rfc.media().get(0).codecs());
        assertEquals("h263-1998", rfc.media().get(2).codecs().get(0).name());
        assertEquals(List.of(new Connection("IN", "IP6", "2001:db8::2")), rfc.media().get(2).connections());
    }

    @Test
    void pionIceLiteAndTrailingSpaces() {
        SessionDescription offer = Corpus.parse("pion-offer-ice-lite-data.sdp");
        assertTrue(offer.has(Property.ICE_LITE));
        assertEquals(new MsidSemantic(false, "WMS*", List.of()), offer.attribute(MsidSemantic.class).orElseThrow());
        SessionDescription answer = Corpus.parse("pion-answer-audio-video-data.sdp");
        List<String> feedback = answer.media().get(1).codecs().get(0).feedback().stream().map(RtcpFeedback::feedback).toList();
        assertEquals(List.of("goog-remb", "ccm fir", "nack", "nack pli", "transport-cc"), feedback);
    }

    @Test
    void jsepDefaultsBuildAWritableDescription() throws SdpParseException {
        MediaDescription audio = MediaDescription.of("audio", 9, "UDP/TLS/RTP/SAVPF", List.of("111"),
                new Codec(111, "opus", 48000, 2, Map.of("minptime", "10"), List.of()).attributes());
        SessionDescription description = SessionDescription.of(Origin.of(42, 2), List.of(), List.of(audio));
        assertEquals("v=0\r\no=- 42 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
                + "c=IN IP4 0.0.0.0\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10\r\n", description.write());
        assertEquals(description, SessionDescription.parse(description.write()));
    }
}
