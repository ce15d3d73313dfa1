package io.purertc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input is rejected with the line it is on and the rule it breaks. */
class MalformedSdpTest {

    /** Lines 1-4. */
    private static final String HEAD = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    /** Lines 1-5: HEAD and an audio m= line. */
    private static final String AUDIO = HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
    private static final String CANDIDATE = "a=candidate:1 1 udp 2130706431 192.0.2.1 5000 typ host";

    static SdpParseException reject(String text) {
        return assertThrows(SdpParseException.class, () -> SessionDescription.parse(text));
    }

    static void assertRejected(String text, int line, String rule) {
        SdpParseException e = reject(text);
        assertEquals(line, e.lineNumber(), e.getMessage());
        assertTrue(e.rule().contains(rule), "rule \"" + e.rule() + "\" should contain \"" + rule + "\"");
        assertTrue(e.getMessage().startsWith("SDP line " + line + " \""), e.getMessage());
    }

    static Stream<Arguments> structure() {
        return Stream.of(
                Arguments.of("", 1, "empty description"),
                Arguments.of("o=- 1 1 IN IP4 127.0.0.1\r\nv=0\r\n", 1, "first line must be v="),
                Arguments.of("v=1\r\n", 1, "v= must be 0"),
                Arguments.of("v=0\r\ns=-\r\n", 2, "o= must follow v="),
                Arguments.of("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nt=0 0\r\n", 3, "s= must follow o="),
                Arguments.of("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n", 3, "ended before"),
                Arguments.of(HEAD + "v=0\r\n", 5, "v= must come before"),
                Arguments.of(HEAD + "c=IN IP4 192.0.2.1\r\n", 5, "c= must come before t="),
                Arguments.of(HEAD.replace("t=0 0\r\n", "a=ice-lite\r\n"), 4, "t= must come before a="),
                Arguments.of(HEAD.replace("t=0 0\r\n", "r=1d 1h 0\r\n"), 4, "r= must follow a t= line"),
                Arguments.of(HEAD + "z=0 -1h\r\nz=0 -1h\r\n", 6, "second z="),
                Arguments.of(HEAD + "s=again\r\n", 5, "s= must come before"),
                Arguments.of(HEAD + "x=1\r\n", 5, "unknown line type x="),
                Arguments.of(AUDIO + "t=0 0\r\n", 6, "not allowed in a media section"),
                Arguments.of(AUDIO + "a=rtcp-mux\r\nc=IN IP4 0.0.0.0\r\n", 7, "c= must come before a="),
                Arguments.of(AUDIO + "i=one\r\ni=two\r\n", 7, "second i="),
                Arguments.of("m=audio 9 RTP/AVP 0\r\n", 1, "first line must be v="),
                Arguments.of("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\n", 4, "must come before the first m="),
                Arguments.of(HEAD + "a=ice-lite\r\n\r\n", 6, "empty line"),
                Arguments.of(HEAD + "a\r\n", 5, "<lower-case letter>=<value>"),
                Arguments.of(HEAD + "A=b\r\n", 5, "<lower-case letter>=<value>"),
                Arguments.of(HEAD + "ab=c\r\n", 5, "<lower-case letter>=<value>"),
                Arguments.of(HEAD + "=x\r\n", 5, "<lower-case letter>=<value>"),
                Arguments.of(AUDIO + "i=\r\n", 6, "value is empty"));
    }

    @ParameterizedTest
    @MethodSource("structure")
    void lineOrderAndSyntax(String text, int line, String rule) {
        assertRejected(text, line, rule);
    }

    static Stream<Arguments> controlCharacters() {
        return Stream.of(
                Arguments.of(HEAD + "s\u0000=x\r\n", "U+0000"),
                Arguments.of(HEAD + "a=tool:x\u0000y\r\n", "U+0000"),
                Arguments.of(HEAD + "a=tool:x\ry\r\n", "U+000D"),
                Arguments.of(HEAD + "a=tool:x\ty\r\n", "U+0009"),
                Arguments.of(HEAD + "a=tool:x\u007fy\r\n", "U+007F"),
                Arguments.of(HEAD + "a=tool:x\r\r\n", "U+000D"));
    }

    @ParameterizedTest
    @MethodSource("controlCharacters")
    void controlCharactersAreRejected(String text, String rule) {
        assertRejected(text, 5, rule);
    }

