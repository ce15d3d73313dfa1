package io.purertc.codec.vp8;

import java.util.Arrays;
import java.util.Optional;

import io.purertc.media.CodecException;
import io.purertc.media.Depacketizer;
import io.purertc.media.EncodedFrame;

/**
 * Reassembles VP8 frames from RTP payloads handed over in sequence-number order. A frame starts at a
 * payload with S=1 and PID=0, whose payload header says whether it is a key frame, and ends at the
 * packet with the marker bit. A sequence-number gap, a timestamp change inside a frame, or packets
 * whose start was never seen discard what they belong to; {@link #framesDiscarded()} counts it, so that
 * whoever feeds this depacketizer can tell a frame was lost and ask for a key frame
 * ({@link #lossSinceKeyFrame()}).
 */
// RFC 7741 §4.1 (marker bit, timestamp), §4.2 (S and PID), §4.3 (P bit), §4.5 (frame reconstruction)
public final class Vp8Depacketizer implements Depacketizer {

    /** The largest frame assembled; a sender claiming more is refused rather than allowed to grow memory. */
    public static final int MAX_FRAME_SIZE = 4 << 20;

    private static final String CODEC = "VP8";
    private static final int INITIAL_CAPACITY = 4096;

    private byte[] frame = new byte[INITIAL_CAPACITY];
    private int frameLength;
    /** Whether {@link #frame} holds the start of a frame that is still being assembled. */
    private boolean assembling;
    private long frameTimestamp;
    private boolean frameKey;
    /** The sequence number the next packet should carry, or -1 before the first packet. */
    private int nextSequenceNumber = -1;
    /** Whether the packets now arriving belong to a frame already counted as discarded. */
    private boolean discarding;
    private long discardingTimestamp;

    private long framesAssembled;
    private long framesDiscarded;
    private boolean lossSinceKeyFrame;

    @Override
    public Optional<EncodedFrame> push(byte[] payload, int offset, int length, int sequenceNumber, long rtpTimestamp,
            boolean marker) throws CodecException {
        Vp8PayloadDescriptor descriptor = Vp8PayloadDescriptor.parse(payload, offset, length);
        int dataOffset = offset + descriptor.size();
        int dataLength = length - descriptor.size();
        if (dataLength < 1) {
            throw new CodecException(CODEC, "no VP8 data after the " + descriptor.size()
                    + "-octet payload descriptor at byte " + descriptor.size() + " (RFC 7741 §4.1)");
        }
        boolean inOrder = nextSequenceNumber < 0 || sequenceNumber == nextSequenceNumber;
        nextSequenceNumber = (sequenceNumber + 1) & 0xFFFF;
        if (descriptor.startsFrame()) {
            if (assembling || !inOrder) {
                // The previous frame's last packet (or a whole frame) never came.
                discard();
            }
            Vp8PayloadHeader header;
            try {
                header = Vp8PayloadHeader.parse(payload, dataOffset, dataLength);
            } catch (CodecException e) {
                countLoss();
                startDiscarding(rtpTimestamp);
                throw e;
            }
            discarding = false;
            assembling = true;
            frameTimestamp = rtpTimestamp;
            frameKey = header.keyFrame();
            frameLength = 0;
        } else if (!assembling || !inOrder || rtpTimestamp != frameTimestamp) {
            if (assembling) {
                discard();
                startDiscarding(frameTimestamp);
            }
            if (!discarding || rtpTimestamp != discardingTimestamp) {
                // A frame whose start was lost.
                countLoss();
                startDiscarding(rtpTimestamp);
            }
            return Optional.empty();
        }
        append(payload, dataOffset, dataLength);
        if (!marker) {
            return Optional.empty();
        }
        assembling = false;
        framesAssembled++;
        if (frameKey) {
            lossSinceKeyFrame = false;
        }
        return Optional.of(new EncodedFrame(CODEC, Arrays.copyOf(frame, frameLength), frameTimestamp, frameKey));
    }

    private void append(byte[] payload, int offset, int length) throws CodecException {
        if (frameLength + length > MAX_FRAME_SIZE) {
            discard();
            startDiscarding(frameTimestamp);
            throw new CodecException(CODEC, "frame at timestamp " + frameTimestamp + " exceeds "
                    + MAX_FRAME_SIZE + " octets; discarded");
        }
        if (frameLength + length > frame.length) {
            frame = Arrays.copyOf(frame, Math.min(MAX_FRAME_SIZE, Math.max(frame.length * 2, frameLength + length)));
        }
        System.arraycopy(payload, offset, frame, frameLength, length);
        frameLength += length;
    }

    private void discard() {
        assembling = false;
        frameLength = 0;
        countLoss();
    }

    private void countLoss() {
        framesDiscarded++;
        lossSinceKeyFrame = true;
    }

    private void startDiscarding(long rtpTimestamp) {
        discarding = true;
        discardingTimestamp = rtpTimestamp;
    }

    /** Frames completed and returned. */
    public long framesAssembled() {
        return framesAssembled;
    }

    /**
     * Frames given up: incomplete ones, ones whose start was lost, and losses between frames (a gap in
     * sequence numbers before a frame's first packet, which may have been a whole frame).
     */
    public long framesDiscarded() {
        return framesDiscarded;
    }

    /**
     * Whether a frame has been discarded since the last key frame was assembled: later delta frames may
     * refer to what was lost, so the receiver should ask the sender for a key frame (RFC 4585 §6.3.1 PLI).
     */
    public boolean lossSinceKeyFrame() {
        return lossSinceKeyFrame;
    }
}
