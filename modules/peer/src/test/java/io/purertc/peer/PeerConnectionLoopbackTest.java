package io.purertc.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.media.MediaClock;
import io.purertc.media.MediaKind;
import io.purertc.rtcp.SenderReport;
import io.purertc.rtp.NtpTime;
import io.purertc.rtp.RtpPacket;
import io.purertc.sdp.Direction;
import io.purertc.sdp.SessionDescription;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two PeerConnections in one JVM negotiate audio and video both ways over loopback and exchange RTP and RTCP. */
class PeerConnectionLoopbackTest {

    private static EventLoopGroup group;
    private static ExecutorService executor;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        executor = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        executor.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** One side of a call: the connection and what its receivers got, by kind. */
    static final class Peer implements AutoCloseable {
        final PeerConnection connection;
        final Map<MediaKind, BlockingQueue<byte[]>> received = new ConcurrentHashMap<>();
        final List<TrackEvent> tracks = new ArrayList<>();
        final BlockingQueue<IceCandidateInit> candidates = new LinkedBlockingQueue<>();

        Peer() throws Exception {
            this(RtpCapabilities.forwarding());
        }

        Peer(RtpCapabilities capabilities) throws Exception {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            connection = PeerConnection.create(new PeerConfig(group, executor)
                    .capabilities(capabilities)
                    .ice(ice -> ice.includeLoopback(true).hostAddresses(List.of(loopback))));
            for (MediaKind kind : MediaKind.values()) {
                received.put(kind, new LinkedBlockingQueue<>());
            }
            connection.onTrack(event -> {
                synchronized (tracks) {
                    tracks.add(event);
                }
                BlockingQueue<byte[]> queue = received.get(event.transceiver().kind());
                event.receiver().onRtp(packet -> queue.add(Arrays.copyOfRange(packet.buffer(), packet.offset(),
                        packet.offset() + packet.length())));
            });
            connection.onIceCandidate(candidates::add);
        }

        RtpSender sender(MediaKind kind) {
            return connection.transceivers().stream().filter(t -> t.kind() == kind).findFirst().orElseThrow()
                    .sender();
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    /** Offer/answer with every candidate in the descriptions (gathering awaited, no trickle). */
    static void negotiate(Peer offerer, Peer answerer) throws Exception {
        offerer.connection.setLocalDescription(offerer.connection.createOffer());
        offerer.connection.gatheringComplete().get(5, TimeUnit.SECONDS);
        answerer.connection.setRemoteDescription(offerer.connection.localDescription().orElseThrow());
        answerer.connection.setLocalDescription(answerer.connection.createAnswer());
        answerer.connection.gatheringComplete().get(5, TimeUnit.SECONDS);
        offerer.connection.setRemoteDescription(answerer.connection.localDescription().orElseThrow());
    }

    static void awaitConnected(Peer... peers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Peer peer : peers) {
            while (peer.connection.connectionState() != PeerConnection.ConnectionState.CONNECTED
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(PeerConnection.ConnectionState.CONNECTED, peer.connection.connectionState());
        }
    }

    /** Sends ten packets of each kind each way and checks payload, payload type and marker at the receiver. */
    static void exchange(Peer from, Peer to) throws Exception {
        for (MediaKind kind : MediaKind.values()) {
            RtpSender sender = from.sender(kind);
            int payloadType = sender.payloadType(kind == MediaKind.AUDIO ? "opus" : "VP8");
            assertTrue(payloadType >= 0, kind + " codec negotiated");
            for (int i = 0; i < 10; i++) {
                byte[] payload = new byte[100 + i];
                Arrays.fill(payload, (byte) i);
                sender.send(payloadType, i == 9, 960L * i, payload, 0, payload.length);
                byte[] packet = to.received.get(kind).poll(5, TimeUnit.SECONDS);
                assertNotNull(packet, kind + " packet " + i + " lost");
                RtpPacket parsed = RtpPacket.parse(packet, 0, packet.length);
                assertEquals(payloadType, parsed.payloadType());
                assertEquals(sender.ssrc(), parsed.ssrc());
                assertEquals(i == 9, parsed.marker());
                assertArrayEquals(payload, Arrays.copyOfRange(packet, parsed.payloadOffset(),
                        parsed.payloadOffset() + parsed.payloadLength()));
            }
        }
    }

    /**
     * By default a connection offers exactly the installed codecs; this module's tests have none on the class
     * path, so there is nothing to put in a section and adding one is refused rather than offered empty.
     */
    @Test
    void withNoCodecInstalledNoSectionCanBeAdded() {
        assertTrue(RtpCapabilities.installed().audioCodecs().isEmpty());
        PeerConnection connection = PeerConnection.create(new PeerConfig(group, executor));
        try {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> connection.addTransceiver(MediaKind.AUDIO, Direction.SENDRECV));
            assertTrue(refused.getMessage().contains("no audio codec"), refused.getMessage());
            assertTrue(connection.transceivers().isEmpty());
        } finally {
            connection.close();
        }
    }

