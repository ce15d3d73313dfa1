package io.purertc.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.purertc.peer.Description;
import io.purertc.media.MediaKind;
import io.purertc.peer.PeerConfig;
import io.purertc.peer.PeerConnection;
import io.purertc.peer.RtpCapabilities;

/**
 * Two in-process PeerConnections on IPv4 loopback, each with an audio and a video track, negotiating with
 * every candidate in the descriptions (gathering awaited, no trickle), as the peer module's loopback test does.
 */
final class LoopbackCall implements AutoCloseable {

    private final PeerConnection offerer;
    private final PeerConnection answerer;
    private final CountDownLatch offererConnected = new CountDownLatch(1);
    private final CountDownLatch answererConnected = new CountDownLatch(1);
    private Description offer;

    LoopbackCall(PeerConfig config) {
        offerer = open(config, offererConnected);
        answerer = open(config, answererConnected);
    }

    /** Host candidates on 127.0.0.1 only, so gathering binds one socket and checks never leave the machine. */
    static PeerConfig loopbackConfig(EventLoopGroup group, Executor executor) throws UnknownHostException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        return new PeerConfig(group, executor).capabilities(RtpCapabilities.forwarding()).ice(ice -> ice.includeLoopback(true).hostAddresses(List.of(loopback)));
    }

    private static PeerConnection open(PeerConfig config, CountDownLatch connected) {
        PeerConnection connection = PeerConnection.create(config);
        connection.addTrack(MediaKind.AUDIO);
        connection.addTrack(MediaKind.VIDEO);
        // A one-count latch: a later DISCONNECTED -> CONNECTED flap cannot count this side twice.
        connection.onConnectionStateChange(state -> {
            if (state == PeerConnection.ConnectionState.CONNECTED) {
                connected.countDown();
            }
        });
        return connection;
    }

    /** The offerer's offer, its candidates gathered and written in, ready to be sent. */
    void prepareOffer() throws Exception {
        offerer.setLocalDescription(offerer.createOffer());
        offerer.gatheringComplete().get(5, TimeUnit.SECONDS);
        offer = offerer.localDescription().orElseThrow();
    }

    /** From the offer's arrival at the answerer until both sides are connected (ICE and DTLS). */
    void answerAndConnect() throws Exception {
        answerer.setRemoteDescription(offer);
        answerer.setLocalDescription(answerer.createAnswer());
        answerer.gatheringComplete().get(5, TimeUnit.SECONDS);
        offerer.setRemoteDescription(answerer.localDescription().orElseThrow());
        if (!offererConnected.await(5, TimeUnit.SECONDS) || !answererConnected.await(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("peers did not connect: offerer " + describe(offerer) + ", answerer "
                    + describe(answerer));
        }
    }

    private static String describe(PeerConnection connection) {
        return connection.connectionState() + " (ICE " + connection.iceConnectionState() + ", DTLS "
                + connection.dtlsState() + ")";
    }

    @Override
    public void close() {
        offerer.close();
        answerer.close();
    }
}
