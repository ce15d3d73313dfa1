package io.purertc.ice;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound UDP socket on a Netty NIO event loop. Every received datagram is copied out of its buffer,
 * the buffer released, and the copy handed to the {@link UdpTransport.Handler} on the channel's event
 * loop; a handler that throws is logged and counted and the socket keeps receiving.
 *
 * <p>The {@link EventLoopGroup} is the caller's: {@link #close()} closes only the channel, and the caller
 * shuts the group down. The group must be NIO (an {@code NioIoHandler}) since the channel is a
 * {@link NioDatagramChannel}.
 */
// RFC 768; threading per DESIGN.md "Threading model"
public final class UdpEndpoint implements UdpTransport, AutoCloseable {

    /**
     * Receive buffer per read: the largest UDP payload over IPv4, so that an oversize datagram arrives
     * whole and is rejected by its parser instead of being cut silently to something that might parse.
     */
    static final int MAX_DATAGRAM = 65_507;

    private static final Logger LOG = LoggerFactory.getLogger(UdpEndpoint.class);

    private final Channel channel;
    private final Receiver receiver;

    private UdpEndpoint(Channel channel, Receiver receiver) {
        this.channel = channel;
        this.receiver = receiver;
    }

    /** Binds {@code local} (port 0 = ephemeral) and waits until the socket is bound. */
    public static UdpEndpoint bind(EventLoopGroup group, InetSocketAddress local, Handler handler)
            throws IOException, InterruptedException {
        Receiver receiver = new Receiver(Objects.requireNonNull(handler, "handler"));
        Channel channel = new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(receiver)
                .register()
                .sync()
                .channel();
        UdpEndpoint endpoint = new UdpEndpoint(channel, receiver);
        // Set before bind() hands the channel to its event loop, so the first read already sees it.
        receiver.endpoint = endpoint;
        ChannelFuture bound = channel.bind(local).await();
        if (!bound.isSuccess()) {
            channel.close();
            throw new IOException("cannot bind UDP " + local, bound.cause());
        }
        return endpoint;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public void send(byte[] buf, int offset, int length, InetSocketAddress to) {
        ByteBuf copy = channel.alloc().buffer(length).writeBytes(buf, offset, length);
        channel.writeAndFlush(new DatagramPacket(copy, to)).addListener(sent -> {
            if (!sent.isSuccess()) {
                LOG.debug("datagram to {} not sent", to, sent.cause());
            }
        });
    }

    /** Exceptions thrown by the handler so far. */
    public long handlerErrors() {
        return receiver.handlerErrors.get();
    }

    /**
     * Closes the socket, waiting for it unless called on its own event loop (where waiting would deadlock);
     * the event loop group stays up.
     */
    @Override
    public void close() {
        ChannelFuture closed = channel.close();
        if (!channel.eventLoop().inEventLoop()) {
            closed.syncUninterruptibly();
        }
    }

    private static final class Receiver extends SimpleChannelInboundHandler<DatagramPacket> {

        private final Handler handler;
        private final AtomicLong handlerErrors = new AtomicLong();
        private UdpEndpoint endpoint;

        Receiver(Handler handler) {
            this.handler = handler;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            byte[] datagram = ByteBufUtil.getBytes(packet.content());
            try {
                handler.onDatagram(endpoint, datagram, packet.sender());
            } catch (RuntimeException e) {
                handlerErrors.incrementAndGet();
                LOG.warn("datagram handler failed on a datagram from {}", packet.sender(), e);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A UDP socket error (ICMP unreachable and the like) concerns one peer, never the socket.
            LOG.debug("UDP socket error on {}", ctx.channel().localAddress(), cause);
        }
    }
}
