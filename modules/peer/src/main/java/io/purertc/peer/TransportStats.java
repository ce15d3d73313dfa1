package io.purertc.peer;

import java.util.Objects;

/**
 * The one BUNDLEd ICE + DTLS-SRTP transport (W3C {@code RTCTransportStats}). Text members not known yet are
 * empty strings.
 *
 * @param iceState the ICE transport state: {@code "new"}, {@code "checking"}, {@code "connected"}, ...
 * @param dtlsState {@code "new"}, {@code "connecting"}, {@code "connected"}, {@code "closed"} or
 *     {@code "failed"}
 * @param dtlsRole {@code "client"}, {@code "server"} or {@code "unknown"}
 * @param srtpCipher the SRTP protection profile, e.g. {@code "AES_CM_128_HMAC_SHA1_80"}
 * @param selectedCandidatePairId the id of the selected pair's {@link CandidatePairStats}
 * @param localCertificateId the id of our {@link CertificateStats}
 * @param remoteCertificateId the id of the remote side's {@link CertificateStats}
 * @param bytesSent payload bytes sent on the transport
 * @param bytesReceived payload bytes received on the transport
 * @param packetsSent datagrams sent on the transport
 * @param packetsReceived datagrams received on the transport
 */
// W3C Identifiers for WebRTC's Statistics API: RTCTransportStats
public record TransportStats(String id, String iceState, String dtlsState, String dtlsRole, String srtpCipher,
        String selectedCandidatePairId, String localCertificateId, String remoteCertificateId, long bytesSent,
        long bytesReceived, long packetsSent, long packetsReceived) implements RtcStats {

    static final String TYPE = "transport";

    public TransportStats {
        Objects.requireNonNull(id);
        Objects.requireNonNull(iceState);
        Objects.requireNonNull(dtlsState);
        Objects.requireNonNull(dtlsRole);
        Objects.requireNonNull(srtpCipher);
        Objects.requireNonNull(selectedCandidatePairId);
        Objects.requireNonNull(localCertificateId);
        Objects.requireNonNull(remoteCertificateId);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
