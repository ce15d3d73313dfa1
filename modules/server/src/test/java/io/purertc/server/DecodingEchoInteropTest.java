package io.purertc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.media.AudioFrame;
import io.purertc.media.CodecDescriptor;
import io.purertc.media.CodecException;
import io.purertc.media.CodecRegistry;
import io.purertc.media.Depacketizer;
import io.purertc.media.EncodedFrame;
import io.purertc.media.Packetizer;
import io.purertc.media.VideoCodecFactory;
import io.purertc.media.VideoDecoder;
import io.purertc.media.VideoEncoder;
import io.purertc.media.VideoFrame;
import io.purertc.testkit.BrowserTestWatcher;
import io.purertc.testkit.Chromium;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Chromium's microphone, fed a 1 kHz tone from a WAV the test writes, goes to the decoding echo: Opus is
 * decoded to PCM, passed through a hook and encoded again. The page's AnalyserNode must hear the tone come back;
 * with a hook that silences the audio it must not, which shows the check can tell. And the same for video.
 */
@Tag("interop")
class DecodingEchoInteropTest {

    private static final int TONE_HZ = 1000;
    private static final int RATE = 48_000;
    private static final Duration CONNECT = Duration.ofSeconds(20);

    @RegisterExtension
    final BrowserTestWatcher browsers = new BrowserTestWatcher();

    @Test
    void theDecodedAndReencodedToneComesBack() throws Exception {
        AtomicLong frames = new AtomicLong();
        Map<?, ?> peak = echoedPeak(frame -> {
            frames.incrementAndGet();
            return frame;
        });
        assertTrue(frames.get() > 50, "frames through the hook: " + frames);
        assertEquals(TONE_HZ, ((Number) peak.get("frequency")).doubleValue(), 20, peak.toString());
        assertTrue(((Number) peak.get("level")).doubleValue() > -60, peak.toString());
    }

    @Test
    void aSilencingHookSilencesTheEcho() throws Exception {
        Map<?, ?> peak = echoedPeak(frame -> new AudioFrame(new short[frame.samples().length], frame.sampleRate(),
                frame.channels(), frame.captureTimeMicros()));
        assertTrue(((Number) peak.get("level")).doubleValue() < -90, peak.toString());
    }

    /**
     * Chromium's camera through the video-decoding echo: our decoder turns its VP8 into pictures, the hook sees
     * them, our encoder makes VP8 again, and Chromium decodes it. Its stats must show frames decoded growing at the
     * camera's size and no storm of key-frame requests either way (each PLI costs a key frame, so a decoder that
     * kept failing would show as one).
     */
    @Test
    void theDecodedAndReencodedVideoComesBack() throws Exception {
        AtomicLong pictures = new AtomicLong();
        try (PeerSessions registry = new PeerSessions(PeerSessions.videoDecodingEcho(picture -> {
                    pictures.incrementAndGet();
                    return picture;
                }), ice -> ice.includeLoopback(true), Duration.ofSeconds(30));
             SignalingServer server = SignalingServer.start(new InetSocketAddress("127.0.0.1", 0), registry, 4)) {
            Chromium chromium = startVideo(server);
            Map<?, ?> first = videoStats(chromium);
            Thread.sleep(5000);
            Map<?, ?> later = videoStats(chromium);
            double decoded = number(later, "framesDecoded") - number(first, "framesDecoded");
            System.out.println("Chromium's inbound video, 5 s apart: " + first + " then " + later);
            assertTrue(decoded >= 60, "frames Chromium decoded in 5 s: " + decoded + " " + later);
            assertEquals(640, number(later, "frameWidth"), later.toString());
            assertTrue(number(later, "keyFramesDecoded") >= 1, later.toString());
            assertTrue(number(later, "pliCount") <= 3, "Chromium's PLIs to us: " + later);
            assertTrue(pictures.get() >= 100, "pictures through the hook: " + pictures);
        }
    }

