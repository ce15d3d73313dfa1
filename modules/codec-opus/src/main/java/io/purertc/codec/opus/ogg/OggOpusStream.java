package io.purertc.codec.opus.ogg;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.purertc.rtp.MalformedPacketException;

/**
 * The content of an Ogg Opus file: its header, its audio packets in order and the granule position
 * of the last page, from which the playable length follows.
 */
// RFC 7845 §3 (two header packets, then audio), §4 (granule position)
public record OggOpusStream(OpusHead head, List<byte[]> packets, long lastGranulePosition) {

    private static final byte[] TAGS_MAGIC = "OpusTags".getBytes(StandardCharsets.US_ASCII);

    public OggOpusStream {
        packets = List.copyOf(packets);
    }

    /** Reads a whole .opus file. */
    public static OggOpusStream read(byte[] file) throws MalformedPacketException {
        List<OggPacket> packets = OggPageReader.read(file);
        if (packets.size() < 2) {
            throw new MalformedPacketException("Ogg Opus", file.length, "a stream starts with OpusHead and OpusTags");
        }
        OpusHead head = OpusHead.parse(packets.get(0).data());
        if (!OpusHead.startsWith(packets.get(1).data(), TAGS_MAGIC)) {
            throw new MalformedPacketException("Ogg Opus", 0, "the second packet is OpusTags");
        }
        List<byte[]> audio = packets.subList(2, packets.size()).stream().map(OggPacket::data).toList();
        long last = packets.get(packets.size() - 1).granulePosition();
        return new OggOpusStream(head, audio, last);
    }

    /** Samples per channel to play once the pre-skip is dropped and the end trimmed (RFC 7845 §4.5). */
    public long playableSamples() {
        return Math.max(0, lastGranulePosition - head.preSkip());
    }
}
