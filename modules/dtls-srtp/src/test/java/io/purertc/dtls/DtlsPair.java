package io.purertc.dtls;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.purertc.sdp.Fingerprint;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client and a server endpoint over two {@link MemoryLink}s, each side receiving on an event loop of its
 * own (a Netty {@link DefaultEventLoop}, so a blocking call there would be refused as on a real one), with
 * one bounded executor for both handshakes. Each endpoint is opened on its own event loop, so nothing
 * addressed to it can arrive before it exists.
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
    volatile DtlsEndpoint client;
    volatile DtlsEndpoint server;

    DtlsPair() {
        toServer.receiver = (buf, offset, length, from) -> deliver(server, buf, offset, length, from);
        toClient.receiver = (buf, offset, length, from) -> deliver(client, buf, offset, length, from);
    }

    private static void deliver(DtlsEndpoint endpoint, byte[] buf, int offset, int length, InetSocketAddress from) {
        if (endpoint != null) {
            endpoint.receive(buf, offset, length, from);
        }
    }

    DtlsConfig config(DtlsCertificate certificate) {
        return new DtlsConfig(certificate, executor);
    }

    /** Opens the server, then the client, each expecting the other's certificate. */
    DtlsPair open(DtlsConfig clientConfig, DtlsConfig serverConfig) throws Exception {
        return open(clientConfig, List.of(serverConfig.certificate().fingerprint()), serverConfig,
                List.of(clientConfig.certificate().fingerprint()));
    }

    DtlsPair open(DtlsConfig clientConfig, List<Fingerprint> clientExpects, DtlsConfig serverConfig,
                  List<Fingerprint> serverExpects) throws Exception {
        openServer(serverConfig, serverExpects);
        openClient(clientConfig, clientExpects, collect(atClient));
        return this;
    }

    DtlsEndpoint openServer(DtlsConfig config, List<Fingerprint> expects) throws Exception {
        return openServer(config, expects, collect(atServer));
    }

    DtlsEndpoint openServer(DtlsConfig config, List<Fingerprint> expects, DtlsEndpoint.ApplicationDataHandler handler)
            throws Exception {
        serverLoop.submit(() -> server = DtlsEndpoint.open(config, toClient, DtlsRole.SERVER, expects, handler)).get();
        return server;
    }

    DtlsEndpoint openClient(DtlsConfig config, List<Fingerprint> expects) throws Exception {
        return openClient(config, expects, collect(atClient));
    }

    DtlsEndpoint openClient(DtlsConfig config, List<Fingerprint> expects, DtlsEndpoint.ApplicationDataHandler handler)
            throws ExecutionException, InterruptedException {
        clientLoop.submit(() -> client = DtlsEndpoint.open(config, toServer, DtlsRole.CLIENT, expects, handler)).get();
        return client;
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
