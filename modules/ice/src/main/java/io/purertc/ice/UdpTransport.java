package io.purertc.ice;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/**
 * A local UDP transport address an ICE agent sends from and receives on: a socket of its own
 * ({@link UdpEndpoint}), a session on a shared port ({@code UdpMux}), or a TURN relay. Datagrams arrive
 * at a {@link Handler} on {@link #eventLoop()}, the one thread that owns the agent using the transport.
 */
// RFC 8445 §2 (transport address), §5.1.1
public interface UdpTransport {

    /** Receives datagrams on the transport's event loop, one at a time. */
    @FunctionalInterface
    interface Handler {
        void onDatagram(UdpTransport via, byte[] datagram, InetSocketAddress sender);
    }

    /** The address peers see as the source of what is sent here. */
    InetSocketAddress localAddress();

    /** Sends a copy of {@code buf[offset, offset + length)}, so the caller may reuse its buffer at once. */
    void send(byte[] buf, int offset, int length, InetSocketAddress to);

    /** The event loop that runs the handler; state shared with the handler belongs to it. */
    EventLoop eventLoop();
}
