package io.purertc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatsReportTest {

    private final InboundRtpStats audioIn = new InboundRtpStats("inbound-rtp-1", 1, "audio", "0", 10, 1600, 120, 2,
            0.002, 0, 0, 0, 1.7e12);
    private final OutboundRtpStats videoOut = new OutboundRtpStats("outbound-rtp-2", 2, "video", "1", 5, 5000, 60,
            1, 2, 0, 0.05, 0.25, 3, 0.001, 4, 400);
    private final CandidatePairStats pair = new CandidatePairStats("pair-1", "succeeded", true,
            "candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host", "candidate:2 1 udp 2130706431 10.0.0.2 6000 typ host",
            100, 200, 3, 4, 0.01);
    private final TransportStats transport = new TransportStats("transport-1", "connected", "connected", "server",
            "AES_CM_128_HMAC_SHA1_80", "pair-1", "cert-local", "cert-remote", 100, 200, 3, 4);
    private final CertificateStats local = new CertificateStats("cert-local", "AB:CD", "sha-256");
    private final CertificateStats remote = new CertificateStats("cert-remote", "EF:01", "sha-256");

    @Test
    void eachLookupFindsItsTypeOnly() {
        StatsReport report = new StatsReport(1.7e12, List.of(local, audioIn, transport, videoOut, pair, remote));
        assertEquals(List.of(audioIn), report.inboundRtp());
        assertEquals(List.of(videoOut), report.outboundRtp());
        assertEquals(List.of(pair), report.candidatePairs());
        assertEquals(Optional.of(transport), report.transport());
        assertEquals(List.of(local, remote), report.certificates());
        assertEquals(Optional.of(pair), report.get(transport.selectedCandidatePairId()));
        assertEquals(Optional.empty(), report.get("nothing"));
    }

    @Test
    void aReportWithoutTransportSaysSo() {
        assertTrue(new StatsReport(0, List.of(audioIn)).transport().isEmpty());
    }

    @Test
    void typesAreTheW3cStrings() {
        assertEquals(List.of("inbound-rtp", "outbound-rtp", "candidate-pair", "transport", "certificate"),
                List.of(audioIn.type(), videoOut.type(), pair.type(), transport.type(), local.type()));
    }

    @Test
    void idsAreUniqueWithinAReport() {
        CertificateStats clash = new CertificateStats("pair-1", "AB", "sha-256");
        assertThrows(IllegalArgumentException.class, () -> new StatsReport(0, List.of(pair, clash)));
    }
}
