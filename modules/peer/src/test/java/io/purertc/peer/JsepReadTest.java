package io.purertc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.ice.IceCandidate;
import io.purertc.media.MediaKind;
import io.purertc.peer.InvalidDescriptionException.Reason;
import io.purertc.sdp.Candidate;
import io.purertc.sdp.Direction;
import io.purertc.sdp.Msid;
import io.purertc.sdp.SdpParseException;
import io.purertc.sdp.SessionDescription;
import io.purertc.sdp.Setup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Histogram;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading remote descriptions for WebRTC use (RFC 8829 §5.8, §5.10), and refusing the ones we cannot use. */
class JsepReadTest {

    private static final String CHROMIUM = Sdps.text(Sdps.CHROMIUM_OFFER);

    private static Reason refusal(String text) {
        SessionDescription sdp = Sdps.parse(text);
        return assertThrows(InvalidDescriptionException.class, () -> JsepDescriptions.read(sdp)).reason();
    }

    /** {@code text} without its lines that start with {@code prefix}. */
    private static String without(String text, String prefix) {
        return Arrays.stream(text.split("\r\n")).filter(line -> !line.startsWith(prefix))
                .collect(Collectors.joining("\r\n", "", "\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"chromium-offer-audio-video-data.sdp", "chromium-offer-simulcast.sdp",
        "chromium-answer-simulcast-recv.sdp", "firefox-offer-audio-video-data.sdp", "safari-offer-audio-video.sdp",
        "pion-answer-audio-video-data.sdp", "pion-offer-ice-lite-data.sdp", "aiortc-offer-audio-video-data.sdp",
        "aiortc-answer-audio-video.sdp"})
    void everyWebRtcDescriptionOfTheCorpusReads(String file) {
        RemoteDescription read = Sdps.readCorpus(file);

        assertEquals(read.sdp().media().size(), read.sections().size());
        assertFalse(read.bundleMids().isEmpty());
    }

    @Test
    void aChromiumOfferReadsAsItsSectionsAndTransport() {
        RemoteDescription offer = Sdps.readCorpus(Sdps.CHROMIUM_OFFER);

        assertEquals(List.of("0", "1", "2"), offer.bundleMids());
        RemoteSection audio = offer.sections().get(0);
        RemoteSection video = offer.sections().get(1);
        RemoteSection data = offer.sections().get(2);
        assertEquals(Optional.of(MediaKind.AUDIO), audio.kind());
        assertEquals(Optional.of(MediaKind.VIDEO), video.kind());
        assertEquals(Optional.empty(), data.kind());
        assertEquals(Direction.SENDRECV, video.direction());
        assertEquals(List.of(2802268570L), audio.ssrcs());
        assertEquals(List.of(2726555030L), video.ssrcs());
        assertEquals(Map.of(2726555030L, 2353610261L), video.rtxSsrcByPrimary());
        assertEquals(Optional.of(new Msid("1bb7bb48-4c41-46c6-a7f6-643f089d46d0",
                Optional.of("2b9cd537-3dd0-4f70-a30c-ad575bddce67"))), video.msid());
        assertEquals(25, video.codecs().size());

        RemoteTransport transport = offer.transport();
        assertEquals("4kex", transport.ufrag());
        assertEquals("IHPfhCgCJ7ieeVKqPuANBvup", transport.password());
        assertEquals(Setup.ACTPASS, transport.setup());
        assertEquals(1, transport.fingerprints().size());
        assertFalse(transport.endOfCandidates());
        assertFalse(transport.iceLite());
        // Two mDNS host candidates and a TCP one are skipped; the server-reflexive one stays.
        assertEquals(List.of("203.0.113.77:54400"), transport.candidates().stream()
                .map(c -> c.address().getAddress().getHostAddress() + ":" + c.address().getPort()).toList());
    }

    @Test
    void aFirefoxOfferKeepsItsBundleOnlySectionsAndSessionFingerprint() {
        RemoteDescription offer = Sdps.readCorpus(Sdps.FIREFOX_OFFER);

        assertFalse(offer.sections().get(1).rejected(), "bundle-only is port 0 but in use");
        assertEquals(List.of(374835533L), offer.sections().get(1).ssrcs());
        assertEquals(Map.of(374835533L, 2991642632L), offer.sections().get(1).rtxSsrcByPrimary());
        assertEquals(Optional.of(new Msid("{1a223353-c88b-46b1-a4af-3fbd867110d0}",
                Optional.of("{6c4a2c1c-3504-4f13-a499-7b3afb797890}"))), offer.sections().get(0).msid());
        assertEquals("06258c37", offer.transport().ufrag());
        assertEquals("sha-256", offer.transport().fingerprints().get(0).hashFunction());
        assertTrue(offer.transport().endOfCandidates());
        assertEquals(4, offer.transport().candidates().size(), "four UDP candidates, the TCP one skipped");
        assertEquals(Candidate.Type.RELAY, offer.transport().candidates().get(3).type());
    }

    @Test
    void msidFallsBackToTheSsrcAttribute() {
        String text = without(CHROMIUM, "a=msid:");
        RemoteDescription offer = Sdps.read(text);

        assertEquals(Optional.of(new Msid("1bb7bb48-4c41-46c6-a7f6-643f089d46d0",
                Optional.of("39b31372-c29b-4fa6-a7aa-7804ab742a85"))), offer.sections().get(0).msid());
        RemoteDescription bare = Sdps.read(without(text, "a=ssrc:"));
        assertEquals(Optional.empty(), bare.sections().get(0).msid());
        assertEquals(List.of(), bare.sections().get(0).ssrcs());
    }

    @Test
    void anIceLiteOfferSaysSo() throws Exception {
        RemoteDescription offer = Sdps.readCorpus("pion-offer-ice-lite-data.sdp");

        assertTrue(offer.transport().iceLite());
        assertTrue(offer.transport().endOfCandidates());
        assertEquals(List.of(new IceCandidate("344253179", 1, 2130706431L,
                new InetSocketAddress(InetAddress.getByName("203.0.113.40"), 3478), Candidate.Type.HOST, null)),
                offer.transport().candidates());
    }

    @Test
    void aDescriptionWithoutMediaIsRefused() {
        assertEquals(Reason.NO_MEDIA, refusal("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"));
        assertEquals(Reason.NO_MEDIA, refusal(CHROMIUM.replace("m=audio 9", "m=audio 0")
                .replace("m=video 9", "m=video 0").replace("m=application 9", "m=application 0")));
    }

    @Test
    void aDescriptionWithoutFingerprintIsRefused() {
        assertEquals(Reason.MISSING_FINGERPRINT, refusal(without(CHROMIUM, "a=fingerprint:")));
    }

    @Test
    void aDescriptionWithoutIceCredentialsIsRefused() {
        assertEquals(Reason.MISSING_ICE_CREDENTIALS, refusal(without(CHROMIUM, "a=ice-pwd:")));
        assertEquals(Reason.MISSING_ICE_CREDENTIALS, refusal(without(CHROMIUM, "a=ice-ufrag:")));
    }

    @Test
    void credentialsAtSessionLevelServeEverySection() {
        String text = without(without(CHROMIUM, "a=ice-ufrag:"), "a=ice-pwd:")
                .replace("a=extmap-allow-mixed\r\n", "a=ice-ufrag:sess\r\na=ice-pwd:sessionpasswordsessionpass\r\n");

        assertEquals("sess", Sdps.read(text).transport().ufrag());
    }

    @Test
    void anRtpSectionWithoutRtcpMuxIsRefused() {
        assertEquals(Reason.MISSING_RTCP_MUX, refusal(without(CHROMIUM, "a=rtcp-mux")));
        // RFC 8843 §7.1.3: a BUNDLEd section may leave rtcp-mux to the tagged section.
        String onlyTagged = CHROMIUM.replaceFirst("a=rtcp-mux\r\n", "a=rtcp-mux-kept\r\n")
                .replace("a=rtcp-mux\r\n", "").replace("a=rtcp-mux-kept\r\n", "a=rtcp-mux\r\n");
        Sdps.read(onlyTagged);
    }

    @Test
    void aSectionInUseOutsideTheBundleIsRefused() {
        assertEquals(Reason.BUNDLE_MISMATCH, refusal(CHROMIUM.replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0 1")));
        assertEquals(Reason.BUNDLE_MISMATCH, refusal(without(CHROMIUM, "a=group:BUNDLE")));
        assertEquals(Reason.BUNDLE_MISMATCH, refusal(CHROMIUM.replace("a=group:BUNDLE 0 1 2",
                "a=group:BUNDLE 0 1 2 3")));
        assertEquals(Reason.BUNDLE_MISMATCH, refusal(CHROMIUM.replace("a=group:BUNDLE 0 1 2",
                "a=group:BUNDLE 0 1\r\na=group:BUNDLE 2")));
        assertEquals(Reason.BUNDLE_MISMATCH, refusal(CHROMIUM.replace("a=mid:2", "a=mid:1")));
        assertEquals(Reason.BUNDLE_MISMATCH, refusal(without(CHROMIUM, "a=mid:2")));
    }

    @Test
    void aSingleSectionNeedsNoBundle() {
        RemoteDescription offer = Sdps.read(without(Sdps.text("pion-offer-ice-lite-data.sdp"), "a=group:"));

        assertEquals(List.of(), offer.bundleMids());
        assertEquals("JjmyULsFycPaHuKa", offer.transport().ufrag());
    }

    @Test
    void aDescriptionWithoutADtlsRoleIsRefused() {
        assertEquals(Reason.INVALID_SETUP, refusal(without(CHROMIUM, "a=setup:")));
        assertEquals(Reason.INVALID_SETUP, refusal(CHROMIUM.replace("a=setup:actpass", "a=setup:holdconn")));
    }

    /**
     * Chromium's offer with a few lines removed, repeated or altered at one character, a quarter of them then cut
     * short anywhere. Mostly removals: the parser refuses most repeated lines, and most altered ones.
     */
    @Provide
    Arbitrary<String> damagedChromiumOffers() {
        List<String> lines = List.of(CHROMIUM.split("\r\n"));
        Arbitrary<Integer> line = Arbitraries.integers().between(0, lines.size() - 1).withoutEdgeCases();
        Arbitrary<UnaryOperator<List<String>>> remove = line.map(i -> l -> {
            l.remove(i % l.size());
            return l;
        });
        Arbitrary<UnaryOperator<List<String>>> repeat = line.map(i -> l -> {
            l.add(i % l.size(), l.get(i % l.size()));
            return l;
        });
        Arbitrary<UnaryOperator<List<String>>> alter = Combinators.combine(line, Arbitraries.integers().between(0, 120),
                Arbitraries.chars().with("0123456789 :/=-abcdemsvx\t*~".toCharArray())).as((i, at, c) -> l -> {
                    String s = l.get(i % l.size());
                    int position = Math.min(at, s.length());
                    l.set(i % l.size(), s.substring(0, position) + c + s.substring(Math.min(position + 1, s.length())));
                    return l;
                });
        Arbitrary<UnaryOperator<List<String>>> damage = Arbitraries.frequencyOf(
                Tuple.of(6, remove), Tuple.of(1, repeat), Tuple.of(1, alter));
        Arbitrary<Double> cut = Arbitraries.doubles().between(0, 4).withoutEdgeCases();
        return Combinators.combine(damage.list().ofMinSize(1).ofMaxSize(4), cut).as((damages, at) -> {
            List<String> damaged = new ArrayList<>(lines);
            for (UnaryOperator<List<String>> d : damages) {
                if (!damaged.isEmpty()) {
                    damaged = d.apply(damaged);
                }
            }
            String text = String.join("\r\n", damaged) + "\r\n";
            return at < 1 ? text.substring(0, (int) (at * text.length())) : text;
        });
    }

    /**
     * Whatever a peer sends, reading refuses it with the typed exceptions only; what reads, we can answer, and our
     * answer reads back too.
     */
    @Property(tries = 2000)
    @StatisticsReport(format = Histogram.class)
    void damagedOffersAreReadOrRefusedCleanly(@ForAll("damagedChromiumOffers") String text) throws Exception {
        RemoteDescription offer;
        try {
            offer = JsepDescriptions.read(SessionDescription.parse(text));
        } catch (SdpParseException e) {
            Statistics.label("outcome").collect("unparseable");
            return;
        } catch (InvalidDescriptionException e) {
            Statistics.label("outcome").collect(e.reason());
            return;
        }
        Statistics.label("outcome").collect("answered");
        SessionDescription answer = JsepDescriptions.answer(offer, 1, 1,
                Sdps.negotiateAll(offer, Direction.SENDRECV),
                Sdps.transport(Setup.ACTIVE, List.of(Sdps.host("192.0.2.1", 9999)), true, false));
        SessionDescription reparsed = SessionDescription.parse(answer.write());
        if (reparsed.media().stream().anyMatch(m -> !m.isRejected())) {
            JsepDescriptions.read(reparsed);
        }
        Statistics.label("outcome").coverage(coverage -> coverage.check("answered").percentage(p -> p > 5));
    }
}
