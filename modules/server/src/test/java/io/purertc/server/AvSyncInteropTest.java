package io.purertc.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.media.CodecRegistry;
import io.purertc.testkit.BrowserTestWatcher;
import io.purertc.testkit.Chromium;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Chromium as the receiver of our A/V sync: the server's {@link SyncClock} sends a beep and a white picture
 * captured at one instant once a second, the video 150 ms after its capture as a slow video pipeline would. The
 * page times each beep as heard and each flash as shown. Chromium's synchroniser lines them up only if our sender
 * reports map both streams' RTP time to their capture time: then the flash must come within 40 ms of its beep.
 * Stamped with send times instead, the flash must come late by more than that: the check can tell. (It comes
 * less than the 150 ms late then, by the audio's own jitter-buffer delay, which moves as NetEq adapts.)
 */
@Tag("interop")
class AvSyncInteropTest {

    private static final Duration VIDEO_LAG = Duration.ofMillis(150);
    private static final Duration CONNECT = Duration.ofSeconds(20);
    /** Chromium's synchroniser moves playout delays step by step; offsets before this are not judged. */
    private static final int SETTLING_FLASHES = 6;
    private static final double TOLERANCE_MILLIS = 40;

    @RegisterExtension
    final BrowserTestWatcher browsers = new BrowserTestWatcher();

    @Test
    void chromiumPlaysEachFlashWithItsBeepThoughTheVideoIsSentLate() throws Exception {
        double offset = steadyOffsetMillis(true);
        assertTrue(Math.abs(offset) <= TOLERANCE_MILLIS, "flash after beep, ms: " + offset);
    }

    @Test
    void stampedWithSendTimesTheFlashComesAsLateAsItWasSent() throws Exception {
        double offset = steadyOffsetMillis(false);
        assertTrue(offset > TOLERANCE_MILLIS, "flash after beep, ms: " + offset);
    }

    /** The median offset of flash from beep at the page, once the synchroniser has settled. */
    private double steadyOffsetMillis(boolean stampCaptureTime) throws Exception {
        try (PeerSessions registry = new PeerSessions(new SyncClock(CodecRegistry.installed(), VIDEO_LAG,
                stampCaptureTime), ice -> ice.includeLoopback(true), Duration.ofSeconds(30));
             SignalingServer server = SignalingServer.start(new InetSocketAddress("127.0.0.1", 0), registry, 4)) {
            Chromium chromium = browsers.start(new Chromium.Options());
            chromium.open(URI.create("http://127.0.0.1:" + server.port() + "/"));
            chromium.executeAsync(
                    "window.purertc.start('audio-video').then(arguments[0], e => arguments[0]('' + e));");
            chromium.awaitTrue("window.purertc.pc && window.purertc.pc.connectionState === 'connected'", CONNECT);
            Object measured = chromium.executeAsync(
                    "window.purertc.measureAvSync(14000).then(arguments[0], e => arguments[0]('' + e));");
            System.out.println("sync clock, capture times stamped: " + stampCaptureTime + ": " + measured);
            assertTrue(measured instanceof Map, "the page's measurement failed: " + measured);
            List<Double> offsets = new ArrayList<>();
            for (Object offset : (List<?>) ((Map<?, ?>) measured).get("offsets")) {
                offsets.add(((Number) offset).doubleValue());
            }
            assertTrue(offsets.size() >= SETTLING_FLASHES + 5, "flashes paired with beeps: " + offsets);
            List<Double> steady = new ArrayList<>(offsets.subList(SETTLING_FLASHES, offsets.size()));
            steady.sort(null);
            return steady.get(steady.size() / 2);
        }
    }
}
