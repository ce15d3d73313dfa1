package io.purertc.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The HTTP/1.1 signaling server: FastRTC's {@code POST /webrtc/offer} and our own routes on a
 * {@link SessionRegistry}, and the demo page.
 *
 * <pre>
 * POST /webrtc/offer                  {"type":"offer","sdp","webrtc_id"}  → {"sdp","type":"answer"}
 *                                     {"type":"ice-candidate","webrtc_id","candidate":{...}} → {"status":"success"}
 *                                     {"type":"answer","sdp","webrtc_id"} → {"status":"success"}
 * GET  /webrtc/candidates?webrtc_id=  → {"candidates":[{"candidate","sdpMid","sdpMLineIndex"}],"complete"}
 * GET  /webrtc/stats?webrtc_id=       → the registry's stats of that session
 * GET  /webrtc/server-offer?mode=     → {"webrtc_id","sdp"}: we offer audio, video or audio-video
 * GET  /, /app.js ...                 the demo page
 * </pre>
 *
 * FastRTC's refusals are HTTP 200 with {@code {"status":"failed","meta":{"error":...}}}; malformed requests get
 * a 4xx in the same shape with a {@code reason}, and a full worker pool 503. One NIO event loop does the I/O;
 * registry calls run on a small bounded pool of workers, so a slow offer never holds up another connection.
 */
public final class SignalingServer implements AutoCloseable {

    /** Largest request body taken; an offer with all its candidates is a few KiB. */
    public static final int MAX_BODY = 64 * 1024;

    private static final int WORKERS = 4;
    private static final int QUEUED_CALLS = 64;
    private static final int IDLE_SECONDS = 60;

    private final EventLoopGroup loop;
    private final ThreadPoolExecutor workers;
    private final ChannelGroup connections;
    private final Channel listener;

    private SignalingServer(EventLoopGroup loop, ThreadPoolExecutor workers, ChannelGroup connections,
            Channel listener) {
        this.loop = loop;
        this.workers = workers;
        this.connections = connections;
        this.listener = listener;
    }

    /**
     * Listens on {@code address} (port 0 picks a free one) and serves {@code registry}, opening a session only
     * while the registry holds fewer than {@code maxSessions}. The registry stays the caller's to close.
     */
    public static SignalingServer start(InetSocketAddress address, SessionRegistry registry, int maxSessions)
            throws IOException {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1: " + maxSessions);
        }
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("purertc-http"),
                NioIoHandler.newFactory());
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_CALLS), new BlockingThreadFactory("purertc-signaling", false));
        workers.allowCoreThreadTimeOut(true);
        ChannelGroup connections = new DefaultChannelGroup("purertc-http", loop.next());
        Routes routes = new Routes(new Signaling(registry, maxSessions), workers);
        ChannelFuture bound = new ServerBootstrap()
                .group(loop)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(
                                new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS),
                                new HttpServerCodec(),
                                new BodyLimit(MAX_BODY),
                                new HttpConnection(routes));
                    }
                })
                .bind(address)
                .awaitUninterruptibly();
        SignalingServer server = new SignalingServer(loop, workers, connections, bound.channel());
        if (!bound.isSuccess()) {
            server.close();
            throw new IOException("cannot listen on " + address + ": " + bound.cause().getMessage(), bound.cause());
        }
        return server;
    }

    /** The port listened on. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Blocks until the server is closed. */
    public void awaitClose() throws InterruptedException {
        listener.closeFuture().await();
    }

    /**
     * Stops listening, lets running registry calls end (five seconds at most) and reply, then closes every
     * connection and stops every thread.
     */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        connections.close().awaitUninterruptibly();
        loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
