package io.purertc.rtcp;

import io.purertc.rtp.MalformedPacketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request that each named sender send a decoder refresh point (an intra frame) now.
 *
 * @param senderSsrc who asks
 * @param entries the media senders asked, each with its own request number; at least one
 */
// RFC 5104 §4.3.1
public record FullIntraRequest(long senderSsrc, List<Entry> entries) implements RtcpPacket {

    static final int FMT = 4;
    private static final int ENTRY_LENGTH = 8;

    /**
     * One request.
     *
     * @param ssrc the media sender asked for an intra frame
     * @param sequenceNumber the request's command sequence number, 0 to 255; a repeat of a request keeps it
     */
    public record Entry(long ssrc, int sequenceNumber) {

        public Entry {
            Fields.u32("SSRC", ssrc);
            Fields.range("FIR sequence number", sequenceNumber, 0, 255);
        }
    }

    public FullIntraRequest {
        Fields.u32("sender SSRC", senderSsrc);
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a FIR names at least one media sender");
        }
        Fields.fits("FIR", length(entries.size()));
    }

    static FullIntraRequest parse(RtcpInput in, int start, int end) throws MalformedPacketException {
        int fci = start + Wire.FEEDBACK_HEADER_LENGTH;
        if (fci == end || (end - fci) % ENTRY_LENGTH != 0) {
            throw in.malformed(fci, "FIR FCI is not one or more 8-byte entries");
        }
        List<Entry> entries = new ArrayList<>((end - fci) / ENTRY_LENGTH);
        for (int pos = fci; pos < end; pos += ENTRY_LENGTH) {
            entries.add(new Entry(in.u32(pos), in.u8(pos + 4)));
        }
        return new FullIntraRequest(in.u32(start + 4), entries);
    }

    @Override
    public int wireLength() {
        return length(entries.size());
    }

    private static int length(int entries) {
        return Wire.FEEDBACK_HEADER_LENGTH + ENTRY_LENGTH * entries;
    }

    @Override
    public int writeTo(byte[] dst, int off) {
        int length = wireLength();
        Objects.checkFromIndexSize(off, length, dst.length);
        // RFC 5104 §4.3.1.1: the media source field is unused and set to 0
        int pos = Wire.feedbackHeader(dst, off, FMT, Wire.PSFB, length, senderSsrc, 0);
        for (Entry entry : entries) {
            Wire.put32(dst, pos, entry.ssrc);
            Wire.put32(dst, pos + 4, (long) entry.sequenceNumber << 24);
            pos += ENTRY_LENGTH;
        }
        return length;
    }
}
