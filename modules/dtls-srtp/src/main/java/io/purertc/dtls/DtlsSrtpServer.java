package io.purertc.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AbstractTlsServer;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * The bctls server side of a WebRTC handshake: DTLS 1.2 only (a client offering DTLS 1.3 too gets 1.2),
 * suites its certificate can sign for, its own cipher-suite preference, a CertificateRequest always, and
 * its most preferred SRTP profile among the client's.
 */
// RFC 5764 §4.1.1 (server selects); RFC 8827 §6.5; RFC 9147 §5.3 (supported_versions)
class DtlsSrtpServer extends AbstractTlsServer {

    private final WebRtcHandshake handshake;
    private UseSRTPData offeredSrtp;

    DtlsSrtpServer(WebRtcHandshake handshake) {
        super(WebRtcHandshake.CRYPTO);
        this.handshake = handshake;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return handshake.serverCipherSuites();
    }

    @Override
    protected boolean preferLocalCipherSuites() {
        return true;
    }

    @Override
    protected String getDetailMessageNoCipherSuite() {
        return handshake.noCommonCipherSuite();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        offeredSrtp = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
    }

    /** Called for every full handshake, also when the ClientHello carried no extensions at all. */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        requireExtendedMasterSecret();
        TlsSRTPUtils.addUseSRTPExtension(extensions, handshake.selectSrtp(offeredSrtp));
        return extensions;
    }

    /** bctls has settled extended_master_secret by now; a test overrides this to play a server that ignores it. */
    void requireExtendedMasterSecret() throws IOException {
        handshake.requireExtendedMasterSecret(context);
    }

    @Override
    public TlsCredentials getCredentials() throws IOException {
        return handshake.credentials(context, context.getSecurityParametersHandshake().getClientSigAlgs());
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        return handshake.certificateRequest(context);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        handshake.verifyPeer(clientCertificate);
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
