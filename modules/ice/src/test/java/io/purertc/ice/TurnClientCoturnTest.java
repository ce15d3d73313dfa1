package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TURN client against a real coturn over loopback: a host socket holds the allocation and a plain UDP
 * socket plays the peer. Each test starts its own turnserver and kills it afterwards.
 */
@Tag("interop")
class TurnClientCoturnTest {

    @RegisterExtension
    final NettyLeakCheck leakCheck = new NettyLeakCheck();

    private record Allocated(InetSocketAddress relayed, InetSocketAddress mapped) {
    }

    /** A datagram a peer sent to the relay, as the client got it. */
    private record Relayed(InetSocketAddress from, byte[] data) {
    }

    private Coturn coturn;
    private EventLoopGroup group;
    private UdpEndpoint host;
    private UdpEndpoint peer;
    /** A second peer, on another loopback address, that only sends. */
    private UdpEndpoint lonePeer;
    /** The client the host socket offers datagrams to. */
    private final AtomicReference<TurnClient> current = new AtomicReference<>();
    private final AtomicReference<InetSocketAddress> relayed = new AtomicReference<>();
    private final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
    private final BlockingQueue<Relayed> atClient = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> atPeer = new LinkedBlockingQueue<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final Random random = new Random(8656);

    @AfterEach
    void stop() throws InterruptedException {
        try {
            LoopbackTeardown.close(group, host, peer, lonePeer);
        } finally {
            if (coturn != null) {
                coturn.close();
            }
        }
    }

    @Test
    void relaysBothWaysByIndicationsThenByChannel() throws Exception {
        start();
        TurnClient client = newClient(TurnClient.Settings.DEFAULTS);
        Allocated allocation = allocate(client);
        assertEquals(host.localAddress(), allocation.mapped());
        assertEquals(coturn.address().getAddress(), allocation.relayed().getAddress());

        // A permission alone lets the peer in first; with no channel yet, coturn relays by Data indication.
        client.permit(peer.localAddress().getAddress());
        awaitThroughPermission(peer, allocation);
        assertTrue(client.counters().dataIndications() >= 1);
        assertEquals(0, client.counters().channelData());

        // The client's first datagram goes in a Send indication while its ChannelBind is answered.
        byte[] hello = "hello from the client".getBytes();
        client.relay().send(hello, 0, hello.length, peer.localAddress());
        assertArrayEquals(hello, take(atPeer));
        assertEquals(1, client.counters().sendIndications());
        awaitChannelBound(client);

        TurnClient.Counters before = client.counters();
        exchange(client, allocation, 1000);
        TurnClient.Counters after = client.counters();
        assertEquals(1000, after.channelDataSent() - before.channelDataSent());
        assertEquals(1000, after.channelData() - before.channelData(), "coturn relays to the client by channel");
        assertEquals(before.sendIndications(), after.sendIndications());
        assertEquals(before.dataIndications(), after.dataIndications());
        assertClean(client);
    }

    @Test
    void refreshesKeepAllocationPermissionAndChannelAcrossShortLifetimes() throws Exception {
        start("--max-allocate-lifetime=3", "--permission-lifetime=3", "--channel-lifetime=3", "--stale-nonce=2");
        TurnClient client = newClient(new TurnClient.Settings(Duration.ofMillis(1000), Duration.ofMillis(1500), 8));
        Allocated allocation = allocate(client);
        awaitChannelBound(client);

        // A peer with a permission and no channel: only the permission's own refreshes keep it open.
        lonePeer = UdpEndpoint.bind(group, new InetSocketAddress("127.0.0.2", 0),
                (via, datagram, from) -> problems.add("the lone peer was sent something"));
        client.permit(lonePeer.localAddress().getAddress());
        awaitThroughPermission(lonePeer, allocation);
        byte[] lone = "from the lone peer".getBytes();

        TurnClient.Counters before = client.counters();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        int rounds = 0;
        while (System.nanoTime() < end) {
            exchange(client, allocation, 1);
            lonePeer.send(lone, 0, lone.length, allocation.relayed());
            Relayed relayedLone = take(atClient);
            assertEquals(lonePeer.localAddress(), relayedLone.from());
            assertArrayEquals(lone, relayedLone.data());
            rounds++;
            Thread.sleep(400);
        }
        TurnClient.Counters after = client.counters();
        assertEquals(rounds, after.channelDataSent() - before.channelDataSent(), "the client kept its channel");
        assertEquals(rounds, after.channelData() - before.channelData(), "coturn kept the channel bound");
        assertEquals(rounds, after.dataIndications() - before.dataIndications(), "the lone peer came by permission");
        assertTrue(coturn.log().contains("error 438"), "coturn never found a nonce stale:\n" + coturn.log());
        assertClean(client);
    }

    @Test
    void closeDeletesTheAllocation() throws Exception {
        start();
        TurnClient first = newClient(TurnClient.Settings.DEFAULTS);
        allocate(first);

        TurnClient meanwhile = newClient(TurnClient.Settings.DEFAULTS);
        current.set(meanwhile);
        meanwhile.allocate();
        Object refused = take(outcomes);
        assertTrue(String.valueOf(refused).contains("437"), "a second allocation on the same 5-tuple: " + refused);

        current.set(first);
        first.close();
        // coturn answers the Refresh with LIFETIME 0 at once and frees the 5-tuple on its next timer tick.
        awaitTrue(() -> coturn.log().contains("lifetime=0") && coturn.log().contains("delete:"),
                "coturn deleting the allocation");
        TurnClient next = newClient(TurnClient.Settings.DEFAULTS);
        Allocated allocation = allocate(next);
        exchange(next, allocation, 5);
        assertClean(first);
        assertClean(next);
    }

