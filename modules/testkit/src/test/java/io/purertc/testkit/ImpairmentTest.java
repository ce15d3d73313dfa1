package io.purertc.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

class ImpairmentTest {

    private static final long VIDEO = 0xCAFEBABEL;

    @Test
    void rtpSsrcSelectsThatStreamsRtpOnly() {
        Predicate<byte[]> video = Impairment.rtpSsrc(VIDEO);
        assertTrue(video.test(TestPackets.rtp(96, 1, VIDEO)));
        assertFalse(video.test(TestPackets.rtp(96, 1, 0x11111111L)));
        assertFalse(video.test(TestPackets.senderReport(VIDEO, 1)), "an RTCP sender report is not RTP");
        byte[] stun = TestPackets.rtp(96, 1, VIDEO);
        stun[0] = 0x00;
        assertFalse(video.test(stun));
        byte[] dtls = TestPackets.rtp(96, 1, VIDEO);
        dtls[0] = 0x16;
        assertFalse(video.test(dtls));
        assertFalse(video.test(new byte[0]));
        assertFalse(video.test(java.util.Arrays.copyOf(TestPackets.rtp(96, 1, VIDEO), 11)));
    }

    @Test
    void rtpPayloadTypeIgnoresTheMarkerAndRtcp() {
        byte[] marked = TestPackets.rtp(96, 1, VIDEO);
        marked[1] = (byte) 0xE0;
        assertTrue(Impairment.rtpPayloadType(96).test(marked));
        assertFalse(Impairment.rtpPayloadType(111).test(marked));
        for (int rtcpType = 200; rtcpType <= 206; rtcpType++) {
            byte[] rtcp = TestPackets.rtp(rtcpType & 0x7F, 1, VIDEO);
            rtcp[1] = (byte) rtcpType;
            assertFalse(Impairment.rtpPayloadType(rtcpType & 0x7F).test(rtcp), "RTCP type " + rtcpType);
        }
    }

    @Test
    void classifiersNeverThrowOnArbitraryBytes() {
        SplittableRandom random = new SplittableRandom(5);
        Predicate<byte[]> either = Impairment.rtpSsrc(VIDEO).or(Impairment.rtpPayloadType(96));
        for (int i = 0; i < 10_000; i++) {
            byte[] data = new byte[random.nextInt(20)];
            random.nextBytes(data);
            assertDoesNotThrow(() -> either.test(data));
        }
    }

    @Test
    void builderRejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> Impairment.builder().loss(1.5));
        assertThrows(IllegalArgumentException.class, () -> Impairment.builder().duplicate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Impairment.builder().delay(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> Impairment.builder().bandwidthCap(0, 1500, 10_000));
        assertThrows(IllegalArgumentException.class, () -> Impairment.builder().bandwidthCap(1_000_000, 1500, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Impairment.builder().burstLoss(0.1, -0.1, 1));
    }
}
