package io.purertc.codec.opus;

/**
 * G.711 companding at 8 kHz mono: PCMU (µ-law) and PCMA (A-law), the fallback audio codecs that
 * browsers and SIP gateways offer. Decoding goes through 256-entry tables built at class load from
 * the segment formulas of ITU-T G.711; encoding applies the formulas directly.
 */
// RFC 3551 §4.5.14 (PCMA/PCMU payload, one byte per sample), ITU-T G.711 (segment laws)
public enum G711 {

    /** µ-law, RTP payload type 0. */
    PCMU,
    /** A-law, RTP payload type 8. */
    PCMA;

    /** G.711 runs at 8 kHz, with an 8 kHz RTP clock (RFC 3551 §4.5.14). */
    public static final int SAMPLE_RATE = 8000;

    private static final int MU_BIAS = 0x84;
    private static final int MU_CLIP = 8159;
    private static final short[] MU_TO_LINEAR = new short[256];
    private static final short[] A_TO_LINEAR = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            MU_TO_LINEAR[i] = muToLinear(i);
            A_TO_LINEAR[i] = aToLinear(i);
        }
    }

    private static short muToLinear(int code) {
        int u = ~code & 0xFF;
        int t = (((u & 0x0F) << 3) + MU_BIAS) << ((u & 0x70) >> 4);
        return (short) ((u & 0x80) != 0 ? MU_BIAS - t : t - MU_BIAS);
    }

    private static short aToLinear(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        if (segment == 0) {
            t += 8;
        } else {
            t = (t + 0x108) << (segment - 1);
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }

    // G.711 segments double in size: segment s ends at (firstEnd << s) - 1; 8 means beyond the last (clipped).
    private static int segment(int magnitude, int firstEnd) {
        for (int s = 0; s < 8; s++) {
            if (magnitude <= (firstEnd << s) - 1) {
                return s;
            }
        }
        return 8;
    }

    /** The code for one 16-bit linear sample. */
    public byte encode(short sample) {
        return this == PCMU ? linearToMu(sample) : linearToA(sample);
    }

    /** The 16-bit linear sample a code stands for. */
    public short decode(byte code) {
        return (this == PCMU ? MU_TO_LINEAR : A_TO_LINEAR)[code & 0xFF];
    }

    /** Encodes {@code count} samples from {@code pcm[offset..]} into {@code out[outOffset..]}, a byte each. */
    public void encode(short[] pcm, int offset, int count, byte[] out, int outOffset) {
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = encode(pcm[offset + i]);
        }
    }

    /**
     * Decodes {@code count} codes. Every byte is a valid code, so no payload is malformed: the
     * payload's length is its duration (RFC 3551 §4.5.14).
     */
    public void decode(byte[] payload, int offset, int count, short[] out, int outOffset) {
        short[] table = this == PCMU ? MU_TO_LINEAR : A_TO_LINEAR;
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = table[payload[offset + i] & 0xFF];
        }
    }

    private static byte linearToMu(short sample) {
        int pcm = sample >> 2;
        int mask;
        if (pcm < 0) {
            pcm = -pcm;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        pcm = Math.min(pcm, MU_CLIP) + (MU_BIAS >> 2);
        int segment = segment(pcm, 0x40);
        if (segment >= 8) {
            return (byte) (0x7F ^ mask);
        }
        return (byte) (((segment << 4) | ((pcm >> (segment + 1)) & 0x0F)) ^ mask);
    }

    private static byte linearToA(short sample) {
        int pcm = sample >> 3;
        int mask;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        int segment = segment(pcm, 0x20);
        if (segment >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int value = segment << 4;
        value |= segment < 2 ? (pcm >> 1) & 0x0F : (pcm >> segment) & 0x0F;
        return (byte) (value ^ mask);
    }
}
