package io.purertc.jitter;

/**
 * Decides whether a key frame request (PLI, or FIR where negotiated) may go out now. Requests come
 * from several places (NACK list overflow, frames not completed in time, the decoder reporting
 * corruption) and often in bursts; one is enough while its key frame is on the way. So at most one
 * goes out per {@code max(minInterval, RTT)}: sooner than one RTT the key frame answering the last
 * request cannot have arrived, and the floor keeps a sender from encoding key frames back to back
 * on a short path. Not thread-safe: one thread at a time.
 */
// RFC 4585 §6.3.1, RFC 5104 §4.3.1
public final class KeyFrameRequestLimiter {

    /** The least time between two requests: about ten frames at 30 fps, time for a key frame to be encoded and sent. */
    public static final long DEFAULT_MIN_INTERVAL_MICROS = 300_000;

    private final long minIntervalMicros;
    private boolean requested;
    private long lastRequestMicros;
    private long requestsSent;
    private long requestsSuppressed;

    public KeyFrameRequestLimiter() {
        this(DEFAULT_MIN_INTERVAL_MICROS);
    }

    public KeyFrameRequestLimiter(long minIntervalMicros) {
        if (minIntervalMicros < 0) {
            throw new IllegalArgumentException("interval must not be negative, got " + minIntervalMicros);
        }
        this.minIntervalMicros = minIntervalMicros;
    }

    /**
     * Whether a request wanted at {@code nowMicros} should be sent; if so it counts as sent now,
     * otherwise as suppressed.
     *
     * @param rttMicros the round-trip time, 0 or less when unknown
     */
    public boolean tryRequest(long nowMicros, long rttMicros) {
        if (requested && nowMicros - lastRequestMicros < Math.max(minIntervalMicros, rttMicros)) {
            requestsSuppressed++;
            return false;
        }
        requested = true;
        lastRequestMicros = nowMicros;
        requestsSent++;
        return true;
    }

    public long requestsSent() {
        return requestsSent;
    }

    public long requestsSuppressed() {
        return requestsSuppressed;
    }
}
