package io.purertc.bench;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.ice.IceAgent;
import io.purertc.ice.IceCandidate;
import io.purertc.ice.IceConfig;
import io.purertc.ice.IceRole;
import io.purertc.ice.IceState;

/**
 * Time for two fresh in-process agents, controlling and controlled, to reach {@code connected} over IPv4
 * loopback: from the exchange of credentials and gathering (socket binding included) until both report a
 * selected pair ({@code connected}), or until both have a nominated pair and nothing left to check
 * ({@code completed}). Sample mode, so the JMH output gives the median (p0.50). Target: median to
 * {@code connected} at most 20 ms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IceConnectBenchmark {

    @Param({"CONNECTED", "COMPLETED"})
    public IceState until;

    private EventLoopGroup group;
    private IceConfig controlling;
    private IceConfig controlled;
    private IceAgent a;
    private IceAgent b;
    private CountDownLatch connected;

    @Setup(Level.Trial)
    public void startGroup() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<InetAddress> loopback = List.of(InetAddress.getByName("127.0.0.1"));
        controlling = new IceConfig(group).role(IceRole.CONTROLLING).includeLoopback(true).hostAddresses(loopback);
        controlled = new IceConfig(group).role(IceRole.CONTROLLED).includeLoopback(true).hostAddresses(loopback);
    }

    @TearDown(Level.Trial)
    public void stopGroup() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Agents are created outside the measured part; their sockets are bound inside it, by gather(). */
    @Setup(Level.Invocation)
    public void createAgents() {
        connected = new CountDownLatch(2);
        Trickle toB = new Trickle();
        Trickle toA = new Trickle();
        a = IceAgent.create(controlling, toB, (datagram, from) -> { });
        b = IceAgent.create(controlled, toA, (datagram, from) -> { });
        toB.peer = b;
        toA.peer = a;
    }

    @TearDown(Level.Invocation)
    public void closeAgents() {
        a.close();
        b.close();
    }

    @Benchmark
    public void connect() throws Exception {
        a.setRemoteCredentials(b.localUfrag(), b.localPassword());
        b.setRemoteCredentials(a.localUfrag(), a.localPassword());
        a.gather();
        b.gather();
        if (!connected.await(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("agents did not connect: " + a.state() + " / " + b.state());
        }
    }

    /** Trickles one agent's candidates to the other and counts the agent's arrival at connected. */
    private final class Trickle implements IceAgent.Listener {
        IceAgent peer;
        private boolean counted;

        @Override
        public void onLocalCandidate(IceCandidate candidate) {
            peer.addRemoteCandidate(candidate);
        }

        @Override
        public void onGatheringComplete() {
            peer.endOfRemoteCandidates();
        }

        @Override
        public void onStateChange(IceState state) {
            if (!counted && (state == until || state == IceState.COMPLETED)) {
                counted = true;
                connected.countDown();
            }
        }
    }
}
