package io.purertc.bench;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.purertc.dtls.DtlsCertificate;
import io.purertc.dtls.DtlsConfig;
import io.purertc.dtls.DtlsEndpoint;
import io.purertc.dtls.DtlsLink;
import io.purertc.dtls.DtlsRole;
import io.purertc.srtp.SrtpKeyingMaterial;

/**
 * Time for a full DTLS-SRTP handshake between two in-process endpoints over an in-memory link, each side
 * receiving on an event loop of its own and handshaking on a shared two-thread executor: from opening the
 * server and the client (cookie exchange included) until both have their keying material. Certificates
 * are made once per trial. Sample mode, so the JMH output gives the median (p0.50).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DtlsHandshakeBenchmark {

    private static final InetSocketAddress CLIENT_ADDRESS = new InetSocketAddress("192.0.2.1", 50_000);
    private static final InetSocketAddress SERVER_ADDRESS = new InetSocketAddress("192.0.2.2", 50_001);

    /** The server's certificate; the client's is always ECDSA, as a browser's. */
    @Param({"ECDSA_P256", "RSA_2048"})
    public DtlsCertificate.KeyType serverKey;

    private ExecutorService executor;
    private EventLoop clientLoop;
    private EventLoop serverLoop;
    private DtlsConfig clientConfig;
    private DtlsConfig serverConfig;
    private DtlsEndpoint client;
    private DtlsEndpoint server;

    @Setup(Level.Trial)
    public void start() {
        executor = Executors.newFixedThreadPool(2);
        clientLoop = new DefaultEventLoop();
        serverLoop = new DefaultEventLoop();
        clientConfig = new DtlsConfig(DtlsCertificate.generate(), executor);
        serverConfig = new DtlsConfig(DtlsCertificate.generate(serverKey), executor);
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        executor.shutdownNow();
        clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @TearDown(Level.Invocation)
    public void close() {
        client.close();
        server.close();
    }

    @Benchmark
    public SrtpKeyingMaterial handshake() throws Exception {
        Pipe toServer = new Pipe(serverLoop, CLIENT_ADDRESS);
        Pipe toClient = new Pipe(clientLoop, SERVER_ADDRESS);
        server = DtlsEndpoint.open(serverConfig, toClient, DtlsRole.SERVER,
                List.of(clientConfig.certificate().fingerprint()), (buf, offset, length) -> { });
        toServer.to = server;
        // On the client's event loop, so the server's answer cannot arrive before the client exists.
        clientLoop.submit(() -> {
            client = DtlsEndpoint.open(clientConfig, toServer, DtlsRole.CLIENT,
                    List.of(serverConfig.certificate().fingerprint()), (buf, offset, length) -> { });
            toClient.to = client;
        }).get();
        SrtpKeyingMaterial keys = client.handshake().get(5, TimeUnit.SECONDS).keyingMaterial();
        server.handshake().get(5, TimeUnit.SECONDS);
        return keys;
    }

    /** One direction of the in-memory link: datagrams arrive on the receiver's event loop. */
    private static final class Pipe implements DtlsLink {
        private final EventLoop loop;
        private final InetSocketAddress from;
        volatile DtlsEndpoint to;

        Pipe(EventLoop loop, InetSocketAddress from) {
            this.loop = loop;
            this.from = from;
        }

        @Override
        public void send(byte[] buf, int offset, int length) {
            byte[] copy = Arrays.copyOfRange(buf, offset, offset + length);
            loop.execute(() -> to.receive(copy, 0, copy.length, from));
        }

        @Override
        public int mtu() {
            return 1200;
        }
    }
}
