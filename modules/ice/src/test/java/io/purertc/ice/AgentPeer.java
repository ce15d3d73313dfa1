package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One agent of a test with what it reported: states, candidates, selected pairs and data. Candidates and
 * end-of-candidates go to {@link #signal} (usually the other agent, as trickle over a signalling channel).
 */
final class AgentPeer implements IceAgent.Listener, IceAgent.DataHandler {

    record Datagram(byte[] bytes, InetSocketAddress from) {
    }

    final IceAgent agent;
    final List<IceState> states = new CopyOnWriteArrayList<>();
    final List<IceCandidate> candidates = new CopyOnWriteArrayList<>();
    final List<IceCandidatePair> selections = new CopyOnWriteArrayList<>();
    final BlockingQueue<Datagram> data = new LinkedBlockingQueue<>();
    volatile boolean gatheringComplete;
    volatile Consumer<IceCandidate> signal = candidate -> { };
    volatile Runnable signalEnd = () -> { };

    AgentPeer(IceConfig config) {
        this.agent = IceAgent.create(config, this, this);
    }

    /** An agent gathering on exactly one loopback address. */
    static IceConfig loopback(EventLoopGroup group, String host, IceRole role) throws UnknownHostException {
        return new IceConfig(group).role(role).includeLoopback(true)
                .hostAddresses(List.of(InetAddress.getByName(host)));
    }

    /** Wires two agents, gathers on both and waits (bounded) until both are COMPLETED. */
    static void connect(AgentPeer a, AgentPeer b, long timeoutMillis, Supplier<String> context) throws Exception {
        wire(a, b);
        a.agent.gather();
        b.agent.gather();
        assertTrue(a.awaitState(timeoutMillis, IceState.COMPLETED), () -> "a: " + a.states + context.get());
        assertTrue(b.awaitState(timeoutMillis, IceState.COMPLETED), () -> "b: " + b.states + context.get());
    }

    /** Closes whichever agents were created, then the group. */
    static void closeAll(EventLoopGroup group, AgentPeer... peers) throws InterruptedException {
        for (AgentPeer peer : peers) {
            if (peer != null) {
                peer.agent.close();
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Exchanges credentials and trickles each agent's candidates to the other. */
    static void wire(AgentPeer a, AgentPeer b) {
        a.signal = b.agent::addRemoteCandidate;
        b.signal = a.agent::addRemoteCandidate;
        a.signalEnd = b.agent::endOfRemoteCandidates;
        b.signalEnd = a.agent::endOfRemoteCandidates;
        a.agent.setRemoteCredentials(b.agent.localUfrag(), b.agent.localPassword());
        b.agent.setRemoteCredentials(a.agent.localUfrag(), a.agent.localPassword());
    }

    @Override
    public void onLocalCandidate(IceCandidate candidate) {
        candidates.add(candidate);
        signal.accept(candidate);
    }

    @Override
    public void onGatheringComplete() {
        gatheringComplete = true;
        signalEnd.run();
    }

    @Override
    public void onStateChange(IceState state) {
        states.add(state);
    }

    @Override
    public void onSelectedPairChange(IceCandidatePair pair) {
        selections.add(pair);
    }

    @Override
    public void onData(byte[] datagram, InetSocketAddress from) {
        data.add(new Datagram(datagram, from));
    }

    /** Waits (bounded) until the agent is in one of {@code wanted}; returns whether it got there. */
    boolean awaitState(long timeoutMillis, IceState... wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            for (IceState state : wanted) {
                if (agent.state() == state) {
                    return true;
                }
            }
            Thread.sleep(2);
        }
        return false;
    }
}
