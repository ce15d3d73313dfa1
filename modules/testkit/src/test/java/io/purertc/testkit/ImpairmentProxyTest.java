package io.purertc.testkit;

import static io.purertc.testkit.ImpairmentProxy.Direction.A_TO_B;
import static io.purertc.testkit.ImpairmentProxy.Direction.B_TO_A;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

class ImpairmentProxyTest {

    private static final long MS = 1_000_000;

    @Test
    void relaysBothWaysIntactAndInOrderWithRepliesFromTheAddressSentTo() throws Exception {
        try (UdpPeer a = new UdpPeer(); UdpPeer b = new UdpPeer();
                ImpairmentProxy proxy = ImpairmentProxy.between(a.address(), b.address(), Impairment.NONE,
                        Impairment.NONE, 1)) {
            List<byte[]> sent = new ArrayList<>();
            sent.add(new byte[0]);
            for (int i = 0; i < 200; i++) {
                sent.add(indexed(i, 20 + i * 7));
            }
            byte[] largest = new byte[65_507];
            Arrays.fill(largest, (byte) 0x5A);
            sent.add(largest);
            relayIntact(sent, a, b, proxy.facingA(), proxy.facingB());
            relayIntact(sent, b, a, proxy.facingB(), proxy.facingA());
            ImpairmentProxy.Stats stats = proxy.stats(B_TO_A);
            assertEquals(sent.size(), stats.packetsIn());
            assertEquals(sent.size(), stats.delivered());
            assertEquals(stats.bytesIn(), stats.bytesDelivered());
            assertEquals(0, stats.lost() + stats.overflowed() + stats.duplicated() + stats.undeliverable());
        }
    }

    @Test
    void learnsAnUnknownSideFromItsFirstDatagramAndDropsStrangers() throws Exception {
        try (UdpPeer a = new UdpPeer(); UdpPeer b = new UdpPeer(); UdpPeer stranger = new UdpPeer();
                ImpairmentProxy proxy = ImpairmentProxy.between(null, b.address(), Impairment.NONE, Impairment.NONE, 1)) {
            b.send(indexed(0, 8), proxy.facingB());
            awaitTrue(() -> proxy.stats(B_TO_A).undeliverable() == 1);
            a.send(indexed(1, 8), proxy.facingA());
            assertEquals(1, index(b.take().data()));
            b.send(indexed(2, 8), proxy.facingB());
            UdpPeer.Datagram reply = a.take();
            assertEquals(2, index(reply.data()));
            assertEquals(proxy.facingA(), reply.from());
            stranger.send(indexed(3, 8), proxy.facingA());
            awaitTrue(() -> proxy.stats(A_TO_B).strangers() == 1);
            assertEquals(0, b.drain(Duration.ofMillis(50)).size());
        }
    }

    @Test
    void relaysOverIpv6LoopbackAndLearnsBothSides() throws Exception {
        try (UdpPeer a = new UdpPeer("::1"); UdpPeer b = new UdpPeer("::1");
                ImpairmentProxy proxy = ImpairmentProxy.between(null, b.address(), Impairment.NONE, Impairment.NONE, 1)) {
            assertTrue(proxy.facingA().getAddress() instanceof Inet6Address);
            a.send(indexed(1, 30), proxy.facingA());
            assertEquals(proxy.facingB(), b.take().from());
            b.send(indexed(2, 30), proxy.facingB());
            assertEquals(proxy.facingA(), a.take().from());
        }
    }

    @Test
    void fixedDelayHoldsEachPacketForItsDuration() throws Exception {
        Impairment delay = Impairment.builder().delay(Duration.ofMillis(100)).build();
        try (UdpPeer a = new UdpPeer(); UdpPeer b = new UdpPeer();
                ImpairmentProxy proxy = ImpairmentProxy.between(a.address(), b.address(), delay, Impairment.NONE, 1)) {
            long[] latencies = new long[30];
            long[] sentAt = new long[latencies.length];
            for (int i = 0; i < latencies.length; i++) {
                sentAt[i] = a.send(indexed(i, 100), proxy.facingA());
                LockSupport.parkNanos(10 * MS);
            }
            for (UdpPeer.Datagram d : b.take(latencies.length)) {
                int i = index(d.data());
                latencies[i] = d.nanos() - sentAt[i];
            }
            assertTrue(Arrays.stream(latencies).min().orElseThrow() >= 100 * MS, "released early");
            assertTrue(median(latencies) <= 110 * MS, "median " + median(latencies) / 1e6 + " ms");
        }
    }

