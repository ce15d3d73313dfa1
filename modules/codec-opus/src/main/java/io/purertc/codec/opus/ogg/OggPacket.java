package io.purertc.codec.opus.ogg;

/**
 * One packet of a logical Ogg bitstream, with the granule position of the page it ended on
 * (-1 unless it was the last packet to end on that page).
 */
public record OggPacket(byte[] data, long granulePosition) {
}
