package io.purertc.server;

import io.purertc.media.AudioDecoder;
import io.purertc.media.AudioFrame;
import io.purertc.media.CodecException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one received audio stream in arrival order and fills what is missing: when a payload arrives after a gap
 * in the sequence numbers, the frame just before it is rebuilt from that payload's in-band FEC and any earlier
 * missing audio is concealed (RFC 6716 §2.1.7, §4.4), so the decoded audio keeps the stream's timeline. A payload
 * the decoder refuses is concealed in its place.
 *
 * <p>This is not a jitter buffer (that waits for late packets and adapts its delay): a packet older than the
 * next expected one arrives too late for audio already played on, and is dropped.
 *
 * <p>Threads: one thread at a time, as the decoder it wraps.
 */
// RFC 3550 §A.1 (sequence numbers compared modulo 2^16), RFC 3551 §4.1 (timestamps advance over unsent frames)
final class ConcealingDecoder {

    /** Past this many lost packets in a row the sender has more likely restarted than lost them. */
    static final int MAX_LOST_PACKETS = 10;
    /** Concealment beyond this only fades to silence; a longer gap restarts the timeline instead. */
    static final int MAX_CONCEALED_MILLIS = 200;

    private final AudioDecoder decoder;
    private final int clockRate;
    private int expectedSequence = -1;
    private long expectedTimestamp;
    private int lastFrameSamples;

    private long lostPackets;
    private long latePackets;
    private long refusedPayloads;
    private long concealedSamples;
    private long restarts;

    /**
     * @param clockRate the stream's RTP clock rate, which the gap in timestamps is measured on
     */
    ConcealingDecoder(AudioDecoder decoder, int clockRate) {
        this.decoder = decoder;
        this.clockRate = clockRate;
    }

    /**
     * Takes the next payload as it arrived.
     *
     * @return the audio to play before and including this payload's, in order; empty for a late packet
     */
    List<AudioFrame> decode(int sequenceNumber, long timestamp, byte[] payload, int offset, int length) {
        List<AudioFrame> frames = new ArrayList<>(2);
        if (expectedSequence >= 0) {
            int ahead = (sequenceNumber - expectedSequence) & 0xFFFF;
            if (ahead >= 0x8000) {
                latePackets++;
                return frames;
            }
            if (ahead > 0) {
                fillGap(ahead, (timestamp - expectedTimestamp) & 0xFFFF_FFFFL, payload, offset, length, frames);
            }
        }
        AudioFrame decoded;
        try {
            decoded = decoder.decode(payload, offset, length);
        } catch (CodecException e) {
            refusedPayloads++;
            decoded = conceal(lastFrameSamples > 0 ? lastFrameSamples : decoder.sampleRate() / 50);
        }
        frames.add(decoded);
        lastFrameSamples = decoded.samplesPerChannel();
        expectedSequence = (sequenceNumber + 1) & 0xFFFF;
        expectedTimestamp = (timestamp + (long) lastFrameSamples * clockRate / decoder.sampleRate()) & 0xFFFF_FFFFL;
        return frames;
    }

    private void fillGap(int lost, long gapTicks, byte[] next, int offset, int length, List<AudioFrame> frames) {
        long gapSamples = gapTicks * decoder.sampleRate() / clockRate;
        if (lost > MAX_LOST_PACKETS || gapSamples <= 0
                || gapSamples > (long) MAX_CONCEALED_MILLIS * decoder.sampleRate() / 1000) {
            restarts++;
            return;
        }
        lostPackets += lost;
        int fecSamples = (int) Math.min(gapSamples, lastFrameSamples);
        for (long remaining = gapSamples - fecSamples; remaining > 0; ) {
            int chunk = (int) Math.min(remaining, lastFrameSamples);
            frames.add(conceal(chunk));
            remaining -= chunk;
        }
        AudioFrame rebuilt;
        try {
            rebuilt = decoder.decodeFec(next, offset, length, fecSamples);
            concealedSamples += rebuilt.samplesPerChannel();
        } catch (CodecException e) {
            rebuilt = conceal(fecSamples);
        }
        frames.add(rebuilt);
    }

    private AudioFrame conceal(int samples) {
        AudioFrame concealed = decoder.conceal(samples);
        concealedSamples += concealed.samplesPerChannel();
        return concealed;
    }

    long lostPackets() {
        return lostPackets;
    }

    long latePackets() {
        return latePackets;
    }

    long refusedPayloads() {
        return refusedPayloads;
    }

    /** Samples per channel made up by concealment or FEC. */
    long concealedSamples() {
        return concealedSamples;
    }

    /** Gaps too long to conceal, after which the timeline started again. */
    long restarts() {
        return restarts;
    }
}
