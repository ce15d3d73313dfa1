package io.purertc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.jitter.AudioJitterBufferConfig;
import io.purertc.jitter.AudioJitterBufferStats;
import io.purertc.jitter.VideoFrameBufferConfig;
import io.purertc.jitter.VideoFrameBufferStats;
import io.purertc.media.AudioCodecFactory;
import io.purertc.media.AudioFrame;
import io.purertc.media.CodecDescriptor;
import io.purertc.media.CodecRegistry;
import io.purertc.media.MediaClock;
import io.purertc.media.MediaKind;
import io.purertc.media.MediaTime;
import io.purertc.media.VideoCodecFactory;
import io.purertc.media.VideoFrame;
import io.purertc.peer.Description;
import io.purertc.peer.PeerConfig;
import io.purertc.peer.PeerConnection;
import io.purertc.peer.RtpCapabilities;
import io.purertc.sdp.Codec;
import io.purertc.sync.AvSynchronizer;
import io.purertc.sync.SynchronizedPlayout;
import io.purertc.testkit.Impairment;
import io.purertc.testkit.ImpairmentProxy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A/V sync Java to Java: the {@link SyncClock} sends a beep and a white picture captured at one instant once a
 * second; the network (the testkit's impairment proxy) delays the video 150 ms more than the audio, or the audio
 * more than the video; the receiver
 * plays both through a {@link SynchronizedPlayout}. Once the synchroniser has settled, each flash must be handed
 * over within 15 ms of its beep, and both must carry capture times within 1 ms of the true instant: the whole
 * second of the media clock, which sender and receiver share in this one process.
 */
class SynchronizedPlayoutTest {

    private static final long SKEW_MICROS = 150_000;
    private static final long RUN_MICROS = 16_000_000;
    private static final long SETTLED_AFTER_MICROS = 9_000_000;
    private static final long TICK_NANOS = 2_000_000;
    private static final int AUDIO_PULL_MICROS = 10_000;
    /** The call's first second: connecting, the first packets, the buffers filling. */
    private static final long WARM_UP_MICROS = 3_000_000;

    private EventLoopGroup group;
    private ExecutorService executor;

    /** What the client's event loop hands to the playout thread: a packet or a sender report. */
    private record Received(MediaKind kind, byte[] payload, int sequenceNumber, long timestamp, boolean marker,
            long arrivalMicros, long ntp) {
    }

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        executor = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void eachFlashIsHandedOverWithItsBeepThoughTheNetworkDelaysTheVideo() throws Exception {
        playThroughSkew(MediaKind.VIDEO);
    }

    @Test
    void eachFlashIsHandedOverWithItsBeepThoughTheNetworkDelaysTheAudio() throws Exception {
        playThroughSkew(MediaKind.AUDIO);
    }

    /**
     * 40 ms of jitter and 5 % loss on everything the clock sends: the audio plays on with no gap that
     * concealment did not fill and a target delay under 100 ms; every lost video packet comes back by NACK and
     * RTX in time, so no frame is dropped.
     */
    @Test
    void throughJitterAndLossTheAudioHasNoGapAndNoVideoFrameIsLost() throws Exception {
        Marks marks = play(codecs -> Impairment.builder().uniformJitter(Duration.ofMillis(40)).loss(0.05).build());
        System.out.println("40 ms jitter, 5 % loss: " + marks.audio + "; gaps " + marks.audioGapSamples
                + " samples; " + marks.video);
        assertEquals(0, marks.audioGapSamples, "silence after the audio started, samples");
        assertTrue(marks.audio.concealedSamples() > 0, "loss was concealed: " + marks.audio);
        assertTrue(marks.audio.targetDelayMillis() < 100, "target delay: " + marks.audio);
        assertEquals(0, marks.video.framesDropped(), marks.video.toString());
        assertTrue(marks.video.framesReleased() >= (RUN_MICROS / 1_000_000 - 3) * SyncClock.FRAMES_PER_SECOND,
                "frames released: " + marks.video);
    }

    /**
     * 5 % loss and a round trip of 1.4 s: retransmissions come too late for the frame buffer, which drops to the
     * next key frame and says so; the client's PLI makes the clock's encoder send one, and video goes on.
     */
    @Test
    void whenRepairComesTooLateAKeyFrameIsAskedForAndVideoGoesOn() throws Exception {
        Marks marks = play(codecs -> Impairment.builder().delay(Duration.ofMillis(700)).loss(0.05).build());
        System.out.println("1.4 s round trip, 5 % loss: " + marks.video);
        assertTrue(marks.video.framesDropped() > 0, marks.video.toString());
        assertTrue(marks.video.keyFrameRequestsNeeded() > 0, marks.video.toString());
        assertTrue(marks.video.keyFramesReleased() >= 2, "key frames after the first: " + marks.video);
        // Every loss costs the frames up to the next key frame, a round trip and more away: video comes in runs.
        assertTrue(marks.video.framesReleased() >= 2 * SyncClock.FRAMES_PER_SECOND, marks.video.toString());
    }

    /** On a clean network the audio buffer adds at most 30 ms. */
    @Test
    void withoutJitterTheAudioBufferAddsAtMostThirtyMilliseconds() throws Exception {
        Marks marks = play(codecs -> Impairment.NONE);
        System.out.println("clean network: " + marks.audio + "; largest buffered delay after the start "
                + marks.maxAudioDelayMillis + " ms; " + marks.video);
        assertEquals(0, marks.audioGapSamples, "silence after the audio started, samples");
        assertTrue(marks.maxAudioDelayMillis <= 30, "largest buffered audio delay: " + marks.maxAudioDelayMillis);
    }

    /** The clock's two streams, one of them 150 ms later through the proxy, played out and checked. */
    private void playThroughSkew(MediaKind delayed) throws Exception {
        Marks marks = play(codecs -> Impairment.builder().delay(Duration.ofNanos(SKEW_MICROS * 1000))
                .appliesTo(Impairment.rtpPayloadType(payloadType(codecs.get(delayed),
                        delayed == MediaKind.VIDEO ? "VP8" : "opus"))).build());
        System.out.println("beeps (handed over ms, capture ms from the second): " + describe(marks.beeps)
                + "; flashes: " + describe(marks.flashes) + "; sync: " + marks.sync);
        check(marks, delayed == MediaKind.VIDEO ? SKEW_MICROS : -SKEW_MICROS);
    }

    /**
     * The clock to a client through the proxy, whose server-to-client direction gets {@code network} (made from
     * the negotiated codecs) once the call is connected; the client's playout runs for {@link #RUN_MICROS}.
     */
    private Marks play(Function<Map<MediaKind, List<Codec>>, Impairment> network) throws Exception {
        ConcurrentLinkedQueue<Received> inbox = new ConcurrentLinkedQueue<>();
        Map<MediaKind, List<Codec>> codecs = new ConcurrentHashMap<>();
        SyncClock media = new SyncClock(CodecRegistry.installed());
        try (PeerConnection client = peer(); PeerConnection server = peer()) {
            client.onTrack(event -> {
                MediaKind kind = event.transceiver().kind();
                event.receiver().onRtp(packet -> inbox.add(new Received(kind, Arrays.copyOfRange(
                        packet.buffer(), packet.payloadOffset(), packet.payloadOffset() + packet.payloadLength()),
                        packet.sequenceNumber(), packet.timestamp(), packet.marker(),
                        MediaClock.system().nowMicros(), -1)));
                event.receiver().onSenderReport(report -> inbox.add(new Received(kind, null, 0,
                        report.rtpTimestamp(), false, 0, report.ntpTimestamp())));
            });
            client.addTrack(MediaKind.AUDIO);
            client.addTrack(MediaKind.VIDEO);
            media.onConnection(server, executor);
            try (ImpairmentProxy proxy = negotiate(client, server, media)) {
                client.transceivers().forEach(t -> codecs.put(t.kind(), t.receiver().codecs()));
                Impairment impairment = network.apply(codecs);
                Marks marks = play(inbox, codecs, client, () -> proxy.setImpairment(
                        ImpairmentProxy.Direction.B_TO_A, impairment));
                assertEquals(PeerConnection.ConnectionState.CONNECTED, client.connectionState());
                return marks;
            }
        }
    }

    /**
     * When beeps and flashes were handed over, with their capture times; the synchroniser's and the buffers' last
     * state; the audio's gaps and its largest buffered delay once the first second had passed.
     */
    private static final class Marks {
        final List<long[]> beeps = new ArrayList<>();
        final List<long[]> flashes = new ArrayList<>();
        AvSynchronizer.Stats sync;
        AudioJitterBufferStats audio;
        VideoFrameBufferStats video;
        long audioGapSamples;
        int maxAudioDelayMillis;
    }

    /**
     * The receiver's media thread, running from negotiation on as a real receiver's would: hands packets and
     * reports over as they came, pulls 10 ms of audio on the media clock and polls video every 2 ms, asks for a
     * key frame when the frame buffer needs one, and notes each beep onset and each first bright picture. Once
     * the call is connected it starts the network's skew.
     */
    private static Marks play(ConcurrentLinkedQueue<Received> inbox, Map<MediaKind, List<Codec>> codecs,
            PeerConnection client, Runnable startSkew) throws Exception {
        CodecRegistry registry = CodecRegistry.installed();
        CodecDescriptor opus = descriptor(MediaKind.AUDIO, codecs.get(MediaKind.AUDIO), "opus");
        CodecDescriptor vp8 = descriptor(MediaKind.VIDEO, codecs.get(MediaKind.VIDEO), "VP8");
        AudioCodecFactory audio = registry.audio(opus).orElseThrow();
        VideoCodecFactory video = registry.video(vp8).orElseThrow();
        SynchronizedPlayout playout = new SynchronizedPlayout(audio.createDecoder(opus), opus.clockRate(),
                AudioJitterBufferConfig.withFrame(10), video.createDepacketizer(vp8), video.createDecoder(vp8),
                vp8.clockRate(), VideoFrameBufferConfig.DEFAULT);
        Marks marks = new Marks();
        long start = MediaClock.system().nowMicros();
        long nextPull = start;
        long quietSince = Long.MIN_VALUE;
        boolean sounding = false;
        boolean bright = false;
        boolean skewed = false;
        for (long now = start; now - start < RUN_MICROS; now = MediaClock.system().nowMicros()) {
            if (!skewed && client.connectionState() == PeerConnection.ConnectionState.CONNECTED) {
                startSkew.run();
                skewed = true;
            }
            for (Received r = inbox.poll(); r != null; r = inbox.poll()) {
                boolean audioStream = r.kind() == MediaKind.AUDIO;
                if (r.payload() == null) {
                    if (audioStream) {
                        playout.audioSenderReport(r.ntp(), r.timestamp());
                    } else {
                        playout.videoSenderReport(r.ntp(), r.timestamp());
                    }
                } else if (audioStream) {
                    playout.audioPacket(r.payload(), 0, r.payload().length, r.sequenceNumber(), r.timestamp(),
                            r.arrivalMicros());
                } else {
                    playout.videoPacket(r.payload(), 0, r.payload().length, r.sequenceNumber(), r.timestamp(),
                            r.marker(), r.arrivalMicros());
                }
            }
            if (now >= nextPull) {
                if (now - start > WARM_UP_MICROS) {
                    marks.maxAudioDelayMillis = Math.max(marks.maxAudioDelayMillis,
                            playout.audioStats().currentDelayMillis());
                }
                AudioFrame frame = playout.pullAudio(now);
                short[] samples = frame.samples();
                for (int i = 0; i < samples.length; i += frame.channels()) {
                    long at = now + i / frame.channels() * 1_000_000L / frame.sampleRate();
                    if (Math.abs(samples[i]) > 2_000) {
                        if (!sounding && at - quietSince >= 300_000 && frame.captureTimeMicros() != MediaTime.UNKNOWN) {
                            marks.beeps.add(new long[] {at, frame.captureTimeMicros()
                                    + i / frame.channels() * 1_000_000L / frame.sampleRate()});
                        }
                        sounding = true;
                    } else if (sounding && samples[i] == 0) {
                        sounding = false;
                        quietSince = at;
                    }
                }
                nextPull += AUDIO_PULL_MICROS;
            }
            if (playout.keyFrameNeeded(now, 0)) {
                client.transceivers().stream().filter(t -> t.kind() == MediaKind.VIDEO).findFirst().orElseThrow()
                        .receiver().requestKeyFrame();
            }
            for (Optional<VideoFrame> picture = playout.pollVideo(now); picture.isPresent();
                    picture = playout.pollVideo(now)) {
                boolean isBright = (picture.get().y()[0] & 0xFF) > 128;
                if (isBright && !bright && picture.get().captureTimeMicros() != MediaTime.UNKNOWN) {
                    marks.flashes.add(new long[] {now, picture.get().captureTimeMicros()});
                }
                bright = isBright;
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
        marks.sync = playout.syncStats();
        marks.audio = playout.audioStats();
        marks.video = playout.videoStats();
        marks.audioGapSamples = playout.audioGapSamples();
        return marks;
    }

    /**
     * After the settling time each flash is within 15 ms of the nearest beep, and the capture times of both are
     * the true instants; the synchroniser has measured the network's skew and holds the early stream back.
     *
     * @param skewMicros how much later the network delivers video than audio
     */
    private static void check(Marks marks, long skewMicros) {
        assertTrue(marks.sync.synchronised(), marks.sync.toString());
        assertEquals(skewMicros / 1000.0, marks.sync.relativeNetworkDelayMs(), 30, marks.sync.toString());
        double heldBack = skewMicros > 0 ? marks.sync.extraAudioDelayMs() : marks.sync.extraVideoDelayMs();
        assertEquals(Math.abs(skewMicros) / 1000.0, heldBack, 40, marks.sync.toString());
        long settled = marks.beeps.isEmpty() ? Long.MAX_VALUE : marks.beeps.get(0)[0] + SETTLED_AFTER_MICROS;
        List<Long> beepErrors = new ArrayList<>();
        for (long[] flash : marks.flashes) {
            long[] beep = nearest(marks.beeps, flash[0]);
            if (beep == null || flash[0] < settled) {
                continue;
            }
            assertTrue(Math.abs(fromMark(flash[1])) <= 1_000, "flash captured at " + flash[1]);
            beepErrors.add(Math.abs(fromMark(beep[1])));
            assertEquals(beep[0], flash[0], 15_000, "flash handed over after its beep, µs");
        }
        assertTrue(beepErrors.size() >= 4, "beep and flash pairs judged: " + beepErrors.size());
        // An onset is found by ear, so a beep whose first milliseconds were concealed sounds later than its
        // capture: the stamps are judged by their median, and none may be far off.
        beepErrors.sort(null);
        assertTrue(beepErrors.get(beepErrors.size() / 2) <= 1_000, "beep capture errors, µs: " + beepErrors);
        assertTrue(beepErrors.get(beepErrors.size() - 1) <= 5_000, "beep capture errors, µs: " + beepErrors);
    }

    /** How far a capture time (sender NTP as Unix µs) lies from the nearest whole second of the media clock. */
    private static long fromMark(long captureUnixMicros) {
        long mediaMicros = MediaClock.system().fromUnixMicros(captureUnixMicros);
        return Math.floorMod(mediaMicros + 500_000, 1_000_000L) - 500_000;
    }

    private static String describe(List<long[]> marks) {
        StringBuilder out = new StringBuilder();
        for (long[] mark : marks) {
            out.append(String.format(" %.1f/%.2f", mark[0] / 1000.0, fromMark(mark[1]) / 1000.0));
        }
        return out.toString();
    }

    private static long[] nearest(List<long[]> marks, long at) {
        long[] best = null;
        for (long[] mark : marks) {
            if (Math.abs(mark[0] - at) < 500_000 && (best == null || Math.abs(mark[0] - at) < Math.abs(best[0] - at))) {
                best = mark;
            }
        }
        return best;
    }

    private PeerConnection peer() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        return PeerConnection.create(new PeerConfig(group, executor).capabilities(RtpCapabilities.installed())
                .ice(ice -> ice.includeLoopback(true).hostAddresses(List.of(loopback))));
    }

    /**
     * The client offers, the clock answers, as PeerSessions does; all traffic goes through the proxy. ICE and
     * DTLS go on from here.
     */
    private static ImpairmentProxy negotiate(PeerConnection client, PeerConnection server, SyncClock media)
            throws Exception {
        client.setLocalDescription(client.createOffer());
        client.gatheringComplete().get(5, TimeUnit.SECONDS);
        String offer = client.localDescription().orElseThrow().sdp();
        ImpairmentProxy proxy = ImpairmentProxy.between(ImpairmentProxy.loopbackCandidate(offer), null,
                Impairment.NONE, Impairment.NONE, 7);
        server.setRemoteDescription(
                Description.offer(ImpairmentProxy.onlyCandidateAt(offer, proxy.facingB())));
        media.onRemoteOffer(server);
        server.setLocalDescription(server.createAnswer());
        server.gatheringComplete().get(5, TimeUnit.SECONDS);
        String answer = server.localDescription().orElseThrow().sdp();
        client.setRemoteDescription(
                Description.answer(ImpairmentProxy.onlyCandidateAt(answer, proxy.facingA())));
        return proxy;
    }

    private static int payloadType(List<Codec> codecs, String name) {
        return codecs.stream().filter(c -> c.is(name)).findFirst().orElseThrow().payloadType();
    }

    private static CodecDescriptor descriptor(MediaKind kind, List<Codec> codecs, String name) {
        return RtpCapabilities.descriptor(kind, codecs.stream().filter(c -> c.is(name)).findFirst().orElseThrow());
    }
}
