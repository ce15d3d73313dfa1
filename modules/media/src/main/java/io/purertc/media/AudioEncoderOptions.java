package io.purertc.media;

/**
 * Run-time settings of an audio encoder. A codec applies those it has and ignores the rest (G.711
 * has no bitrate); values outside a codec's range are clamped by it.
 *
 * @param bitrate target bits per second
 * @param complexity 0 (cheapest) to 10 (best quality per bit)
 * @param variableBitrate whether the bitrate may vary with the signal (VBR) or stays constant (CBR)
 * @param inbandFec whether each packet also carries a coarse copy of the previous frame, so a
 *     lost packet can be rebuilt from the next one (RFC 6716 §2.1.7, fmtp {@code useinbandfec})
 * @param expectedLossPercent the packet loss the FEC is tuned for, 0 to 100
 * @param dtx discontinuous transmission: send (almost) nothing during silence (fmtp {@code usedtx})
 */
public record AudioEncoderOptions(
        int bitrate,
        int complexity,
        boolean variableBitrate,
        boolean inbandFec,
        int expectedLossPercent,
        boolean dtx) {

    /** 32 kb/s, complexity 9, VBR, FEC off, DTX off. */
    public static final AudioEncoderOptions DEFAULT = new AudioEncoderOptions(32_000, 9, true, false, 0, false);

    public AudioEncoderOptions {
        if (bitrate <= 0) {
            throw new IllegalArgumentException("bitrate must be positive: " + bitrate);
        }
        if (complexity < 0 || complexity > 10) {
            throw new IllegalArgumentException("complexity must be 0..10: " + complexity);
        }
        if (expectedLossPercent < 0 || expectedLossPercent > 100) {
            throw new IllegalArgumentException("expected loss must be 0..100 %: " + expectedLossPercent);
        }
    }

    public AudioEncoderOptions withBitrate(int newBitrate) {
        return new AudioEncoderOptions(newBitrate, complexity, variableBitrate, inbandFec, expectedLossPercent, dtx);
    }

    public AudioEncoderOptions withComplexity(int newComplexity) {
        return new AudioEncoderOptions(bitrate, newComplexity, variableBitrate, inbandFec, expectedLossPercent, dtx);
    }

    public AudioEncoderOptions withVariableBitrate(boolean vbr) {
        return new AudioEncoderOptions(bitrate, complexity, vbr, inbandFec, expectedLossPercent, dtx);
    }

    public AudioEncoderOptions withInbandFec(boolean fec, int lossPercent) {
        return new AudioEncoderOptions(bitrate, complexity, variableBitrate, fec, lossPercent, dtx);
    }

    public AudioEncoderOptions withDtx(boolean newDtx) {
        return new AudioEncoderOptions(bitrate, complexity, variableBitrate, inbandFec, expectedLossPercent, newDtx);
    }
}
