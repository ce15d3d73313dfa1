package io.purertc.peer;

import io.purertc.jitter.KeyFrameRequestLimiter;
import io.purertc.jitter.NackBatch;
import io.purertc.jitter.NackGenerator;
import io.purertc.jitter.PacketHistory;
import io.purertc.jitter.Rtx;
import io.purertc.rtcp.GenericNack;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.RtpPacket;
import io.purertc.sdp.Codec;
import io.purertc.sdp.RtcpFeedback;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/**
 * Where the connection meets the loss-recovery parts of jitter-sync: which streams negotiated NACK and RTX, and
 * the per-stream state that asks for and answers retransmissions. All on the connection's event loop.
 */
// RFC 4585 §4.2 (nack feedback negotiated per payload type), RFC 4588 §8 (rtx with apt)
final class LossRecovery {

    private LossRecovery() {
    }

    /** Whether {@code payloadType} in these codecs has generic NACK feedback ({@code a=rtcp-fb:pt nack}). */
    static boolean nackNegotiated(List<Codec> codecs, int payloadType) {
        for (Codec codec : codecs) {
            if (codec.payloadType() == payloadType) {
                for (RtcpFeedback feedback : codec.feedback()) {
                    if (feedback.type().equals("nack") && feedback.parameter().isEmpty()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** How a receiver may ask the sender of these codecs for a key frame. */
    enum KeyFrameRequest {
        /** Picture Loss Indication, {@code a=rtcp-fb:pt nack pli} (RFC 4585 §6.3.1). */
        PLI,
        /** Full Intra Request, {@code a=rtcp-fb:pt ccm fir} (RFC 5104 §4.3.1), where PLI was not negotiated. */
        FIR,
        /** Neither was negotiated: the sender did not agree to take key-frame requests. */
        NONE
    }

    /** PLI where any codec negotiated it, as libwebrtc prefers; else FIR where one negotiated that; else none. */
    static KeyFrameRequest keyFrameRequest(List<Codec> codecs) {
        boolean fir = false;
        for (Codec codec : codecs) {
            for (RtcpFeedback feedback : codec.feedback()) {
                String parameter = feedback.parameter().orElse("");
                if (feedback.type().equals("nack") && parameter.equals("pli")) {
                    return KeyFrameRequest.PLI;
                }
                fir |= feedback.type().equals("ccm") && parameter.equals("fir");
            }
        }
        return fir ? KeyFrameRequest.FIR : KeyFrameRequest.NONE;
    }

    /** The original payload type an RTX payload type repairs, from its {@code apt} parameter. */
    static OptionalInt associatedPayloadType(List<Codec> codecs, int rtxPayloadType) {
        for (Codec codec : codecs) {
            if (codec.payloadType() == rtxPayloadType && codec.is("rtx")) {
                Optional<String> apt = codec.parameter("apt");
                if (apt.isPresent()) {
                    try {
                        return OptionalInt.of(Integer.parseInt(apt.get()));
                    } catch (NumberFormatException e) {
                        return OptionalInt.empty();
                    }
                }
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The send side of one stream with RTX: the packets it sent, kept to answer NACKs by RTX packets on its own
     * SSRC, sequence numbers and payload types.
     */
    static final class Retransmitter {
        private final long rtxSsrc;
        private final Map<Integer, Integer> rtxPayloadTypeByOriginal;
        private final PacketHistory history = new PacketHistory();
        private int nextRtxSequence;

        private Retransmitter(long rtxSsrc, Map<Integer, Integer> rtxPayloadTypeByOriginal, int firstSequence) {
            this.rtxSsrc = rtxSsrc;
            this.rtxPayloadTypeByOriginal = rtxPayloadTypeByOriginal;
            this.nextRtxSequence = firstSequence;
        }

        /** For a sender with an RTX SSRC whose negotiated codecs pair some payload type with rtx; else empty. */
        static Optional<Retransmitter> of(RtpSender sender, Random random) {
            if (sender.rtxSsrc().isEmpty()) {
                return Optional.empty();
            }
            List<Codec> codecs = sender.codecs();
            Map<Integer, Integer> rtxByOriginal = new HashMap<>();
            for (Codec codec : codecs) {
                OptionalInt original = associatedPayloadType(codecs, codec.payloadType());
                if (original.isPresent() && nackNegotiated(codecs, original.getAsInt())) {
                    rtxByOriginal.put(original.getAsInt(), codec.payloadType());
                }
            }
            return rtxByOriginal.isEmpty() ? Optional.empty()
                    : Optional.of(new Retransmitter(sender.rtxSsrc().getAsLong(), Map.copyOf(rtxByOriginal),
                            random.nextInt(0x10000)));
        }

        /** Keeps a packet just written (unprotected, before SRTP), if its payload type can be retransmitted. */
        void sent(byte[] packet, int length, long nowMicros) {
            RtpPacket parsed = parseOwn(packet, length);
            if (rtxPayloadTypeByOriginal.containsKey(parsed.payloadType())) {
                history.put(parsed, nowMicros);
            }
        }

        /** The RTX packets (unprotected) answering a NACK: those still kept and not resent within one RTT. */
        List<Retransmission> answer(GenericNack nack, long nowMicros, long rttMicros) {
            List<Retransmission> answers = new ArrayList<>();
            for (int sequenceNumber : nack.lostSequenceNumbers()) {
                Optional<byte[]> kept = history.forRetransmission(sequenceNumber, nowMicros, rttMicros);
                if (kept.isEmpty()) {
                    continue;
                }
                RtpPacket original = parseOwn(kept.get(), kept.get().length);
                byte[] rtx = Rtx.wrap(original, rtxSsrc, rtxPayloadTypeByOriginal.get(original.payloadType()),
                        nextRtxSequence);
                nextRtxSequence = (nextRtxSequence + 1) & 0xFFFF;
                answers.add(new Retransmission(rtx, original.payloadLength()));
            }
            return answers;
        }

        private static RtpPacket parseOwn(byte[] packet, int length) {
            try {
                return RtpPacket.parse(packet, 0, length);
            } catch (MalformedPacketException e) {
                throw new IllegalStateException("a packet we wrote does not parse", e);
            }
        }
    }

    /**
     * One RTX packet to send.
     *
     * @param packet the whole RTX packet, unprotected
     * @param payloadBytes the payload size of the original packet it carries, for the stats
     */
    record Retransmission(byte[] packet, int payloadBytes) {
    }

    /**
     * The receive side of one stream with NACK: missing sequence numbers asked for again until they come (or
     * are given up), and a key frame asked for, at a bounded rate, when repair is out of reach.
     */
    static final class Requester {
        private final NackGenerator generator = new NackGenerator();
        private final KeyFrameRequestLimiter keyFrames = new KeyFrameRequestLimiter();

        void onPacket(int sequenceNumber, boolean recovered, long nowMicros) {
            generator.onPacket(sequenceNumber, false, recovered, nowMicros);
        }

        NackBatch due(long nowMicros, long rttMicros) {
            return generator.due(nowMicros, rttMicros);
        }

        boolean mayRequestKeyFrame(long nowMicros, long rttMicros) {
            return keyFrames.tryRequest(nowMicros, rttMicros);
        }
    }
}
