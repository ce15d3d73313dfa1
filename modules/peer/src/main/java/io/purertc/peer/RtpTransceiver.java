package io.purertc.peer;

import io.purertc.media.MediaKind;
import io.purertc.sdp.Codec;
import io.purertc.sdp.Direction;
import io.purertc.sdp.Extmap;
import io.purertc.rtp.HeaderExtension;
import io.purertc.rtp.RtpMid;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One m-section's pair of sender and receiver (RFC 8829 §3.4.1, W3C {@code RTCRtpTransceiver}). Its MID is
 * fixed by the first description that names it; {@code direction} is what the application wants,
 * {@code currentDirection} what the last completed offer/answer gave.
 */
public final class RtpTransceiver {

    private final PeerConnection connection;
    private final MediaKind kind;
    private final RtpSender sender;
    private final RtpReceiver receiver;
    private volatile String mid;
    private volatile Direction direction;
    private volatile Direction currentDirection;
    private volatile List<Codec> negotiatedCodecs = List.of();
    private volatile int midExtensionId = -1;
    /** The MID header extension our packets carry, written once per negotiation rather than per packet. */
    private volatile HeaderExtension midExtension;

    RtpTransceiver(PeerConnection connection, MediaKind kind, Direction direction, RtpSender.Factory senders) {
        this.connection = connection;
        this.kind = kind;
        this.direction = Objects.requireNonNull(direction, "direction");
        this.sender = senders.create(this);
        this.receiver = new RtpReceiver(this);
    }

    PeerConnection connection() {
        return connection;
    }

    public MediaKind kind() {
        return kind;
    }

    /** The MID of its m-section; empty until a description has been created or applied. */
    public Optional<String> mid() {
        return Optional.ofNullable(mid);
    }

    void mid(String value) {
        mid = value;
    }

    public RtpSender sender() {
        return sender;
    }

    public RtpReceiver receiver() {
        return receiver;
    }

    public Direction direction() {
        return direction;
    }

    /** Changes the wanted direction; takes effect with the next offer/answer (RFC 8829 §4.2.4). */
    public void direction(Direction value) {
        direction = Objects.requireNonNull(value, "direction");
    }

    /** The negotiated direction from our side; empty before the first completed offer/answer. */
    public Optional<Direction> currentDirection() {
        return Optional.ofNullable(currentDirection);
    }

    void negotiated(Direction current, List<Codec> codecs, List<Extmap> extmaps) {
        currentDirection = current;
        negotiatedCodecs = List.copyOf(codecs);
        midExtensionId = -1;
        midExtension = null;
        for (Extmap extmap : extmaps) {
            if (extmap.uri().equals(RtpMid.URI)) {
                midExtensionId = extmap.id();
                midExtension = new HeaderExtension(extmap.id(), RtpMid.toBytes(mid));
            }
        }
    }

    /** The MID extension to put on each packet we send, or null when MID was not negotiated (RFC 8843 §14). */
    HeaderExtension midExtension() {
        return midExtension;
    }

    /** The negotiated id of the MID header extension (RFC 8843 §14), or -1 when not negotiated. */
    int midExtensionId() {
        return midExtensionId;
    }

    /** The clock rate of negotiated payload type {@code payloadType}, or -1 when it is not one of ours. */
    int clockRate(int payloadType) {
        for (Codec codec : negotiatedCodecs) {
            if (codec.payloadType() == payloadType) {
                return codec.clockRate();
            }
        }
        return -1;
    }

    List<Codec> negotiatedCodecs() {
        return negotiatedCodecs;
    }

    /** Whether the negotiated direction lets us send. */
    boolean sends() {
        Direction current = currentDirection;
        return current != null && current.sends();
    }

    /** Whether the negotiated direction lets us receive. */
    boolean receives() {
        Direction current = currentDirection;
        return current != null && current.receives();
    }

    @Override
    public String toString() {
        return "RtpTransceiver[" + kind.sdpName() + " mid=" + mid + " " + direction + "]";
    }
}
