package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.purertc.media.CodecException;
import io.purertc.media.EncodedFrame;
import io.purertc.media.RtpPayload;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Vp8Packetizer and Vp8Depacketizer, alone and together. */
class Vp8RtpTest {

    /** A frame that starts with a real payload header (key or inter) followed by random bytes. */
    static EncodedFrame frame(Random random, int size, long timestamp, boolean key) {
        byte[] data = new byte[Math.max(size, Vp8PayloadHeader.SIZE)];
        random.nextBytes(data);
        new Vp8PayloadHeader(key, 0, true, random.nextInt(1 << 19)).write(data, 0);
        return new EncodedFrame("VP8", data, timestamp, key);
    }

    /** Feeds payloads with consecutive sequence numbers from {@code firstSeq}; returns the frames completed. */
    private static List<EncodedFrame> feed(Vp8Depacketizer depacketizer, List<RtpPayload> payloads, int firstSeq,
            long timestamp) throws CodecException {
        List<EncodedFrame> frames = new ArrayList<>();
        int seq = firstSeq;
        for (RtpPayload p : payloads) {
            depacketizer.push(p.payload(), 0, p.payload().length, seq & 0xFFFF, timestamp, p.marker())
                    .ifPresent(frames::add);
            seq++;
        }
        return frames;
    }

    @Property
    void roundTripAcrossSequenceWrap(@ForAll @IntRange(min = 7, max = 1500) int mtu,
            @ForAll @IntRange(min = 65_500, max = 65_535) int firstSeq, @ForAll long seed) throws CodecException {
        Random random = new Random(seed);
        Vp8Packetizer packetizer = new Vp8Packetizer(32_760);
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        int seq = firstSeq;
        for (int i = 0; i < 12; i++) {
            EncodedFrame sent = frame(random, 1 + random.nextInt(i % 4 == 0 ? 20_000 : 3000), 3000L * i, i % 5 == 0);
            List<RtpPayload> payloads = packetizer.packetize(sent, mtu);
            int expectedPictureId = (32_760 + i) % 32_768;
            for (int k = 0; k < payloads.size(); k++) {
                byte[] p = payloads.get(k).payload();
                assertTrue(p.length <= mtu);
                Vp8PayloadDescriptor d = Vp8PayloadDescriptor.parse(p, 0, p.length);
                assertEquals(k == 0, d.startOfPartition());
                assertEquals(0, d.partitionIndex());
                assertEquals(expectedPictureId, d.pictureId());
                assertEquals(k == payloads.size() - 1, payloads.get(k).marker());
            }
            List<EncodedFrame> received = feed(depacketizer, payloads, seq, sent.rtpTimestamp());
            seq += payloads.size();
            assertEquals(List.of(sent), received);
        }
        assertEquals(12, depacketizer.framesAssembled());
        assertEquals(0, depacketizer.framesDiscarded());
    }

    /** A packet as sent: its payload, sequence number and the frame it belongs to. */
    private record Sent(RtpPayload payload, int seq, int frame) {
    }

    @Property
    void underLossAndReorderExactlyTheIntactFramesComeOut(@ForAll long seed,
            @ForAll @IntRange(min = 0, max = 30) int lossPercent, @ForAll @IntRange(min = 0, max = 30) int swapPercent)
            throws CodecException {
        Random random = new Random(seed);
        Vp8Packetizer packetizer = new Vp8Packetizer(0);
        List<EncodedFrame> frames = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        int seq = 65_530;
        for (int f = 0; f < 30; f++) {
            EncodedFrame frame = frame(random, 1 + random.nextInt(4000), 3000L * f, f % 10 == 0);
            frames.add(frame);
            for (RtpPayload p : packetizer.packetize(frame, 500)) {
                sent.add(new Sent(p, seq & 0xFFFF, f));
                seq++;
            }
        }
        List<Sent> delivered = new ArrayList<>();
        for (Sent s : sent) {
            if (random.nextInt(100) >= lossPercent) {
                delivered.add(s);
            }
        }
        for (int i = 0; i + 1 < delivered.size(); i++) {
            if (random.nextInt(100) < swapPercent) {
                delivered.set(i, delivered.set(i + 1, delivered.get(i)));
            }
        }
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        List<EncodedFrame> received = new ArrayList<>();
        for (Sent s : delivered) {
            depacketizer.push(s.payload.payload(), 0, s.payload.payload().length, s.seq,
                    frames.get(s.frame).rtpTimestamp(), s.payload.marker()).ifPresent(received::add);
        }
        // Intact: every packet of the frame delivered, one after another, in the order sent. They come out in the
        // order they were delivered (reordering whole frames is the jitter buffer's business, not this one's).
        TreeMap<Integer, EncodedFrame> intact = new TreeMap<>();
        for (int f = 0; f < frames.size(); f++) {
            int frame = f;
            List<Sent> own = sent.stream().filter(s -> s.frame == frame).toList();
            int at = delivered.indexOf(own.get(0));
            if (at >= 0 && at + own.size() <= delivered.size()
                    && delivered.subList(at, at + own.size()).equals(own)) {
                intact.put(at, frames.get(f));
            }
        }
        assertEquals(List.copyOf(intact.values()), received);
        assertEquals(intact.size(), depacketizer.framesAssembled());
        // A frame whose packets were all lost leaves nothing to discard; one that arrived in part or out of order does.
        boolean broken = false;
        for (int f = 0; f < frames.size(); f++) {
            int frame = f;
            boolean arrived = delivered.stream().anyMatch(s -> s.frame == frame);
            broken |= arrived && !intact.containsValue(frames.get(f));
        }
        if (broken) {
            assertTrue(depacketizer.framesDiscarded() > 0);
        }
    }

