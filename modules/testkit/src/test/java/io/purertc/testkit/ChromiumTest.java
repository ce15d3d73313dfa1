package io.purertc.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("interop")
class ChromiumTest {

    private static final String PAGE = "<!doctype html><title>purertc testkit</title>"
            + "<script>console.log('page loaded')</script>";

    /** Two peer connections in one page, the first sending the fake camera and microphone to the second. */
    private static final String LOOPBACK_CALL = String.join("\n",
            "const done = arguments[arguments.length - 1];",
            "(async () => {",
            "  const stream = await navigator.mediaDevices.getUserMedia({audio: true, video: true});",
            "  const sender = new RTCPeerConnection(), receiver = new RTCPeerConnection();",
            "  window.candidates = [];",
            "  sender.onicecandidate = e => {",
            "    if (e.candidate) { window.candidates.push(e.candidate.candidate); receiver.addIceCandidate(e.candidate); }",
            "  };",
            "  receiver.onicecandidate = e => { if (e.candidate) sender.addIceCandidate(e.candidate); };",
            "  stream.getTracks().forEach(track => sender.addTrack(track, stream));",
            "  await sender.setLocalDescription();",
            "  await receiver.setRemoteDescription(sender.localDescription);",
            "  await receiver.setLocalDescription();",
            "  await sender.setRemoteDescription(receiver.localDescription);",
            "  window.videoPacketsReceived = 0;",
            "  setInterval(async () => {",
            "    (await receiver.getStats()).forEach(report => {",
            "      if (report.type === 'inbound-rtp' && report.kind === 'video') {",
            "        window.videoPacketsReceived = report.packetsReceived;",
            "      }",
            "    });",
            "  }, 100);",
            "  done('negotiated');",
            "})().catch(e => done('failed: ' + e));");

    @RegisterExtension
    final BrowserTestWatcher browsers = new BrowserTestWatcher();

    private HttpServer server;
    private URI page;

    @BeforeEach
    void servePage() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        page = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void fakeDevicesGiveOneAudioAndOneVideoTrack() {
        Chromium chromium = browsers.start();
        chromium.open(page);
        Object tracks = chromium.executeAsync(String.join("\n",
                "const done = arguments[arguments.length - 1];",
                "navigator.mediaDevices.getUserMedia({audio: true, video: true})",
                "  .then(s => done({audio: s.getAudioTracks().length, video: s.getVideoTracks().length}))",
                "  .catch(e => done({error: String(e)}));"));
        assertEquals(Map.of("audio", 1L, "video", 1L), tracks);
        assertTrue(chromium.browserLog().stream().anyMatch(line -> line.contains("page loaded")),
                chromium.browserLog().toString());
    }

    @Test
    void twoPeerConnectionsInThePageExchangeVideoOverRealHostCandidates() {
        Chromium chromium = browsers.start();
        chromium.open(page);
        assertEquals("negotiated", chromium.executeAsync(LOOPBACK_CALL));
        chromium.awaitTrue("window.videoPacketsReceived > 0", Duration.ofSeconds(10));

        @SuppressWarnings("unchecked")
        List<String> candidates = (List<String>) chromium.execute("return window.candidates;");
        List<String> hostAddresses = candidates.stream()
                .map(candidate -> candidate.split(" "))
                .filter(fields -> fields.length > 7 && fields[7].equals("host"))
                .map(fields -> fields[4])
                .toList();
        assertFalse(hostAddresses.isEmpty(), candidates.toString());
        assertTrue(hostAddresses.stream().noneMatch(address -> address.endsWith(".local")), candidates.toString());
        assertTrue(hostAddresses.contains("127.0.0.1"), candidates.toString());
    }

    @Test
    void closeEndsEveryProcessAndDeletesTheProfile() {
        Chromium chromium = Chromium.start();
        chromium.open(page);
        Set<ProcessHandle> tree = chromium.processes();
        // The browser, and its crashpad handlers that leave chromedriver's tree.
        List<ProcessHandle> namingProfile = Chromium.processesNaming(chromium.profile());
        assertTrue(tree.size() > 1, "chromedriver and at least the browser: " + tree);
        assertFalse(namingProfile.isEmpty(), "the browser names its profile on its command line");
        chromium.close();
        assertTrue(tree.stream().noneMatch(ProcessHandle::isAlive), tree.toString());
        assertTrue(namingProfile.stream().noneMatch(ProcessHandle::isAlive), namingProfile.toString());
        assertEquals(List.of(), Chromium.processesNaming(chromium.profile()));
        assertFalse(Files.exists(chromium.profile()));
    }
}
