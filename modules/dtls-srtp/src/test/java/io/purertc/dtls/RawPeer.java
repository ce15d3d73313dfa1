package io.purertc.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsClient;
import org.bouncycastle.tls.TlsServer;

/**
 * A bctls peer run directly, without a {@link DtlsEndpoint}, so a test can make it break a rule the
 * endpoint enforces: usually a client or server class derived from ours with one method changed, run on
 * the pair's executor over the pair's links.
 */
final class RawPeer {

    private RawPeer() {
    }

    /** The rules a raw peer of {@code role} starts from, expecting the endpoint's certificate. */
    static WebRtcHandshake rules(DtlsConfig config, DtlsRole role, DtlsCertificate expected) {
        return new WebRtcHandshake(config, role, new PeerFingerprints(List.of(expected.fingerprint())), System.nanoTime());
    }

    /** Connects {@code client} to the pair's server endpoint, taking the client's place on the links. */
    static CompletableFuture<DTLSTransport> connect(DtlsPair pair, TlsClient client) {
        return run(pair, pair.toServer, pair.toClient, transport -> new DTLSClientProtocol().connect(client, transport));
    }

    /** Accepts the pair's client endpoint with {@code server}, taking the server's place on the links. */
    static CompletableFuture<DTLSTransport> accept(DtlsPair pair, TlsServer server) {
        return run(pair, pair.toClient, pair.toServer, transport -> new DTLSServerProtocol().accept(server, transport));
    }

    private interface Handshake {
        DTLSTransport run(LinkTransport transport) throws IOException;
    }

    private static CompletableFuture<DTLSTransport> run(DtlsPair pair, MemoryLink out, MemoryLink in,
                                                        Handshake handshake) {
        LinkTransport transport = new LinkTransport(out, () -> { });
        in.receiver = (buf, offset, length, from) -> transport.offer(Arrays.copyOfRange(buf, offset, offset + length));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return handshake.run(transport);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, pair.executor);
    }
}
