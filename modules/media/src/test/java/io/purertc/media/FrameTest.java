package io.purertc.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FrameTest {

    @Test
    void audioFrameDuration() {
        AudioFrame frame = new AudioFrame(new short[960 * 2], 48_000, 2);
        assertEquals(960, frame.samplesPerChannel());
        assertEquals(20_000, frame.durationMicros());
    }

    @Test
    void audioFrameRejectsRaggedChannels() {
        assertThrows(IllegalArgumentException.class, () -> new AudioFrame(new short[3], 48_000, 2));
        assertThrows(IllegalArgumentException.class, () -> new AudioFrame(new short[2], 7_999, 1));
    }

    @Test
    void audioFrameEqualityIsByContent() {
        assertEquals(new AudioFrame(new short[] {1, 2}, 8000, 1), new AudioFrame(new short[] {1, 2}, 8000, 1));
        assertNotEquals(new AudioFrame(new short[] {1, 2}, 8000, 1), new AudioFrame(new short[] {1, 3}, 8000, 1));
    }

    @Property
    void blackFramesOfAnySizeAreValid(@ForAll @IntRange(min = 1, max = 333) int w,
            @ForAll @IntRange(min = 1, max = 333) int h) {
        VideoFrame frame = VideoFrame.black(w, h);
        assertEquals((w + 1) / 2 * ((h + 1) / 2), frame.u().length);
    }

    @Test
    void videoFrameRejectsShortPlane() {
        assertThrows(IllegalArgumentException.class, () -> new VideoFrame(4, 4, new byte[15], 4,
                new byte[4], 2, new byte[4], 2, 0, MediaTime.UNKNOWN));
    }

    @Test
    void encodedFrameTimestampIs32Bit() {
        assertThrows(IllegalArgumentException.class,
                () -> new EncodedFrame("VP8", new byte[0], 1L << 32, true));
    }
}
