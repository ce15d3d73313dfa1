package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SampleQueueTest {

    private static short[] constant(int count, int value) {
        short[] samples = new short[count * 2];
        java.util.Arrays.fill(samples, (short) value);
        return samples;
    }

    @Test
    void aTakeReportsTheLeastGenuineKindItSpans() {
        SampleQueue queue = new SampleQueue(100, 2);
        queue.append(constant(30, 1), 0, AudioPull.Kind.NORMAL, 0, true);
        queue.append(constant(30, 2), 0, AudioPull.Kind.CONCEALED, 0, true);
        queue.append(constant(30, 3), 0, AudioPull.Kind.FEC, 0, true);
        assertEquals(AudioPull.Kind.NORMAL, queue.take(new short[40], 0, 20));
        assertEquals(AudioPull.Kind.NORMAL, queue.take(new short[20], 0, 10));
        assertEquals(AudioPull.Kind.CONCEALED, queue.take(new short[80], 0, 40));
        assertEquals(AudioPull.Kind.FEC, queue.take(new short[40], 0, 20));
        assertEquals(0, queue.size());
    }

    @Test
    void wrapsAroundTheRingAndKeepsChannelsInterleaved() {
        SampleQueue queue = new SampleQueue(10, 2);
        short[] out = new short[14];
        queue.append(constant(7, 5), 0, AudioPull.Kind.NORMAL, 0, true);
        queue.take(out, 0, 7);
        short[] ramp = new short[16];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (short) i;
        }
        assertEquals(6, queue.append(ramp, 2, AudioPull.Kind.NORMAL, 0, true));
        assertEquals(4, queue.append(ramp, 0, AudioPull.Kind.NORMAL, 0, true));
        short[] all = new short[20];
        queue.take(all, 0, 10);
        assertArrayEquals(new short[] {4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7}, all);
    }

    @Test
    void untimedInstantsLeaveTheTimedCountAsTheyAreTaken() {
        SampleQueue queue = new SampleQueue(100, 2);
        queue.append(constant(10, 1), 0, AudioPull.Kind.NORMAL, 0, true);
        queue.append(constant(10, 2), 0, AudioPull.Kind.CONCEALED, 0, false);
        queue.append(constant(10, 3), 0, AudioPull.Kind.NORMAL, 5, true);
        assertEquals(20, queue.timedSize());
        queue.take(null, 0, 15);
        assertEquals(10, queue.timedSize());
        queue.take(null, 0, 5);
        assertEquals(10, queue.timedSize());
        assertEquals(5, queue.headArrivalMicros());
    }

    @Test
    void theMeanSquareCoversAllChannelsOfTheHead() {
        SampleQueue queue = new SampleQueue(100, 2);
        queue.append(new short[] {3, 4, 0, 0, 100, 100}, 0, AudioPull.Kind.NORMAL, 0, true);
        assertEquals(25.0 / 4, queue.meanSquare(2));
    }

    private static SampleQueue ramp(int count) {
        SampleQueue queue = new SampleQueue(100, 1);
        short[] ramp = new short[count];
        for (int i = 0; i < count; i++) {
            ramp[i] = (short) (100 * i);
        }
        queue.append(ramp, 0, AudioPull.Kind.NORMAL, 0, true);
        return queue;
    }

    @Test
    void aDropCrossFadesFromTheDroppedStartIntoWhatFollows() {
        SampleQueue queue = ramp(20);
        queue.dropCrossFading(10, 4);
        short[] out = new short[6];
        queue.take(out, 0, 6);
        assertArrayEquals(new short[] {0, 100 * (1 * 3 + 11 * 1) / 4, 100 * (2 * 2 + 12 * 2) / 4,
                100 * (3 * 1 + 13 * 3) / 4, 1400, 1500}, out);
    }

    @Test
    void aRepeatCrossFadesFromWhereTheCopyWouldGoOnIntoTheQueue() {
        SampleQueue queue = ramp(20);
        short[] out = new short[16];
        queue.repeatCrossFading(out, 10, 4);
        queue.take(out, 10, 6);
        assertArrayEquals(new short[] {0, 100, 200, 300, 400, 500, 600, 700, 800, 900,
                1000, 100 * (11 * 3 + 1 * 1) / 4, 100 * (12 * 2 + 2 * 2) / 4, 100 * (13 * 1 + 3 * 3) / 4, 400, 500}, out);
    }

    @Test
    void withoutRoomForTheFadeADropIsPlain() {
        SampleQueue queue = ramp(12);
        queue.dropCrossFading(10, 4);
        short[] out = new short[2];
        queue.take(out, 0, 2);
        assertArrayEquals(new short[] {1000, 1100}, out);
    }
}