    @Test
    void packetSizesDifferByAtMostOne() {
        Vp8Packetizer packetizer = new Vp8Packetizer(0);
        List<RtpPayload> payloads = packetizer.packetize(frame(new Random(1), 2500, 0, true), 1200);
        assertEquals(3, payloads.size());
        assertEquals(List.of(838, 837, 837), payloads.stream().map(p -> p.payload().length).toList());
        assertEquals(1, packetizer.nextPictureId());
        // 4 octets in payloads of 3: the first still takes the whole payload header.
        assertEquals(List.of(7, 5), packetizer.packetize(frame(new Random(1), 4, 0, true), 7).stream()
                .map(p -> p.payload().length).toList());
    }

    /** Every packet of a layered frame carries its TID, Y and TL0PICIDX, within the same size limit. */
    @Test
    void layerFieldsReachEveryDescriptor() throws CodecException {
        Vp8Packetizer packetizer = new Vp8Packetizer(5);
        EncodedFrame frame = frame(new Random(2), 2500, 0, false);
        List<RtpPayload> payloads = packetizer.packetize(frame, new Vp8Encoder.LayerInfo(2, true, 200), 1000);
        assertEquals(3, payloads.size());
        byte[] joined = new byte[0];
        for (int i = 0; i < payloads.size(); i++) {
            byte[] p = payloads.get(i).payload();
            assertTrue(p.length <= 1000);
            Vp8PayloadDescriptor d = Vp8PayloadDescriptor.parse(p, 0, p.length);
            assertEquals(new Vp8PayloadDescriptor(true, false, i == 0, 0, 5, true, 200, 2, true, -1), d);
            int at = joined.length;
            joined = java.util.Arrays.copyOf(joined, at + p.length - d.size());
            System.arraycopy(p, d.size(), joined, at, p.length - d.size());
        }
        assertArrayEquals(frame.payload(), joined);
        assertEquals(6, packetizer.nextPictureId());
    }

    @Test
    void frameThatCannotBeSplitIsRefused() {
        Vp8Packetizer packetizer = new Vp8Packetizer(0);
        assertThrows(IllegalArgumentException.class, () -> packetizer.packetize(frame(new Random(1), 10, 0, true), 6));
        assertThrows(IllegalArgumentException.class,
                () -> packetizer.packetize(new EncodedFrame("VP8", new byte[2], 0, true), 1200));
        assertThrows(IllegalArgumentException.class, () -> new Vp8Packetizer(1 << 15));
    }

    @Test
    void firstPictureIdIsRandom() {
        long distinct = IntStream.range(0, 8).map(i -> new Vp8Packetizer().nextPictureId())
                .distinct().count();
        assertTrue(distinct > 1);
    }

    @Test
    void keyFrameComesFromThePBitNotFromTheCaller() throws CodecException {
        Random random = new Random(2);
        EncodedFrame inter = frame(random, 3000, 90, false);
        List<RtpPayload> payloads = new Vp8Packetizer(5).packetize(
                new EncodedFrame("VP8", inter.payload(), 90, true), 1000);
        EncodedFrame received = feed(new Vp8Depacketizer(), payloads, 1, 90).get(0);
        assertFalse(received.keyFrame());
    }

