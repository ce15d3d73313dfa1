package io.purertc.peer;

import io.purertc.rtcp.SenderReport;
import io.purertc.rtp.RtpPacket;
import io.purertc.sdp.Codec;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Receives the RTP stream of a transceiver (W3C {@code RTCRtpReceiver}): packets routed to its section by MID,
 * SSRC or payload type (RFC 8843 §9.2), already unprotected, on the connection's event loop.
 */
public final class RtpReceiver {

    /**
     * Gets each packet as a view valid only during the call: copy what is kept. Called on the connection's
     * event loop; do not block it.
     */
    @FunctionalInterface
    public interface RtpListener {
        void onRtp(RtpPacket packet);
    }

    /**
     * Gets each sender report about the stream: the pair of the sender's NTP and RTP clocks at one instant
     * (RFC 3550 §6.4.1), from which the capture time of every packet follows, and with it A/V sync. Called on
     * the connection's event loop; do not block it.
     */
    @FunctionalInterface
    public interface SenderReportListener {
        void onSenderReport(SenderReport report);
    }

    private final RtpTransceiver transceiver;
    private volatile RtpListener listener = packet -> { };
    private volatile SenderReportListener senderReportListener = report -> { };
    private volatile long ssrc = -1;

    RtpReceiver(RtpTransceiver transceiver) {
        this.transceiver = transceiver;
    }

    public RtpTransceiver transceiver() {
        return transceiver;
    }

    public void onRtp(RtpListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public void onSenderReport(SenderReportListener listener) {
        senderReportListener = Objects.requireNonNull(listener, "listener");
    }

    /** The remote SSRC once a packet or the remote description has named it. */
    public OptionalLong ssrc() {
        long value = ssrc;
        return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }

    void ssrc(long value) {
        ssrc = value;
    }

    /** The codecs negotiated for receiving, with the payload types the remote sends. */
    public List<Codec> codecs() {
        return transceiver.negotiatedCodecs();
    }

    /**
     * Asks the remote sender for a key frame: a PLI (RFC 4585 §6.3.1), or a FIR (RFC 5104 §4.3.1) where only that
     * was negotiated, or nothing where neither was.
     */
    public void requestKeyFrame() {
        transceiver.connection().requestKeyFrame(this);
    }

    void deliver(RtpPacket packet) {
        listener.onRtp(packet);
    }

    void senderReported(SenderReport report) {
        senderReportListener.onSenderReport(report);
    }
}
