package io.purertc.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** Typed attributes read from single lines, most of them the examples of their RFCs. */
class AttributeTest {

    private static final String HEAD = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    /** Parses {@code line} as the only attribute of an audio section and checks it writes back. */
    private static Attribute mediaAttribute(String line) throws SdpParseException {
        String text = HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" + line + "\r\n";
        SessionDescription parsed = SessionDescription.parse(text);
        assertEquals(text, parsed.write());
        return parsed.media().get(0).attributes().get(0);
    }

    @Test
    void rtpmapWithAndWithoutChannels() throws SdpParseException {
        assertEquals(new Rtpmap(111, "opus", 48000, OptionalInt.of(2)), mediaAttribute("a=rtpmap:111 opus/48000/2"));
        assertEquals(new Rtpmap(96, "VP8", 90000, OptionalInt.empty()), mediaAttribute("a=rtpmap:96 VP8/90000"));
    }

    @Test
    void fmtpKeepsItsTextAndReadsAnOrderedMap() throws SdpParseException {
        Fmtp fmtp = (Fmtp) mediaAttribute("a=fmtp:102 level-asymmetry-allowed=1; packetization-mode=1;profile-level-id=42e01f");
        assertEquals(List.of("level-asymmetry-allowed", "packetization-mode", "profile-level-id"),
                List.copyOf(fmtp.parameterMap().keySet()));
        assertEquals("42e01f", fmtp.parameterMap().get("profile-level-id"));
        assertEquals(Map.of("0-15", ""), ((Fmtp) mediaAttribute("a=fmtp:101 0-15")).parameterMap());
        Map<String, String> opus = new LinkedHashMap<>();
        opus.put("minptime", "10");
        opus.put("useinbandfec", "1");
        assertEquals("minptime=10;useinbandfec=1", Fmtp.of(111, opus).parameters());
        assertEquals("0-15", Fmtp.of(101, Map.of("0-15", "")).parameters());
    }

    @Test
    void rtcpFeedbackWithWildcardParameterAndPionTrailingSpace() throws SdpParseException {
        assertEquals(RtcpFeedback.of(96, "nack", "pli"), mediaAttribute("a=rtcp-fb:96 nack pli"));
        RtcpFeedback wildcard = (RtcpFeedback) mediaAttribute("a=rtcp-fb:* trr-int 100");
        assertTrue(wildcard.isWildcard());
        assertTrue(wildcard.appliesTo(7));
        assertEquals("trr-int 100", wildcard.feedback());
        RtcpFeedback pion = (RtcpFeedback) mediaAttribute("a=rtcp-fb:96 nack ");
        assertEquals(Optional.of(""), pion.parameter());
        assertEquals("nack", pion.feedback());
    }

    @Test
    void extmapWithDirectionAndExtensionAttributes() throws SdpParseException {
        // RFC 8285 §8 examples
        assertEquals(new Extmap(1, Optional.empty(), "http://example.com/082005/ext.htm#ttime", ""),
                mediaAttribute("a=extmap:1 http://example.com/082005/ext.htm#ttime"));
        assertEquals(new Extmap(2, Optional.of(Direction.SENDRECV), "http://example.com/082005/ext.htm#xmeta", "short"),
                mediaAttribute("a=extmap:2/sendrecv http://example.com/082005/ext.htm#xmeta short"));
        assertEquals(Optional.of(Direction.RECVONLY),
                ((Extmap) mediaAttribute("a=extmap:4096/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level")).direction());
    }

    @Test
    void ssrcAndSsrcGroupOfRfc5576() throws SdpParseException {
        assertEquals(new Ssrc(314159, "cname", Optional.of("user@example.com")),
                mediaAttribute("a=ssrc:314159 cname:user@example.com"));
        assertEquals(new Ssrc(4294967295L, "msid", Optional.of("stream track")),
                mediaAttribute("a=ssrc:4294967295 msid:stream track"));
        assertEquals(new Ssrc(1, "previous-ssrc", Optional.empty()), mediaAttribute("a=ssrc:1 previous-ssrc"));
        assertEquals(new SsrcGroup("FID", List.of(1L, 2L)), mediaAttribute("a=ssrc-group:FID 1 2"));
    }