    @Test
    void lostMiddlePacketDiscardsTheFrameAndTheNextFrameStillArrives() throws CodecException {
        Random random = new Random(3);
        Vp8Packetizer packetizer = new Vp8Packetizer(0);
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        assertEquals(1, feed(depacketizer, packetizer.packetize(frame(random, 3000, 0, true), 1000), 10, 0).size());
        assertFalse(depacketizer.lossSinceKeyFrame());
        List<RtpPayload> second = new ArrayList<>(packetizer.packetize(frame(random, 3000, 3000, false), 1000));
        assertEquals(4, second.size());
        push(depacketizer, second.get(0), 14, 3000);
        push(depacketizer, second.get(1), 15, 3000);
        assertEquals(Optional.empty(), push(depacketizer, second.get(3), 17, 3000));
        assertEquals(1, depacketizer.framesDiscarded());
        assertTrue(depacketizer.lossSinceKeyFrame());
        EncodedFrame third = frame(random, 500, 6000, false);
        assertEquals(List.of(third), feed(depacketizer, packetizer.packetize(third, 1000), 18, 6000));
        assertEquals(1, depacketizer.framesDiscarded());
        assertTrue(depacketizer.lossSinceKeyFrame());
        EncodedFrame key = frame(random, 500, 9000, true);
        assertEquals(List.of(key), feed(depacketizer, packetizer.packetize(key, 1000), 19, 9000));
        assertFalse(depacketizer.lossSinceKeyFrame());
        assertEquals(3, depacketizer.framesAssembled());
    }

    @Test
    void lostLastPacketIsNoticedAtTheNextStart() throws CodecException {
        Random random = new Random(4);
        Vp8Packetizer packetizer = new Vp8Packetizer(0);
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        List<RtpPayload> first = packetizer.packetize(frame(random, 2000, 0, true), 1000);
        push(depacketizer, first.get(0), 0, 0);
        EncodedFrame second = frame(random, 100, 3000, false);
        // No sequence gap: the next frame starts right after the first packet, as if the sender had cut the frame
        // short; the missing marker alone gives the loss away.
        assertEquals(List.of(second), feed(depacketizer, packetizer.packetize(second, 1000), 1, 3000));
        assertEquals(1, depacketizer.framesDiscarded());
    }

    @Test
    void timestampChangeMidFrameDiscards() throws CodecException {
        Random random = new Random(5);
        Vp8Packetizer packetizer = new Vp8Packetizer(0);
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        List<RtpPayload> payloads = packetizer.packetize(frame(random, 2000, 0, true), 1000);
        push(depacketizer, payloads.get(0), 0, 0);
        assertEquals(Optional.empty(), push(depacketizer, payloads.get(1), 1, 3000));
        assertEquals(0, depacketizer.framesAssembled());
        assertEquals(2, depacketizer.framesDiscarded());
    }

    @Test
    void missingStartIsCountedOncePerFrame() throws CodecException {
        Random random = new Random(6);
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        List<RtpPayload> payloads = new Vp8Packetizer(0).packetize(frame(random, 4000, 0, true), 1000);
        for (int i = 1; i < payloads.size(); i++) {
            assertEquals(Optional.empty(), push(depacketizer, payloads.get(i), i, 0));
        }
        assertEquals(1, depacketizer.framesDiscarded());
        assertTrue(depacketizer.lossSinceKeyFrame());
    }

    @Test
    void reorderedPacketsDiscardTheFrame() throws CodecException {
        Random random = new Random(7);
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        List<RtpPayload> payloads = new Vp8Packetizer(0).packetize(frame(random, 3000, 0, true), 1000);
        push(depacketizer, payloads.get(0), 100, 0);
        push(depacketizer, payloads.get(2), 102, 0);
        assertEquals(Optional.empty(), push(depacketizer, payloads.get(1), 101, 0));
        assertEquals(0, depacketizer.framesAssembled());
        assertEquals(1, depacketizer.framesDiscarded());
    }

    @Test
    void gapBetweenFramesCountsALostFrame() throws CodecException {
        Random random = new Random(8);
        Vp8Packetizer packetizer = new Vp8Packetizer(0);
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        feed(depacketizer, packetizer.packetize(frame(random, 100, 0, true), 1000), 65_535, 0);
        packetizer.packetize(frame(random, 100, 3000, false), 1000);
        EncodedFrame third = frame(random, 100, 6000, false);
        assertEquals(List.of(third), feed(depacketizer, packetizer.packetize(third, 1000), 1, 6000));
        assertEquals(2, depacketizer.framesAssembled());
        assertEquals(1, depacketizer.framesDiscarded());
        assertTrue(depacketizer.lossSinceKeyFrame());
    }

