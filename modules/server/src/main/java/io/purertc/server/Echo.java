package io.purertc.server;

import io.purertc.peer.PeerConnection;
import io.purertc.peer.RtpCapabilities;
import io.purertc.peer.RtpSender;
import io.purertc.peer.RtpTransceiver;
import io.purertc.peer.TrackEvent;
import java.util.concurrent.Executor;

/**
 * The default session: every received audio and video stream goes straight back on its own transceiver, RTP
 * passed through with our SSRC, sequence numbers and timestamp offset (RFC 3550 §7.1 translator-like, without
 * decoding), and each key-frame request for the echo is passed on to the client's sender.
 */
final class Echo implements SessionMedia {

    /** Nothing is decoded, so the codecs need not be installed: the forwarding set. */
    @Override
    public RtpCapabilities capabilities() {
        return RtpCapabilities.forwarding();
    }

    @Override
    public void onConnection(PeerConnection connection, Executor mediaWorkers) {
        connection.onTrack(this::echo);
    }

    /** Sends the track's packets back as they come, on the connection's event loop: nothing is decoded. */
    void echo(TrackEvent event) {
        RtpTransceiver transceiver = event.transceiver();
        RtpSender sender = transceiver.sender();
        // Same transceiver, same negotiated codec list: the payload type means the same codec both ways.
        event.receiver().onRtp(packet -> sender.send(packet.payloadType(), packet.marker(), packet.timestamp(),
                packet.buffer(), packet.payloadOffset(), packet.payloadLength()));
        sender.onKeyFrameRequest(event.receiver()::requestKeyFrame);
    }

    @Override
    public void onRemoteOffer(PeerConnection connection) {
        for (RtpTransceiver transceiver : connection.transceivers()) {
            if (!transceiver.sender().hasTrack()) {
                connection.addTrack(transceiver.kind());
            }
        }
    }
}
