package io.purertc.dtls;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.purertc.sdp.Fingerprint;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client and a server endpoint over two {@link MemoryLink}s, each side receiving on an event loop of its
 * own (a Netty {@link DefaultEventLoop}, so a blocking call there would be refused as on a real one), with
 * one bounded executor for both handshakes.
 */
final class DtlsPair implements AutoCloseable {

    static final InetSocketAddress CLIENT_ADDRESS = new InetSocketAddress("192.0.2.1", 50_000);
    static final InetSocketAddress SERVER_ADDRESS = new InetSocketAddress("192.0.2.2", 50_001);

    final ExecutorService executor = Executors.newFixedThreadPool(4);
    final EventLoop clientLoop = new DefaultEventLoop();
    final EventLoop serverLoop = new DefaultEventLoop();
    /** Client to server. */
    final MemoryLink toServer = new MemoryLink(serverLoop, CLIENT_ADDRESS);
    /** Server to client. */
    final MemoryLink toClient = new MemoryLink(clientLoop, SERVER_ADDRESS);
    final BlockingQueue<byte[]> atClient = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> atServer = new LinkedBlockingQueue<>();
    DtlsEndpoint client;
    DtlsEndpoint server;

    DtlsConfig config(DtlsCertificate certificate) {
        return new DtlsConfig(certificate, executor);
    }

    /** Opens the server, then the client, each expecting the other's certificate. */
    DtlsPair open(DtlsConfig clientConfig, DtlsConfig serverConfig) {
        return open(clientConfig, List.of(serverConfig.certificate.fingerprint()), serverConfig,
                List.of(clientConfig.certificate.fingerprint()));
    }

    DtlsPair open(DtlsConfig clientConfig, List<Fingerprint> clientExpects, DtlsConfig serverConfig,
                  List<Fingerprint> serverExpects) {
        openServer(serverConfig, serverExpects);
        client = DtlsEndpoint.open(clientConfig, toServer, DtlsRole.CLIENT, clientExpects, collect(atClient));
        toClient.receiver = client::receive;
        return this;
    }

    DtlsEndpoint openServer(DtlsConfig serverConfig, List<Fingerprint> serverExpects) {
        server = DtlsEndpoint.open(serverConfig, toClient, DtlsRole.SERVER, serverExpects, collect(atServer));
        toServer.receiver = server::receive;
        return server;
    }

    static DtlsEndpoint.ApplicationDataHandler collect(BlockingQueue<byte[]> into) {
        return (buf, offset, length) -> into.add(Arrays.copyOfRange(buf, offset, offset + length));
    }

    @Override
    public void close() throws InterruptedException {
        for (DtlsEndpoint endpoint : new DtlsEndpoint[] {client, server}) {
            if (endpoint != null) {
                endpoint.close();
            }
        }
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
