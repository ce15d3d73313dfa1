package io.purertc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.peer.InboundRtpStats;
import io.purertc.peer.OutboundRtpStats;
import io.purertc.peer.StatsReport;
import io.purertc.sdp.SessionDescription;
import io.purertc.testkit.BrowserTestWatcher;
import io.purertc.testkit.Chromium;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Headless Chromium (libwebrtc) against the echo, through the project's own demo page: both JSEP roles, every
 * mode, the browser's getStats() showing our echo arriving and decoding, and our stats agreeing with it.
 */
@Tag("interop")
class EchoInteropTest {

    private static final Duration CONNECT = Duration.ofSeconds(20);
    /** Packets that may be on the wire between reading one side's counters and the other's. */
    private static final long IN_FLIGHT = 10;

    @RegisterExtension
    final BrowserTestWatcher browsers = new BrowserTestWatcher();

    private PeerSessions registry;
    private SignalingServer server;
    private Chromium chromium;

    @BeforeEach
    void start() throws IOException {
        registry = new PeerSessions(PeerSessions.echo(), ice -> ice.includeLoopback(true), Duration.ofSeconds(30));
        server = SignalingServer.start(new InetSocketAddress("127.0.0.1", 0), registry, 64);
        chromium = browsers.start();
        chromium.open(URI.create("http://127.0.0.1:" + server.port() + "/"));
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"audio", "video", "audio-video"})
    void theBrowserOffersAndGetsEveryTrackEchoed(String mode) throws Exception {
        String webrtcId = (String) chromium.executeAsync(
                "window.purertc.start(arguments[0]).then(arguments[1], e => arguments[1]('error: ' + e));", mode);
        assertEchoFlows(webrtcId, mode);
        if (mode.equals("audio-video")) {
            captureDescriptions("chromium-offer-echo-audio-video.sdp", "purertc-answer-echo-audio-video.sdp");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"audio", "video", "audio-video"})
    void javaOffersAndTheBrowserAnswers(String mode) throws Exception {
        String webrtcId = (String) chromium.executeAsync(
                "window.purertc.acceptOffer(arguments[0]).then(arguments[1], e => arguments[1]('error: ' + e));",
                mode);
        assertEchoFlows(webrtcId, mode);
    }

    private void assertEchoFlows(String webrtcId, String mode) throws Exception {
        assertTrue(!webrtcId.startsWith("error"), webrtcId);
        Set<String> kinds = mode.equals("audio-video") ? Set.of("audio", "video") : Set.of(mode);
        try {
            chromium.awaitTrue("window.purertc.pc && window.purertc.pc.connectionState === 'connected'", CONNECT);
        } catch (AssertionError e) {
            throw new AssertionError("not connected; the browser: " + browserStats() + "; ours: "
                    + registry.stats(webrtcId), e);
        }
        String expected = kinds.contains("video")
                ? "s.inbound.length === " + kinds.size() + " && s.inbound.every(i => i.packetsReceived > 20)"
                        + " && s.inbound.filter(i => i.kind === 'video').every(i => i.framesDecoded > 0)"
                : "s.inbound.length === 1 && s.inbound[0].packetsReceived > 20";
        long deadline = System.nanoTime() + CONNECT.toNanos();
        Map<?, ?> stats;
        do {
            Thread.sleep(250);
            stats = browserStats();
        } while (!satisfied(expected) && System.nanoTime() < deadline);
        assertTrue(satisfied(expected), "browser stats: " + stats);
        assertEquals("connected", stats.get("dtlsState"));
        assertTrue(Set.of("connected", "completed").contains(stats.get("iceConnectionState")), stats.toString());

        Map<?, ?> first = browserStats();
        Thread.sleep(1000);
        StatsReport ours = (StatsReport) registry.stats(webrtcId);
        Map<?, ?> last = browserStats();
        for (Object o : (List<?>) last.get("inbound")) {
            Map<?, ?> inbound = (Map<?, ?>) o;
            long before = packets(first, "inbound", (String) inbound.get("kind"), "packetsReceived");
            assertTrue(((Number) inbound.get("packetsReceived")).longValue() > before, "grows: " + inbound);
        }
        assertEquals(kinds.size(), ours.inboundRtp().size(), ours.toString());
        for (String kind : kinds) {
            InboundRtpStats inbound = ours.inboundRtp().stream().filter(s -> s.kind().equals(kind)).findFirst()
                    .orElseThrow();
            long sentBefore = packets(first, "outbound", kind, "packetsSent");
            long sentAfter = packets(last, "outbound", kind, "packetsSent");
            assertTrue(inbound.packetsReceived() >= sentBefore - IN_FLIGHT
                    && inbound.packetsReceived() <= sentAfter + IN_FLIGHT, kind + ": browser sent " + sentBefore + ".."
                    + sentAfter + ", we counted " + inbound.packetsReceived());
            OutboundRtpStats outbound = ours.outboundRtp().stream().filter(s -> s.kind().equals(kind)).findFirst()
                    .orElseThrow();
            long receivedBefore = packets(first, "inbound", kind, "packetsReceived");
            long receivedAfter = packets(last, "inbound", kind, "packetsReceived");
            assertTrue(outbound.packetsSent() >= receivedBefore - IN_FLIGHT
                    && outbound.packetsSent() <= receivedAfter + IN_FLIGHT, kind + ": browser received "
                    + receivedBefore + ".." + receivedAfter + ", we sent " + outbound.packetsSent());
        }
        assertEquals("connected", ours.transport().orElseThrow().dtlsState());
    }

    private boolean satisfied(String condition) {
        return Boolean.TRUE.equals(chromium.executeAsync(
                "window.purertc.stats().then(s => arguments[0](!!(s && " + condition + ")));"));
    }

    private Map<?, ?> browserStats() {
        return (Map<?, ?>) chromium.executeAsync("window.purertc.stats().then(arguments[0]);");
    }

    private static long packets(Map<?, ?> stats, String direction, String kind, String field) {
        return ((List<?>) stats.get(direction)).stream().map(o -> (Map<?, ?>) o)
                .filter(s -> kind.equals(s.get("kind"))).mapToLong(s -> ((Number) s.get(field)).longValue()).sum();
    }

    /**
     * Chromium's real offer and our answer go to the sdp module's corpus (its round-trip tests read them) when
     * the corpus has none yet; later runs check that today's still parse and write back line for line.
     */
    private void captureDescriptions(String offerFile, String answerFile) throws Exception {
        Path corpus = Path.of("..", "sdp", "src", "test", "resources", "sdp");
        Map<String, String> captured = Map.of(
                offerFile, (String) chromium.execute("return window.purertc.pc.localDescription.sdp;"),
                answerFile, (String) chromium.execute("return window.purertc.pc.remoteDescription.sdp;"));
        for (Map.Entry<String, String> entry : captured.entrySet()) {
            // The driver hands the text over with LF line ends; our writer uses SDP's CRLF.
            assertEquals(entry.getValue(), SessionDescription.parse(entry.getValue()).write().replace("\r\n", "\n"),
                    entry.getKey());
            Path file = corpus.resolve(entry.getKey());
            if (!Files.exists(file)) {
                Files.writeString(file, entry.getValue());
            }
        }
    }

    @Test
    void fiftyConnectsAndDisconnectsLeaveNoSessionSocketOrThread() throws Exception {
        warmUp();
        Baseline before = Baseline.steady();
        assertTrue(before.threads() > 0, "the counted threads are PureRTC's: " + before);
        for (int i = 0; i < 50; i++) {
            chromium.executeAsync("window.purertc.start('audio-video').then(arguments[0], arguments[0]);");
            chromium.awaitTrue("window.purertc.pc && window.purertc.pc.connectionState === 'connected'", CONNECT);
            if (i == 0) {
                assertTrue(Baseline.now().udpSockets() > before.udpSockets(), "a live session holds sockets");
            }
            chromium.execute("window.purertc.stop();");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (registry.size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, registry.size(), "sessions left");
        Baseline after = Baseline.settle(before, Duration.ofSeconds(10));
        assertTrue(after.udpSockets() <= before.udpSockets(), before + " -> " + after);
        assertTrue(after.threads() <= before.threads(), before + " -> " + after);
    }

    /** One call first, so the pools every session shares have their threads before the baseline is taken. */
    private void warmUp() throws InterruptedException {
        chromium.executeAsync("window.purertc.start('audio-video').then(arguments[0], arguments[0]);");
        chromium.awaitTrue("window.purertc.pc && window.purertc.pc.connectionState === 'connected'", CONNECT);
        chromium.execute("window.purertc.stop();");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (registry.size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /**
     * This JVM's UDP sockets (the sessions' ICE sockets) and its PureRTC threads; the browser driver's own HTTP
     * connections and threads in the same JVM come and go and are not counted.
     */
    record Baseline(long udpSockets, long threads) {
        static Baseline now() throws IOException {
            Set<String> inodes = new java.util.HashSet<>();
            try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path fd : (Iterable<Path>) fds::iterator) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException closedMeanwhile) {
                        // The descriptor went away while listed.
                    }
                }
            }
            long udp = 0;
            for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] columns = line.trim().split("\\s+");
                    if (columns.length > 9 && inodes.contains(columns[9])) {
                        udp++;
                    }
                }
            }
            long threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("purertc-")).count();
            return new Baseline(udp, threads);
        }

        /**
         * The counts once they have stopped moving for a second: sockets of a session that just ended close on
         * their event loop a moment after the registry forgets the session.
         */
        static Baseline steady() throws IOException, InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Baseline current = now();
            int unchanged = 0;
            while (unchanged < 10 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                Baseline next = now();
                unchanged = next.equals(current) ? unchanged + 1 : 0;
                current = next;
            }
            return current;
        }

        /** Waits up to {@code limit} for the counts to come down to {@code target}'s. */
        static Baseline settle(Baseline target, Duration limit) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            Baseline current = now();
            while ((current.udpSockets > target.udpSockets || current.threads > target.threads)
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
                current = now();
            }
            return current;
        }
    }
}
