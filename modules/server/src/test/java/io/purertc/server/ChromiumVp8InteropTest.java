package io.purertc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.codec.vp8.IvfWriter;
import io.purertc.codec.vp8.Vp8Depacketizer;
import io.purertc.media.CodecException;
import io.purertc.media.EncodedFrame;
import io.purertc.media.MediaKind;
import io.purertc.peer.PeerConnection;
import io.purertc.peer.RtpCapabilities;
import io.purertc.peer.RtpReceiver;
import io.purertc.peer.RtpSender;
import io.purertc.testkit.BrowserTestWatcher;
import io.purertc.testkit.Chromium;
import io.purertc.testkit.ExternalTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live VP8 from Chromium: the frames its libvpx encodes from the fake camera reach the server over RTP, are
 * reassembled by our RFC 7741 depacketizer from the first key frame on, and written to an IVF file; Debian's
 * vpxdec and our decoder ({@code vp8-decode --md5}) must give the same MD5 for every frame.
 */
@Tag("interop")
class ChromiumVp8InteropTest {

    private static final Duration CONNECT = Duration.ofSeconds(20);
    private static final int MIN_FRAMES = 150;

    @RegisterExtension
    final BrowserTestWatcher browsers = new BrowserTestWatcher();

    /** Echoes like {@link Echo}, and keeps the received VP8 frames, from the first key frame on. */
    private static final class Recorder implements SessionMedia {
        private final Echo echo = new Echo();
        private final Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        private final List<EncodedFrame> frames = new ArrayList<>();
        private long refused;
        private volatile RtpReceiver receiver;
        private boolean askedForKeyFrame;
        /** Frames lost before the first key frame: SRTP the browser sends before our DTLS is done is dropped. */
        private long discardedBeforeRecording;

        @Override
        public RtpCapabilities capabilities() {
            return echo.capabilities();
        }

        @Override
        public void onConnection(PeerConnection connection, Executor mediaWorkers) {
            connection.onTrack(event -> {
                if (event.transceiver().kind() != MediaKind.VIDEO) {
                    echo.echo(event);
                    return;
                }
                RtpSender sender = event.transceiver().sender();
                sender.onKeyFrameRequest(event.receiver()::requestKeyFrame);
                receiver = event.receiver();
                event.receiver().onRtp(packet -> {
                    record(packet.buffer(), packet.payloadOffset(), packet.payloadLength(), packet.sequenceNumber(),
                            packet.timestamp(), packet.marker());
                    sender.send(packet.payloadType(), packet.marker(), packet.timestamp(), packet.buffer(),
                            packet.payloadOffset(), packet.payloadLength());
                });
            });
        }

        private synchronized void record(byte[] buffer, int offset, int length, int sequence, long timestamp,
                boolean marker) {
            try {
                Optional<EncodedFrame> frame = depacketizer.push(buffer, offset, length, sequence, timestamp, marker);
                if (frame.isPresent() && !frame.get().keyFrame() && frames.isEmpty() && !askedForKeyFrame) {
                    // the key frame was lost before the call was up: ask for another rather than wait for one
                    askedForKeyFrame = true;
                    receiver.requestKeyFrame();
                }
                if (frame.isPresent() && (frame.get().keyFrame() || !frames.isEmpty())) {
                    if (frames.isEmpty()) {
                        discardedBeforeRecording = depacketizer.framesDiscarded();
                    }
                    frames.add(frame.get());
                }
            } catch (CodecException e) {
                refused++;
            }
        }

        @Override
        public void onRemoteOffer(PeerConnection connection) {
            echo.onRemoteOffer(connection);
        }

        synchronized long discardedWhileRecording() {
            return depacketizer.framesDiscarded() - discardedBeforeRecording;
        }

        synchronized long refused() {
            return refused;
        }

        synchronized List<EncodedFrame> frames() {
            return List.copyOf(frames);
        }
    }

    @Test
    void chromiumsVp8DecodesExactlyAsVpxdecDecodesIt() throws Exception {
        ExternalTool vpxdec = ExternalTool.require("vpxdec", "vpx-tools");
        Recorder recorder = new Recorder();
        try (PeerSessions registry = new PeerSessions(recorder, ice -> ice.includeLoopback(true),
                Duration.ofSeconds(30));
             SignalingServer server = SignalingServer.start(new InetSocketAddress("127.0.0.1", 0), registry, 4)) {
            Chromium chromium = browsers.start(new Chromium.Options());
            chromium.open(URI.create("http://127.0.0.1:" + server.port() + "/"));
            chromium.executeAsync("window.purertc.start('video').then(arguments[0], e => arguments[0]('' + e));");
            chromium.awaitTrue("window.purertc.pc && window.purertc.pc.connectionState === 'connected'", CONNECT);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (recorder.frames().size() < MIN_FRAMES && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        List<EncodedFrame> frames = recorder.frames();
        assertTrue(frames.size() >= MIN_FRAMES, "VP8 frames from Chromium: " + frames.size());
        // Loopback loses nothing once the call is up, so every recorded frame assembles; a discarded one would leave
        // a hole both decoders would fill in their own way.
        assertEquals(0, recorder.discardedWhileRecording(), "frames discarded by the depacketizer while recording");
        assertEquals(0, recorder.refused(), "payloads refused by the depacketizer");

        Path ivf = Files.createDirectories(BrowserTestWatcher.directory()).resolve("chromium-vp8.ivf");
        writeIvf(ivf, frames);
        List<String> theirs = vpxdec.run(60, "--md5", "--i420", "-o", "%1", ivf.toString()).lines();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"vp8-decode", "--md5", ivf.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        List<String> ours = out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        assertEquals(frames.size(), theirs.size(), "frames vpxdec decoded");
        for (int i = 0; i < theirs.size(); i++) {
            assertEquals(theirs.get(i), ours.get(i), "frame " + (i + 1) + " of " + theirs.size() + " from Chromium");
        }
    }

    /** The frames as IVF, with the 90 kHz RTP clock as the time base and the size from the first key frame. */
    private static void writeIvf(Path file, List<EncodedFrame> frames) throws IOException {
        byte[] key = frames.get(0).payload();
        // RFC 6386 §9.1: after the 3-byte frame tag and the 3-byte start code, 14-bit width and height
        int width = ((key[7] & 0x3F) << 8) | (key[6] & 0xFF);
        int height = ((key[9] & 0x3F) << 8) | (key[8] & 0xFF);
        long first = frames.get(0).rtpTimestamp();
        try (IvfWriter writer = IvfWriter.create(file, "VP80", width, height, 90_000, 1)) {
            for (EncodedFrame frame : frames) {
                byte[] data = frame.payload();
                writer.write((frame.rtpTimestamp() - first) & 0xFFFF_FFFFL, data, 0, data.length);
            }
        }
    }
}