    @Test
    void audioAndVideoBothWaysWithEachSideOfferingOnce() throws Exception {
        for (boolean firstOffers : new boolean[] {true, false}) {
            try (Peer a = new Peer(); Peer b = new Peer()) {
                Peer offerer = firstOffers ? a : b;
                Peer answerer = firstOffers ? b : a;
                offerer.connection.addTrack(MediaKind.AUDIO);
                offerer.connection.addTrack(MediaKind.VIDEO);
                answerer.connection.addTrack(MediaKind.AUDIO);
                answerer.connection.addTrack(MediaKind.VIDEO);
                negotiate(offerer, answerer);
                awaitConnected(a, b);
                assertEquals(2, answerer.connection.transceivers().size(), "answerer reused its addTrack transceivers");
                for (Peer peer : new Peer[] {a, b}) {
                    for (RtpTransceiver transceiver : peer.connection.transceivers()) {
                        assertEquals(Direction.SENDRECV, transceiver.currentDirection().orElseThrow());
                    }
                }
                exchange(a, b);
                exchange(b, a);
                streamUntilReported(a, b);
                assertCountsAgree(a, b);
                assertCountsAgree(b, a);
            }
        }
    }

    /**
     * Our sender reports map RTP time to capture time, not to send time: video sent 100 ms after its capture and
     * audio sent at once, each packet carrying its capture instant, must both be placed by the receiver's view of
     * our sender reports (NTP of the report plus the RTP distance to the packet) at that instant, within 1 ms
     * (RFC 3550 §6.4.1). Reports that took send times would put the video 100 ms late.
     */
    @Test
    void senderReportsMapRtpTimeToCaptureTimeForEveryStream() throws Exception {
        try (Peer a = new Peer(); Peer b = new Peer()) {
            a.connection.addTrack(MediaKind.AUDIO);
            a.connection.addTrack(MediaKind.VIDEO);
            negotiate(a, b);
            awaitConnected(a, b);
            Map<MediaKind, BlockingQueue<SenderReport>> reports = new ConcurrentHashMap<>();
            synchronized (b.tracks) {
                for (TrackEvent track : b.tracks) {
                    BlockingQueue<SenderReport> queue = new LinkedBlockingQueue<>();
                    reports.put(track.transceiver().kind(), queue);
                    track.receiver().onSenderReport(queue::add);
                }
            }
            MediaClock clock = MediaClock.system();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (int i = 0; System.nanoTime() < deadline
                    && !(reports.get(MediaKind.AUDIO).size() >= 2 && reports.get(MediaKind.VIDEO).size() >= 2); i++) {
                for (MediaKind kind : MediaKind.values()) {
                    int clockRate = kind == MediaKind.AUDIO ? 48_000 : 90_000;
                    long capture = clock.nowMicros() - (kind == MediaKind.VIDEO ? 100_000 : 0);
                    byte[] payload = ByteBuffer.allocate(Long.BYTES).putLong(capture).array();
                    RtpSender sender = a.sender(kind);
                    sender.send(sender.codecs().get(0).payloadType(), true,
                            MediaClock.toRtpTimestamp(capture, clockRate, 0), capture, payload, 0, payload.length);
                }
                Thread.sleep(20);
            }
            for (MediaKind kind : MediaKind.values()) {
                int clockRate = kind == MediaKind.AUDIO ? 48_000 : 90_000;
                List<SenderReport> received = new ArrayList<>(reports.get(kind));
                assertTrue(received.size() >= 2, kind + " sender reports: " + received.size());
                SenderReport report = received.get(received.size() - 1);
                byte[] packet = b.received.get(kind).poll(5, TimeUnit.SECONDS);
                assertNotNull(packet, kind + " packet");
                RtpPacket parsed = RtpPacket.parse(packet, 0, packet.length);
                long capture = ByteBuffer.wrap(packet, parsed.payloadOffset(), Long.BYTES).getLong();
                long ticks = (int) (parsed.timestamp() - report.rtpTimestamp());
                double placed = NtpTime.toUnixMicros(report.ntpTimestamp()) + ticks * 1e6 / clockRate;
                assertEquals(clock.toUnixMicros(capture), placed, 1000, kind + ": " + report);
            }
        }
    }

