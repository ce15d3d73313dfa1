package io.purertc.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bottleneck in simulated time: a 1 Mb/s link fed 1 000-byte packets every 4 ms (2 Mb/s). */
class TokenBucketTest {

    private static final long MS = 1_000_000;

    @Test
    void aFullBucketLetsItsBurstThroughAndThenPacesAtTheRate() {
        TokenBucket bucket = new TokenBucket(1_000_000, 5000, 100_000, 0);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, bucket.admit(0, 1000));
        }
        for (int i = 1; i <= 5; i++) {
            assertEquals(i * 8 * MS, bucket.admit(0, 1000));
        }
    }

    @Test
    void aByteLimitedQueueDropsTheTailAndBoundsTheWait() {
        TokenBucket bucket = new TokenBucket(1_000_000, 1000, 5000, 0);
        long delivered = 0;
        long dropped = 0;
        long maxWait = 0;
        long last = 0;
        for (int i = 0; i < 2500; i++) {
            long departure = bucket.admit(i * 4 * MS, 1000);
            if (departure == TokenBucket.FULL) {
                dropped++;
                continue;
            }
            assertTrue(delivered == 0 || departure - last >= 8 * MS, "faster than the cap");
            last = departure;
            delivered++;
            maxWait = Math.max(maxWait, departure - i * 4 * MS);
        }
        // 10 s at 1 Mb/s carry 1 250 packets of 1 000 bytes, plus the first bucket and the queue
        assertEquals(1250, delivered, 6);
        assertEquals(2500 - delivered, dropped);
        assertTrue(maxWait <= 40 * MS, "waited " + maxWait / 1e6 + " ms behind 5 000 bytes");
    }

    @Test
    void aTimeLimitedQueueDropsWhatWouldWaitTooLong() {
        TokenBucket bucket = new TokenBucket(1_000_000, 1000, 0, 100 * MS);
        long maxWait = 0;
        for (int i = 0; i < 500; i++) {
            long departure = bucket.admit(i * 4 * MS, 1000);
            if (departure != TokenBucket.FULL) {
                maxWait = Math.max(maxWait, departure - i * 4 * MS);
            }
        }
        assertTrue(maxWait <= 100 * MS && maxWait > 90 * MS, "waited " + maxWait / 1e6 + " ms");
    }

    @Test
    void aResumedBucketStartsWithTheTokensLeft() {
        TokenBucket slow = new TokenBucket(100_000, 1000, 100_000, 0);
        slow.admit(0, 1000);
        assertEquals(0, slow.tokensAt(0));
        assertEquals(500 * 8, slow.tokensAt(40 * MS), 1e-6);
        TokenBucket fast = new TokenBucket(10_000_000, 1000, 100_000, 0);
        fast.resumeWith(slow.tokensAt(40 * MS), 40 * MS);
        assertEquals(40 * MS + 400_000, fast.admit(40 * MS, 1000));
    }
}
