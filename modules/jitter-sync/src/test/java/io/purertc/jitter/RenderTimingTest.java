package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RenderTimingTest {

    @Test
    void predictsArrivalFromTheLineThroughEarlierFrames() {
        RenderTiming timing = new RenderTiming(VideoFrameBufferConfig.DEFAULT);
        for (int i = 0; i < 100; i++) {
            timing.frameArrived(3000L * i, 5_000_000 + 33_333L * i);
            timing.frameReleased(3000L * i);
        }
        // Frame 200 has not arrived; its expected arrival is on the line, whatever the arrival passed in.
        assertEquals(5_000_000 + 33_333 * 200, timing.renderTime(3000L * 200, 5_000_000 + 33_333 * 200 + 80_000),
                50);
    }

    @Test
    void framesOnOneTimestampDoNotWindTheFitUp() {
        RenderTiming timing = new RenderTiming(VideoFrameBufferConfig.DEFAULT);
        for (int i = 0; i < 1_000_000; i++) {
            timing.frameArrived(90_000, 1_000L * i);
        }
        long renderTime = timing.renderTime(93_000, 1_000_000_000);
        assertTrue(Math.abs(renderTime - 1_000_000_000) < RenderTiming.RESYNC_MICROS, "render time " + renderTime);
        assertTrue(Double.isFinite(timing.jitter()));
    }

    @Test
    void aTimestampJumpStartsANewLine() {
        RenderTiming timing = new RenderTiming(VideoFrameBufferConfig.DEFAULT);
        for (int i = 0; i < 100; i++) {
            timing.frameArrived(3000L * i, 33_333L * i);
        }
        long jumped = 1L << 31;
        timing.frameArrived(jumped, 100 * 33_333L);
        assertEquals(101 * 33_333L, timing.renderTime(jumped + 3000, 101 * 33_333L), 50);
        assertEquals(0, timing.jitter(), 1e-9);
    }

    @Test
    void thePlayoutDelayFollowsItsTargetAtTheConfiguredRate() {
        RenderTiming timing = new RenderTiming(VideoFrameBufferConfig.DEFAULT);
        timing.frameReleased(0);
        timing.setExtraDelay(300_000);
        timing.frameReleased(90_000);
        assertEquals(100_000, timing.delay(), 1e-6);
        timing.frameReleased(270_000);
        assertEquals(300_000, timing.delay(), 1e-6);
        timing.setExtraDelay(20_000_000);
        timing.frameReleased(100 * 90_000L);
        assertEquals(VideoFrameBufferConfig.DEFAULT.maxPlayoutDelayMicros(), timing.delay(), 1e-6);
    }
}