    static Stream<Arguments> fields() {
        return Stream.of(
                Arguments.of("v=0\r\no=- 1 1 IN IP4\r\n", 2, "unicast-address is missing"),
                Arguments.of("v=0\r\no=- x1 1 IN IP4 127.0.0.1\r\n", 2, "sess-id \"x1\" is not a decimal number"),
                Arguments.of("v=0\r\no=- 1 v2 IN IP4 127.0.0.1\r\n", 2, "sess-version"),
                Arguments.of("v=0\r\no=- 1 1 IN IP4 127.0.0.1 extra\r\n", 2, "unexpected text"),
                Arguments.of("v=0\r\no=-  1 1 IN IP4 127.0.0.1\r\n", 2, "single space"),
                Arguments.of(HEAD.replace("t=0 0", "t=0 x"), 4, "stop-time \"x\" is not a decimal number"),
                Arguments.of(HEAD.replace("t=0 0", "t=0"), 4, "stop-time is missing"),
                Arguments.of(HEAD + "r=7d 1h\r\n", 5, "interval, a duration and at least one offset"),
                Arguments.of(HEAD + "r=7d 1x 0\r\n", 5, "typed-time"),
                Arguments.of(HEAD.replace("t=0 0\r\n", "b=AS:fast\r\nt=0 0\r\n"), 4, "bandwidth \"fast\""),
                Arguments.of(HEAD.replace("t=0 0\r\n", "b=AS\r\nt=0 0\r\n"), 4, "<bwtype>:<bandwidth>"),
                Arguments.of(HEAD.replace("t=0 0\r\n", "c=IN IP4\r\nt=0 0\r\n"), 4, "connection-address is missing"),
                Arguments.of(HEAD + "m=audio x RTP/AVP 0\r\n", 5, "port \"x\" is not a decimal number"),
                Arguments.of(HEAD + "m=audio 65536 RTP/AVP 0\r\n", 5, "port 65536 is outside 0..65535"),
                Arguments.of(HEAD + "m=audio 9/0 RTP/AVP 0\r\n", 5, "number of ports 0"),
                Arguments.of(HEAD + "m=audio 9\r\n", 5, "proto is missing"),
                Arguments.of(HEAD + "m=audio 9 RTP/AVP\r\n", 5, "fmt is missing"),
                Arguments.of(HEAD + "m=audio 9 RTP//AVP 0\r\n", 5, "tokens joined by /"),
                Arguments.of(HEAD + "m=audio 9 RTP/AVP opus\r\n", 5, "must be a payload type"),
                Arguments.of(HEAD + "m=audio 9 RTP/AVP 128\r\n", 5, "must be a payload type"),
                Arguments.of(HEAD + "m=aud:io 9 RTP/AVP 0\r\n", 5, "media \"aud:io\" is not a token"),
                Arguments.of(HEAD + "m=application 9 UDP/DTLS/SCTP web:rtc\r\n", 5, "fmt \"web:rtc\" is not a token"),
                Arguments.of(AUDIO + "b=AS:99999999999999999999\r\n", 6, "too long"));
    }

    @ParameterizedTest
    @MethodSource("fields")
    void badFields(String text, int line, String rule) {
        assertRejected(text, line, rule);
    }

