package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * The routing function fed arbitrary datagrams from arbitrary loopback sources, directly rather than
 * through the socket, so each try sees exactly its own traffic. Small limits make every bound bite.
 */
class UdpMuxPropertiesTest {

    private static final List<String> UFRAGS = List.of("Aa1x", "Bb2y", "Cc3z");
    private static final UdpMux.Limits LIMITS = new UdpMux.Limits(4, 3, 5, 4);

    record Arrival(byte[] datagram, InetSocketAddress sender) {
    }

    private final List<UdpMux.Session> sessions = new ArrayList<>();
    private EventLoopGroup group;
    private UdpMux mux;

    @BeforeProperty
    void bind() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        mux = UdpMux.bind(group, new InetSocketAddress("127.0.0.1", 0), LIMITS);
    }

    @AfterProperty
    void close() throws InterruptedException {
        if (mux != null) {
            mux.close();
        }
        LoopbackTeardown.close(group);
    }

    @BeforeTry
    void register() {
        for (String ufrag : UFRAGS) {
            sessions.add(mux.register(ufrag, group.next(), (via, datagram, sender) -> {
                if (datagram.length > 1 && datagram[1] == 0x42) {
                    throw new IllegalStateException("a handler bug the mux must survive");
                }
            }));
        }
    }

    @AfterTry
    void unregister() {
        sessions.forEach(UdpMux.Session::close);
        sessions.clear();
        assertEquals(0, mux.boundAddresses());
    }

    @Property(tries = 300)
    void routingNeverThrowsAndAccountsForEveryDatagram(@ForAll("traffic") List<Arrival> traffic) {
        UdpMux.Counters before = mux.counters();
        for (Arrival arrival : traffic) {
            mux.route(arrival.datagram(), arrival.sender());
            assertTrue(mux.boundAddresses() <= LIMITS.maxAddresses());
        }
        UdpMux.Counters after = mux.counters();
        long received = after.received() - before.received();
        assertEquals(traffic.size(), received);
        assertEquals(received, after.routedByUfrag() - before.routedByUfrag()
                + after.routedByAddress() - before.routedByAddress()
                + after.unroutable() - before.unroutable()
                + after.malformedStun() - before.malformedStun()
                + after.overAddressLimit() - before.overAddressLimit());
    }

    @Provide
    Arbitrary<List<Arrival>> traffic() {
        // Few ports, so that sources repeat and later datagrams find the addresses earlier ones bound.
        Arbitrary<InetSocketAddress> senders = Combinators.combine(Arbitraries.of("127.0.0.1", "127.0.0.2", "::1"),
                Arbitraries.integers().between(40_000, 40_003)).as(InetSocketAddress::new);
        Arbitrary<byte[]> datagrams = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                Tuple.of(4, checks()),
                Tuple.of(2, Combinators.combine(checks(), Arbitraries.integers().between(0, 200))
                        .as((check, length) -> Arrays.copyOf(check, Math.min(length, check.length)))),
                Tuple.of(2, Combinators.combine(checks(), Arbitraries.integers().between(0, 199),
                        Arbitraries.bytes().filter(b -> b != 0)).as(UdpMuxPropertiesTest::flip)),
                Tuple.of(1, checks().map(UdpMuxPropertiesTest::asSuccessResponse)),
                Tuple.of(3, Combinators.combine(Arbitraries.of((byte) 22, (byte) 0x80, (byte) 0x90, (byte) 64),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(200)).as(UdpMuxPropertiesTest::prefixed)));
        return Combinators.combine(datagrams, senders).as(Arrival::new).list().ofMaxSize(40);
    }

    private static Arbitrary<byte[]> checks() {
        Arbitrary<String> usernames = Arbitraries.of("Aa1x:Rm0t", "Bb2y:Rm0t", "Cc3z:Rm0t", "Zz9z:Rm0t", "Aa1x",
                ":Aa1x", "Aa1x:");
        return Combinators.combine(usernames, Arbitraries.longs())
                .as((username, seed) -> TestChecks.request(TestChecks.transactionId(new Random(seed)), username, "any password", false));
    }

    private static byte[] flip(byte[] datagram, int index, byte bits) {
        byte[] flipped = datagram.clone();
        flipped[index % flipped.length] ^= bits;
        return flipped;
    }

    /** The message type of a Binding success response (0x0101); the rest no longer matters to routing. */
    private static byte[] asSuccessResponse(byte[] check) {
        byte[] response = check.clone();
        response[0] = 0x01;
        return response;
    }

    private static byte[] prefixed(byte first, byte[] tail) {
        byte[] datagram = new byte[1 + tail.length];
        datagram[0] = first;
        System.arraycopy(tail, 0, datagram, 1, tail.length);
        return datagram;
    }
}
