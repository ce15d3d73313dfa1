package io.purertc.peer;

import io.purertc.media.MediaClock;
import io.purertc.sdp.Codec;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Sends one RTP stream of a transceiver (W3C {@code RTCRtpSender}). The stack owns what RFC 3550 §5.1 says a
 * sender picks at random: the SSRC, the first sequence number and the timestamp offset; the caller gives
 * payload, payload type and the media clock's timestamp. The MID header extension is added when negotiated
 * (RFC 8843 §14), so a receiver can route before it knows our SSRC.
 */
public final class RtpSender {

    /** Told when the remote receiver asks for a key frame (PLI, RFC 4585 §6.3.1; FIR, RFC 5104 §4.3.1). */
    @FunctionalInterface
    public interface KeyFrameRequestListener {
        void onKeyFrameRequest();
    }

    /** Makes the sender of a new transceiver. */
    @FunctionalInterface
    interface Factory {
        RtpSender create(RtpTransceiver transceiver);
    }

    private final RtpTransceiver transceiver;
    private final long ssrc;
    private final OptionalLong rtxSsrc;
    private final String trackId;
    private final String streamId;
    private final long timestampOffset;
    /** Event-loop state: the next sequence number to send. */
    private int nextSequence;
    /** Event-loop state: this stream's RTCP statistics once it sends; null before. */
    private OutboundRtpStream stream;
    private volatile KeyFrameRequestListener keyFrameListener = () -> { };
    private volatile boolean attached;

    RtpSender(RtpTransceiver transceiver, SecureRandom random, boolean withRtx, String trackId, String streamId) {
        this.transceiver = transceiver;
        this.ssrc = nonZeroSsrc(random);
        long rtx = nonZeroSsrc(random);
        while (rtx == ssrc) {
            rtx = nonZeroSsrc(random);
        }
        this.rtxSsrc = withRtx ? OptionalLong.of(rtx) : OptionalLong.empty();
        this.trackId = trackId;
        this.streamId = streamId;
        this.nextSequence = random.nextInt(0x10000);
        this.timestampOffset = random.nextInt() & 0xFFFF_FFFFL;
    }

    private static long nonZeroSsrc(SecureRandom random) {
        long ssrc;
        do {
            ssrc = random.nextInt() & 0xFFFF_FFFFL;
        } while (ssrc == 0);
        return ssrc;
    }

    public RtpTransceiver transceiver() {
        return transceiver;
    }

    public long ssrc() {
        return ssrc;
    }

    /** The SSRC retransmissions go out on (RFC 4588), signalled with {@code ssrc-group:FID}. */
    public OptionalLong rtxSsrc() {
        return rtxSsrc;
    }

    /** The {@code a=msid} track id. */
    public String trackId() {
        return trackId;
    }

    /** The {@code a=msid} stream id: tracks of one stream are played in sync by the receiver. */
    public String streamId() {
        return streamId;
    }

    /** Whether a track is attached (addTrack), so the section is described as sending. */
    public boolean hasTrack() {
        return attached;
    }

    void attach() {
        attached = true;
    }

    OutboundRtpStream stream() {
        return stream;
    }

    void stream(OutboundRtpStream value) {
        stream = value;
    }

    /** On the event loop: the sequence number for the next packet (RFC 3550 §5.1: +1 per packet, mod 2^16). */
    int takeSequence() {
        int sequence = nextSequence;
        nextSequence = (sequence + 1) & 0xFFFF;
        return sequence;
    }

    long timestampOffset() {
        return timestampOffset;
    }

    /** The codecs negotiated for sending, preferred first; empty before negotiation or when rejected. */
    public List<Codec> codecs() {
        return transceiver.negotiatedCodecs();
    }

    /** The negotiated payload type of {@code encodingName} (case-insensitive), or -1. */
    public int payloadType(String encodingName) {
        for (Codec codec : codecs()) {
            if (codec.is(encodingName)) {
                return codec.payloadType();
            }
        }
        return -1;
    }

    public void onKeyFrameRequest(KeyFrameRequestListener listener) {
        keyFrameListener = Objects.requireNonNull(listener, "listener");
    }

    void keyFrameRequested() {
        keyFrameListener.onKeyFrameRequest();
    }

    /**
     * Sends one RTP packet of this stream, of media captured now: for a forwarder, whose packets leave as they
     * come. Callable from any thread: off the connection's event loop the payload is copied first. Dropped (and
     * counted) until the transport is connected or when the section does not send.
     *
     * @param rtpTimestamp the media clock's timestamp; the sender adds its random offset
     */
    public void send(int payloadType, boolean marker, long rtpTimestamp, byte[] payload, int offset, int length) {
        send(payloadType, marker, rtpTimestamp, MediaClock.system().nowMicros(), payload, offset, length);
    }

    /**
     * Sends one RTP packet of this stream whose media was captured at {@code captureMicros}. Sender reports map
     * the RTP time to the capture time, not to when packets leave (RFC 3550 §6.4.1 wants the RTP timestamp of the
     * report's NTP instant), so streams that leave after different processing delays (a video encoder takes longer
     * than an audio one) still line up at the receiver. Otherwise as {@link #send(int, boolean, long, byte[], int,
     * int)}.
     *
     * @param captureMicros when the media that {@code rtpTimestamp} stands for was captured, a reading of
     *     {@link MediaClock#system()}'s {@link MediaClock#nowMicros()}
     */
    public void send(int payloadType, boolean marker, long rtpTimestamp, long captureMicros, byte[] payload,
            int offset, int length) {
        Objects.checkFromIndexSize(offset, length, payload.length);
        transceiver.connection().sendRtp(this, payloadType, marker, rtpTimestamp, captureMicros, payload, offset,
                length);
    }
}
