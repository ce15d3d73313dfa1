package io.purertc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.media.MediaKind;
import io.purertc.rtp.RtpPacket;
import io.purertc.sdp.Codec;
import io.purertc.testkit.Impairment;
import io.purertc.testkit.ImpairmentProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loss recovery between two PeerConnections through the testkit's impairment proxy: video packets lost on the way
 * are asked for again by NACK (RFC 4585 §6.2.1) and come back in RTX packets (RFC 4588) that the receiver unwraps
 * into the original stream, so the receiver ends up with every packet sent.
 */
class RetransmissionTest {

    private static final int PACKETS = 1000;

    @BeforeAll
    static void start() {
        PeerConnectionLoopbackTest.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        PeerConnectionLoopbackTest.stop();
    }

    @Test
    void everyVideoPacketLostToFivePercentLossComesBackByRtx() throws Exception {
        // 5 % loss each way: media, NACKs and retransmissions are all lost sometimes.
        Impairment lossy = Impairment.builder().loss(0.05).delay(Duration.ofMillis(10)).build();
        try (PeerConnectionLoopbackTest.Peer a = new PeerConnectionLoopbackTest.Peer();
             PeerConnectionLoopbackTest.Peer b = new PeerConnectionLoopbackTest.Peer();
             ImpairmentProxy proxy = connectThroughProxy(a, b, lossy)) {
            RtpSender video = a.sender(MediaKind.VIDEO);
            int payloadType = video.payloadType("VP8");
            Set<Integer> sent = new TreeSet<>();
            byte[] payload = new byte[300];
            for (int i = 0; i < PACKETS; i++) {
                payload[0] = (byte) i;
                payload[1] = (byte) (i >> 8);
                sent.add(i);
                video.send(payloadType, i % 5 == 4, 3000L * (i / 5), payload, 0, payload.length);
                Thread.sleep(2);
            }
            Set<Integer> received = new TreeSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.size() < PACKETS && System.nanoTime() < deadline) {
                byte[] packet = b.received.get(MediaKind.VIDEO).poll(100, TimeUnit.MILLISECONDS);
                if (packet != null) {
                    RtpPacket parsed = RtpPacket.parse(packet, 0, packet.length);
                    assertEquals(video.ssrc(), parsed.ssrc(), "delivered on the original SSRC");
                    assertEquals(payloadType, parsed.payloadType(), "delivered with the original payload type");
                    byte[] buf = parsed.buffer();
                    int at = parsed.payloadOffset();
                    received.add((buf[at] & 0xFF) | (buf[at + 1] & 0xFF) << 8);
                }
            }
            ImpairmentProxy.Stats aToB = proxy.stats(ImpairmentProxy.Direction.A_TO_B);
            OutboundRtpStats out = a.connection.getStats().get(5, TimeUnit.SECONDS).outboundRtp().stream()
                    .filter(s -> s.kind().equals("video")).findFirst().orElseThrow();
            InboundRtpStats in = b.connection.getStats().get(5, TimeUnit.SECONDS).inboundRtp().stream()
                    .filter(s -> s.kind().equals("video")).findFirst().orElseThrow();
            System.out.println("through 5 % loss: proxy a→b " + aToB + "; sender " + out + "; receiver " + in);
            List<Integer> missing = new ArrayList<>(sent);
            missing.removeAll(received);
            assertTrue(missing.isEmpty(), "never recovered: " + missing.stream().map(String::valueOf)
                    .collect(Collectors.joining(",")));
            assertTrue(aToB.lost() >= 20, "the proxy lost packets a→b: " + aToB);
            assertTrue(out.retransmittedPacketsSent() > 0 && out.nackCount() > 0, out.toString());
            assertTrue(in.nackCount() > 0, in.toString());
        }
    }

    /**
     * With a round trip longer than the receiver waits for a repair (1.4 s against 1 s), lost packets are given
     * up and the receiver asks for a key frame instead, by PLI, which reaches the sender's listener.
     */
    @Test
    void whenRepairCannotComeInTimeTheReceiverAsksForAKeyFrame() throws Exception {
        Impairment slow = Impairment.builder().loss(0.05).delay(Duration.ofMillis(700)).build();
        try (PeerConnectionLoopbackTest.Peer a = new PeerConnectionLoopbackTest.Peer();
             PeerConnectionLoopbackTest.Peer b = new PeerConnectionLoopbackTest.Peer();
             ImpairmentProxy proxy = connectThroughProxy(a, b, slow)) {
            RtpSender video = a.sender(MediaKind.VIDEO);
            AtomicInteger keyFrameRequests = new AtomicInteger();
            video.onKeyFrameRequest(keyFrameRequests::incrementAndGet);
            int payloadType = video.payloadType("VP8");
            byte[] payload = new byte[300];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            for (int i = 0; keyFrameRequests.get() == 0 && System.nanoTime() < deadline; i++) {
                video.send(payloadType, i % 5 == 4, 3000L * (i / 5), payload, 0, payload.length);
                Thread.sleep(5);
            }
            InboundRtpStats in = b.connection.getStats().get(5, TimeUnit.SECONDS).inboundRtp().stream()
                    .filter(s -> s.kind().equals("video")).findFirst().orElseThrow();
            System.out.println("RTT 1.4 s with 5 % loss: receiver " + in);
            assertTrue(keyFrameRequests.get() >= 1, "key frame requests at the sender: " + keyFrameRequests);
            assertTrue(in.pliCount() >= 1 && in.nackCount() >= 1, in.toString());
        }
    }

    /**
     * Where the video codec negotiated only {@code ccm fir}, a key-frame request goes out as a FIR (RFC 5104
     * §4.3.1) with a new sequence number each time, and the sender hears each one; where it negotiated PLI too, a
     * PLI goes out.
     */
    @Test
    void aKeyFrameRequestIsAFirWhereOnlyFirWasNegotiated() throws Exception {
        RtpCapabilities forwarding = RtpCapabilities.forwarding();
        List<Codec> firOnly = new ArrayList<>();
        for (Codec codec : forwarding.videoCodecs()) {
            firOnly.add(new Codec(codec.payloadType(), codec.name(), codec.clockRate(), codec.channels(),
                    codec.parameters(), codec.feedback().stream().filter(f -> f.type().equals("ccm")).toList()));
        }
        RtpCapabilities capabilities = new RtpCapabilities(forwarding.audioCodecs(), firOnly,
                forwarding.audioExtensions(), forwarding.videoExtensions());
        for (boolean onlyFir : new boolean[] {true, false}) {
            RtpCapabilities offered = onlyFir ? capabilities : forwarding;
            try (PeerConnectionLoopbackTest.Peer a = new PeerConnectionLoopbackTest.Peer(offered);
                 PeerConnectionLoopbackTest.Peer b = new PeerConnectionLoopbackTest.Peer(offered);
                 ImpairmentProxy proxy = connectThroughProxy(a, b, Impairment.NONE)) {
                RtpSender video = a.sender(MediaKind.VIDEO);
                AtomicInteger requests = new AtomicInteger();
                video.onKeyFrameRequest(requests::incrementAndGet);
                byte[] payload = new byte[100];
                video.send(video.payloadType("VP8"), true, 0, payload, 0, payload.length);
                b.received.get(MediaKind.VIDEO).poll(5, TimeUnit.SECONDS);
                RtpReceiver receiver = b.connection.transceivers().stream()
                        .filter(t -> t.kind() == MediaKind.VIDEO).findFirst().orElseThrow().receiver();
                for (int i = 0; i < 2; i++) {
                    receiver.requestKeyFrame();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (requests.get() < i + 1 && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                }
                InboundRtpStats in = b.connection.getStats().get(5, TimeUnit.SECONDS).inboundRtp().stream()
                        .filter(s -> s.kind().equals("video")).findFirst().orElseThrow();
                assertEquals(2, requests.get(), "requests the sender heard");
                assertEquals(onlyFir ? 2 : 0, in.firCount(), in.toString());
                assertEquals(onlyFir ? 0 : 2, in.pliCount(), in.toString());
            }
        }
    }

    /**
     * a offers video and audio, b answers; every candidate each side sees is the proxy's, so all traffic between
     * them takes it. The proxy learns b's address from b's first check. The impairment starts once both are
     * connected, so that ICE and DTLS are not what is tested.
     */
    static ImpairmentProxy connectThroughProxy(PeerConnectionLoopbackTest.Peer a, PeerConnectionLoopbackTest.Peer b,
            Impairment impairment) throws Exception {
        a.connection.addTrack(MediaKind.AUDIO);
        a.connection.addTrack(MediaKind.VIDEO);
        a.connection.setLocalDescription(a.connection.createOffer());
        a.connection.gatheringComplete().get(5, TimeUnit.SECONDS);
        String offer = a.connection.localDescription().orElseThrow().sdp();
        InetSocketAddress aAddress = ImpairmentProxy.loopbackCandidate(offer);
        ImpairmentProxy proxy = ImpairmentProxy.between(aAddress, null, Impairment.NONE, Impairment.NONE, 9);
        b.connection.setRemoteDescription(
                Description.offer(ImpairmentProxy.onlyCandidateAt(offer, proxy.facingB())));
        b.connection.setLocalDescription(b.connection.createAnswer());
        b.connection.gatheringComplete().get(5, TimeUnit.SECONDS);
        String answer = b.connection.localDescription().orElseThrow().sdp();
        a.connection.setRemoteDescription(
                Description.answer(ImpairmentProxy.onlyCandidateAt(answer, proxy.facingA())));
        PeerConnectionLoopbackTest.awaitConnected(a, b);
        for (ImpairmentProxy.Direction direction : ImpairmentProxy.Direction.values()) {
            proxy.setImpairment(direction, impairment);
        }
        return proxy;
    }
}