    @Test
    void ridsOfRfc8851() throws SdpParseException {
        Rid rid = (Rid) mediaAttribute("a=rid:5 send pt=99,102;max-br=64000;max-width=1280;max-height=720;max-fps=30");
        assertEquals(Rid.Direction.SEND, rid.direction());
        assertEquals(List.of(99, 102), rid.payloadTypes());
        assertEquals("1280", rid.restrictions().get("max-width"));
        assertEquals(List.of("max-br", "max-width", "max-height", "max-fps"), List.copyOf(rid.restrictions().keySet()));
        assertEquals(new Rid("1", Rid.Direction.RECV, List.of(), Map.of()), mediaAttribute("a=rid:1 recv"));
        assertEquals(Map.of("max-width", "320", "depend", "1"),
                ((Rid) mediaAttribute("a=rid:2 recv max-width=320;depend=1")).restrictions());
    }

    @Test
    void simulcastOfRfc8853WithAlternativesAndPausedStreams() throws SdpParseException {
        Simulcast simulcast = (Simulcast) mediaAttribute("a=simulcast:send 1;2,~4;3 recv c");
        assertEquals(List.of(
                List.of(new Simulcast.Alternative("1", false)),
                List.of(new Simulcast.Alternative("2", false), new Simulcast.Alternative("4", true)),
                List.of(new Simulcast.Alternative("3", false))), simulcast.send());
        assertEquals(List.of(List.of(new Simulcast.Alternative("c", false))), simulcast.recv());
    }

    @Test
    void candidatesOfEveryKind() throws SdpParseException {
        // RFC 8839 §5.1 example
        Candidate host = (Candidate) mediaAttribute("a=candidate:1 1 UDP 2130706431 203.0.113.141 8998 typ host");
        assertEquals(Candidate.Type.HOST, host.type());
        assertEquals(2130706431L, host.priority());
        Candidate srflx = (Candidate) mediaAttribute(
                "a=candidate:2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998");
        assertEquals(Optional.of("203.0.113.141"), srflx.relatedAddress());
        assertEquals(OptionalInt.of(8998), srflx.relatedPort());
        Candidate tcp = (Candidate) mediaAttribute(
                "a=candidate:3 1 tcp 1518280447 2001:db8::1 9 typ host tcptype active generation 0 network-id 1");
        assertTrue(tcp.isTcp());
        assertEquals(Optional.of(Candidate.TcpType.ACTIVE), tcp.tcpType());
        assertEquals(Optional.of("1"), tcp.extension("network-id"));
        Candidate mdns = (Candidate) mediaAttribute("a=candidate:4 1 udp 2113937151 "
                + "3b7e2f1c-5a0d-4c8e-9f1a-2b3c4d5e6f70.local 56143 typ host generation 0 network-cost 999");
        assertTrue(mdns.isMdns());
        assertEquals(List.of(new Candidate.Extension("generation", "0"), new Candidate.Extension("network-cost", "999")),
                mdns.extensions());
        Candidate relay = (Candidate) mediaAttribute(
                "a=candidate:5 1 udp 41885439 turn.example.net 3478 typ relay raddr 0.0.0.0 rport 0 ufrag x9Zq");
        assertEquals(Candidate.Type.RELAY, relay.type());
        assertEquals(Optional.of("x9Zq"), relay.extension("ufrag"));
    }

    @Test
    void trickledCandidateParsesWithOrWithoutPrefixes() throws SdpParseException {
        String value = "842163049 1 udp 1677729535 198.51.100.7 61293 typ srflx raddr 0.0.0.0 rport 0";
        Candidate plain = Candidate.parse(value);
        assertEquals(plain, Candidate.parse("candidate:" + value));
        assertEquals(plain, Candidate.parse("a=candidate:" + value));
        SdpParseException e = assertThrows(SdpParseException.class,
                () -> Candidate.parse("candidate:1 1 udp 1 198.51.100.7 70000 typ host"));
        assertTrue(e.rule().contains("port"), e.rule());
        assertThrows(SdpParseException.class, () -> Candidate.parse(value + " x " + "y".repeat(SdpParser.MAX_LINE_LENGTH)));
        assertThrows(SdpParseException.class, () -> Candidate.parse(value + " generation 0\u0000"));
    }

