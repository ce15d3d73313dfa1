package io.purertc.codec.opus;

import io.github.jaredmdobson.concentus.OpusException;
import io.purertc.media.CodecException;
import io.purertc.rtp.MalformedPacketException;

/**
 * Decodes Opus packets to 48 kHz PCM through Concentus; conceals lost packets (PLC) and rebuilds
 * them from the in-band FEC of the packet that follows. Each payload is checked by
 * {@link OpusPacket} first, and whatever Concentus throws is caught here: a hostile payload yields
 * {@link CodecException}, never anything else, and the decoder stays usable. One thread at a time.
 */
// RFC 6716 §4.4 (packet loss concealment), §2.1.7 (in-band FEC), RFC 7587 §4.2 (payload is one Opus packet)
public final class OpusDecoder {

    private final io.github.jaredmdobson.concentus.OpusDecoder decoder;
    private final int channels;

    /** @param channels 1 or 2: what we output, whatever the sender coded (RFC 7587 §3.4) */
    public OpusDecoder(int channels) {
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("channels must be 1 or 2: " + channels);
        }
        try {
            decoder = new io.github.jaredmdobson.concentus.OpusDecoder(OpusEncoder.SAMPLE_RATE, channels);
        } catch (OpusException e) {
            throw new IllegalStateException("Concentus refused a valid configuration", e);
        }
        this.channels = channels;
    }

    public int channels() {
        return channels;
    }

    /**
     * Decodes one packet into {@code out[outOffset..]}, interleaved.
     *
     * @return samples per channel written (the packet's duration)
     */
    public int decode(byte[] packet, int offset, int length, short[] out, int outOffset) throws CodecException {
        int samples = check(packet, offset, length, out, outOffset);
        return run(packet, offset, length, out, outOffset, samples, false);
    }

    /**
     * Rebuilds the lost frame before {@code next} from the FEC data {@code next} carries, or conceals
     * it when there is none; call it before decoding {@code next} itself.
     *
     * @param samples samples per channel the lost packet covered, a multiple of 2.5 ms up to 120 ms
     */
    public int decodeFec(byte[] next, int offset, int length, short[] out, int outOffset, int samples)
            throws CodecException {
        checkConcealment(samples, out, outOffset);
        check(next, offset, length, out, outOffset);
        return run(next, offset, length, out, outOffset, samples, true);
    }

    /**
     * Conceals a missing packet of {@code samples} samples per channel (a multiple of 2.5 ms up to
     * 120 ms), continuing the signal and fading out over repeated losses. Never fails: should
     * Concentus fail, the gap is silence.
     */
    public int conceal(short[] out, int outOffset, int samples) {
        checkConcealment(samples, out, outOffset);
        try {
            return run(null, 0, 0, out, outOffset, samples, false);
        } catch (CodecException e) {
            java.util.Arrays.fill(out, outOffset, outOffset + samples * channels, (short) 0);
            return samples;
        }
    }

    private void checkConcealment(int samples, short[] out, int outOffset) {
        if (samples <= 0 || samples > OpusPacket.MAX_DURATION_SAMPLES || samples % 120 != 0) {
            throw new IllegalArgumentException("conceal a multiple of 2.5 ms up to 120 ms: " + samples);
        }
        if (outOffset < 0 || out.length - outOffset < samples * channels) {
            throw new IllegalArgumentException("output too short for " + samples + " samples");
        }
    }

    private int check(byte[] packet, int offset, int length, short[] out, int outOffset) throws CodecException {
        OpusPacket parsed;
        try {
            parsed = OpusPacket.parse(packet, offset, length);
        } catch (MalformedPacketException e) {
            throw new CodecException("opus", e.getMessage(), e);
        }
        int samples = parsed.durationSamples();
        if (outOffset < 0 || out.length - outOffset < samples * channels) {
            throw new IllegalArgumentException("output too short for " + samples + " samples");
        }
        return samples;
    }

    private int run(byte[] packet, int offset, int length, short[] out, int outOffset, int samples, boolean fec)
            throws CodecException {
        try {
            return decoder.decode(packet, offset, length, out, outOffset, samples, fec);
        } catch (OpusException | RuntimeException | AssertionError e) {
            // Concentus is a port of C: bad bits surface as any RuntimeException, or, with -ea, as the
            // AssertionError of its translated celt_assert; either may leave its state half-updated, so
            // the next packet starts from a clean decoder.
            decoder.resetState();
            throw new CodecException("opus", "payload not decodable: " + e, e);
        }
    }
}
