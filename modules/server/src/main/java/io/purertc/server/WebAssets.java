package io.purertc.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The demo page's files, served from the jar ({@code /io/purertc/server/web/}). A request names one file of
 * that folder with a known type; anything else (sub-folders, dot files, {@code ..}) is simply not found.
 */
final class WebAssets {

    private static final String ROOT = "/io/purertc/server/web/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");
    /** The page loads nothing from elsewhere; this says so to the browser. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'";

    /** Files found so far; bounded by the jar's contents, so misses are not kept. */
    private final ConcurrentMap<String, Reply> found = new ConcurrentHashMap<>();

    /** The file for a request path ({@code /} is {@code index.html}), or empty when there is none. */
    Optional<Reply> find(String path) {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        if (type == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Reply reply = found.get(name);
        if (reply == null) {
            byte[] body = read(name);
            if (body == null) {
                return Optional.empty();
            }
            reply = new Reply(HttpResponseStatus.OK, type, body, Map.of());
            if (name.endsWith(".html")) {
                reply = reply.withHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            }
            found.putIfAbsent(name, reply);
        }
        return Optional.of(reply);
    }

    private static byte[] read(String name) {
        try (InputStream in = WebAssets.class.getResourceAsStream(ROOT + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ROOT + name, e);
        }
    }
}
