package io.purertc.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.media.CodecDescriptor;
import io.purertc.media.CodecException;
import io.purertc.media.CodecRegistry;
import io.purertc.media.Depacketizer;
import io.purertc.media.EncodedFrame;
import io.purertc.media.MediaKind;
import io.purertc.media.MediaTime;
import io.purertc.media.Packetizer;
import io.purertc.media.RtpPayload;
import io.purertc.media.VideoCodecFactory;
import io.purertc.media.VideoDecoder;
import io.purertc.media.VideoEncoder;
import io.purertc.media.VideoFrame;
import io.purertc.peer.Description;
import io.purertc.peer.PeerConfig;
import io.purertc.peer.PeerConnection;
import io.purertc.peer.RtpCapabilities;
import io.purertc.peer.RtpSender;
import io.purertc.peer.StatsReport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The echo behind real signaling, with a Java PeerConnection as the client speaking FastRTC's protocol over
 * HTTP; and the hostile offers only a real registry can judge, each refused with a reason while the server
 * keeps serving.
 */
class EchoServerTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private PeerSessions registry;
    private SignalingServer server;
    private EventLoopGroup group;
    private ExecutorService executor;

    @BeforeEach
    void start() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        registry = new PeerSessions(PeerSessions.echo(), ice -> ice.includeLoopback(true)
                .hostAddresses(List.of(loopback)), Duration.ofSeconds(30));
        server = SignalingServer.start(new InetSocketAddress("127.0.0.1", 0), registry, 4);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        executor = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
        registry.close();
        executor.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private HttpResponse<String> post(Map<String, Object> body) throws Exception {
        return post(Json.write(body));
    }

    private HttpResponse<String> post(String body) throws Exception {
        return post(server, body);
    }

    private HttpResponse<String> post(SignalingServer to, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + "/webrtc/offer"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Offers the client's tracks to {@code to} over FastRTC's protocol and waits until the call is connected on both
     * sides: the client, as DTLS server, is done when it sends its Finished, a moment before the server reads it, and
     * SRTP sent in that moment is dropped as early media is.
     */
    private void connect(PeerConnection client, SessionRegistry sessions, SignalingServer to, String webrtcId)
            throws Exception {
        client.setLocalDescription(client.createOffer());
        client.gatheringComplete().get(5, TimeUnit.SECONDS);
        HttpResponse<String> reply = post(to, Json.write(offer(client.localDescription().orElseThrow().sdp(),
                webrtcId)));
        assertEquals(200, reply.statusCode(), reply.body());
        Map<?, ?> answer = (Map<?, ?>) Json.parse(reply.body());
        assertEquals("answer", answer.get("type"));
        client.setRemoteDescription(Description.answer((String) answer.get("sdp")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.connectionState() != PeerConnection.ConnectionState.CONNECTED
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(PeerConnection.ConnectionState.CONNECTED, client.connectionState());
        while (!serverConnected(sessions, webrtcId) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(serverConnected(sessions, webrtcId), "the server's side of the call connects");
    }

    private static boolean serverConnected(SessionRegistry sessions, String webrtcId) throws Exception {
        return ((StatsReport) sessions.stats(webrtcId)).transport()
                .filter(transport -> transport.dtlsState().equals("connected")).isPresent();
    }

    private static Map<String, Object> offer(String sdp, String webrtcId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sdp", sdp);
        body.put("type", "offer");
        body.put("webrtc_id", webrtcId);
        return body;
    }

    private PeerConnection client() throws Exception {
        return client(RtpCapabilities.forwarding());
    }

    private PeerConnection client(RtpCapabilities capabilities) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        return PeerConnection.create(new PeerConfig(group, executor).capabilities(capabilities)
                .ice(ice -> ice.includeLoopback(true).hostAddresses(List.of(loopback))));
    }

    @Test
    void aJavaClientSpeakingFastRtcGetsItsAudioAndVideoEchoed() throws Exception {
        try (PeerConnection client = client()) {
            Map<MediaKind, BlockingQueue<byte[]>> echoed = Map.of(MediaKind.AUDIO, new LinkedBlockingQueue<>(),
                    MediaKind.VIDEO, new LinkedBlockingQueue<>());
            client.onTrack(event -> event.receiver().onRtp(packet -> echoed.get(event.transceiver().kind())
                    .add(Arrays.copyOfRange(packet.buffer(), packet.payloadOffset(),
                            packet.payloadOffset() + packet.payloadLength()))));
            RtpSender audio = client.addTrack(MediaKind.AUDIO);
            RtpSender video = client.addTrack(MediaKind.VIDEO);
            connect(client, registry, server, "java-client");
            for (RtpSender sender : List.of(audio, video)) {
                MediaKind kind = sender.transceiver().kind();
                for (int i = 0; i < 5; i++) {
                    byte[] payload = new byte[50 + i];
                    Arrays.fill(payload, (byte) (i + 1));
                    sender.send(sender.codecs().get(0).payloadType(), true, 3000L * i, payload, 0, payload.length);
                    byte[] back = echoed.get(kind).poll(5, TimeUnit.SECONDS);
                    assertNotNull(back, kind + " echo " + i);
                    assertArrayEquals(payload, back);
                }
            }
            StatsReport ours = (StatsReport) registry.stats("java-client");
            assertEquals(2, ours.inboundRtp().size());
            assertTrue(ours.outboundRtp().stream().allMatch(s -> s.packetsSent() == 5), ours.toString());
            String stats = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/webrtc/stats?webrtc_id=java-client")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(stats.contains("\"packetsReceived\":5"), stats);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (registry.size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, registry.size(), "the client's close_notify ends the session");
    }

    /**
     * The echo decoding video: VP8 that the client encodes comes back decoded, through the hook and encoded again
     * by our encoder, decodable by our decoder; a key-frame request (PLI) from the client is answered by a key
     * frame within two frames.
     */
    @Test
    void theVideoDecodingEchoReencodesAndAnswersAKeyFrameRequest() throws Exception {
        AtomicInteger hooked = new AtomicInteger();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (PeerSessions decoding = new PeerSessions(PeerSessions.videoDecodingEcho(picture -> {
                    hooked.incrementAndGet();
                    return picture;
                }), ice -> ice.includeLoopback(true).hostAddresses(List.of(loopback)),
                Duration.ofSeconds(30));
             SignalingServer to = SignalingServer.start(new InetSocketAddress("127.0.0.1", 0), decoding, 4);
             PeerConnection client = client(RtpCapabilities.installed())) {
            CodecDescriptor vp8 = CodecDescriptor.video("VP8", 90_000);
            VideoCodecFactory codec = CodecRegistry.installed().video(vp8).orElseThrow();
            BlockingQueue<EncodedFrame> echoed = new LinkedBlockingQueue<>();
            Depacketizer depacketizer = codec.createDepacketizer(vp8);
            client.onTrack(event -> event.receiver().onRtp(packet -> {
                try {
                    depacketizer.push(packet.buffer(), packet.payloadOffset(), packet.payloadLength(),
                            packet.sequenceNumber(), packet.timestamp(), packet.marker()).ifPresent(echoed::add);
                } catch (CodecException e) {
                    throw new AssertionError(e);
                }
            }));
            RtpSender video = client.addTrack(MediaKind.VIDEO);
            connect(client, decoding, to, "video-client");
            int payloadType = video.codecs().get(0).payloadType();
            try (VideoEncoder encoder = codec.createEncoder(vp8); VideoDecoder decoder = codec.createDecoder(vp8)) {
                encoder.setTargetBitrate(500_000);
                Packetizer packetizer = codec.createPacketizer(vp8);
                List<EncodedFrame> received = new ArrayList<>();
                int sent = 0;
                int requestedAt = -1;
                for (int f = 0; f < 60; f++) {
                    // Rate control may drop a picture on either side, so frames are paced as a camera would send
                    // them and whatever comes back is collected, not matched one to one.
                    for (EncodedFrame frame : encoder.encode(movingPicture(f), 3000L * f)) {
                        sent++;
                        for (RtpPayload rtp : packetizer.packetize(frame, 1100)) {
                            video.send(payloadType, rtp.marker(), frame.rtpTimestamp(), rtp.payload(), 0,
                                    rtp.payload().length);
                        }
                    }
                    EncodedFrame back = echoed.poll(33, TimeUnit.MILLISECONDS);
                    for (; back != null; back = echoed.poll()) {
                        received.add(back);
                        assertTrue(decoder.decode(back).isPresent(), "echoed frame " + received.size() + " decodes");
                    }
                    if (f == 40) {
                        requestedAt = received.size();
                        video.transceiver().receiver().requestKeyFrame();
                    }
                }
                assertTrue(sent >= 50 && received.size() >= sent - 10, "sent " + sent + ", echoed " + received.size());
                assertTrue(received.get(0).keyFrame(), "the echo starts with a key frame");
                assertTrue(received.subList(1, requestedAt).stream().noneMatch(EncodedFrame::keyFrame),
                        "no key frame without a request");
                List<Boolean> afterRequest = received.subList(requestedAt, requestedAt + 2).stream()
                        .map(EncodedFrame::keyFrame).toList();
                assertTrue(afterRequest.contains(true), "key frame within two frames of the PLI: " + afterRequest);
            }
            assertTrue(hooked.get() >= 40, "pictures through the hook: " + hooked);
        }
    }

    /** A 160x120 picture with a gradient that moves two pixels a frame, so inter frames have motion to code. */
    private static VideoFrame movingPicture(int frame) {
        int width = 160;
        int height = 120;
        byte[] y = new byte[width * height];
        byte[] u = new byte[width * height / 4];
        byte[] v = new byte[width * height / 4];
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                y[row * width + col] = (byte) (16 + ((col + 2 * frame) * 3 + row) % 220);
            }
        }
        Arrays.fill(u, (byte) 100);
        Arrays.fill(v, (byte) 150);
        return new VideoFrame(width, height, y, width, u, width / 2, v, width / 2, 0, MediaTime.UNKNOWN);
    }

    @Test
    void hostileOffersGetAReasonAndTheServerKeepsServing() throws Exception {
        String good;
        try (PeerConnection client = client()) {
            client.addTrack(MediaKind.AUDIO);
            client.setLocalDescription(client.createOffer());
            good = client.localDescription().orElseThrow().sdp();
        }
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("no m-lines", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n");
        hostile.put("no fingerprint", without(good, "a=fingerprint"));
        hostile.put("no ICE credentials", without(good, "a=ice-ufrag", "a=ice-pwd"));
        hostile.put("not SDP", "hello");
        int i = 0;
        for (Map.Entry<String, String> entry : hostile.entrySet()) {
            HttpResponse<String> reply = post(offer(entry.getValue(), "hostile-" + i++));
            assertEquals(400, reply.statusCode(), entry.getKey() + ": " + reply.body());
            Map<?, ?> meta = (Map<?, ?>) ((Map<?, ?>) Json.parse(reply.body())).get("meta");
            assertEquals("invalid_sdp", meta.get("error"), entry.getKey());
            assertTrue(((String) meta.get("reason")).length() > 5, entry.getKey());
        }
        assertEquals(0, registry.size(), "refused offers leave no session");
        HttpResponse<String> reply = post(offer(good, "after"));
        assertEquals(200, reply.statusCode(), reply.body());
        assertTrue(((String) ((Map<?, ?>) Json.parse(reply.body())).get("sdp")).startsWith("v=0"));
    }

    private static String without(String sdp, String... prefixes) {
        return Arrays.stream(sdp.split("\r\n")).filter(line -> Arrays.stream(prefixes).noneMatch(line::startsWith))
                .collect(Collectors.joining("\r\n", "", "\r\n"));
    }
}