    /**
     * Keeps every sender sending (RFC 3550 §6.4: report blocks cover only sources heard since the last report)
     * until each side's outbound streams have an RTT, which takes our sender report there and a report block
     * about it back.
     */
    static void streamUntilReported(Peer a, Peer b) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        byte[] payload = new byte[200];
        long timestamp = 0;
        while (System.nanoTime() < deadline && !(roundTripsKnown(a) && roundTripsKnown(b))) {
            timestamp += 960;
            for (Peer peer : new Peer[] {a, b}) {
                for (MediaKind kind : MediaKind.values()) {
                    RtpSender sender = peer.sender(kind);
                    sender.send(sender.codecs().get(0).payloadType(), false, timestamp, payload, 0, payload.length);
                }
            }
            Thread.sleep(20);
        }
        assertTrue(roundTripsKnown(a) && roundTripsKnown(b), "RTT from report blocks on both sides");
        Thread.sleep(200);
    }

    private static boolean roundTripsKnown(Peer peer) throws Exception {
        List<OutboundRtpStats> outbound = peer.connection.getStats().get(5, TimeUnit.SECONDS).outboundRtp();
        return outbound.size() == 2 && outbound.stream()
                .allMatch(stats -> stats.roundTripTime() >= 0 && stats.roundTripTime() < 1);
    }

    /** What {@code from} counts as sent, {@code to} counts as received, stream by stream, with nothing lost. */
    static void assertCountsAgree(Peer from, Peer to) throws Exception {
        StatsReport sent = from.connection.getStats().get(5, TimeUnit.SECONDS);
        StatsReport received = to.connection.getStats().get(5, TimeUnit.SECONDS);
        assertEquals(2, received.inboundRtp().size());
        for (OutboundRtpStats outbound : sent.outboundRtp()) {
            InboundRtpStats inbound = received.inboundRtp().stream().filter(s -> s.ssrc() == outbound.ssrc())
                    .findFirst().orElseThrow();
            assertEquals(outbound.packetsSent(), inbound.packetsReceived(), outbound.kind());
            assertEquals(outbound.bytesSent(), inbound.bytesReceived(), outbound.kind());
            assertEquals(0, inbound.packetsLost());
        }
        TransportStats transport = sent.transport().orElseThrow();
        assertEquals("connected", transport.dtlsState());
        assertEquals(1, sent.candidatePairs().size());
        assertTrue(sent.candidatePairs().get(0).currentRoundTripTime() >= 0);
        assertEquals(2, sent.certificates().size());
    }

