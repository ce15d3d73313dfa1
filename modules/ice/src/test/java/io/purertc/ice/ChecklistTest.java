package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.sdp.Candidate;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The checklist's bookkeeping on its own, without sockets (RFC 8445 §6.1.2, §6.1.4.2). */
class ChecklistTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final IceAgent agent = IceAgent.create(new IceConfig(group), new IceAgent.Listener() { },
            (datagram, from) -> { });

    @AfterEach
    void stop() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private IceAgent.LocalBase base(String foundation, int port) {
        InetSocketAddress address = new InetSocketAddress("192.0.2.1", port);
        UdpTransport transport = new UdpTransport() {
            @Override
            public InetSocketAddress localAddress() {
                return address;
            }

            @Override
            public void send(byte[] buf, int offset, int length, InetSocketAddress to) {
            }

            @Override
            public EventLoop eventLoop() {
                return group.next();
            }
        };
        return agent.new LocalBase(transport, () -> { }, new IceCandidate(foundation, 1, 100, address,
                Candidate.Type.HOST, null), 65535);
    }

    private static IceCandidate remote(String foundation, int port) {
        return new IceCandidate(foundation, 1, 100, new InetSocketAddress("198.51.100.1", port), Candidate.Type.HOST,
                null);
    }

    @Test
    void theFirstPairOfEachFoundationWaitsAndTheRestAreFrozen() {
        Checklist checklist = new Checklist(10);
        IceAgent.LocalBase base = base("L", 1000);
        CandidatePair first = checklist.add(base, remote("R", 1), 30);
        CandidatePair sameFoundation = checklist.add(base, remote("R", 2), 20);
        CandidatePair otherFoundation = checklist.add(base, remote("S", 3), 10);
        assertEquals(CandidatePair.State.WAITING, first.state);
        assertEquals(CandidatePair.State.FROZEN, sameFoundation.state);
        assertEquals(CandidatePair.State.WAITING, otherFoundation.state);
        assertEquals(List.of(first, sameFoundation, otherFoundation), checklist.pairs());
    }

    @Test
    void checksGoTriggeredFirstThenWaitingByPriorityThenUnfrozen() {
        Checklist checklist = new Checklist(10);
        IceAgent.LocalBase base = base("L", 1000);
        CandidatePair high = checklist.add(base, remote("R", 1), 30);
        CandidatePair frozen = checklist.add(base, remote("R", 2), 20);
        CandidatePair low = checklist.add(base, remote("S", 3), 10);
        checklist.trigger(low, false);
        assertSame(low, checklist.next());
        low.state = CandidatePair.State.IN_PROGRESS;
        assertSame(high, checklist.next());
        high.state = CandidatePair.State.IN_PROGRESS;
        // Only the frozen pair is left, and its foundation has a check in progress: nothing to do yet.
        assertNull(checklist.next());
        high.state = CandidatePair.State.SUCCEEDED;
        checklist.unfreeze(high.foundation);
        assertEquals(CandidatePair.State.WAITING, frozen.state);
        assertSame(frozen, checklist.next());
    }

    @Test
    void aFullListMakesRoomOnlyForABetterPairAndOnlyFromUncheckedOnes() {
        Checklist checklist = new Checklist(2);
        IceAgent.LocalBase base = base("L", 1000);
        CandidatePair a = checklist.add(base, remote("A", 1), 20);
        CandidatePair b = checklist.add(base, remote("B", 2), 10);
        assertNull(checklist.add(base, remote("C", 3), 5));
        CandidatePair c = checklist.add(base, remote("C", 4), 15);
        assertEquals(List.of(a, c), checklist.pairs());
        a.state = CandidatePair.State.IN_PROGRESS;
        c.state = CandidatePair.State.SUCCEEDED;
        assertNull(checklist.add(base, remote("D", 5), 50));
        assertTrue(!checklist.contains(b));
    }

    @Test
    void nominationDropsUncheckedPairsAndSlowerChecksInProgress() {
        Checklist checklist = new Checklist(10);
        IceAgent.LocalBase base = base("L", 1000);
        CandidatePair best = checklist.add(base, remote("A", 1), 40);
        CandidatePair nominated = checklist.add(base, remote("B", 2), 30);
        CandidatePair slower = checklist.add(base, remote("C", 3), 20);
        CandidatePair waiting = checklist.add(base, remote("D", 4), 10);
        best.state = CandidatePair.State.IN_PROGRESS;
        nominated.state = CandidatePair.State.SUCCEEDED;
        slower.state = CandidatePair.State.IN_PROGRESS;
        List<CandidatePair> dropped = new ArrayList<>();
        checklist.conclude(nominated, dropped::add);
        assertEquals(List.of(slower, waiting), dropped);
        assertEquals(List.of(best, nominated), checklist.pairs());
    }

    @Test
    void reprioritisingReordersThePairs() {
        Checklist checklist = new Checklist(10);
        IceAgent.LocalBase base = base("L", 1000);
        CandidatePair first = checklist.add(base, remote("A", 1), 20);
        CandidatePair second = checklist.add(base, remote("B", 2), 10);
        checklist.reprioritise(pair -> pair == second ? 99 : 1);
        assertEquals(List.of(second, first), checklist.pairs());
    }
}
