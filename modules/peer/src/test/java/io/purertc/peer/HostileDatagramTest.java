package io.purertc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.media.MediaKind;
import io.purertc.peer.PeerConnectionLoopbackTest.Peer;
import io.purertc.rtp.RtpHeader;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whatever arrives on the selected pair — random bytes in every RFC 7983 range, truncated and bit-flipped
 * SRTP and SRTCP — is dropped and counted one datagram at a time; the connection keeps carrying media.
 */
class HostileDatagramTest {

    @BeforeAll
    static void start() {
        PeerConnectionLoopbackTest.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        PeerConnectionLoopbackTest.stop();
    }

    @Test
    void garbageOnTheSelectedPairIsCountedAndDroppedAlone() throws Exception {
        try (Peer a = new Peer(); Peer b = new Peer()) {
            for (Peer peer : new Peer[] {a, b}) {
                peer.connection.addTrack(MediaKind.AUDIO);
                peer.connection.addTrack(MediaKind.VIDEO);
            }
            PeerConnectionLoopbackTest.negotiate(a, b);
            PeerConnectionLoopbackTest.awaitConnected(a, b);
            PeerConnectionLoopbackTest.exchange(b, a);

            BundleTransport target = a.connection.transport();
            InetSocketAddress from = new InetSocketAddress("127.0.0.1", 9);
            Random random = new Random(5);
            byte[] valid = validSrtp(b);
            target.loop().submit(() -> {
                for (int i = 0; i < 5_000; i++) {
                    byte[] datagram;
                    if (i % 3 == 0) {
                        datagram = Arrays.copyOf(valid, random.nextInt(valid.length));
                    } else if (i % 3 == 1) {
                        datagram = valid.clone();
                        datagram[random.nextInt(datagram.length)] ^= (byte) (1 << random.nextInt(8));
                    } else {
                        datagram = new byte[random.nextInt(1500)];
                        random.nextBytes(datagram);
                    }
                    target.onData(datagram, from);
                }
            }).get(30, TimeUnit.SECONDS);
            BundleTransport.Counters counters = target.loop().submit(target::counters).get(5, TimeUnit.SECONDS);
            assertTrue(counters.unprotectFailed() > 1_000, counters.toString());

            PeerConnectionLoopbackTest.exchange(b, a);
            PeerConnectionLoopbackTest.exchange(a, b);
            assertEquals(PeerConnection.ConnectionState.CONNECTED, a.connection.connectionState());
        }
    }

    /**
     * One SRTP packet under b's keys for a, on an SSRC of its own so that b's real streams keep their
     * rollover state.
     */
    private static byte[] validSrtp(Peer b) throws Exception {
        RtpSender sender = b.sender(MediaKind.AUDIO);
        byte[] payload = new byte[160];
        byte[][] captured = new byte[1][];
        b.connection.transport().loop().submit(() -> {
            byte[] packet = new RtpHeader(false, sender.codecs().get(0).payloadType(), 7, 960,
                    sender.ssrc() ^ 1).toPacket(payload, 0, payload.length, 0);
            byte[] buffer = Arrays.copyOf(packet, packet.length + b.connection.transport().srtp().rtpOverhead());
            int length = b.connection.transport().srtp().protectRtp(buffer, 0, packet.length);
            captured[0] = Arrays.copyOf(buffer, length);
        }).get(5, TimeUnit.SECONDS);
        return captured[0];
    }
}
