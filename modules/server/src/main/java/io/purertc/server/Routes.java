package io.purertc.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which request goes where. Signaling calls may block, so they run on the server's bounded worker pool and
 * reply when done; the demo page's files are answered at once. Shared by every connection.
 */
final class Routes {

    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

    static final Reply NOT_FOUND = Reply.error(HttpResponseStatus.NOT_FOUND, "not_found", "no such path");
    static final Reply INTERNAL_ERROR = Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error",
            "the server failed; its log says why");
    static final Reply BUSY = Reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "server_busy",
            "too many signaling requests in progress; try again");

    private final Signaling signaling;
    private final Executor workers;
    private final WebAssets assets = new WebAssets();

    Routes(Signaling signaling, Executor workers) {
        this.signaling = signaling;
        this.workers = workers;
    }

    /** Answers {@code request} through {@code done}, exactly once, on this thread or a worker. */
    void route(HttpConnection.Request request, Consumer<Reply> done) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path;
        Map<String, List<String>> query;
        try {
            path = uri.path();
            query = uri.parameters();
        } catch (IllegalArgumentException e) {
            done.accept(Reply.error(HttpResponseStatus.BAD_REQUEST, "invalid_request", "malformed URI"));
            return;
        }
        switch (path) {
            case "/webrtc/offer":
                call(request, HttpMethod.POST, done, () -> signaling.post(request.body()));
                break;
            case "/webrtc/candidates":
                call(request, HttpMethod.GET, done, () -> signaling.candidates(query));
                break;
            case "/webrtc/stats":
                call(request, HttpMethod.GET, done, () -> signaling.stats(query));
                break;
            case "/webrtc/server-offer":
                call(request, HttpMethod.GET, done, () -> signaling.serverOffer(query));
                break;
            default:
                Optional<Reply> file = assets.find(path);
                if (file.isEmpty()) {
                    done.accept(NOT_FOUND);
                } else {
                    done.accept(request.method().equals(HttpMethod.GET) ? file.get() : wrongMethod(HttpMethod.GET));
                }
        }
    }

    private void call(HttpConnection.Request request, HttpMethod method, Consumer<Reply> done, Call call) {
        if (!request.method().equals(method)) {
            done.accept(wrongMethod(method));
            return;
        }
        try {
            workers.execute(() -> run(call, done));
        } catch (RejectedExecutionException e) {
            done.accept(BUSY);
        }
    }

    private static void run(Call call, Consumer<Reply> done) {
        Reply reply = INTERNAL_ERROR;
        try {
            reply = call.call();
        } catch (SignalingException e) {
            reply = Reply.failure(e);
        } catch (RuntimeException e) {
            LOG.error("signaling call failed", e);
        } finally {
            done.accept(reply);
        }
    }

    private static Reply wrongMethod(HttpMethod allowed) {
        return Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "use " + allowed)
                .withHeader("Allow", allowed.name());
    }

    @FunctionalInterface
    private interface Call {
        Reply call() throws SignalingException;
    }
}