    static Stream<Arguments> candidates() {
        return Stream.of(
                Arguments.of("a=candidate:", "foundation is missing"),
                Arguments.of("a=candidate:1234567890123456789012345678901234 1 udp 1 192.0.2.1 5000 typ host", "foundation"),
                Arguments.of("a=candidate:f_1 1 udp 1 192.0.2.1 5000 typ host", "foundation"),
                Arguments.of("a=candidate:1 0 udp 1 192.0.2.1 5000 typ host", "component-id 0 is outside 1..256"),
                Arguments.of("a=candidate:1 one udp 1 192.0.2.1 5000 typ host", "component-id \"one\""),
                Arguments.of("a=candidate:1 1 sctp 1 192.0.2.1 5000 typ host", "transport must be UDP or TCP"),
                Arguments.of("a=candidate:1 1 udp high 192.0.2.1 5000 typ host", "priority \"high\""),
                Arguments.of("a=candidate:1 1 udp 4294967296 192.0.2.1 5000 typ host", "priority 4294967296"),
                Arguments.of("a=candidate:1 1 udp 1 192.0.2.256 5000 typ host", "is not an IPv4, IPv6 or domain name"),
                Arguments.of("a=candidate:1 1 udp 1 2001:db8:::1 5000 typ host", "is not an IPv4, IPv6 or domain name"),
                Arguments.of("a=candidate:1 1 udp 1 bad_host.local 5000 typ host", "is not an IPv4, IPv6 or domain name"),
                Arguments.of("a=candidate:1 1 udp 1 192.0.2.1 65536 typ host", "port 65536"),
                Arguments.of("a=candidate:1 1 udp 1 192.0.2.1 5000 type host", "\"typ\" must follow the port"),
                Arguments.of("a=candidate:1 1 udp 1 192.0.2.1 5000 typ", "candidate type is missing"),
                Arguments.of("a=candidate:1 1 udp 1 192.0.2.1 5000 typ local", "candidate type must be host"),
                Arguments.of("a=candidate:1 1 udp 1 192.0.2.1 5000 typ srflx raddr 1.2.3 rport 0", "raddr \"1.2.3\""),
                Arguments.of("a=candidate:1 1 udp 1 192.0.2.1 5000 typ srflx raddr 0.0.0.0 rport x", "rport \"x\""),
                Arguments.of("a=candidate:1 1 udp 1 192.0.2.1 5000 typ host generation", "value of generation is missing"),
                Arguments.of("a=candidate:1 1 tcp 1 192.0.2.1 9 typ host tcptype client", "tcptype must be"),
                Arguments.of("a=candidate:1 1 udp 1 192.0.2.1 5000 typ host generation 0 raddr 0.0.0.0", "right after typ"),
                Arguments.of(CANDIDATE + " ", "trailing space"));
    }

    @ParameterizedTest
    @MethodSource("candidates")
    void badCandidateFields(String line, String rule) {
        assertRejected(AUDIO + CANDIDATE + "\r\n" + line + "\r\n", 7, rule);
    }

    static Stream<Arguments> attributes() {
        return Stream.of(
                Arguments.of("a=rtpmap:abc opus/48000/2", "payload type \"abc\""),
                Arguments.of("a=rtpmap:128 opus/48000/2", "payload type 128"),
                Arguments.of("a=rtpmap:111 opus", "<encoding name>/<clock rate>"),
                Arguments.of("a=rtpmap:111 opus/fast", "clock rate \"fast\""),
                Arguments.of("a=rtpmap:111 opus/48000/two", "channels \"two\""),
                Arguments.of("a=fmtp:x minptime=10", "payload type \"x\""),
                Arguments.of("a=fmtp:111", "format parameters is missing"),
                Arguments.of("a=rtcp-fb:x nack", "payload type \"x\""),
                Arguments.of("a=extmap:0 urn:x", "extmap id must be"),
                Arguments.of("a=extmap:x urn:x", "extmap id \"x\""),
                Arguments.of("a=extmap:1/both urn:x", "extmap direction"),
                Arguments.of("a=ssrc:x cname:a", "ssrc-id \"x\""),
                Arguments.of("a=ssrc:4294967296 cname:a", "ssrc-id 4294967296"),
                Arguments.of("a=ssrc-group:FID 1 x", "ssrc-id \"x\""),
                Arguments.of("a=rid:a+b send", "rid-id"),
                Arguments.of("a=rid:a sideways", "rid-dir"),
                Arguments.of("a=rid:a send pt=x", "rid pt \"x\""),
                Arguments.of("a=rid:a send max-width=1;pt=96", "pt= must be the first"),
                Arguments.of("a=rid:a send max-width=1;max-width=2", "given twice"),
                Arguments.of("a=simulcast:send a;;b", "simulcast rid-id \"\""),
                Arguments.of("a=simulcast:sideways a", "at most one send and one recv"),
                Arguments.of("a=simulcast:send a send b", "at most one send and one recv"),
                Arguments.of("a=ice-ufrag:abc", "ice-ufrag must be 4..256"),
                Arguments.of("a=ice-pwd:tooshort", "ice-pwd must be 22..256"),
                Arguments.of("a=fingerprint:sha-256 AB:CD:E", "hex pairs"),
                Arguments.of("a=fingerprint:sha-256", "fingerprint is missing"),
                Arguments.of("a=setup:client", "setup role"),
                Arguments.of("a=rtcp:x", "port \"x\""),
                Arguments.of("a=sctp-port:70000", "sctp-port 70000"),
                Arguments.of("a=max-message-size:-1", "max-message-size \"-1\""),
                Arguments.of("a=mid", "identification-tag is missing"),
                Arguments.of("a=mid:0 1", "unexpected text"),
                Arguments.of("a=rtcp-mux:yes", "rtcp-mux takes no value"),
                Arguments.of("a=sendrecv:1", "sendrecv takes no value"),
                Arguments.of("a=mi d:0", "attribute name \"mi d\" is not a token"),
                Arguments.of("a=msid:" + "s".repeat(65), "1..64 characters"),
                Arguments.of("a=group:BUNDLE 0  1", "single space"));
    }

