package io.purertc.jitter;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

import io.purertc.media.CodecException;
import io.purertc.media.Depacketizer;
import io.purertc.media.EncodedFrame;

/**
 * A depacketizer for a payload format made up for tests, held to {@link Depacketizer}'s contract the way
 * the VP8 one is: the first payload byte says whether the packet starts a frame (bit 0) and whether that
 * frame is a key frame (bit 1); the rest is frame data. A frame starts at a start packet and ends at the
 * marker; a sequence-number gap or timestamp change inside a frame, or packets without their start,
 * discard what they belong to. Counts what it assembles and discards so tests can see what it was fed.
 */
final class StartBitDepacketizer implements Depacketizer {

    static final String CODEC = "TEST";
    static final int START = 1;
    static final int KEY = 2;

    private final ByteArrayOutputStream frame = new ByteArrayOutputStream();
    private boolean assembling;
    private boolean key;
    private long frameTimestamp;
    private int nextSequenceNumber = -1;
    int framesDiscarded;

    @Override
    public Optional<EncodedFrame> push(byte[] payload, int offset, int length, int sequenceNumber, long rtpTimestamp,
            boolean marker) throws CodecException {
        if (length < 1) {
            throw new CodecException(CODEC, "no header byte");
        }
        boolean inOrder = nextSequenceNumber < 0 || sequenceNumber == nextSequenceNumber;
        nextSequenceNumber = (sequenceNumber + 1) & 0xFFFF;
        int header = payload[offset];
        if ((header & START) != 0) {
            if (assembling) {
                framesDiscarded++;
            }
            assembling = true;
            key = (header & KEY) != 0;
            frameTimestamp = rtpTimestamp;
            frame.reset();
        } else if (!assembling || !inOrder || rtpTimestamp != frameTimestamp) {
            if (assembling) {
                framesDiscarded++;
            }
            assembling = false;
            return Optional.empty();
        }
        frame.write(payload, offset + 1, length - 1);
        if (!marker) {
            return Optional.empty();
        }
        assembling = false;
        return Optional.of(new EncodedFrame(CODEC, frame.toByteArray(), frameTimestamp, key));
    }
}
