package io.purertc.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.peer.PeerConfig;

/**
 * Time from an offer's arrival to ICE and DTLS connected between two in-process PeerConnections on IPv4
 * loopback, each with an audio and a video track. Outside the measurement: both connections and their
 * tracks, and the offerer's offer with its candidates gathered. Measured: the answerer applies the offer,
 * answers and gathers (its socket bound), the offerer applies the answer, and both reach {@code connected}.
 * Sample mode, so the JMH output gives the median (p0.50). Target: median at most 50 ms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PeerConnectBenchmark {

    private EventLoopGroup group;
    private ExecutorService executor;
    private PeerConfig config;
    private LoopbackCall call;

    @Setup(Level.Trial)
    public void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        // Gathering and both blocking bctls handshakes of a call run here at once.
        executor = Executors.newFixedThreadPool(4);
        config = LoopbackCall.loopbackConfig(group, executor);
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        executor.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Setup(Level.Invocation)
    public void offer() throws Exception {
        call = new LoopbackCall(config);
        call.prepareOffer();
    }

    @TearDown(Level.Invocation)
    public void hangUp() {
        call.close();
    }

    @Benchmark
    public void connect() throws Exception {
        call.answerAndConnect();
    }
}
