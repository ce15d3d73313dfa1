package io.purertc.rtcp;

import io.purertc.rtp.MalformedPacketException;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A receiver's list of RTP packets it has not received and asks to have retransmitted.
 *
 * <p>On the wire each FCI entry names a packet ID (PID) and a bitmask of the 16 packets after
 * it (BLP). Writing packs the set into the fewest entries. Sequence numbers wrap, so the set is
 * treated as points on a circle of 65536: 65535 and 0 are neighbours and share an entry.
 *
 * @param senderSsrc who asks
 * @param mediaSsrc the stream whose packets are missing
 * @param lostSequenceNumbers the missing RTP sequence numbers, 0 to 65535, at least one
 */
// RFC 4585 §6.2.1
public record GenericNack(long senderSsrc, long mediaSsrc, SortedSet<Integer> lostSequenceNumbers)
        implements RtcpPacket {

    static final int FMT = 1;
    private static final int SEQ_MOD = 1 << 16;
    /** A PID and its bitmask cover the PID and the 16 sequence numbers after it. */
    private static final int SPAN = 17;

    public GenericNack {
        Fields.u32("sender SSRC", senderSsrc);
        Fields.u32("media SSRC", mediaSsrc);
        TreeSet<Integer> copy = new TreeSet<>(lostSequenceNumbers);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a NACK names at least one lost packet");
        }
        Fields.range("lost sequence number", copy.first(), 0, SEQ_MOD - 1);
        Fields.range("lost sequence number", copy.last(), 0, SEQ_MOD - 1);
        lostSequenceNumbers = Collections.unmodifiableSortedSet(copy);
    }

    /** A NACK for the given sequence numbers, in any order. */
    public static GenericNack of(long senderSsrc, long mediaSsrc, Collection<Integer> lostSequenceNumbers) {
        return new GenericNack(senderSsrc, mediaSsrc, new TreeSet<>(lostSequenceNumbers));
    }

    static GenericNack parse(RtcpInput in, int start, int end) throws MalformedPacketException {
        int fci = start + Wire.FEEDBACK_HEADER_LENGTH;
        if (fci == end || (end - fci) % 4 != 0) {
            throw in.malformed(fci, "NACK FCI is not one or more 4-byte entries");
        }
        TreeSet<Integer> lost = new TreeSet<>();
        for (int pos = fci; pos < end; pos += 4) {
            expand(in.u16(pos), in.u16(pos + 2), lost);
        }
        return new GenericNack(in.u32(start + 4), in.u32(start + 8), lost);
    }

    /** Adds the sequence numbers one FCI entry names. */
    static void expand(int pid, int blp, Collection<Integer> into) {
        into.add(pid);
        for (int bit = 0; bit < SPAN - 1; bit++) {
            if ((blp & (1 << bit)) != 0) {
                into.add((pid + bit + 1) & (SEQ_MOD - 1));
            }
        }
    }

    /**
     * The fewest FCI entries ({@code PID << 16 | BLP}) naming exactly {@code lost}.
     *
     * <p>Covering points on a circle with the fewest arcs of 17: some optimal cover has an arc
     * starting at one of the (at most 17) points within 16 before a chosen point p, and from a
     * fixed first arc, covering greedily around the circle is optimal. So try those starts and
     * keep the best. p is the point after the widest gap, the oldest loss for any set narrower
     * than the circle: with a gap wider than 16 it is the only start, and entries come out in
     * sending order.
     */
    static int[] compact(SortedSet<Integer> lost) {
        int[] points = lost.stream().mapToInt(Integer::intValue).toArray();
        int n = points.length;
        int oldest = 0;
        int widestGap = 0;
        for (int i = 0; i < n; i++) {
            int gap = distance(points[(i + n - 1) % n], points[i]);
            if (gap > widestGap) {
                widestGap = gap;
                oldest = i;
            }
        }
        int bestStart = oldest;
        int bestCount = coverFrom(points, oldest, null);
        for (int back = 1; back < n && distance(points[(oldest - back + n) % n], points[oldest]) < SPAN; back++) {
            int start = (oldest - back + n) % n;
            int count = coverFrom(points, start, null);
            if (count < bestCount) {
                bestCount = count;
                bestStart = start;
            }
        }
        int[] entries = new int[bestCount];
        coverFrom(points, bestStart, entries);
        return entries;
    }

    /** Greedy cover of all points from index {@code start} around; fills {@code entries} if given. */
    private static int coverFrom(int[] points, int start, int[] entries) {
        int n = points.length;
        int count = 0;
        int i = 0;
        while (i < n) {
            int pid = points[(start + i) % n];
            int blp = 0;
            i++;
            while (i < n) {
                int d = distance(pid, points[(start + i) % n]);
                if (d >= SPAN) {
                    break;
                }
                blp |= 1 << (d - 1);
                i++;
            }
            if (entries != null) {
                entries[count] = pid << 16 | blp;
            }
            count++;
        }
        return count;
    }

    /** How far {@code to} lies after {@code from}, going forward around the sequence circle. */
    private static int distance(int from, int to) {
        return (to - from) & (SEQ_MOD - 1);
    }

    @Override
    public int wireLength() {
        return Wire.FEEDBACK_HEADER_LENGTH + 4 * compact(lostSequenceNumbers).length;
    }

    @Override
    public int writeTo(byte[] dst, int off) {
        int[] entries = compact(lostSequenceNumbers);
        int length = Wire.FEEDBACK_HEADER_LENGTH + 4 * entries.length;
        Objects.checkFromIndexSize(off, length, dst.length);
        int pos = Wire.feedbackHeader(dst, off, FMT, Wire.RTPFB, length, senderSsrc, mediaSsrc);
        for (int entry : entries) {
            Wire.put32(dst, pos, entry & 0xFFFF_FFFFL);
            pos += 4;
        }
        return length;
    }
}
