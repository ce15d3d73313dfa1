package io.purertc.peer;

import java.util.List;

/**
 * A remote track announced by a description (W3C {@code RTCTrackEvent}): the transceiver whose receiver gets
 * its packets, the {@code msid} track id, and the stream ids it belongs to (RFC 8830 §2).
 */
public record TrackEvent(RtpTransceiver transceiver, String trackId, List<String> streamIds) {

    public TrackEvent {
        streamIds = List.copyOf(streamIds);
    }

    public RtpReceiver receiver() {
        return transceiver.receiver();
    }
}
