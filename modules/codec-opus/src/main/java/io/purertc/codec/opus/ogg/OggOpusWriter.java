package io.purertc.codec.opus.ogg;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import io.purertc.codec.opus.OpusPacket;
import io.purertc.rtp.MalformedPacketException;

/**
 * Writes an Ogg Opus file (.opus): OpusHead and OpusTags on pages of their own, then one audio
 * packet per page with the granule position counting 48 kHz samples including the pre-skip; the
 * last page's granule position trims the encoder's padding off the end.
 */
// RFC 7845 §3 (packet organisation), §4 (granule position, pre-skip, end trimming), §5.2 (comment header)
public final class OggOpusWriter {

    private final OggPageWriter pages;
    private final int preSkip;
    private byte[] held;
    private long granule;

    public OggOpusWriter(OutputStream out, int serial, OpusHead head, String vendor) throws IOException {
        pages = new OggPageWriter(out, serial);
        preSkip = head.preSkip();
        pages.writePacket(head.toBytes(), 0, false);
        pages.writePacket(tags(vendor), 0, false);
    }

    private static byte[] tags(String vendor) {
        byte[] name = vendor.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[8 + 4 + name.length + 4];
        System.arraycopy("OpusTags".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 8);
        out[8] = (byte) name.length;
        out[9] = (byte) (name.length >> 8);
        out[10] = (byte) (name.length >> 16);
        out[11] = (byte) (name.length >> 24);
        System.arraycopy(name, 0, out, 12, name.length);
        return out;
    }

    /** Adds one Opus packet; it is written once the next one (or {@link #finish}) says whether it is the last. */
    public void write(byte[] packet) throws IOException {
        int samples;
        try {
            samples = OpusPacket.parse(packet, 0, packet.length).durationSamples();
        } catch (MalformedPacketException e) {
            throw new IllegalArgumentException("not an Opus packet: " + e.getMessage(), e);
        }
        if (held != null) {
            pages.writePacket(held, granule, false);
        }
        held = packet;
        granule += samples;
    }

    /**
     * Writes the last packet on the end-of-stream page, trimming the output to {@code inputSamples}
     * samples per channel after the pre-skip. The packets written must cover pre-skip plus input:
     * the encoder's lookahead holds back its last input, so feed it silence until that is out.
     */
    public void finish(long inputSamples) throws IOException {
        if (held == null) {
            throw new IllegalStateException("an Ogg Opus stream holds at least one audio packet");
        }
        pages.writePacket(held, Math.min(granule, preSkip + inputSamples), true);
        held = null;
    }
}