    /**
     * The page asks for a key frame of the echoed video five times: Chromium sends a PLI from an
     * RTCRtpScriptTransform on its receiver, as a player asks after a glitch. The server's encoder, watched through
     * a recording codec factory around the real VP8 one, must make one of the first two frames it encodes after
     * each request a key frame (the frame already being encoded when the PLI arrives may not be). At the page, the
     * key frame must be decoded soon after asking and Chromium's stats must show the PLIs sent.
     */
    @Test
    void aKeyFrameRequestFromThePageIsAnsweredWithinTwoFrames() throws Exception {
        CodecDescriptor vp8 = CodecDescriptor.video("VP8", 90_000);
        List<String> encoderEvents = Collections.synchronizedList(new ArrayList<>());
        CodecRegistry codecs = new CodecRegistry(List.of(
                new RecordingVideoCodecs(CodecRegistry.installed().video(vp8).orElseThrow(), encoderEvents)));
        try (PeerSessions registry = new PeerSessions(
                new DecodingEcho(codecs, Optional.empty(), Optional.of(UnaryOperator.identity())),
                ice -> ice.includeLoopback(true), Duration.ofSeconds(30));
             SignalingServer server = SignalingServer.start(new InetSocketAddress("127.0.0.1", 0), registry, 4)) {
            Chromium chromium = startVideo(server);
            Map<?, ?> before = videoStats(chromium);
            int requests = 5;
            for (int i = 0; i < requests; i++) {
                Thread.sleep(700);
                Object answer = chromium.executeAsync(
                        "window.purertc.requestKeyFrame().then(arguments[0], e => arguments[0]('' + e));");
                System.out.println("the page's key-frame request " + i + ": " + answer);
                assertTrue(answer instanceof Map, "the page's request failed: " + answer);
                assertTrue(number((Map<?, ?>) answer, "milliseconds") < 1000, "key frame decoded late: " + answer);
            }
            // The key frame that answered the last request was seen at the page; a frame after it, by now, too.
            Thread.sleep(300);
            Map<?, ?> after = videoStats(chromium);
            assertTrue(number(after, "pliCount") - number(before, "pliCount") >= requests,
                    "PLIs the page sent: " + before + " then " + after);
            List<String> events;
            synchronized (encoderEvents) {
                events = List.copyOf(encoderEvents);
            }
            System.out.println("the server's encoder: " + String.join(" ", events));
            int answered = 0;
            for (int i = nextRequest(events, 0); i >= 0; i = nextRequest(events, i + 1)) {
                List<String> next = events.subList(i + 1, events.size()).stream()
                        .filter(e -> !e.equals("request")).limit(2).toList();
                assertTrue(next.contains("key"), "the two frames after request " + answered + ": " + next
                        + " in " + events);
                answered++;
            }
            assertTrue(answered >= requests, "requests the encoder saw and answered: " + answered + " in " + events);
        }
    }

