package io.purertc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignalingServerTest {

    private static final int LIMIT = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String CANDIDATE = "candidate:1 1 udp 2122260223 192.168.1.5 61922 typ host";

    private final ScriptedRegistry registry = new ScriptedRegistry();
    private final ExecutorService clientThreads = Executors.newFixedThreadPool(2);
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
    private SignalingServer server;

    @BeforeEach
    void start() throws IOException {
        server = SignalingServer.start(new InetSocketAddress("127.0.0.1", 0), registry, LIMIT);
    }

    @AfterEach
    void stop() {
        server.close();
        clientThreads.shutdownNow();
    }

    // ---- FastRTC's shapes, byte for byte

    @Test
    void offerIsAnsweredInFastRtcsShape() throws Exception {
        assertJson(200, "{\"sdp\":\"v=0\\r\\no=- 1 1 IN IP4 127.0.0.1\\r\\ns=abc\\r\\nt=0 0\\r\\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\n\",\"type\":\"answer\"}", post(offer("abc")));
        assertEquals("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n", registry.sessions.get("abc").remoteSdp);
    }

    @Test
    void trickledCandidatesReachTheRegistry() throws Exception {
        post(offer("abc"));
        assertJson(200, "{\"status\":\"success\"}", post(candidate("abc", "{\"candidate\":\"" + CANDIDATE
                + "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"w1vT\"}")));
        assertJson(200, "{\"status\":\"success\"}",
                post(candidate("abc", "{\"candidate\":\"\",\"sdpMid\":null,\"sdpMLineIndex\":null}")));
        assertEquals(List.of(CANDIDATE + "|0|OptionalInt[0]", "|null|OptionalInt.empty"),
                registry.sessions.get("abc").candidates);
    }

    @Test
    void fastRtcFailuresAreHttp200WithTheirErrorCode() throws Exception {
        String good = "{\"candidate\":\"" + CANDIDATE + "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";
        assertJson(200, "{\"status\":\"failed\",\"meta\":{\"error\":\"unknown_connection\"}}",
                post(candidate("nobody", good)));
        post(offer("abc"));
        assertJson(200, "{\"status\":\"failed\",\"meta\":{\"error\":\"invalid_candidate_format\"}}",
                post(candidate("abc", "{\"candidate\":\"garbage\",\"sdpMid\":\"0\"}")));
        assertJson(200, "{\"status\":\"failed\",\"meta\":{\"error\":\"connection_already_exists\"}}",
                post(offer("abc")));
        registry.sessions.get("abc").closed = true;
        assertJson(200, "{\"status\":\"failed\",\"meta\":{\"error\":\"connection_closed\"}}",
                post(candidate("abc", good)));
    }

    @Test
    void aFullServerAnswersConcurrencyLimitReachedWithTheLimit() throws Exception {
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(200, post(offer("s" + i)).statusCode());
        }
        assertJson(200, "{\"status\":\"failed\",\"meta\":{\"error\":\"concurrency_limit_reached\",\"limit\":3}}",
                post(offer("one-too-many")));
        assertFalse(registry.sessions.containsKey("one-too-many"));
        registry.sessions.remove("s0");
        assertEquals(200, post(offer("one-too-many")).statusCode());
    }

    // ---- our own routes

    @Test
    void candidatesAndStatsOfASession() throws Exception {
        post(offer("abc"));
        assertJson(200, "{\"candidates\":[{\"candidate\":\"candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\","
                + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0},{\"candidate\":\"candidate:2 1 udp 1694498815 192.0.2.7 "
                + "50000 typ srflx\",\"sdpMid\":null,\"sdpMLineIndex\":0}],\"complete\":true}",
                get("/webrtc/candidates?webrtc_id=abc"));
        assertJson(200, "{\"webrtcId\":\"abc\",\"packetsReceived\":42}", get("/webrtc/stats?webrtc_id=abc"));
        assertJson(200, "{\"status\":\"failed\",\"meta\":{\"error\":\"unknown_connection\"}}",
                get("/webrtc/stats?webrtc_id=nobody"));
        assertJson(400, invalidRequest("expected one query parameter webrtc_id"), get("/webrtc/candidates"));
    }

    @Test
    void serverOffersAndTheClientAnswers() throws Exception {
        HttpResponse<String> response = get("/webrtc/server-offer?mode=audio-video");
        assertEquals(200, response.statusCode());
        Map<?, ?> offer = (Map<?, ?>) Json.parse(response.body());
        assertEquals(List.of("webrtc_id", "sdp"), new ArrayList<>(offer.keySet()));
        String webrtcId = (String) offer.get("webrtc_id");
        assertTrue(webrtcId.matches("[0-9a-f]{24}"), webrtcId);
        assertEquals("v=0\r\ns=audio-video\r\n", offer.get("sdp"));
        assertJson(200, "{\"status\":\"success\"}", post("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\",\"webrtc_id\":\""
                + webrtcId + "\"}"));
        assertEquals("v=0\r\n", registry.sessions.get(webrtcId).answer);
        assertJson(400, invalidRequest("mode must be audio, video or audio-video"),
                get("/webrtc/server-offer?mode=screen"));
    }

    @Test
    void registryCallsRunOnSignalingWorkersNotOnTheEventLoop() throws Exception {
        post(offer("abc"));
        get("/webrtc/stats?webrtc_id=abc");
        assertFalse(registry.callThreads.isEmpty());
        assertTrue(registry.callThreads.stream().allMatch(name -> name.startsWith("purertc-signaling")),
                registry.callThreads.toString());
    }

    @Test
    void aSlowOfferHoldsUpNoOtherRequest() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        registry.offerGate = gate;
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(postRequest(offer("slow")),
                BodyHandlers.ofString());
        awaitSession("slow");
        assertEquals(200, get("/").statusCode());
        assertJson(200, "{\"status\":\"failed\",\"meta\":{\"error\":\"unknown_connection\"}}",
                get("/webrtc/stats?webrtc_id=other"));
        assertFalse(slow.isDone());
        gate.countDown();
        assertEquals(200, slow.get(10, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void pipelinedRepliesKeepRequestOrder() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        registry.offerGate = gate;
        byte[] body = offer("piped").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webrtc/offer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write("GET /app.css HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitSession("piped");
            gate.countDown();
            InputStream in = socket.getInputStream();
            RawResponse first = RawResponse.read(in);
            RawResponse second = RawResponse.read(in);
            assertEquals("application/json", first.header("content-type"));
            assertTrue(first.body().startsWith("{\"sdp\":"), first.body());
            assertEquals("text/css; charset=utf-8", second.header("content-type"));
        }
    }

    @Test
    void aFullWorkerPoolAnswers503AndEveryOtherRequestIsServed() throws Exception {
        server.close();
        server = SignalingServer.start(new InetSocketAddress("127.0.0.1", 0), registry, 1000);
        CountDownLatch gate = new CountDownLatch(1);
        registry.offerGate = gate;
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            replies.add(client.sendAsync(postRequest(offer("busy" + i)), BodyHandlers.ofString()));
        }
        int refused = 80 - 4 - 64;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (replies.stream().filter(CompletableFuture::isDone).count() < refused && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        gate.countDown();
        int busy = 0;
        for (CompletableFuture<HttpResponse<String>> reply : replies) {
            HttpResponse<String> response = reply.get(20, TimeUnit.SECONDS);
            if (response.statusCode() == 503) {
                assertJson(503, "{\"status\":\"failed\",\"meta\":{\"error\":\"server_busy\",\"reason\":\"too many "
                        + "signaling requests in progress; try again\"}}", response);
                busy++;
            } else {
                assertEquals(200, response.statusCode());
            }
        }
        assertEquals(refused, busy, "four workers busy, sixty-four calls queued, the rest refused");
    }

    @Test
    void aPortInUseIsAnIOException() {
        IOException e = assertThrows(IOException.class,
                () -> SignalingServer.start(new InetSocketAddress("127.0.0.1", server.port()), registry, 1));
        assertTrue(e.getMessage().startsWith("cannot listen on /127.0.0.1:" + server.port()), e.getMessage());
    }

    // ---- hostile input: a 4xx with a reason, and the server keeps serving

    static Stream<Arguments> hostileBodies() {
        String id = ",\"webrtc_id\":\"x\"";
        String ice = "{\"type\":\"ice-candidate\",\"webrtc_id\":\"x\",\"candidate\":";
        String index = "must be an integer from 0 to 65535 or null";
        return Stream.of(
                Arguments.of("", "empty body; expected a JSON object"),
                Arguments.of("hello", "JSON malformed at byte 0: expected a value"),
                Arguments.of("{\"type\":\"offer\"", "JSON malformed at byte 15: expected ',' or '}' in an object"),
                Arguments.of("[]", "expected a JSON object"),
                Arguments.of("{\"type\":\"offer\"" + id + "}", "sdp is missing"),
                Arguments.of("{\"sdp\":5,\"type\":\"offer\"" + id + "}", "sdp must be a string"),
                Arguments.of("{\"sdp\":\"v=0\",\"type\":7" + id + "}", "type must be a string"),
                Arguments.of("{\"sdp\":\"v=0\"" + id + "}", "type is missing"),
                Arguments.of("{\"type\":\"bye\"" + id + "}", "type must be \"offer\", \"answer\" or \"ice-candidate\""),
                Arguments.of("{\"type\":\"offer\",\"sdp\":\"v=0\"}", webrtcIdRule()),
                Arguments.of("{\"type\":\"offer\",\"sdp\":\"v=0\",\"webrtc_id\":\"\"}", webrtcIdRule()),
                Arguments.of("{\"type\":\"offer\",\"sdp\":\"v=0\",\"webrtc_id\":\"a b\"}", webrtcIdRule()),
                Arguments.of("{\"type\":\"offer\",\"sdp\":\"v=0\",\"webrtc_id\":5}", webrtcIdRule()),
                Arguments.of("{\"type\":\"offer\",\"sdp\":\"v=0\",\"webrtc_id\":\"" + "a".repeat(129) + "\"}",
                        webrtcIdRule()),
                Arguments.of("{\"type\":\"ice-candidate\",\"webrtc_id\":\"x\"}", "candidate must be an object"),
                Arguments.of(ice + "\"" + CANDIDATE + "\"}", "candidate must be an object"),
                Arguments.of(ice + "{\"sdpMid\":\"0\"}}", "candidate.candidate must be a string"),
                Arguments.of(ice + "{\"candidate\":7}}", "candidate.candidate must be a string"),
                Arguments.of(ice + "{\"candidate\":\"\",\"sdpMid\":0}}", "candidate.sdpMid must be a string or null"),
                Arguments.of(ice + "{\"candidate\":\"\",\"sdpMLineIndex\":-1}}", "candidate.sdpMLineIndex " + index),
                Arguments.of(ice + "{\"candidate\":\"\",\"sdpMLineIndex\":1.5}}", "candidate.sdpMLineIndex " + index),
                Arguments.of(ice + "{\"candidate\":\"\",\"sdpMLineIndex\":\"0\"}}", "candidate.sdpMLineIndex " + index),
                Arguments.of(ice + "{\"candidate\":\"\",\"sdpMLineIndex\":65536}}", "candidate.sdpMLineIndex " + index),
                Arguments.of(ice + "{\"candidate\":\"\",\"sdpMLineIndex\":1e999999999}}",
                        "candidate.sdpMLineIndex " + index),
                Arguments.of("[".repeat(100), "JSON malformed at byte 64: nesting deeper than 64"));
    }

    private static String webrtcIdRule() {
        return "webrtc_id must be a string of 1 to 128 visible ASCII characters";
    }

    @ParameterizedTest
    @MethodSource("hostileBodies")
    void hostileBodyGets400WithAReasonAndTheServerKeepsServing(String body, String reason) throws Exception {
        assertJson(400, invalidRequest(reason), post(body));
        assertEquals(200, post(offer("after")).statusCode());
        assertEquals(1, registry.callThreads.size(), "only the good offer reached the registry");
    }

    @Test
    void invalidUtf8Gets400() throws Exception {
        byte[] body = "{\"type\":\"offer\",\"sdp\":\"v=0 \u00e9\",\"webrtc_id\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8);
        body[27] = (byte) 0xFF;
        assertJson(400, invalidRequest("JSON malformed at byte 27: invalid UTF-8"), post(body));
    }

    @Test
    void anOfferTheRegistryRefusesGets400WithItsReason() throws Exception {
        assertJson(400, "{\"status\":\"failed\",\"meta\":{\"error\":\"invalid_sdp\",\"reason\":\"the offer has no m= "
                + "line\"}}", post("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\ns=-\\r\\n\",\"webrtc_id\":\"x\"}"));
        assertEquals(200, post(offer("x")).statusCode());
    }

    @Test
    void aRegistryBugIs500AndTheServerLivesOn() throws Exception {
        registry.bug = new IllegalStateException("a bug in the registry");
        assertJson(500, "{\"status\":\"failed\",\"meta\":{\"error\":\"internal_error\",\"reason\":\"the server "
                + "failed; its log says why\"}}", post(offer("abc")));
        registry.bug = null;
        assertEquals(200, post(offer("abc")).statusCode());
    }

    private static final String TOO_LARGE = "{\"status\":\"failed\",\"meta\":{\"error\":\"payload_too_large\","
            + "\"reason\":\"request body larger than 65536 bytes\"}}";

    @Test
    void aOneMegabyteBodyGets413AndTheServerKeepsServing() throws Exception {
        byte[] huge = new byte[1 << 20];
        Arrays.fill(huge, (byte) ' ');
        assertJson(413, TOO_LARGE, post(huge));
        assertEquals(200, post(offer("after")).statusCode());
    }

    @Test
    void anOversizedChunkedBodyGets413() throws Exception {
        byte[] huge = new byte[SignalingServer.MAX_BODY + 1];
        HttpRequest chunked = HttpRequest.newBuilder(uri("/webrtc/offer")).timeout(TIMEOUT)
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build();
        assertJson(413, TOO_LARGE, client.send(chunked, BodyHandlers.ofString()));
        assertEquals(200, post(offer("after")).statusCode());
    }

    @Test
    void anOversizedBodyAnnouncedWithExpectContinueGets413BeforeItIsSent() throws Exception {
        byte[] body = offer("after").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webrtc/offer HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                    + (SignalingServer.MAX_BODY + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawResponse refused = RawResponse.read(socket.getInputStream());
            assertEquals(413, refused.status());
            assertEquals(TOO_LARGE, refused.body());
            out.write(("POST /webrtc/offer HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            assertEquals(200, RawResponse.read(socket.getInputStream()).status(), "the connection still serves");
        }
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        String notFound = "{\"status\":\"failed\",\"meta\":{\"error\":\"not_found\",\"reason\":\"no such path\"}}";
        assertJson(404, notFound, get("/nope"));
        assertJson(404, notFound, get("/%2e%2e/Main.class"));
        assertJson(404, notFound, get("/.hidden.js"));
        assertJson(404, notFound, get("/app.js/"));
        HttpResponse<String> getOffer = get("/webrtc/offer");
        assertJson(405, "{\"status\":\"failed\",\"meta\":{\"error\":\"method_not_allowed\",\"reason\":\"use POST\"}}",
                getOffer);
        assertEquals("POST", getOffer.headers().firstValue("allow").orElse(null));
        HttpResponse<String> postPage = client.send(HttpRequest.newBuilder(uri("/")).timeout(TIMEOUT)
                .POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString());
        assertEquals(405, postPage.statusCode());
        assertEquals("GET", postPage.headers().firstValue("allow").orElse(null));
    }

    @Test
    void malformedHttpGets400AndTheConnectionCloses() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("GET /\u0001 HTTP/9\r\nBad Header\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            RawResponse response = RawResponse.read(socket.getInputStream());
            assertEquals(400, response.status());
            assertTrue(response.body().startsWith("{\"status\":\"failed\",\"meta\":{\"error\":\"invalid_request\","
                    + "\"reason\":\"malformed HTTP request"), response.body());
            assertEquals(-1, socket.getInputStream().read());
        }
        assertEquals(200, get("/").statusCode());
    }

    @Test
    void thePageIsServedFromTheJar() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElse(null));
        assertEquals("no-store", page.headers().firstValue("cache-control").orElse(null));
        assertEquals("default-src 'self'", page.headers().firstValue("content-security-policy").orElse(null));
        assertTrue(page.body().contains("<script src=\"app.js\" defer></script>"), page.body());
        assertEquals(page.body(), get("/index.html").body());
        HttpResponse<String> script = get("/app.js");
        assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("content-type").orElse(null));
        assertTrue(script.body().contains("window.purertc"));
        assertEquals("text/css; charset=utf-8", get("/app.css").headers().firstValue("content-type").orElse(null));
        assertEquals("image/svg+xml", get("/favicon.svg").headers().firstValue("content-type").orElse(null));
    }

    // ---- helpers

    static String offer(String webrtcId) {
        return "{\"sdp\":\"v=0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\n\",\"type\":\"offer\",\"webrtc_id\":\""
                + webrtcId + "\"}";
    }

    private static String candidate(String webrtcId, String candidate) {
        return "{\"candidate\":" + candidate + ",\"webrtc_id\":\"" + webrtcId + "\",\"type\":\"ice-candidate\"}";
    }

    private static String invalidRequest(String reason) {
        return "{\"status\":\"failed\",\"meta\":{\"error\":\"invalid_request\",\"reason\":" + Json.write(reason) + "}}";
    }

    private void awaitSession(String webrtcId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!registry.sessions.containsKey(webrtcId) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(registry.sessions.containsKey(webrtcId), "the offer reached the registry");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpRequest postRequest(String body) {
        return HttpRequest.newBuilder(uri("/webrtc/offer")).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return client.send(postRequest(body), BodyHandlers.ofString());
    }

    private HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri("/webrtc/offer")).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(BodyPublishers.ofByteArray(body)).build(),
                BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).build(), BodyHandlers.ofString());
    }

    private static void assertJson(int status, String body, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(null));
        assertEquals("no-store", response.headers().firstValue("cache-control").orElse(null));
        assertEquals(body, response.body());
    }
}
