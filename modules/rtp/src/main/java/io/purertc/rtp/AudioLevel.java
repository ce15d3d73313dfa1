package io.purertc.rtp;

/**
 * The level of the audio in a packet, as a sender measured it, so a mixer or SFU can pick the
 * loudest speakers without decoding.
 *
 * @param voiceActivity the V flag: the sender's voice activity detector heard speech
 * @param level 0..127, the level in -dBov (0 loudest, 127 silence or quieter)
 */
// RFC 6464 §3
public record AudioLevel(boolean voiceActivity, int level) {

    public static final String URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public static final int LENGTH = 1;

    private static final int VOICE_ACTIVITY_BIT = 0x80;
    private static final int MAX_LEVEL = 127;

    public AudioLevel {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("audio level must be 0..127 -dBov, got " + level);
        }
    }

    /** @throws MalformedPacketException unless {@code length} is 1 */
    public static AudioLevel read(byte[] buf, int offset, int length) throws MalformedPacketException {
        ExtensionLength.require(offset, length, LENGTH, "ssrc-audio-level");
        int b = buf[offset];
        return new AudioLevel((b & VOICE_ACTIVITY_BIT) != 0, b & MAX_LEVEL);
    }

    public byte[] toBytes() {
        return new byte[] {(byte) ((voiceActivity ? VOICE_ACTIVITY_BIT : 0) | level)};
    }
}