    private static int nextRequest(List<String> events, int from) {
        for (int i = from; i < events.size(); i++) {
            if (events.get(i).equals("request")) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The real VP8 codec, its encoders noting in order each key-frame request ("request") and each frame they
     * encode ("key" or "delta").
     */
    private record RecordingVideoCodecs(VideoCodecFactory codec, List<String> events) implements VideoCodecFactory {

        @Override
        public List<CodecDescriptor> descriptors() {
            return codec.descriptors();
        }

        @Override
        public Packetizer createPacketizer(CodecDescriptor negotiated) {
            return codec.createPacketizer(negotiated);
        }

        @Override
        public Depacketizer createDepacketizer(CodecDescriptor negotiated) {
            return codec.createDepacketizer(negotiated);
        }

        @Override
        public VideoDecoder createDecoder(CodecDescriptor negotiated) throws CodecException {
            return codec.createDecoder(negotiated);
        }

        @Override
        public VideoEncoder createEncoder(CodecDescriptor negotiated) throws CodecException {
            VideoEncoder encoder = codec.createEncoder(negotiated);
            return new VideoEncoder() {
                @Override
                public CodecDescriptor descriptor() {
                    return encoder.descriptor();
                }

                @Override
                public void setTargetBitrate(int bitsPerSecond) {
                    encoder.setTargetBitrate(bitsPerSecond);
                }

                @Override
                public void requestKeyFrame() {
                    events.add("request");
                    encoder.requestKeyFrame();
                }

                @Override
                public List<EncodedFrame> encode(VideoFrame frame, long rtpTimestamp) throws CodecException {
                    List<EncodedFrame> encoded = encoder.encode(frame, rtpTimestamp);
                    encoded.forEach(e -> events.add(e.keyFrame() ? "key" : "delta"));
                    return encoded;
                }

                @Override
                public void close() {
                    encoder.close();
                }
            };
        }
    }

    /** Chromium on the demo page, sending its camera to the server and connected. */
    private Chromium startVideo(SignalingServer server) {
        Chromium chromium = browsers.start(new Chromium.Options());
        chromium.open(URI.create("http://127.0.0.1:" + server.port() + "/"));
        chromium.executeAsync("window.purertc.start('video').then(arguments[0], e => arguments[0]('' + e));");
        chromium.awaitTrue("window.purertc.pc && window.purertc.pc.connectionState === 'connected'", CONNECT);
        return chromium;
    }

    /** The page's inbound video stats, once the first echoed video has arrived. */
    private static Map<?, ?> videoStats(Chromium chromium) throws InterruptedException {
        long deadline = System.nanoTime() + CONNECT.toNanos();
        while (true) {
            Map<?, ?> stats = (Map<?, ?>) chromium.executeAsync("window.purertc.stats().then(arguments[0]);");
            for (Object inbound : (List<?>) stats.get("inbound")) {
                if ("video".equals(((Map<?, ?>) inbound).get("kind"))) {
                    return (Map<?, ?>) inbound;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no inbound video in " + stats);
            }
            Thread.sleep(100);
        }
    }

    private static double number(Map<?, ?> stats, String name) {
        Object value = stats.get(name);
        return value == null ? 0 : ((Number) value).doubleValue();
    }

    private Map<?, ?> echoedPeak(UnaryOperator<AudioFrame> hook) throws Exception {
        Path wav = BrowserTestWatcher.directory().resolve("tone-" + TONE_HZ + "hz.wav");
        writeTone(wav);
        try (PeerSessions registry = new PeerSessions(PeerSessions.decodingEcho(hook),
                ice -> ice.includeLoopback(true), Duration.ofSeconds(30));
             SignalingServer server = SignalingServer.start(new InetSocketAddress("127.0.0.1", 0), registry, 4)) {
            Chromium chromium = browsers.start(new Chromium.Options().fakeAudioCapture(wav));
            chromium.open(URI.create("http://127.0.0.1:" + server.port() + "/"));
            chromium.executeAsync("window.purertc.start('audio').then(arguments[0], e => arguments[0]('' + e));");
            chromium.awaitTrue("window.purertc.pc && window.purertc.pc.connectionState === 'connected'", CONNECT);
            Thread.sleep(3000);
            return (Map<?, ?>) chromium.executeAsync("window.purertc.remoteAudioPeak().then(arguments[0]);");
        }
    }

    /** Ten seconds of a full-scale-minus-6-dB sine, 16-bit mono PCM in a RIFF/WAVE file. */
    private static void writeTone(Path file) throws IOException {
        int samples = RATE * 10;
        ByteBuffer wav = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE)
                .putInt(RATE * 2).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes()).putInt(2 * samples);
        for (int i = 0; i < samples; i++) {
            wav.putShort((short) Math.round(16_000 * Math.sin(2 * Math.PI * TONE_HZ * i / RATE)));
        }
        Files.createDirectories(file.getParent());
        Files.write(file, wav.array());
    }
}
