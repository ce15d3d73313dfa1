package io.purertc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.purertc.media.CodecRegistry;
import io.purertc.peer.PeerConnection;
import io.purertc.peer.RtpCapabilities;
import io.purertc.sdp.Codec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What each kind of session offers: the decoding echo only what is installed, the plain echo what it forwards. */
class SessionCapabilitiesTest {

    private static List<String> names(List<Codec> codecs) {
        return codecs.stream().map(codec -> codec.name() + "/" + codec.payloadType()).toList();
    }

    @Test
    void theInstalledCodecsAreOfferedByDefault() {
        // the server's class path has codec-opus: Opus preferred, G.711 on its static payload types
        assertEquals(List.of("opus/96", "PCMU/0", "PCMA/8"), names(RtpCapabilities.installed().audioCodecs()));
        SessionMedia plain = new SessionMedia() {
            @Override
            public void onConnection(PeerConnection connection, Executor mediaWorkers) {
            }

            @Override
            public void onRemoteOffer(PeerConnection connection) {
            }
        };
        assertEquals(RtpCapabilities.installed(), plain.capabilities());
    }

    @Test
    void theDecodingEchoDecodesInstalledAudioAndForwardsVideo() {
        RtpCapabilities capabilities = new DecodingEcho(CodecRegistry.installed(),
                Optional.of(UnaryOperator.identity()), Optional.empty()).capabilities();
        assertEquals(names(RtpCapabilities.installed().audioCodecs()), names(capabilities.audioCodecs()));
        assertEquals(RtpCapabilities.forwarding().videoCodecs(), capabilities.videoCodecs());
        assertEquals(RtpCapabilities.forwarding(), new Echo().capabilities());
    }

    /** Decoding video offers the installed VP8 (with its RTX) and audio as the plain echo forwards it. */
    @Test
    void theVideoDecodingEchoOffersInstalledVideo() {
        RtpCapabilities capabilities = PeerSessions.videoDecodingEcho(UnaryOperator.identity()).capabilities();
        assertEquals(List.of("VP8/" + capabilities.videoCodecs().get(0).payloadType(),
                "rtx/" + capabilities.videoCodecs().get(1).payloadType()), names(capabilities.videoCodecs()));
        assertEquals(RtpCapabilities.installed().videoCodecs(), capabilities.videoCodecs());
        assertEquals(RtpCapabilities.forwarding().audioCodecs(), capabilities.audioCodecs());
    }
}
