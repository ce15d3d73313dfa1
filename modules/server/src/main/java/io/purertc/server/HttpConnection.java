package io.purertc.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.RejectedExecutionException;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection: takes each aggregated request off the wire, has {@link Routes} answer it and writes
 * the reply. Replies go out in request order (RFC 9112 §9.3.2) although signaling calls finish on other
 * threads: while one request is in progress, later pipelined ones wait here, a few at most. All state is
 * touched on the channel's event loop only.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HttpConnection.class);

    /** Pipelined requests held while one is in progress; a client sending more is dropped. */
    static final int MAX_WAITING = 16;

    private final Routes routes;
    private final Deque<Request> waiting = new ArrayDeque<>();
    private boolean busy;

    HttpConnection(Routes routes) {
        this.routes = routes;
    }

    /** What a reply needs of a request, copied out so no buffer outlives the read. */
    record Request(HttpVersion version, HttpMethod method, String uri, boolean keepAlive, byte[] body,
            Throwable failure) {

        static Request of(FullHttpRequest request) {
            Throwable failure = request.decoderResult().cause();
            // After a malformed request the decoder cannot find where the next one starts.
            boolean keepAlive = HttpUtil.isKeepAlive(request)
                    && (failure == null || failure instanceof TooLongHttpContentException);
            return new Request(request.protocolVersion(), request.method(), request.uri(), keepAlive,
                    ByteBufUtil.getBytes(request.content()), failure);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Request request;
        try {
            request = Request.of((FullHttpRequest) msg);
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (!busy) {
            handle(ctx, request);
        } else if (waiting.size() < MAX_WAITING) {
            waiting.add(request);
        } else {
            ctx.close();
        }
    }

    private void handle(ChannelHandlerContext ctx, Request request) {
        busy = true;
        Throwable failure = request.failure();
        if (failure instanceof TooLongHttpContentException) {
            respond(ctx, request, Reply.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                    failure.getMessage()));
        } else if (failure != null) {
            respond(ctx, request, Reply.error(HttpResponseStatus.BAD_REQUEST, "invalid_request",
                    "malformed HTTP request: " + failure.getMessage()));
        } else {
            try {
                routes.route(request, reply -> respondOnLoop(ctx, request, reply));
            } catch (RuntimeException e) {
                LOG.error("request {} {} failed", request.method(), request.uri(), e);
                respond(ctx, request, Routes.INTERNAL_ERROR);
            }
        }
    }

    private void respondOnLoop(ChannelHandlerContext ctx, Request request, Reply reply) {
        EventExecutor loop = ctx.executor();
        if (loop.inEventLoop()) {
            respond(ctx, request, reply);
            return;
        }
        try {
            loop.execute(() -> respond(ctx, request, reply));
        } catch (RejectedExecutionException e) {
            LOG.debug("reply to {} dropped: the server is closing", request.uri());
        }
    }

    private void respond(ChannelHandlerContext ctx, Request request, Reply reply) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.version(), reply.status(),
                Unpooled.wrappedBuffer(reply.body()));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        reply.headers().forEach(headers::set);
        HttpUtil.setKeepAlive(response, request.keepAlive());
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!request.keepAlive()) {
            // Stays busy: nothing more is read from a connection that is closing.
            written.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        busy = false;
        Request next = waiting.poll();
        if (next != null) {
            handle(ctx, next);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
