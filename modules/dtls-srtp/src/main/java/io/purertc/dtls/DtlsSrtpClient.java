package io.purertc.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AbstractTlsClient;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;

/** The bctls client side of a WebRTC handshake: DTLS 1.2, {@code use_srtp}, the rules of {@link WebRtcHandshake}. */
// RFC 5764 §4.1.1 (client offers use_srtp); RFC 8827 §6.5
class DtlsSrtpClient extends AbstractTlsClient {

    private final WebRtcHandshake handshake;

    DtlsSrtpClient(WebRtcHandshake handshake) {
        super(WebRtcHandshake.CRYPTO);
        this.handshake = handshake;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return handshake.clientCipherSuites();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions, handshake.srtpOffer());
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        handshake.requireExtendedMasterSecret(context);
        handshake.acceptSrtp(serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions));
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                handshake.verifyPeer(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return handshake.credentials(context, request.getSupportedSignatureAlgorithms());
            }
        };
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshake.remainingMillis();
    }

    /** Checked by {@link WebRtcHandshake#requireExtendedMasterSecret} instead, whose error says why it matters. */
    @Override
    public boolean requiresExtendedMasterSecret() {
        return false;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        handshake.complete(context);
    }
}