    @Test
    void jitterWithoutReorderingKeepsOrder() throws Exception {
        Impairment jitter = Impairment.builder().uniformJitter(Duration.ofMillis(40)).build();
        List<Integer> order = arrivalOrder(jitter, 200);
        for (int i = 0; i < order.size(); i++) {
            assertEquals(i, order.get(i));
        }
    }

    @Test
    void jitterWithReorderingLetsPacketsOvertake() throws Exception {
        Impairment jitter = Impairment.builder().uniformJitter(Duration.ofMillis(40)).jitterReorders(true).build();
        assertTrue(inversions(arrivalOrder(jitter, 200)) > 20);
    }

    @Test
    void explicitReorderingHoldsSomePacketsBack() throws Exception {
        Impairment reorder = Impairment.builder().reorder(0.1, Duration.ofMillis(15)).build();
        List<Integer> order = arrivalOrder(reorder, 200);
        assertEquals(200, new TreeSet<>(order).size());
        assertTrue(inversions(order) > 0);
    }

    @Test
    void randomLossStaysWithinBoundsAndRepeatsWithTheSeed() throws Exception {
        TreeSet<Integer> first = lostIndices(42);
        TreeSet<Integer> again = lostIndices(42);
        TreeSet<Integer> other = lostIndices(43);
        // 5 000 packets at 10 %: 500 expected, standard deviation 21
        assertTrue(first.size() >= 405 && first.size() <= 595, "lost " + first.size());
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @Test
    void duplicatesTheChosenShare() throws Exception {
        Impairment duplicate = Impairment.builder().duplicate(0.2).build();
        try (UdpPeer a = new UdpPeer(); UdpPeer b = new UdpPeer();
                ImpairmentProxy proxy = ImpairmentProxy.between(a.address(), b.address(), duplicate, Impairment.NONE, 7)) {
            for (int i = 0; i < 1000; i++) {
                a.send(indexed(i, 50), proxy.facingA());
            }
            awaitTrue(() -> proxy.stats(A_TO_B).packetsIn() == 1000);
            long duplicated = proxy.stats(A_TO_B).duplicated();
            List<UdpPeer.Datagram> got = b.take((int) (1000 + duplicated));
            assertEquals(1000, got.stream().map(d -> index(d.data())).distinct().count());
            // 200 expected, standard deviation 12.6
            assertTrue(duplicated >= 140 && duplicated <= 260, "duplicated " + duplicated);
            assertEquals(0, b.drain(Duration.ofMillis(30)).size());
        }
    }

    @Test
    void bandwidthCapDeliversItsRateAndBoundsTheQueue() throws Exception {
        Impairment cap = Impairment.builder().bandwidthCap(1_000_000, 1500, Duration.ofMillis(100)).build();
        try (UdpPeer a = new UdpPeer(); UdpPeer b = new UdpPeer();
                ImpairmentProxy proxy = ImpairmentProxy.between(a.address(), b.address(), cap, Impairment.NONE, 1)) {
            int packets = 500;
            long[] sentAt = new long[packets];
            long start = System.nanoTime();
            for (int i = 0; i < packets; i++) {
                LockSupport.parkNanos(start + i * 4 * MS - System.nanoTime());
                sentAt[i] = a.send(indexed(i, 1000), proxy.facingA());
            }
            awaitTrue(() -> proxy.stats(A_TO_B).packetsIn() == packets);
            List<UdpPeer.Datagram> got = b.drain(Duration.ofMillis(300));
            ImpairmentProxy.Stats stats = proxy.stats(A_TO_B);
            assertEquals(stats.delivered(), got.size());
            long windowStart = start + 500 * MS;
            long windowEnd = start + 2000 * MS;
            long bits = 0;
            long[] latencies = new long[got.size()];
            for (int i = 0; i < got.size(); i++) {
                UdpPeer.Datagram d = got.get(i);
                if (d.nanos() >= windowStart && d.nanos() < windowEnd) {
                    bits += d.data().length * 8L;
                }
                latencies[i] = d.nanos() - sentAt[index(d.data())];
            }
            double rate = bits / ((windowEnd - windowStart) / 1e9);
            assertTrue(Math.abs(rate - 1_000_000) <= 100_000, "delivered " + rate + " b/s");
            assertTrue(stats.maxQueueDelay().toMillis() <= 100 && stats.maxQueueDelay().toMillis() >= 80,
                    "queue delay " + stats.maxQueueDelay());
            // the proxy's own figure bounds the queue; end to end, a busy machine may add to a few packets
            assertTrue(median(latencies) <= 110 * MS, "median latency " + median(latencies) / 1e6 + " ms");
            assertTrue(stats.overflowed() > 150, "overflowed " + stats.overflowed());
        }
    }

    @Test
    void classifiesBySsrcAndDelaysOneStreamOnly() throws Exception {
        long audio = 0x11111111L;
        long video = 0xCAFEBABEL;
        Impairment videoLater = Impairment.builder().delay(Duration.ofMillis(80))
                .appliesTo(Impairment.rtpSsrc(video)).build();
        try (UdpPeer a = new UdpPeer(); UdpPeer b = new UdpPeer();
                ImpairmentProxy proxy = ImpairmentProxy.between(a.address(), b.address(), videoLater, Impairment.NONE, 1)) {
            long[] sentAt = new long[60];
            for (int i = 0; i < sentAt.length; i++) {
                byte[] packet = i % 3 == 2 ? TestPackets.senderReport(video, i) : TestPackets.rtp(i % 3 == 0 ? 111 : 96, i, i % 3 == 0 ? audio : video);
                sentAt[i] = a.send(packet, proxy.facingA());
                LockSupport.parkNanos(2 * MS);
            }
            long[] delayed = new long[sentAt.length / 3];
            long[] direct = new long[sentAt.length - delayed.length];
            int d = 0;
            int other = 0;
            for (UdpPeer.Datagram got : b.take(sentAt.length)) {
                int i = TestPackets.index(got.data());
                if (i % 3 == 1) {
                    delayed[d++] = got.nanos() - sentAt[i];
                } else {
                    direct[other++] = got.nanos() - sentAt[i];
                }
            }
            assertTrue(Arrays.stream(delayed).min().orElseThrow() >= 80 * MS, "video released early");
            long difference = median(delayed) - median(direct);
            assertTrue(Math.abs(difference - 80 * MS) <= 10 * MS, "video later by " + difference / 1e6 + " ms");
        }
    }

    @Test
    void chainsImpairmentsSoOneStreamGetsMoreDelayThanTheRest() throws Exception {
        long video = 0xCAFEBABEL;
        try (UdpPeer a = new UdpPeer(); UdpPeer b = new UdpPeer();
                ImpairmentProxy proxy = ImpairmentProxy.between(a.address(), b.address(), Impairment.NONE, Impairment.NONE, 1)) {
            proxy.setImpairments(A_TO_B, List.of(Impairment.builder().delay(Duration.ofMillis(30)).build(),
                    Impairment.builder().delay(Duration.ofMillis(50)).appliesTo(Impairment.rtpSsrc(video)).build()));
            long[] sentAt = new long[20];
            for (int i = 0; i < sentAt.length; i++) {
                sentAt[i] = a.send(TestPackets.rtp(i % 2 == 0 ? 111 : 96, i, i % 2 == 0 ? 1 : video), proxy.facingA());
                LockSupport.parkNanos(3 * MS);
            }
            long[] audio = new long[sentAt.length / 2];
            long[] delayed = new long[sentAt.length / 2];
            for (UdpPeer.Datagram got : b.take(sentAt.length)) {
                int i = TestPackets.index(got.data());
                (i % 2 == 0 ? audio : delayed)[i / 2] = got.nanos() - sentAt[i];
            }
            assertTrue(Arrays.stream(audio).min().orElseThrow() >= 30 * MS, "audio released early");
            assertTrue(Arrays.stream(delayed).min().orElseThrow() >= 80 * MS, "video released early");
            // a stall of this shared machine delays both streams alike; their difference stays
            long difference = median(delayed) - median(audio);
            assertTrue(Math.abs(difference - 50 * MS) <= 10 * MS, "video later by " + difference / 1e6 + " ms");
        }
    }

    @Test
    void changesTakeEffectAtRunTime() throws Exception {
        try (UdpPeer a = new UdpPeer(); UdpPeer b = new UdpPeer();
                ImpairmentProxy proxy = ImpairmentProxy.between(a.address(), b.address(), Impairment.NONE, Impairment.NONE, 1)) {
            proxy.setImpairment(A_TO_B, Impairment.builder().delay(Duration.ofMillis(60)).build());
            long sent = a.send(indexed(0, 10), proxy.facingA());
            assertTrue(b.take().nanos() - sent >= 60 * MS);

            proxy.setImpairment(A_TO_B, Impairment.builder().loss(1).build());
            a.send(indexed(1, 10), proxy.facingA());
            awaitTrue(() -> proxy.stats(A_TO_B).lost() == 1);

            // 10 kB behind a 100 kb/s cap would take 720 ms; raising the cap drains the queue at once
            proxy.setImpairment(A_TO_B, Impairment.builder().bandwidthCap(100_000, 1000, 20_000).build());
            long burst = 0;
            for (int i = 0; i < 10; i++) {
                burst = a.send(indexed(10 + i, 1000), proxy.facingA());
            }
            awaitTrue(() -> proxy.stats(A_TO_B).packetsIn() == 12);
            assertEquals(1, b.drain(Duration.ofMillis(50)).size());
            proxy.setImpairment(A_TO_B, Impairment.builder().bandwidthCap(10_000_000, 1000, 20_000).build());
            List<UdpPeer.Datagram> rest = b.take(9);
            assertTrue(rest.get(8).nanos() - burst < 300 * MS, "drained after " + (rest.get(8).nanos() - burst) / 1e6 + " ms");
            for (int i = 0; i < rest.size(); i++) {
                assertEquals(11 + i, index(rest.get(i).data()));
            }
        }
    }

    @Test
    void closeStopsTheThreadAndFreesTheSockets() throws Exception {
        ImpairmentProxy proxy = ImpairmentProxy.between(new InetSocketAddress("127.0.0.1", 9), null,
                Impairment.builder().delay(Duration.ofSeconds(5)).build(), Impairment.NONE, 1);
        InetSocketAddress facingA = proxy.facingA();
        InetSocketAddress facingB = proxy.facingB();
        assertTrue(proxyThreads() > 0);
        proxy.close();
        assertEquals(0, proxyThreads());
        try (DatagramSocket a = new DatagramSocket(facingA); DatagramSocket b = new DatagramSocket(facingB)) {
            assertEquals(facingA.getPort(), a.getLocalPort());
            assertEquals(facingB.getPort(), b.getLocalPort());
        }
        assertThrows(IllegalStateException.class, () -> proxy.setImpairment(A_TO_B, Impairment.NONE));
    }

    @Test
    void aFailingSelectorDropsThePacketKeepsRelayingAndFailsClose() throws Exception {
        RuntimeException broken = new IllegalStateException("selector broke");
        Impairment picky = Impairment.builder().appliesTo(packet -> {
            if (packet.length == 0) {
                throw broken;
            }
            return false;
        }).build();
        try (UdpPeer a = new UdpPeer(); UdpPeer b = new UdpPeer()) {
            ImpairmentProxy proxy = ImpairmentProxy.between(a.address(), b.address(), picky, Impairment.NONE, 1);
            a.send(new byte[0], proxy.facingA());
            a.send(indexed(5, 8), proxy.facingA());
            assertEquals(5, index(b.take().data()));
            assertEquals(1, proxy.stats(A_TO_B).undeliverable());
            IllegalStateException failure = assertThrows(IllegalStateException.class, proxy::close);
            assertSame(broken, failure.getCause());
        }
    }

    @Test
    void rejectsAddressesOffTheLoopback() {
        InetSocketAddress remote = new InetSocketAddress("192.0.2.1", 5000);
        assertThrows(IllegalArgumentException.class,
                () -> ImpairmentProxy.between(remote, null, Impairment.NONE, Impairment.NONE, 1));
    }

    @Test
    void rewritesCandidateAddressAndPortOnly() {
        InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", 40000);
        assertEquals("a=candidate:1 1 udp 2122260223 127.0.0.1 40000 typ srflx raddr 10.0.0.2 rport 5000 generation 0",
                ImpairmentProxy.rewriteCandidate(
                        "a=candidate:1 1 udp 2122260223 192.168.1.5 54321 typ srflx raddr 10.0.0.2 rport 5000 generation 0",
                        proxy));
        assertEquals("candidate:2 1 UDP 1 127.0.0.1 40000 typ host",
                ImpairmentProxy.rewriteCandidate("candidate:2 1 UDP 1 ::1 9 typ host", proxy));
        assertThrows(IllegalArgumentException.class,
                () -> ImpairmentProxy.rewriteCandidate("a=ice-ufrag:abcd", proxy));
        assertThrows(IllegalArgumentException.class,
                () -> ImpairmentProxy.rewriteCandidate("candidate:2 1 UDP 1 ::1 9 host", proxy));
    }

    /** Sends {@code sent} from one side to its facing address; the other side gets them whole, in order, from its own. */
    private static void relayIntact(List<byte[]> sent, UdpPeer from, UdpPeer to, InetSocketAddress sendTo,
            InetSocketAddress hearFrom) throws InterruptedException {
        for (byte[] data : sent) {
            from.send(data, sendTo);
        }
        for (byte[] data : sent) {
            UdpPeer.Datagram got = to.take();
            assertArrayEquals(data, got.data());
            assertEquals(hearFrom, got.from());
        }
    }

    /** The indices of {@code count} packets sent 2 ms apart, in the order they arrive. */
    private static List<Integer> arrivalOrder(Impairment impairment, int count) throws Exception {
        try (UdpPeer a = new UdpPeer(); UdpPeer b = new UdpPeer();
                ImpairmentProxy proxy = ImpairmentProxy.between(a.address(), b.address(), impairment, Impairment.NONE, 3)) {
            for (int i = 0; i < count; i++) {
                a.send(indexed(i, 100), proxy.facingA());
                LockSupport.parkNanos(2 * MS);
            }
            List<Integer> order = new ArrayList<>();
            for (UdpPeer.Datagram d : b.take(count)) {
                order.add(index(d.data()));
            }
            return order;
        }
    }

    private static int inversions(List<Integer> order) {
        int inversions = 0;
        for (int i = 1; i < order.size(); i++) {
            if (order.get(i) < order.get(i - 1)) {
                inversions++;
            }
        }
        return inversions;
    }

    /** Which of 5 000 packets a 10 % loss drops with {@code seed}, checking the OS dropped none. */
    private static TreeSet<Integer> lostIndices(long seed) throws Exception {
        Impairment loss = Impairment.builder().loss(0.1).build();
        try (UdpPeer a = new UdpPeer(); UdpPeer b = new UdpPeer();
                ImpairmentProxy proxy = ImpairmentProxy.between(a.address(), b.address(), loss, Impairment.NONE, seed)) {
            int count = 5000;
            for (int i = 0; i < count; i++) {
                a.send(indexed(i, 60), proxy.facingA());
                if (i % 100 == 99) {
                    int sent = i + 1;
                    awaitTrue(() -> proxy.stats(A_TO_B).packetsIn() == sent);
                }
            }
            awaitTrue(() -> b.pending() == proxy.stats(A_TO_B).delivered());
            TreeSet<Integer> lost = new TreeSet<>();
            for (int i = 0; i < count; i++) {
                lost.add(i);
            }
            for (UdpPeer.Datagram d : b.drain(Duration.ofMillis(20))) {
                lost.remove(index(d.data()));
            }
            assertEquals(proxy.stats(A_TO_B).lost(), lost.size());
            return lost;
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long proxyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("impairment-proxy-") && t.isAlive()).count();
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000 * MS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 5 s");
            LockSupport.parkNanos(MS);
        }
    }

    private static byte[] indexed(int index, int size) {
        byte[] data = new byte[Math.max(size, 4)];
        ByteBuffer.wrap(data).putInt(index);
        return data;
    }

    private static int index(byte[] data) {
        return ByteBuffer.wrap(data).getInt();
    }
}
