package io.purertc.dtls;

import static io.purertc.dtls.DtlsEndpointTest.assertSameKeys;
import static io.purertc.dtls.DtlsEndpointTest.result;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.purertc.rtp.MalformedPacketException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Garbage and truncated records fed to endpoints before, during and after the handshake: each is dropped
 * and counted on the event loop, nothing is thrown there, the queues stay bounded, and the handshake and
 * application data are unharmed.
 */
class DtlsHostileInputTest {

    private static final InetSocketAddress ATTACKER = new InetSocketAddress("203.0.113.9", 4444);

    private final DtlsPair pair = new DtlsPair();
    private final Random random = new Random(7);
    private final AtomicReference<Throwable> thrown = new AtomicReference<>();

    @AfterEach
    void close() throws InterruptedException {
        pair.close();
    }

    /** Random bytes demultiplexed as DTLS (first byte 20-63), or a real record cut short; all break framing. */
    private byte[] garbage() {
        byte[] bytes;
        if (random.nextBoolean()) {
            bytes = new byte[random.nextInt(120)];
            random.nextBytes(bytes);
            if (bytes.length > 0) {
                bytes[0] = (byte) (20 + random.nextInt(44));
            }
        } else {
            List<byte[]> real = CapturedHandshake.ONE.all();
            byte[] datagram = real.get(random.nextInt(real.size()));
            bytes = Arrays.copyOf(datagram, random.nextInt(datagram.length - 1) + 1);
        }
        try {
            DtlsRecordHeader.checkDatagram(bytes, 0, bytes.length);
            return garbage();
        } catch (MalformedPacketException expected) {
            return bytes;
        }
    }

    /** Feeds {@code count} garbage datagrams on {@code loop}, as a socket would, and waits until they are in. */
    private void inject(EventLoop loop, DtlsEndpoint endpoint, int count) throws InterruptedException {
        loop.submit(() -> {
            for (int i = 0; i < count; i++) {
                receiveCatching(endpoint, garbage());
            }
        }).sync();
    }

    private void receiveCatching(DtlsEndpoint endpoint, byte[] datagram) {
        try {
            endpoint.receive(datagram, 0, datagram.length, ATTACKER);
        } catch (Throwable t) {
            thrown.compareAndSet(null, t);
        }
    }

    @Test
    void garbageBeforeDuringAndAfterTheHandshakeIsDroppedAndCounted() throws Exception {
        DtlsEndpoint server = pair.openServer(pair.config(TestCertificates.SERVER),
                List.of(TestCertificates.CLIENT.fingerprint()));
        inject(pair.serverLoop, server, 200);

        // During: a piece of garbage ahead of every real datagram, both ways.
        AtomicInteger duringAtServer = new AtomicInteger();
        AtomicInteger duringAtClient = new AtomicInteger();
        pair.toServer.receiver = (buf, offset, length, from) -> {
            duringAtServer.incrementAndGet();
            receiveCatching(server, garbage());
            server.receive(buf, offset, length, from);
        };
        pair.toClient.receiver = (buf, offset, length, from) -> {
            duringAtClient.incrementAndGet();
            receiveCatching(pair.client, garbage());
            pair.client.receive(buf, offset, length, from);
        };
        DtlsEndpoint client = pair.openClient(pair.config(TestCertificates.CLIENT),
                List.of(TestCertificates.SERVER.fingerprint()));
        assertSameKeys(result(client), result(server));

        inject(pair.serverLoop, server, 200);
        inject(pair.clientLoop, client, 200);
        byte[] up = {1, 2, 3};
        byte[] down = {4, 5, 6};
        client.send(up, 0, up.length);
        server.send(down, 0, down.length);
        assertArrayEquals(up, pair.atServer.poll(10, TimeUnit.SECONDS));
        assertArrayEquals(down, pair.atClient.poll(10, TimeUnit.SECONDS));

        assertNull(thrown.get(), () -> "receive threw: " + thrown.get());
        assertEquals(400 + duringAtServer.get(), server.counters().malformed());
        assertEquals(200 + duringAtClient.get(), client.counters().malformed());
        assertEquals(0, server.counters().queueFull());
    }

    @Test
    void wellFramedNonsenseAfterTheHandshakeIsDroppedByBctls() throws Exception {
        pair.open(pair.config(TestCertificates.CLIENT), pair.config(TestCertificates.SERVER));
        result(pair.client);
        result(pair.server);
        // Application data records of epoch 1 with random sequence numbers and bodies: the framing holds, the
        // authentication tag does not. Fewer than the queue holds, so the real record after them finds room.
        pair.serverLoop.submit(() -> {
            for (int i = 0; i < LinkTransport.QUEUE_CAPACITY - 1; i++) {
                byte[] body = new byte[30 + random.nextInt(60)];
                byte[] record = DtlsRecordHeaderTest.record(new DtlsRecordHeader(DtlsRecordHeader.APPLICATION_DATA,
                        DtlsRecordHeader.DTLS_1_2, 1, random.nextInt(1 << 20), body.length), 0);
                random.nextBytes(body);
                System.arraycopy(body, 0, record, DtlsRecordHeader.LENGTH, body.length);
                receiveCatching(pair.server, record);
            }
        }).sync();
        byte[] up = {9};
        pair.client.send(up, 0, up.length);
        assertArrayEquals(up, pair.atServer.poll(10, TimeUnit.SECONDS));
        assertTrue(pair.atServer.isEmpty());
        assertNull(thrown.get());
        assertEquals(0, pair.server.counters().malformed());
        assertEquals(0, pair.server.counters().queueFull());
    }

    @Test
    void aListeningServerIgnoresAllButClientHellos() throws Exception {
        DtlsEndpoint server = pair.openServer(pair.config(TestCertificates.SERVER),
                List.of(TestCertificates.CLIENT.fingerprint()));
        List<byte[]> notHellos = new ArrayList<>(CapturedHandshake.ONE.fromServer);
        pair.serverLoop.submit(() -> notHellos.forEach(datagram -> receiveCatching(server, datagram.clone()))).sync();
        assertEquals(notHellos.size(), server.counters().ignored());
        assertTrue(pair.toClient.sent.isEmpty(), "a listening server answered something other than a ClientHello");
        assertNull(thrown.get());
    }

    @Test
    void theQueueIsBoundedWhileTheHandshakeThreadIsBusy() throws Exception {
        List<Runnable> parked = new ArrayList<>();
        DtlsConfig stalled = new DtlsConfig(TestCertificates.CLIENT, parked::add);
        DtlsEndpoint client = pair.openClient(stalled, List.of(TestCertificates.SERVER.fingerprint()));
        byte[] datagram = CapturedHandshake.ONE.fromServer.get(1);
        int sent = 1_000;
        pair.clientLoop.submit(() -> {
            for (int i = 0; i < sent; i++) {
                receiveCatching(client, datagram.clone());
            }
        }).sync();
        assertEquals(sent - LinkTransport.QUEUE_CAPACITY, client.counters().queueFull());
        assertEquals(sent, client.counters().datagrams());
        assertNull(thrown.get());
        client.close();
        pair.clientLoop.submit(() -> receiveCatching(client, datagram.clone())).sync();
        assertEquals(1, client.counters().ignored());
    }
}
