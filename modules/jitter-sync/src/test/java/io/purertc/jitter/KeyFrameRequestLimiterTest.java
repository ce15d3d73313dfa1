package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyFrameRequestLimiterTest {

    @Test
    void oneRequestPerIntervalTheRestSuppressed() {
        KeyFrameRequestLimiter limiter = new KeyFrameRequestLimiter();
        assertTrue(limiter.tryRequest(1_000_000, 50_000));
        assertFalse(limiter.tryRequest(1_000_001, 50_000));
        assertFalse(limiter.tryRequest(1_299_999, 50_000));
        assertTrue(limiter.tryRequest(1_300_000, 50_000));
        assertEquals(2, limiter.requestsSent());
        assertEquals(2, limiter.requestsSuppressed());
    }

    @Test
    void aLongRttStretchesTheInterval() {
        KeyFrameRequestLimiter limiter = new KeyFrameRequestLimiter();
        assertTrue(limiter.tryRequest(0, 500_000));
        assertFalse(limiter.tryRequest(400_000, 500_000));
        assertTrue(limiter.tryRequest(500_000, 500_000));
    }

    @Test
    void theFirstRequestAlwaysGoesOut() {
        KeyFrameRequestLimiter limiter = new KeyFrameRequestLimiter(300_000);
        assertTrue(limiter.tryRequest(-5_000_000, 0));
        assertFalse(limiter.tryRequest(-4_800_000, 0));
    }
}