    @Test
    void trickledCandidatesConnectAndOneWayTransceiversNegotiateDirections() throws Exception {
        try (Peer offerer = new Peer(); Peer answerer = new Peer()) {
            offerer.connection.addTransceiver(MediaKind.AUDIO, Direction.SENDONLY);
            offerer.connection.addTransceiver(MediaKind.VIDEO, Direction.RECVONLY);
            offerer.connection.setLocalDescription(offerer.connection.createOffer());
            answerer.connection.setRemoteDescription(offerer.connection.localDescription().orElseThrow());
            answerer.connection.addTrack(MediaKind.VIDEO);
            answerer.connection.setLocalDescription(answerer.connection.createAnswer());
            offerer.connection.setRemoteDescription(answerer.connection.localDescription().orElseThrow());
            trickle(offerer, answerer);
            trickle(answerer, offerer);
            awaitConnected(offerer, answerer);
            List<RtpTransceiver> answered = answerer.connection.transceivers();
            assertEquals(Direction.RECVONLY, answered.get(0).currentDirection().orElseThrow());
            assertEquals(Direction.SENDONLY, answered.get(1).currentDirection().orElseThrow());
            assertEquals(Direction.SENDONLY, offerer.connection.transceivers().get(0).currentDirection().orElseThrow());
            RtpSender video = answerer.sender(MediaKind.VIDEO);
            byte[] payload = {1, 2, 3};
            video.send(video.payloadType("VP8"), true, 0, payload, 0, payload.length);
            assertNotNull(offerer.received.get(MediaKind.VIDEO).poll(5, TimeUnit.SECONDS));
        }
    }

    /** Moves every candidate {@code from} signalled so far, and those still coming, to {@code to}. */
    private static void trickle(Peer from, Peer to) {
        executor.execute(() -> {
            try {
                while (true) {
                    IceCandidateInit candidate = from.candidates.poll(5, TimeUnit.SECONDS);
                    if (candidate == null) {
                        return;
                    }
                    to.connection.addIceCandidate(candidate);
                    if (candidate.isEndOfCandidates()) {
                        return;
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void hostileDescriptionsAreRefusedWithAReasonAndTheConnectionStaysUsable() throws Exception {
        try (Peer peer = new Peer(); Peer other = new Peer()) {
            other.connection.addTrack(MediaKind.AUDIO);
            other.connection.setLocalDescription(other.connection.createOffer());
            String good = other.connection.localDescription().orElseThrow().sdp();
            assertEquals(InvalidDescriptionException.Reason.MALFORMED_SDP, assertThrows(InvalidDescriptionException.class,
                    () -> peer.connection.setRemoteDescription(Description.offer("not sdp"))).reason());
            String noFingerprint = String.join("\r\n", Arrays.stream(good.split("\r\n"))
                    .filter(line -> !line.startsWith("a=fingerprint")).toList()) + "\r\n";
            assertEquals(InvalidDescriptionException.Reason.MISSING_FINGERPRINT, assertThrows(
                    InvalidDescriptionException.class,
                    () -> peer.connection.setRemoteDescription(Description.offer(noFingerprint))).reason());
            assertEquals(InvalidDescriptionException.Reason.WRONG_STATE, assertThrows(InvalidDescriptionException.class,
                    () -> peer.connection.setRemoteDescription(Description.answer(good))).reason());
            assertEquals(InvalidDescriptionException.Reason.WRONG_STATE, assertThrows(InvalidDescriptionException.class,
                    () -> peer.connection.addIceCandidate(new IceCandidateInit("candidate:1 1 udp 1 127.0.0.1 9 typ host",
                            "0", java.util.OptionalInt.of(0)))).reason());
            peer.connection.setRemoteDescription(Description.offer(good));
            SessionDescription answer = SessionDescription.parse(peer.connection.createAnswer().sdp());
            assertEquals(1, answer.media().size());
        }
    }
}
