package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

class UdpEndpointTest {

    @RegisterExtension
    final NettyLeakCheck leakCheck = new NettyLeakCheck();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stop() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void aThrowingHandlerIsCountedAndTheSocketKeepsReceiving() throws Exception {
        BlockingQueue<byte[]> delivered = new LinkedBlockingQueue<>();
        BlockingQueue<Boolean> onEventLoop = new LinkedBlockingQueue<>();
        try (UdpEndpoint receiver = UdpEndpoint.bind(group, new InetSocketAddress("127.0.0.1", 0),
                (endpoint, datagram, sender) -> {
                    onEventLoop.add(endpoint.eventLoop().inEventLoop());
                    if (datagram[0] == 1) {
                        throw new IllegalStateException("handler bug");
                    }
                    delivered.add(datagram);
                });
             UdpEndpoint sender = UdpEndpoint.bind(group, new InetSocketAddress("127.0.0.1", 0),
                     (endpoint, datagram, from) -> { })) {
            assertNotEquals(0, receiver.localAddress().getPort());
            sender.send(new byte[] {1, 2, 3}, 0, 3, receiver.localAddress());
            sender.send(new byte[] {9, 2, 3, 4}, 1, 3, receiver.localAddress());

            byte[] second = delivered.poll(5, TimeUnit.SECONDS);
            assertNotNull(second, "second datagram not delivered");
            assertArrayEquals(new byte[] {2, 3, 4}, second);
            assertEquals(1, receiver.handlerErrors());
            assertEquals(Boolean.TRUE, onEventLoop.poll());
            assertEquals(Boolean.TRUE, onEventLoop.poll());
        }
    }

    @Test
    void closeReleasesThePort() throws Exception {
        UdpEndpoint first = UdpEndpoint.bind(group, new InetSocketAddress("127.0.0.1", 0), (e, d, s) -> { });
        InetSocketAddress address = first.localAddress();
        first.close();
        try (UdpEndpoint again = bindWithin(address, 2_000)) {
            assertEquals(address, again.localAddress());
            assertFalse(group.isShuttingDown());
        }
    }

    // NIO closes the socket itself only when its selector next drops the cancelled key, a moment after
    // close() returns; the port must come free within a bounded wait, not necessarily at once.
    private UdpEndpoint bindWithin(InetSocketAddress address, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            try {
                return UdpEndpoint.bind(group, address, (e, d, s) -> { });
            } catch (java.io.IOException stillBound) {
                if (System.nanoTime() > deadline) {
                    throw stillBound;
                }
                Thread.sleep(10);
            }
        }
    }
}
