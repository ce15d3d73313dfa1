package io.purertc.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.util.ReferenceCountUtil;

/**
 * Aggregates request bodies up to a cap. A request over the cap is not answered here, as Netty's aggregator
 * would with an empty 413: it goes on to {@link HttpConnection} as a request failed with
 * {@link TooLongHttpContentException}, so its 413 carries a JSON reason and keeps its place among pipelined
 * replies. The rest of its body is read and dropped.
 */
final class BodyLimit extends HttpObjectAggregator {

    BodyLimit(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse
                && ((HttpResponse) response).status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
            // No 100 Continue: our 413 is the final answer and the client sends no body (RFC 9110 §10.1.1).
            ReferenceCountUtil.release(response);
            return null;
        }
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        HttpRequest request = (HttpRequest) oversized;
        FullHttpRequest refused = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                request.uri(), Unpooled.EMPTY_BUFFER);
        refused.headers().set(request.headers());
        if (oversized instanceof FullHttpMessage) {
            // Part of the body was aggregated already; like Netty's own handler, give up on the connection.
            HttpUtil.setKeepAlive(refused, false);
        }
        refused.setDecoderResult(DecoderResult.failure(
                new TooLongHttpContentException("request body larger than " + maxContentLength() + " bytes")));
        ctx.fireChannelRead(refused);
    }
}
