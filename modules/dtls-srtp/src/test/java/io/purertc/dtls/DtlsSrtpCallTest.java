package io.purertc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.purertc.srtp.SrtpProfile;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two in-process endpoints complete DTLS-SRTP over a loopback ICE pair, in both role assignments and with
 * each profile, and exchange protected RTP and RTCP both ways.
 */
class DtlsSrtpCallTest {

    static Stream<Arguments> profilesAndRoles() {
        return Stream.of(SrtpProfile.values())
                .flatMap(profile -> Stream.of(Arguments.of(profile, true), Arguments.of(profile, false)));
    }

    /** A version-2 RTP packet: PT 111, the given sequence number, SSRC, and a random payload. */
    static byte[] rtp(int ssrc, int sequence, Random random) {
        byte[] payload = new byte[20 + random.nextInt(1000)];
        random.nextBytes(payload);
        return ByteBuffer.allocate(12 + payload.length).put((byte) 0x80).put((byte) 111).putShort((short) sequence)
                .putInt(sequence * 960).putInt(ssrc).put(payload).array();
    }

    /** A receiver report without report blocks (RFC 3550 §6.4.2). */
    static byte[] rtcp(int ssrc) {
        return ByteBuffer.allocate(8).put((byte) 0x80).put((byte) 201).putShort((short) 1).putInt(ssrc).array();
    }

    static void exchange(SrtpCall call, Random random) throws Exception {
        for (SrtpCall.Side from : new SrtpCall.Side[] {call.controlling, call.controlled}) {
            SrtpCall.Side to = from == call.controlling ? call.controlled : call.controlling;
            int ssrc = random.nextInt();
            for (int i = 0; i < 50; i++) {
                byte[] packet = i % 10 == 9 ? rtcp(ssrc) : rtp(ssrc, 65_530 + i, random);
                from.sendMedia(packet);
                byte[] received = to.media.poll(5, TimeUnit.SECONDS);
                assertNotNull(received, "packet " + i + " lost");
                assertArrayEquals(packet, received);
            }
            assertEquals(0, to.refused.get());
        }
    }

    @ParameterizedTest
    @MethodSource("profilesAndRoles")
    void protectedRtpAndRtcpFlowBothWaysAfterTheHandshake(SrtpProfile profile, boolean controllingIsClient)
            throws Exception {
        try (SrtpCall call = SrtpCall.connect(profile, controllingIsClient, TestCertificates.CLIENT,
                TestCertificates.SERVER)) {
            assertEquals(profile, call.clientResult.profile());
            exchange(call, new Random(profile.id()));
        }
    }
}