    @ParameterizedTest
    @MethodSource("attributes")
    void badAttributes(String line, String rule) {
        assertRejected(AUDIO + line + "\r\n", 6, rule);
    }

    static Stream<Arguments> duplicates() {
        return Stream.of(
                Arguments.of("a=mid:0", "a=mid:1", "second a=mid"),
                Arguments.of("a=sendrecv", "a=recvonly", "second direction attribute"),
                Arguments.of("a=ice-ufrag:abcd", "a=ice-ufrag:efgh", "second a=ice-ufrag"),
                Arguments.of("a=ice-pwd:abcdefghijklmnopqrstuv", "a=ice-pwd:abcdefghijklmnopqrstuw", "second a=ice-pwd"),
                Arguments.of("a=setup:active", "a=setup:passive", "second a=setup"),
                Arguments.of("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 PCMU/8000", "second a=rtpmap for payload type 111"),
                Arguments.of("a=fmtp:111 minptime=10", "a=fmtp:111 stereo=1", "second a=fmtp for payload type 111"),
                Arguments.of("a=extmap:1 urn:a", "a=extmap:1 urn:b", "second a=extmap with id 1"),
                Arguments.of("a=rid:q send", "a=rid:q recv", "second a=rid with id q"),
                Arguments.of("a=simulcast:send q", "a=simulcast:send h", "second a=simulcast"),
                Arguments.of("a=sctp-port:5000", "a=sctp-port:5001", "second a=sctp-port"),
                Arguments.of("a=rtcp-mux", "a=rtcp-mux", "a=rtcp-mux"));
    }

    @ParameterizedTest
    @MethodSource("duplicates")
    void duplicateSingletons(String first, String second, String rule) {
        assertRejected(AUDIO + first + "\r\n" + second + "\r\n", 7, rule);
    }

    @Test
    void singletonsAreCountedPerSection() throws SdpParseException {
        String text = AUDIO + "a=mid:0\r\na=sendonly\r\n" + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=sendonly\r\n";
        assertEquals(2, SessionDescription.parse(text).media().size());
        assertRejected(HEAD + "a=msid-semantic:WMS\r\na=msid-semantic:WMS\r\n", 6, "second a=msid-semantic");
    }

    @Test
    void oversizeInputIsRejectedAtTheLineWhereTheLimitIsCrossed() {
        String line = "a=x-filler:" + "f".repeat(4000) + "\r\n";
        StringBuilder text = new StringBuilder(HEAD);
        while (text.length() <= SdpParser.MAX_LENGTH) {
            text.append(line);
        }
        SdpParseException e = reject(text.toString());
        assertTrue(e.rule().contains("longer than 262144 characters"), e.rule());
        assertEquals(4 + (SdpParser.MAX_LENGTH - HEAD.length()) / line.length() + 1, e.lineNumber());
        assertTrue(e.getMessage().length() < 300, "the message quotes only the start of the line");
    }

    @Test
    void overlongLineIsRejected() {
        assertRejected(HEAD + "a=x-long:" + "y".repeat(SdpParser.MAX_LINE_LENGTH) + "\r\n", 5, "line longer than 4096");
    }

    @Test
    void tooManyLinesAreRejected() {
        String text = HEAD + "a=x\r\n".repeat(SdpParser.MAX_LINES);
        assertRejected(text, SdpParser.MAX_LINES + 1, "more than 8192 lines");
    }

    @Test
    void tooManyMediaSectionsAreRejected() {
        String text = HEAD + "m=audio 9 RTP/AVP 0\r\n".repeat(SdpParser.MAX_MEDIA + 1);
        assertRejected(text, 4 + SdpParser.MAX_MEDIA + 1, "more than 256 media sections");
    }

    @Test
    void messageTruncatesLongLinesButTheExceptionKeepsThem() {
        String line = "a=candidate:1 1 udp 1 192.0.2.1 5000 typ host generation " + "x".repeat(100) + " y";
        SdpParseException e = reject(AUDIO + line + "\r\n");
        assertEquals(line, e.line());
        assertTrue(e.getMessage().contains("...(" + line.length() + " chars)"), e.getMessage());
    }
}
