package io.purertc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.purertc.ice.IceCandidate;
import io.purertc.peer.InvalidDescriptionException.Reason;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Trickled candidates (RFC 8840 §4.3) in the shape browsers send them. */
class JsepCandidateTest {

    private static final RemoteDescription CHROMIUM = Sdps.readCorpus(Sdps.CHROMIUM_OFFER);
    private static final String HOST = "candidate:842163049 1 udp 2122260223 192.168.1.23 54400 typ host generation 0";
    private static final IceCandidate EXPECTED = Sdps.host("192.168.1.23", 54400);

    private static Optional<IceCandidate> candidate(String text, String mid, OptionalInt index)
            throws InvalidDescriptionException {
        return JsepDescriptions.candidate(new IceCandidateInit(text, mid, index), CHROMIUM);
    }

    private static Reason refusal(String text, String mid, OptionalInt index) {
        return assertThrows(InvalidDescriptionException.class, () -> candidate(text, mid, index)).reason();
    }

    private static void assertSameTransportAddress(Optional<IceCandidate> candidate) {
        assertEquals(Optional.of(EXPECTED.address()), candidate.map(IceCandidate::address));
        assertEquals(2122260223L, candidate.orElseThrow().priority());
    }

    @Test
    void aBrowserCandidateIsTakenByMidOrByIndex() throws Exception {
        assertSameTransportAddress(candidate(HOST, "0", OptionalInt.of(0)));
        assertSameTransportAddress(candidate(HOST, "1", OptionalInt.empty()));
        assertSameTransportAddress(candidate(HOST, null, OptionalInt.of(1)));
        assertSameTransportAddress(candidate(HOST.substring("candidate:".length()), "0", OptionalInt.empty()));
        assertSameTransportAddress(candidate("a=" + HOST, "0", OptionalInt.empty()));
    }

    @Test
    void theMidWinsOverTheIndex() throws Exception {
        assertSameTransportAddress(candidate(HOST, "0", OptionalInt.of(99)));
        assertEquals(Reason.INVALID_CANDIDATE, refusal(HOST, "9", OptionalInt.of(0)));
    }

    @Test
    void aCandidateForNoSectionIsRefused() {
        assertEquals(Reason.INVALID_CANDIDATE, refusal(HOST, "video", OptionalInt.empty()));
        assertEquals(Reason.INVALID_CANDIDATE, refusal(HOST, null, OptionalInt.of(3)));
        assertEquals(Reason.INVALID_CANDIDATE, refusal(HOST, null, OptionalInt.of(-1)));
        assertEquals(Reason.INVALID_CANDIDATE, refusal(HOST, null, OptionalInt.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "candidate:", "garbage", "candidate:1 1 udp 1 1.2.3.4 typ host",
        "candidate:1 1 sctp 1 1.2.3.4 5 typ host", "candidate:1 1 udp 1 1.2.3.4 5 typ nat",
        "candidate:1 0 udp 1 1.2.3.4 5 typ host", "candidate:1 1 udp 1 1.2.3.4 70000 typ host",
        "candidate:1 1 udp 1 1.2.3.4 5 typ srflx raddr", "candidate:1 1 udp 1 1.2.3.4 5 typ host\r\na=x"})
    void textThatIsNoCandidateIsRefused(String text) {
        assertEquals(Reason.INVALID_CANDIDATE, refusal(text, "0", OptionalInt.empty()));
    }

    /** Well formed, but nothing a UDP agent that never resolves names can pair: skipped, not refused. */
    @ParameterizedTest
    @ValueSource(strings = {
        "candidate:3088718838 1 tcp 1518280447 192.168.1.23 9 typ host tcptype active generation 0",
        "candidate:3359605033 1 udp 2113937151 68c5b70f-5931-4136-a9bf-519425322954.local 54400 typ host",
        "candidate:842163049 2 udp 2122260222 192.168.1.23 54401 typ host generation 0"})
    void aCandidateTheAgentCannotPairIsSkipped(String text) throws Exception {
        assertEquals(Optional.empty(), candidate(text, "0", OptionalInt.empty()));
    }

    @Test
    void aCandidateForARejectedSectionIsSkipped() throws Exception {
        RemoteDescription offer = Sdps.read(Sdps.text(Sdps.CHROMIUM_OFFER).replace("m=application 9", "m=application 0")
                .replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0 1"));

        assertEquals(Optional.empty(), JsepDescriptions.candidate(new IceCandidateInit(HOST, "2",
                OptionalInt.empty()), offer));
    }

    @Test
    void ourCandidatesTrickleInTheFormBrowsersSend() throws Exception {
        IceCandidate reflexive = Sdps.reflexive("203.0.113.9", 6000, "10.0.0.2", 5000);
        IceCandidateInit init = JsepDescriptions.candidateInit(reflexive, "0", 0);

        assertEquals("candidate:2 1 udp 1694498815 203.0.113.9 6000 typ srflx raddr 10.0.0.2 rport 5000",
                init.candidate());
        assertEquals("0", init.sdpMid());
        assertEquals(OptionalInt.of(0), init.sdpMLineIndex());
        assertEquals(Optional.of(reflexive), JsepDescriptions.candidate(init, CHROMIUM));
    }
}
