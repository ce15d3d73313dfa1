package io.purertc.rtp;

import static io.purertc.rtp.RtpPacketTest.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

class HeaderExtensionCodecsTest {

    private static void assertRule(String rule, ThrowingRead read) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class, read::read);
        assertEquals("RTP", e.protocol());
        assertEquals(rule, e.rule());
    }

    private interface ThrowingRead {
        void read() throws MalformedPacketException;
    }

    @Test
    void midIsUtf8Text() throws Exception {
        byte[] bytes = hex("FF 61 75 64 69 6F FF");
        assertEquals("audio", RtpMid.read(bytes, 1, 5));
        assertArrayEquals("0".getBytes(StandardCharsets.US_ASCII), RtpMid.toBytes("0"));
        assertEquals("vidéo", RtpMid.read(RtpMid.toBytes("vidéo"), 0, 6));
        assertEquals("urn:ietf:params:rtp-hdrext:sdes:mid", RtpMid.URI);
    }

    @Test
    void midEndsAtAZeroByteAsLibwebrtcReadsIt() throws Exception {
        assertEquals("ab", RtpMid.read(hex("61 62 00 00"), 0, 4));
    }

    @Test
    void midMustBeNonEmptyUtf8() {
        assertRule("MID must not be empty", () -> RtpMid.read(hex("00 61"), 0, 2));
        assertRule("MID must not be empty", () -> RtpMid.read(new byte[0], 0, 0));
        assertRule("MID must be valid UTF-8", () -> RtpMid.read(hex("61 FF"), 0, 2));
        assertRule("MID must be valid UTF-8", () -> RtpMid.read(hex("C3"), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> RtpMid.toBytes(""));
        assertThrows(IllegalArgumentException.class, () -> RtpMid.toBytes("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> RtpMid.toBytes("x".repeat(256)));
    }

    @Property
    void stringExtensionsRoundTrip(@ForAll @StringLength(min = 1, max = 60) String text) throws Exception {
        String noNul = text.replace('\0', '_');
        byte[] mid = RtpMid.toBytes(noNul);
        byte[] rid = RtpStreamId.toBytes(noNul);
        assertEquals(noNul, RtpMid.read(mid, 0, mid.length));
        assertEquals(noNul, RtpStreamId.read(rid, 0, rid.length));
    }

    @Test
    void rtpStreamIdCarriesSimulcastAndRepairedIds() throws Exception {
        assertEquals("hi", RtpStreamId.read(hex("68 69"), 0, 2));
        assertRule("RtpStreamId must not be empty", () -> RtpStreamId.read(hex("00"), 0, 1));
        assertEquals("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", RtpStreamId.URI);
        assertEquals("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", RtpStreamId.REPAIRED_URI);
    }

    @Test
    void absSendTimeIsSixPointEighteenSeconds() throws Exception {
        // 1.5 s = 1.5 * 2^18 = 0x060000.
        long ntpOneAndAHalfSeconds = 1L << 32 | 0x8000_0000L;
        assertEquals(0x060000, AbsSendTime.fromNtp(ntpOneAndAHalfSeconds));
        assertEquals(0x060000, AbsSendTime.fromMicros(1_500_000));
        assertEquals(1_500_000, AbsSendTime.toMicros(0x060000));
        assertEquals(ntpOneAndAHalfSeconds, AbsSendTime.toNtp(0x060000));
        assertEquals(0x060000, AbsSendTime.read(hex("06 00 00"), 0, 3));
        assertArrayEquals(hex("06 00 00"), AbsSendTime.toBytes(0x060000));
        assertEquals("http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", AbsSendTime.URI);
    }

    @Test
    void absSendTimeWrapsEverySixtyFourSeconds() {
        assertEquals(0x060000, AbsSendTime.fromMicros(64_000_000 + 1_500_000));
        long ntpManyWrapsLater = (64L * 61_000_000 + 1) << 32 | 0x8000_0000L;
        assertEquals(0x060000, AbsSendTime.fromNtp(ntpManyWrapsLater));
        assertEquals(0xFFFFFF, AbsSendTime.fromMicros(-1));
        assertEquals(0, AbsSendTime.fromMicros(0));
    }

    @Test
    void absSendTimeRejectsWrongLengthsAndValues() {
        assertRule("abs-send-time extension must be 3 bytes", () -> AbsSendTime.read(new byte[4], 0, 4));
        assertRule("abs-send-time extension must be 3 bytes", () -> AbsSendTime.read(new byte[2], 0, 2));
        assertThrows(IllegalArgumentException.class, () -> AbsSendTime.toBytes(1 << 24));
        assertThrows(IllegalArgumentException.class, () -> AbsSendTime.toBytes(-1));
    }

    @Property
    void absSendTimeMicrosRoundTrip(@ForAll @IntRange(max = 0xFFFFFF) int value,
                                    @ForAll @LongRange(min = 0, max = 64_000_000 - 1) long micros) {
        assertEquals(value, AbsSendTime.fromMicros(AbsSendTime.toMicros(value)));
        assertEquals(value, AbsSendTime.fromNtp(AbsSendTime.toNtp(value)));
        long error = AbsSendTime.toMicros(AbsSendTime.fromMicros(micros)) - micros;
        assertTrue(error > -4 && error <= 0, "error " + error + " µs exceeds one 2^-18 s step");
    }

    @Test
    void transportSequenceNumberIsSixteenBits() throws Exception {
        byte[] packet = hex("00 AB CD 00");
        assertEquals(0xABCD, TransportSequenceNumber.read(packet, 1, 2));
        TransportSequenceNumber.write(0x1234, packet, 1);
        assertArrayEquals(hex("00 12 34 00"), packet);
        assertArrayEquals(hex("FF FF"), TransportSequenceNumber.toBytes(65535));
        assertRule("transport-wide-cc extension must be 2 bytes", () -> TransportSequenceNumber.read(packet, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> TransportSequenceNumber.toBytes(65536));
        assertEquals("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                TransportSequenceNumber.URI);
    }

    @Test
    void audioLevelIsTheVoiceBitAndMinusDbov() throws Exception {
        assertEquals(new AudioLevel(true, 5), AudioLevel.read(hex("85"), 0, 1));
        assertEquals(new AudioLevel(false, 127), AudioLevel.read(hex("7F"), 0, 1));
        assertArrayEquals(hex("FF"), new AudioLevel(true, 127).toBytes());
        assertArrayEquals(hex("00"), new AudioLevel(false, 0).toBytes());
        assertRule("ssrc-audio-level extension must be 1 byte", () -> AudioLevel.read(hex("85 00"), 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new AudioLevel(false, 128));
        assertEquals("urn:ietf:params:rtp-hdrext:ssrc-audio-level", AudioLevel.URI);
    }

    @Property
    void audioLevelRoundTrips(@ForAll boolean voiceActivity, @ForAll @IntRange(max = 127) int level)
            throws Exception {
        AudioLevel audioLevel = new AudioLevel(voiceActivity, level);
        assertEquals(audioLevel, AudioLevel.read(audioLevel.toBytes(), 0, 1));
    }

    @Test
    void absCaptureTimeHasAShortAndALongForm() throws Exception {
        byte[] shortForm = hex("E5 00 00 00 80 00 00 00");
        AbsCaptureTime capture = AbsCaptureTime.read(shortForm, 0, 8);
        assertEquals(0xE500000080000000L, capture.absoluteCaptureTimestamp());
        assertFalse(capture.estimatedCaptureClockOffset().isPresent());
        assertArrayEquals(shortForm, capture.toBytes());

        // Offset -1.5 s in signed Q32.32.
        byte[] longForm = hex("E5 00 00 00 80 00 00 00 FF FF FF FE 80 00 00 00");
        AbsCaptureTime withOffset = AbsCaptureTime.read(longForm, 0, 16);
        assertEquals(OptionalLong.of(-(3L << 31)), withOffset.estimatedCaptureClockOffset());
        assertArrayEquals(longForm, withOffset.toBytes());

        for (int length : new int[] {0, 7, 9, 15, 17}) {
            assertRule("abs-capture-time extension must be 8 or 16 bytes",
                    () -> AbsCaptureTime.read(new byte[17], 0, length));
        }
        assertEquals("http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time", AbsCaptureTime.URI);
    }

    @Property
    void absCaptureTimeRoundTrips(@ForAll long timestamp, @ForAll long offset, @ForAll boolean withOffset)
            throws Exception {
        AbsCaptureTime capture = new AbsCaptureTime(timestamp,
                withOffset ? OptionalLong.of(offset) : OptionalLong.empty());
        byte[] bytes = capture.toBytes();
        assertEquals(capture, AbsCaptureTime.read(bytes, 0, bytes.length));
    }

    @Test
    void playoutDelayIsTwoTwelveBitFieldsInTensOfMilliseconds() throws Exception {
        PlayoutDelay delay = PlayoutDelay.read(hex("00 A0 32"), 0, 3);
        assertEquals(new PlayoutDelay(10, 50), delay);
        assertEquals(100, delay.minDelayMillis());
        assertEquals(500, delay.maxDelayMillis());
        assertArrayEquals(hex("FF FF FF"), new PlayoutDelay(4095, 4095).toBytes());
        assertArrayEquals(hex("00 00 00"), new PlayoutDelay(0, 0).toBytes());
        assertRule("playout-delay minimum exceeds maximum", () -> PlayoutDelay.read(hex("00 20 01"), 0, 3));
        assertRule("playout-delay extension must be 3 bytes", () -> PlayoutDelay.read(hex("00 20 01 00"), 0, 4));
        assertThrows(IllegalArgumentException.class, () -> new PlayoutDelay(5, 4));
        assertThrows(IllegalArgumentException.class, () -> new PlayoutDelay(0, 4096));
        assertThrows(IllegalArgumentException.class, () -> new PlayoutDelay(-1, 0));
        assertEquals("http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", PlayoutDelay.URI);
    }

    @Property
    void playoutDelayRoundTrips(@ForAll @IntRange(max = 4095) int a, @ForAll @IntRange(max = 4095) int b)
            throws Exception {
        PlayoutDelay delay = new PlayoutDelay(Math.min(a, b), Math.max(a, b));
        assertEquals(delay, PlayoutDelay.read(delay.toBytes(), 0, 3));
    }

    @Test
    void codecsReadTheElementsAPacketFinds() throws Exception {
        RtpHeader header = new RtpHeader(true, 96, 7, 90_000, 0x1234_5678L, List.of(), List.of(
                new HeaderExtension(2, AbsSendTime.toBytes(0xABCDEF)),
                new HeaderExtension(3, TransportSequenceNumber.toBytes(4321)),
                new HeaderExtension(4, RtpMid.toBytes("1"))));
        byte[] bytes = header.toPacket(new byte[10], 0, 10, 0);
        RtpPacket packet = RtpPacket.parse(bytes, 0, bytes.length);

        assertEquals(0xABCDEF, AbsSendTime.read(bytes, packet.extensionOffset(2), packet.extensionLength(2)));
        assertEquals(4321, TransportSequenceNumber.read(bytes, packet.extensionOffset(3), packet.extensionLength(3)));
        assertEquals("1", RtpMid.read(bytes, packet.extensionOffset(4), packet.extensionLength(4)));
    }
}