    @Test
    void iceAndDtlsAttributes() throws SdpParseException {
        assertEquals(new IceUfrag("F7gI"), mediaAttribute("a=ice-ufrag:F7gI"));
        assertEquals(new IcePwd("x9cml/YzichV2+XlhiMu8g"), mediaAttribute("a=ice-pwd:x9cml/YzichV2+XlhiMu8g"));
        assertFalse(new IcePwd("x9cml/YzichV2+XlhiMu8g").toString().contains("x9cml"));
        assertEquals(new IceOptions(List.of("trickle", "ice2")), mediaAttribute("a=ice-options:trickle ice2"));
        assertEquals(Setup.ACTPASS, mediaAttribute("a=setup:actpass"));
        Fingerprint fingerprint = (Fingerprint) mediaAttribute(
                "a=fingerprint:sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB");
        assertEquals("sha-1", fingerprint.hashFunction());
        assertEquals(20, fingerprint.digest().length);
        assertEquals(0x4a, fingerprint.digest()[0] & 0xff);
        byte[] digest = {1, (byte) 0xab, (byte) 0xff};
        assertEquals("01:AB:FF", Fingerprint.of("sha-256", digest).fingerprint());
        assertArrayEquals(digest, Fingerprint.of("sha-256", digest).digest());
    }

    @Test
    void transportAndDataChannelAttributes() throws SdpParseException {
        assertEquals(new Rtcp(9, Optional.of(Connection.UNSPECIFIED_IP4)), mediaAttribute("a=rtcp:9 IN IP4 0.0.0.0"));
        assertEquals(new Rtcp(53020, Optional.empty()), mediaAttribute("a=rtcp:53020"));
        assertEquals(new SctpPort(5000), mediaAttribute("a=sctp-port:5000"));
        assertEquals(new MaxMessageSize(1073741823), mediaAttribute("a=max-message-size:1073741823"));
        assertEquals(Property.RTCP_MUX, mediaAttribute("a=rtcp-mux"));
        assertEquals(Property.RTCP_RSIZE, mediaAttribute("a=rtcp-rsize"));
        assertEquals(Property.BUNDLE_ONLY, mediaAttribute("a=bundle-only"));
        assertEquals(Property.END_OF_CANDIDATES, mediaAttribute("a=end-of-candidates"));
        assertEquals(Direction.RECVONLY, mediaAttribute("a=recvonly"));
        assertEquals(new Mid("audio"), mediaAttribute("a=mid:audio"));
        assertEquals(new Msid("-", Optional.of("track")), mediaAttribute("a=msid:- track"));
        assertEquals(new Msid("stream", Optional.empty()), mediaAttribute("a=msid:stream"));
    }

    @Test
    void sessionAttributesKeepEachImplementationsSpelling() throws SdpParseException {
        for (String line : List.of("a=msid-semantic: WMS stream", "a=msid-semantic:WMS *", "a=msid-semantic:WMS*",
                "a=group:BUNDLE 0 1 2", "a=group:LS a b", "a=ice-lite", "a=extmap-allow-mixed")) {
            String text = HEAD.replace("t=0 0\r\n", "t=0 0\r\n" + line + "\r\n");
            assertEquals(text, SessionDescription.parse(text).write(), line);
        }
        String chrome = HEAD.replace("t=0 0\r\n", "t=0 0\r\na=msid-semantic: WMS s1 s2\r\n");
        MsidSemantic semantic = SessionDescription.parse(chrome).attribute(MsidSemantic.class).orElseThrow();
        assertEquals(new MsidSemantic(true, "WMS", List.of("s1", "s2")), semantic);
    }

    @Test
    void unknownAttributesStayInPlaceAsText() throws SdpParseException {
        Attribute property = mediaAttribute("a=x-google-flag:conference");
        assertEquals(new UnknownAttribute("x-google-flag", Optional.of("conference")), property);
        assertEquals(new UnknownAttribute("sctpmap", Optional.of("5000 webrtc-datachannel 1024")),
                mediaAttribute("a=sctpmap:5000 webrtc-datachannel 1024"));
        assertEquals(new UnknownAttribute("rtcp-mux-only", Optional.empty()), mediaAttribute("a=rtcp-mux-only"));
        assertEquals(new UnknownAttribute("ptime", Optional.of("")), mediaAttribute("a=ptime:"));
    }
}
