package io.purertc.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AvSynchronizerTest {

    @Test
    void explore() {
        for (int c = 0; c < 4; c++) {
            CallSimulation call = new CallSimulation();
            if (c == 0) { call.videoNetworkMicros = 190_000; }
            if (c == 1) { call.audioNetworkMicros = 190_000; }
            if (c >= 2) { call.videoNetworkMicros = 190_000; call.jitterMicros = 10_000; call.buffersAbsorbJitter = c == 2; }
            call.run(60_000_000);
            System.out.printf("case %d converged(15ms) after %.2f s, worst after 20 s %.1f ms, mean %.2f ms, capture err %d us, stats %s%n",
                    c, call.convergedAfterMicros(15_000) / 1e6, call.worstOffsetFromMicros(20_000_000) / 1e3,
                    call.meanOffsetFromMicros(20_000_000) / 1e3, call.worstCaptureErrorMicros, call.synchronizer.stats().offsetMs());
        }
        assertTrue(true);
    }
}
