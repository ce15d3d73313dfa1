package io.purertc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.sun.management.UnixOperatingSystemMXBean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignalingServerCleanUpTest {

    private final ExecutorService clientThreads = Executors.newFixedThreadPool(2);
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
    private final ScriptedRegistry registry = new ScriptedRegistry();

    @AfterEach
    void stopClient() {
        clientThreads.shutdownNow();
    }

    @Test
    void threadsAndSocketsReturnToTheirBaselineAfterClose() throws Exception {
        serveAndClose(0);
        Set<String> threadsBefore = threadNames();
        long socketsBefore = openFileDescriptors();
        for (int cycle = 1; cycle <= 5; cycle++) {
            serveAndClose(cycle);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((threadNames().size() > threadsBefore.size() || openFileDescriptors() > socketsBefore)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Set<String> extra = new TreeSet<>(threadNames());
        extra.removeAll(threadsBefore);
        assertTrue(threadNames().size() <= threadsBefore.size(), "threads left behind: " + extra);
        assertTrue(openFileDescriptors() <= socketsBefore,
                "file descriptors: " + openFileDescriptors() + " after, " + socketsBefore + " before");
    }

    /** One server's life: sessions, a kept-alive connection, an idle raw connection and a refused request. */
    private void serveAndClose(int cycle) throws Exception {
        SignalingServer server = SignalingServer.start(new InetSocketAddress("127.0.0.1", 0), registry, 8);
        URI base = URI.create("http://127.0.0.1:" + server.port());
        try (Socket idle = new Socket("127.0.0.1", server.port())) {
            idle.setSoTimeout(10_000);
            for (int i = 0; i < 3; i++) {
                HttpRequest offer = HttpRequest.newBuilder(base.resolve("/webrtc/offer"))
                        .timeout(Duration.ofSeconds(20))
                        .POST(BodyPublishers.ofString(SignalingServerTest.offer("c" + cycle + "-" + i))).build();
                assertEquals(200, client.send(offer, BodyHandlers.ofString()).statusCode());
            }
            HttpRequest page = HttpRequest.newBuilder(base.resolve("/")).timeout(Duration.ofSeconds(20)).build();
            assertEquals(200, client.send(page, BodyHandlers.ofString()).statusCode());
            HttpRequest hostile = HttpRequest.newBuilder(base.resolve("/webrtc/offer"))
                    .timeout(Duration.ofSeconds(20)).POST(BodyPublishers.ofString("{")).build();
            assertEquals(400, client.send(hostile, BodyHandlers.ofString()).statusCode());
            server.close();
            assertEquals(-1, idle.getInputStream().read(), "the server closed the idle connection");
        }
        registry.close();
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(thread -> thread.getName() + "#" + thread.getId()).collect(Collectors.toSet());
    }

    private static long openFileDescriptors() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getOpenFileDescriptorCount();
    }
}