    private void start(String... coturnOptions) throws Exception {
        coturn = Coturn.start(coturnOptions);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        host = UdpEndpoint.bind(group, new InetSocketAddress("127.0.0.1", 0), (via, datagram, from) -> {
            TurnClient client = current.get();
            if (client == null || !client.onDatagram(datagram, from)) {
                problems.add("the agent was left a datagram from " + from);
            }
        });
        peer = UdpEndpoint.bind(group, new InetSocketAddress("127.0.0.1", 0), (via, datagram, from) -> {
            if (!from.equals(relayed.get())) {
                problems.add("the peer got a datagram from " + from + ", not the relay");
            }
            atPeer.add(datagram);
        });
    }

    private TurnClient newClient(TurnClient.Settings settings) {
        return new TurnClient(coturn.server(), host, StunClientTransactions.Scheduler.of(host.eventLoop()),
                (via, datagram, from) -> atClient.add(new Relayed(from, datagram)),
                new TurnClient.Listener() {
                    @Override
                    public void onAllocated(InetSocketAddress relayedAddress, InetSocketAddress mapped) {
                        relayed.set(relayedAddress);
                        outcomes.add(new Allocated(relayedAddress, mapped));
                    }

                    @Override
                    public void onFailed(String reason) {
                        outcomes.add("failed: " + reason);
                    }
                }, settings);
    }

    private Allocated allocate(TurnClient client) throws InterruptedException {
        current.set(client);
        client.allocate();
        Object outcome = take(outcomes);
        if (!(outcome instanceof Allocated allocated)) {
            throw new AssertionError("no allocation: " + outcome + "\n" + coturn.log());
        }
        return allocated;
    }

    /** Has {@code sender} send to the relay until a datagram gets through: the permission is in place. */
    private void awaitThroughPermission(UdpEndpoint sender, Allocated allocation) throws Exception {
        byte[] probe = "probe".getBytes();
        awaitTrue(() -> {
            sender.send(probe, 0, probe.length, allocation.relayed());
            return poll(atClient, 50) != null;
        }, "a datagram from " + sender.localAddress() + " through the permission");
        atClient.clear();
    }

    /** Sends to the peer, each datagram arriving, until one goes as ChannelData: the channel is bound. */
    private void awaitChannelBound(TurnClient client) throws Exception {
        byte[] hello = "hello".getBytes();
        awaitTrue(() -> {
            client.relay().send(hello, 0, hello.length, peer.localAddress());
            assertArrayEquals(hello, take(atPeer));
            return client.counters().channelDataSent() > 0;
        }, "the channel bound");
        atClient.clear();
    }

    /**
     * Sends {@code count} datagrams of random sizes (4-1200 bytes, numbered) each way, 25 at a time so that
     * no socket buffer overflows, and checks that every one arrives intact.
     */
    private void exchange(TurnClient client, Allocated allocation, int count) throws InterruptedException {
        for (int first = 0; first < count; first += 25) {
            Map<Integer, byte[]> toPeer = new HashMap<>();
            Map<Integer, byte[]> toClient = new HashMap<>();
            for (int index = first; index < Math.min(count, first + 25); index++) {
                byte[] up = numbered(index);
                byte[] down = numbered(index);
                toPeer.put(index, up);
                toClient.put(index, down);
                client.relay().send(up, 0, up.length, peer.localAddress());
                peer.send(down, 0, down.length, allocation.relayed());
            }
            assertArrived(toPeer, atPeer, "at the peer");
            while (!toClient.isEmpty()) {
                Relayed relayedDown = take(atClient);
                assertEquals(peer.localAddress(), relayedDown.from());
                assertArrivedOnce(toClient, relayedDown.data(), "at the client");
            }
        }
    }

    private byte[] numbered(int index) {
        byte[] datagram = new byte[4 + random.nextInt(1197)];
        random.nextBytes(datagram);
        ByteBuffer.wrap(datagram).putInt(index);
        return datagram;
    }

    private void assertArrived(Map<Integer, byte[]> expected, BlockingQueue<byte[]> queue, String where)
            throws InterruptedException {
        while (!expected.isEmpty()) {
            assertArrivedOnce(expected, take(queue), where);
        }
    }

    private static void assertArrivedOnce(Map<Integer, byte[]> expected, byte[] datagram, String where) {
        byte[] sent = expected.remove(ByteBuffer.wrap(datagram).getInt());
        if (sent == null) {
            fail("unexpected or repeated datagram " + where);
        }
        assertArrayEquals(sent, datagram, "datagram " + where);
    }

    private void assertClean(TurnClient client) {
        TurnClient.Counters counters = client.counters();
        assertEquals(List.of(), problems);
        assertEquals(0, counters.malformed() + counters.unknownChannel() + counters.noPermission()
                + counters.droppedSends() + counters.failedRequests(), counters.toString());
        assertEquals(0, counters.transactions().badIntegrity() + counters.transactions().timeouts(),
                counters.toString());
        assertEquals(0, host.handlerErrors() + peer.handlerErrors());
    }

    private <T> T take(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(5, TimeUnit.SECONDS);
        if (item == null) {
            fail("nothing within 5 s; coturn's log:\n" + coturn.log());
        }
        return item;
    }

    private static <T> T poll(BlockingQueue<T> queue, long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    private void awaitTrue(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within 5 s; coturn's log:\n" + coturn.log());
            }
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }
}
