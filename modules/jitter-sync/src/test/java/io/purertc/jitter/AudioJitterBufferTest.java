package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AudioJitterBufferTest {

    private static final int TICKS_PER_MS = MarkerDecoder.SAMPLE_RATE / 1000;

    /** A sender of marker packets and a receiver pulling every frame, on a simulated millisecond clock. */
    private static final class Call {
        final AudioJitterBuffer buffer;
        final int frameMillis;
        final TreeMap<Long, List<byte[][]>> arrivals = new TreeMap<>();
        final List<AudioPull> pulls = new ArrayList<>();
        int firstSequence;
        long firstTimestamp;
        long nowMillis;

        Call(String codec, AudioJitterBufferConfig config) {
            this.buffer = new AudioJitterBuffer(new MarkerDecoder(codec), MarkerDecoder.SAMPLE_RATE, config);
            this.frameMillis = config.frameMillis();
        }

        Call(int frameMillis) {
            this("opus", AudioJitterBufferConfig.withFrame(frameMillis));
        }

        /** Packet {@code index} of {@code packetMillis}, arriving at {@code arrivalMillis}. */
        Call send(int index, int packetMillis, int flags, long arrivalMillis) {
            long sequence = (firstSequence + index) & 0xFFFF;
            long timestamp = (firstTimestamp + (long) index * packetMillis * TICKS_PER_MS) & 0xFFFF_FFFFL;
            byte[] header = {(byte) (sequence >> 8), (byte) sequence, (byte) (timestamp >> 24),
                    (byte) (timestamp >> 16), (byte) (timestamp >> 8), (byte) timestamp};
            arrivals.computeIfAbsent(arrivalMillis, t -> new ArrayList<>())
                    .add(new byte[][] {header, MarkerDecoder.payload(index, packetMillis, flags)});
            return this;
        }

        /** Packets {@code from} until {@code to}, each arriving when it is sent. */
        Call sendOnTime(int from, int to, int packetMillis) {
            for (int i = from; i < to; i++) {
                send(i, packetMillis, 0, (long) i * packetMillis);
            }
            return this;
        }

        /** Runs the clock: arrivals first, then a pull every frame, 5 ms after the frame boundary. */
        Call run(long untilMillis) {
            for (; nowMillis < untilMillis; nowMillis++) {
                for (byte[][] packet : arrivals.getOrDefault(nowMillis, List.of())) {
                    byte[] h = packet[0];
                    int sequence = (h[0] & 0xFF) << 8 | h[1] & 0xFF;
                    long timestamp = (h[2] & 0xFFL) << 24 | (h[3] & 0xFF) << 16 | (h[4] & 0xFF) << 8 | h[5] & 0xFF;
                    buffer.insert(packet[1], 0, packet[1].length, sequence, timestamp, nowMillis * 1000);
                }
                if (nowMillis % frameMillis == 5 % frameMillis) {
                    pulls.add(buffer.pull(nowMillis * 1000));
                }
            }
            return this;
        }

        List<AudioPull> played() {
            return pulls.stream().filter(p -> p.kind() != AudioPull.Kind.SILENCE).toList();
        }
    }

    private static short[] expected(short... perHalfFrame) {
        short[] samples = new short[perHalfFrame.length * 10 * TICKS_PER_MS];
        int half = samples.length / perHalfFrame.length;
        for (int i = 0; i < perHalfFrame.length; i++) {
            Arrays.fill(samples, i * half, (i + 1) * half, perHalfFrame[i]);
        }
        return samples;
    }

    private static void assertFrame(AudioPull pull, AudioPull.Kind kind, long timestamp, short... per10Millis) {
        assertEquals(kind, pull.kind(), () -> "kind of " + pull);
        assertEquals(timestamp, pull.rtpTimestamp(), () -> "timestamp of " + pull);
        assertEquals(Arrays.toString(expected(per10Millis)), Arrays.toString(pull.frame().samples()));
    }

    /** The first {@code count} frames are the first 20 ms packets, whole and in order. */
    private static void assertPacketsPlayedInOrder(List<AudioPull> played, int count) {
        for (int i = 0; i < count; i++) {
            short m = MarkerDecoder.marker(i);
            assertFrame(played.get(i), AudioPull.Kind.NORMAL, i * 960L, m, m);
        }
    }

    /** Runs 600 ms of 20 ms packets and pulls, and checks that packet 10 alone was concealed. */
    private static void assertOnlyPacketTenConcealed(Call call) {
        List<AudioPull> played = call.run(600).played();
        short c = MarkerDecoder.CONCEALED;
        for (int i = 0; i < 29; i++) {
            short m = i == 10 ? c : MarkerDecoder.marker(i);
            assertFrame(played.get(i), i == 10 ? AudioPull.Kind.CONCEALED : AudioPull.Kind.NORMAL, i * 960L, m, m);
        }
        assertEquals(960, call.buffer.stats().concealedSamples());
    }

    @Test
    void inOrderPacketsPlayInOrderFromTheFirstPull() {
        Call call = new Call(20).sendOnTime(0, 50, 20).run(1000);
        assertEquals(AudioPull.Kind.NORMAL, call.pulls.get(0).kind());
        List<AudioPull> played = call.played();
        assertPacketsPlayedInOrder(played, 49);
        AudioJitterBufferStats stats = call.buffer.stats();
        assertEquals(50, stats.packetsReceived());
        assertEquals(0, stats.concealedSamples());
        assertEquals(0, stats.latePackets());
        assertEquals(20, stats.targetDelayMillis());
    }

    @Test
    void tenMillisecondPullsSplitTwentyMillisecondPackets() {
        Call call = new Call(10).sendOnTime(0, 50, 20).run(1000);
        List<AudioPull> played = call.played();
        for (int i = 0; i < 98; i++) {
            assertFrame(played.get(i), AudioPull.Kind.NORMAL, i * 480L, MarkerDecoder.marker(i / 2));
        }
    }

    @Test
    void twentyMillisecondPullsJoinTenMillisecondPackets() {
        Call call = new Call(20).sendOnTime(0, 100, 10).run(1000);
        List<AudioPull> played = call.played();
        assertTrue(played.size() >= 48);
        long first = played.get(0).rtpTimestamp();
        int firstPacket = (int) (first / 480);
        for (int i = 0; i < 48; i++) {
            assertFrame(played.get(i), AudioPull.Kind.NORMAL, first + i * 960L,
                    MarkerDecoder.marker(firstPacket + 2 * i), MarkerDecoder.marker(firstPacket + 2 * i + 1));
        }
    }

    @Test
    void sixtyMillisecondPacketsFeedTwentyMillisecondPulls() {
        Call call = new Call(20);
        for (int i = 0; i < 20; i++) {
            call.send(i, 60, 0, i * 60L);
        }
        List<AudioPull> played = call.run(1200).played();
        for (int i = 0; i < 57; i++) {
            short m = MarkerDecoder.marker(i / 3);
            assertFrame(played.get(i), AudioPull.Kind.NORMAL, i * 960L, m, m);
        }
    }

    @Test
    void reorderedPacketsPlayInSequenceOrder() {
        Call call = new Call("opus", new AudioJitterBufferConfig(20, 60, 500, 200));
        for (int i = 0; i < 50; i += 2) {
            call.send(i + 1, 20, 0, i * 20L + 20);
            call.send(i, 20, 0, i * 20L + 25);
        }
        List<AudioPull> played = call.run(1200).played();
        assertPacketsPlayedInOrder(played, 50);
        assertEquals(0, call.buffer.stats().latePackets());
    }

    @Test
    void duplicatesAreDroppedAndCounted() {
        Call call = new Call(20).sendOnTime(0, 50, 20);
        for (int i = 0; i < 50; i++) {
            call.send(i, 20, 0, i * 20L + 3);
        }
        List<AudioPull> played = call.run(1000).played();
        assertPacketsPlayedInOrder(played, 49);
        assertEquals(50, call.buffer.stats().packetsDiscarded());
        assertEquals(0, call.buffer.stats().latePackets());
    }

    @Test
    void aPacketLostBeforeOneWithFecIsRebuiltFromIt() {
        Call call = new Call("opus", new AudioJitterBufferConfig(20, 40, 500, 200))
                .sendOnTime(0, 10, 20).sendOnTime(12, 30, 20).send(11, 20, MarkerDecoder.FLAG_FEC, 220);
        List<AudioPull> played = call.run(600).played();
        assertFrame(played.get(10), AudioPull.Kind.FEC, 9600, (short) -MarkerDecoder.marker(10),
                (short) -MarkerDecoder.marker(10));
        assertFrame(played.get(11), AudioPull.Kind.NORMAL, 10560, MarkerDecoder.marker(11), MarkerDecoder.marker(11));
        assertEquals(960, call.buffer.stats().fecRecoveredSamples());
        assertEquals(0, call.buffer.stats().concealedSamples());
    }

    @Test
    void aDecoderWithoutFecConcealsALostPacket() {
        Call call = new Call("PCMU", AudioJitterBufferConfig.withFrame(20)).sendOnTime(0, 10, 20).sendOnTime(11, 30, 20);
        assertOnlyPacketTenConcealed(call);
        assertEquals(1, call.buffer.stats().concealmentEvents());
    }

    @Test
    void twoLostPacketsAreConcealedNotRebuilt() {
        Call call = new Call(20).sendOnTime(0, 10, 20).sendOnTime(13, 30, 20).send(12, 20, MarkerDecoder.FLAG_FEC, 240);
        List<AudioPull> played = call.run(600).played();
        short c = MarkerDecoder.CONCEALED;
        assertFrame(played.get(10), AudioPull.Kind.CONCEALED, 9600, c, c);
        assertFrame(played.get(11), AudioPull.Kind.CONCEALED, 10560, c, c);
        assertFrame(played.get(12), AudioPull.Kind.NORMAL, 11520, MarkerDecoder.marker(12), MarkerDecoder.marker(12));
        assertEquals(1920, call.buffer.stats().concealedSamples());
        assertEquals(0, call.buffer.stats().fecRecoveredSamples());
    }

    @Test
    void aPacketArrivingAfterItsTimeIsConcealedThenCountedLate() {
        Call call = new Call(20).sendOnTime(0, 10, 20).sendOnTime(11, 30, 20).send(10, 20, 0, 260);
        call.run(600);
        List<AudioPull> played = call.played();
        assertEquals(AudioPull.Kind.CONCEALED, played.get(10).kind());
        assertEquals(10560, played.get(11).rtpTimestamp());
        assertEquals(1, call.buffer.stats().latePackets());
        assertEquals(0, call.buffer.stats().packetsDiscarded());
    }

    @Test
    void aLateDuplicateOfAPlayedPacketIsADuplicate() {
        Call call = new Call(20).sendOnTime(0, 30, 20).send(3, 20, 0, 400).run(600);
        assertEquals(1, call.buffer.stats().packetsDiscarded());
        assertEquals(0, call.buffer.stats().latePackets());
    }

    @Test
    void aShortDelayIsBridgedByConcealingOnlyWhatIsDue() {
        Call call = new Call(10).sendOnTime(0, 10, 20).sendOnTime(11, 30, 20).send(10, 20, 0, 213);
        List<AudioPull> played = call.run(600).played();
        assertFrame(played.get(20), AudioPull.Kind.CONCEALED, 9600, MarkerDecoder.CONCEALED);
        assertFrame(played.get(21), AudioPull.Kind.NORMAL, 10080, MarkerDecoder.marker(10));
        assertEquals(0, call.buffer.stats().latePackets());
    }

    @Test
    void sequenceNumbersAndTimestampsWrap() {
        Call call = new Call(20);
        call.firstSequence = 65_530;
        call.firstTimestamp = (1L << 32) - 5 * 960;
        call.sendOnTime(0, 20, 20).run(400);
        List<AudioPull> played = call.played();
        for (int i = 0; i < 19; i++) {
            short m = MarkerDecoder.marker(i);
            assertFrame(played.get(i), AudioPull.Kind.NORMAL, (call.firstTimestamp + i * 960L) & 0xFFFF_FFFFL, m, m);
        }
        assertEquals(0, call.buffer.stats().resets());
    }

    @Test
    void aSenderRestartIsConfirmedByTheSecondPacketAndResetsTheBuffer() {
        Call call = new Call(20).sendOnTime(0, 20, 20).run(400);
        call.firstSequence = 20_000;
        call.firstTimestamp = 1L << 31;
        call.sendOnTime(20, 40, 20).run(800);
        AudioJitterBufferStats stats = call.buffer.stats();
        assertEquals(1, stats.resets());
        assertEquals(1, stats.packetsDiscarded());
        List<AudioPull> played = call.played();
        AudioPull last = played.get(played.size() - 1);
        assertEquals((call.firstTimestamp + 39 * 960L) & 0xFFFF_FFFFL, last.rtpTimestamp());
        assertEquals(MarkerDecoder.marker(39), last.frame().samples()[0]);
    }

    @Test
    void aStrayPacketFarAheadIsDiscardedWithoutReset() {
        Call call = new Call(20).sendOnTime(0, 10, 20);
        call.run(200);
        call.buffer.insert(MarkerDecoder.payload(999, 20, 0), 0, 6, 40_000, 123, 200_000);
        call.sendOnTime(10, 30, 20).run(600);
        assertEquals(0, call.buffer.stats().resets());
        assertEquals(1, call.buffer.stats().packetsDiscarded());
        assertEquals(0, call.buffer.stats().concealedSamples());
    }

    @Test
    void aPayloadTheDecoderRejectsIsConcealedAndCounted() {
        Call call = new Call(20).sendOnTime(0, 10, 20).sendOnTime(11, 30, 20).send(10, 20, MarkerDecoder.FLAG_CORRUPT, 200);
        assertOnlyPacketTenConcealed(call);
        assertEquals(1, call.buffer.stats().decodeErrors());
    }

    @Test
    void anOutageTurnsToSilenceAfterAHundredMillisecondsAndPlayoutResumes() {
        Call call = new Call(20).sendOnTime(0, 10, 20).sendOnTime(30, 60, 20).run(1200);
        List<AudioPull> pulls = call.pulls;
        assertEquals(AudioPull.Kind.NORMAL, pulls.get(9).kind());
        for (int i = 10; i < 15; i++) {
            assertEquals(AudioPull.Kind.CONCEALED, pulls.get(i).kind());
        }
        for (int i = 15; i < 30; i++) {
            assertEquals(AudioPull.Kind.SILENCE, pulls.get(i).kind(), "pull " + i);
            assertEquals(AudioPull.NO_TIMESTAMP, pulls.get(i).rtpTimestamp());
        }
        short m = MarkerDecoder.marker(30);
        assertFrame(pulls.get(30), AudioPull.Kind.NORMAL, 30 * 960L, m, m);
        assertEquals(4800, call.buffer.stats().concealedSamples());
    }

    @Test
    void silenceUntilTheFirstPacket() {
        Call call = new Call(10).run(100);
        assertEquals(10, call.pulls.size());
        for (AudioPull pull : call.pulls) {
            assertEquals(AudioPull.Kind.SILENCE, pull.kind());
            assertEquals(480, pull.frame().samplesPerChannel());
        }
        assertEquals(4800, call.buffer.stats().totalSamplesPulled());
    }

    @Test
    void aStalledPullerFlushesAtThePacketCap() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(new MarkerDecoder("opus"), MarkerDecoder.SAMPLE_RATE,
                new AudioJitterBufferConfig(20, 0, 500, 50));
        for (int i = 0; i < 120; i++) {
            buffer.insert(MarkerDecoder.payload(i, 20, 0), 0, 6, i, i * 960L, i * 20_000L);
            assertTrue(buffer.packetCount() <= 50);
        }
        assertEquals(100, buffer.stats().packetsDiscarded());
        assertEquals(20, buffer.packetCount());
    }

    @Test
    void loudSpeechIsNeitherCutNorStretched() {
        Call call = new Call("opus", new AudioJitterBufferConfig(20, 0, 20, 200));
        for (int i = 0; i < 200; i++) {
            call.send(i, 20, MarkerDecoder.FLAG_LOUD, i < 10 ? 200 : i * 20L);
        }
        call.run(4000);
        assertEquals(0, call.buffer.stats().removedSamplesForAcceleration());
        assertTrue(call.buffer.stats().currentDelayMillis() >= 180, call.buffer.stats().toString());
        List<AudioPull> played = call.played();
        for (int i = 0; i < 190; i++) {
            assertFrame(played.get(i), AudioPull.Kind.NORMAL, i * 960L, (short) (MarkerDecoder.LOUD + MarkerDecoder.marker(i)),
                    (short) (MarkerDecoder.LOUD + MarkerDecoder.marker(i)));
        }
    }

    @Test
    void aPauseAfterSpeechLetsTheDelayComeDown() {
        Call call = new Call("opus", new AudioJitterBufferConfig(20, 0, 20, 200));
        for (int i = 0; i < 400; i++) {
            call.send(i, 20, i < 200 ? MarkerDecoder.FLAG_LOUD : 0, i < 10 ? 200 : i * 20L);
        }
        call.run(8000);
        AudioJitterBufferStats stats = call.buffer.stats();
        assertTrue(stats.removedSamplesForAcceleration() >= 8 * 480, stats.toString());
        assertTrue(stats.currentDelayMillis() <= 40, "delay " + stats.currentDelayMillis());
        List<AudioPull> played = call.played();
        for (int i = 1; i < played.size(); i++) {
            long step = played.get(i).rtpTimestamp() - played.get(i - 1).rtpTimestamp();
            assertTrue(step == 960 || step == 1440, "step " + step + " at " + i);
            short first = played.get(i).frame().samples()[0];
            assertTrue(Math.abs(first) < 100 || step == 960, "dropped audio inside speech at " + i);
        }
    }
}
