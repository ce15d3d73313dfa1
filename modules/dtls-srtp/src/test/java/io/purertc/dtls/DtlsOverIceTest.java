package io.purertc.dtls;

import static io.purertc.dtls.DtlsEndpointTest.assertSameKeys;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.purertc.srtp.SrtpProfile;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DTLS-SRTP over two real ICE agents on loopback, for every profile in both role assignments: the agents
 * connect, each endpoint sends with {@code IceAgent::send} and receives what the agent's data handler classes
 * as DTLS (RFC 7983); then the keys agree, application data passes, and protected RTP and RTCP flow both ways.
 */
class DtlsOverIceTest {

    static Stream<Arguments> profilesAndRoles() {
        return Stream.of(SrtpProfile.values())
                .flatMap(profile -> Stream.of(Arguments.of(profile, true), Arguments.of(profile, false)));
    }

    @ParameterizedTest
    @MethodSource("profilesAndRoles")
    void handshakeOverConnectedAgents(SrtpProfile profile, boolean controllingIsClient) throws Exception {
        try (SrtpCall call = SrtpCall.connect(profile, controllingIsClient, TestCertificates.CLIENT,
                TestCertificates.SERVER)) {
            assertSameKeys(call.clientResult, call.serverResult);
            assertEquals(profile, call.clientResult.profile());
            byte[] data = {42, 43};
            call.client.endpoint.send(data, 0, data.length);
            assertArrayEquals(data, call.server.applicationData.poll(10, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @MethodSource("profilesAndRoles")
    void protectedRtpAndRtcpFlowBothWaysAfterTheHandshake(SrtpProfile profile, boolean controllingIsClient)
            throws Exception {
        try (SrtpCall call = SrtpCall.connect(profile, controllingIsClient, TestCertificates.CLIENT,
                TestCertificates.SERVER)) {
            call.exchange(new Random(profile.id()));
        }
    }
}
