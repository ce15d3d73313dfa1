package io.purertc.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.purertc.rtp.MalformedPacketException;
import io.purertc.stun.StunClass;
import io.purertc.stun.StunIntegrity;
import io.purertc.stun.StunMessage;
import io.purertc.stun.StunMessageWriter;

/**
 * An ICE agent's per-check work on receipt: parse a Chromium-style Binding request (USERNAME, PRIORITY,
 * ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT) and check the fingerprint and the
 * integrity with the agent's already-initialised key. Target: at most 1 us per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StunCheckBenchmark {

    private byte[] request;
    private int length;
    private StunIntegrity key;

    @Setup
    public void setUp() {
        key = StunIntegrity.shortTerm("pLyQtDHNGcIlrHnkvBQsN8Tk");
        request = new byte[256];
        byte[] transactionId = {0x4c, 0x36, 0x2f, 0x71, 0x5a, 0x19, 0x0e, 0x63, 0x27, 0x40, 0x51, 0x7d};
        length = new StunMessageWriter(request, 0, StunMessage.BINDING, StunClass.REQUEST, transactionId)
                .username("bxX1:hJk2")
                .priority(1853824767L)
                .iceControlling(0x2b8e7a4c91d35f06L)
                .useCandidate()
                .messageIntegrity(key)
                .fingerprint()
                .length();
    }

    @Benchmark
    public boolean parseAndVerify() throws MalformedPacketException {
        StunMessage message = StunMessage.parse(request, 0, length);
        return message.hasValidFingerprint() && key.verify(message);
    }
}
