package io.purertc.peer;

import io.purertc.dtls.DtlsCertificate;
import io.purertc.dtls.DtlsHandshakeResult;
import io.purertc.ice.IceAgent;
import io.purertc.ice.IceCandidate;
import io.purertc.ice.IceCandidatePair;
import io.purertc.sdp.Fingerprint;
import io.purertc.srtp.SrtpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Gathers one connection's W3C stats objects on its event loop (W3C webrtc-stats §3, §6). */
final class PeerStats {

    private static final String TRANSPORT_ID = "T01";
    private static final String PAIR_ID = "CP01";
    private static final String LOCAL_CERTIFICATE_ID = "CFlocal";
    private static final String REMOTE_CERTIFICATE_ID = "CFremote";

    private PeerStats() {
    }

    static StatsReport collect(BundleTransport transport, IceAgent agent, DtlsCertificate certificate) {
        List<RtcStats> stats = new ArrayList<>(transport.rtpStats());
        BundleTransport.Counters counters = transport.counters();
        IceCandidatePair pair = agent == null ? null : agent.selectedPair();
        if (pair != null) {
            long roundTrip = agent.selectedRoundTripNanos();
            stats.add(new CandidatePairStats(PAIR_ID, "succeeded", pair.nominated(), candidate(pair.local()),
                    candidate(pair.remote()), counters.bytesSent(), counters.bytesReceived(), counters.packetsSent(),
                    counters.packetsReceived(), roundTrip < 0 ? Double.NaN : roundTrip / 1e9));
        }
        stats.add(certificate(LOCAL_CERTIFICATE_ID, certificate.fingerprint()));
        DtlsHandshakeResult handshake = transport.handshakeResult();
        if (handshake != null) {
            stats.add(certificate(REMOTE_CERTIFICATE_ID, handshake.peerFingerprint()));
        }
        SrtpSession srtp = transport.srtp();
        stats.add(new TransportStats(TRANSPORT_ID, w3cName(transport.iceState()), w3cName(transport.dtlsState()),
                handshake == null ? "unknown" : handshake.role().isClient() ? "client" : "server",
                srtp == null ? "" : srtp.profile().name(), pair == null ? "" : PAIR_ID, LOCAL_CERTIFICATE_ID,
                handshake == null ? "" : REMOTE_CERTIFICATE_ID, counters.bytesSent(), counters.bytesReceived(),
                counters.packetsSent(), counters.packetsReceived()));
        return new StatsReport(System.currentTimeMillis(), stats);
    }

    private static String candidate(IceCandidate candidate) {
        return candidate.toSdp().attributeValue().orElseThrow();
    }

    private static CertificateStats certificate(String id, Fingerprint fingerprint) {
        return new CertificateStats(id, fingerprint.fingerprint(), fingerprint.hashFunction());
    }

    /** W3C enum values are the lower-case state names. */
    private static String w3cName(Enum<?> state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