    @Test
    void oversizedFrameIsRefusedAndTheNextOneArrives() throws CodecException {
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        byte[] payload = new byte[1 + 60_000];
        payload[0] = 0x10;
        int seq = 0;
        CodecException refused = null;
        for (int sent = 0; refused == null; sent += 60_000) {
            assertTrue(sent <= Vp8Depacketizer.MAX_FRAME_SIZE);
            try {
                depacketizer.push(payload, 0, payload.length, seq++, 0, false);
            } catch (CodecException e) {
                refused = e;
            }
            payload[0] = 0x00;
        }
        assertTrue(refused.getMessage().contains("exceeds"), refused.getMessage());
        assertEquals(Optional.empty(), depacketizer.push(payload, 0, payload.length, seq++, 0, true));
        assertEquals(1, depacketizer.framesDiscarded());
        EncodedFrame next = frame(new Random(9), 100, 3000, true);
        assertEquals(List.of(next), feed(depacketizer, new Vp8Packetizer(0).packetize(next, 1000), seq, 3000));
    }

    @Test
    void emptyDataAndShortPayloadHeaderAreCodecExceptions() {
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        CodecException empty = assertThrows(CodecException.class,
                () -> depacketizer.push(new byte[] {(byte) 0x90, 0}, 0, 2, 0, 0, true));
        assertTrue(empty.getMessage().contains("no VP8 data"), empty.getMessage());
        assertThrows(CodecException.class, () -> depacketizer.push(new byte[] {0x10, 0x50, 0x24}, 0, 3, 1, 0, true));
    }

    @Property
    void randomPayloadsGiveFramesOrCodecExceptions(@ForAll @Size(max = 40) List<@Size(max = 12) byte[]> payloads,
            @ForAll long seed) {
        Random random = new Random(seed);
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        int seq = random.nextInt(65_536);
        for (byte[] payload : payloads) {
            try {
                depacketizer.push(payload, 0, payload.length, seq, random.nextInt(3) * 3000L, random.nextBoolean());
            } catch (CodecException e) {
                assertEquals("VP8", e.codec());
            }
            seq = (seq + 1 + (random.nextInt(8) == 0 ? 1 : 0)) & 0xFFFF;
        }
    }

    @Property
    void truncatedPacketsGiveCodecExceptionsOrFrames(@ForAll @IntRange(min = 7, max = 300) int mtu,
            @ForAll long seed) {
        Random random = new Random(seed);
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        int seq = 0;
        for (RtpPayload p : new Vp8Packetizer(0).packetize(frame(random, 1000, 0, true), mtu)) {
            int length = random.nextInt(p.payload().length + 1);
            try {
                depacketizer.push(p.payload(), 0, length, seq++, 0, p.marker()).ifPresent(f ->
                        assertTrue(f.payload().length <= 1000));
            } catch (CodecException e) {
                assertEquals("VP8", e.codec());
            }
        }
    }

    @Test
    void malformedStartEndsTheFrameBeforeItAndItsOwnRestIsDroppedQuietly() throws CodecException {
        Random random = new Random(10);
        Vp8Packetizer packetizer = new Vp8Packetizer(0);
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        List<RtpPayload> first = packetizer.packetize(frame(random, 2000, 0, true), 1000);
        push(depacketizer, first.get(0), 0, 0);
        assertThrows(CodecException.class, () -> depacketizer.push(new byte[] {0x10, 0x50}, 0, 2, 1, 3000, false));
        assertEquals(2, depacketizer.framesDiscarded());
        assertEquals(Optional.empty(), depacketizer.push(new byte[] {0x00, 1, 2, 3}, 0, 4, 2, 3000, true));
        assertEquals(2, depacketizer.framesDiscarded());
        EncodedFrame next = frame(random, 100, 6000, true);
        assertEquals(List.of(next), feed(depacketizer, packetizer.packetize(next, 1000), 3, 6000));
    }

    @Test
    void depacketizerReadsAViewAtAnOffset() throws CodecException {
        byte[] buffer = {9, 9, 0x10, 0x50, 0x24, 0x00, 7, 9};
        EncodedFrame f = new Vp8Depacketizer().push(buffer, 2, 5, 0, 42, true).orElseThrow();
        assertArrayEquals(new byte[] {0x50, 0x24, 0x00, 7}, f.payload());
        assertTrue(f.keyFrame());
        assertEquals(42, f.rtpTimestamp());
    }

    private static Optional<EncodedFrame> push(Vp8Depacketizer depacketizer, RtpPayload p, int seq, long ts)
            throws CodecException {
        return depacketizer.push(p.payload(), 0, p.payload().length, seq, ts, p.marker());
    }
}
