package io.purertc.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The send path's serialisation: header with Chromium's three video extensions plus a 1000-byte
 * payload written into a reused datagram buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RtpSerializeBenchmark {

    private static final int MTU = 1500;

    private byte[] payload;
    private byte[] datagram;

    @Setup
    public void setUp() {
        payload = ChromiumVideoPacket.payload(1000);
        datagram = new byte[MTU];
    }

    @Benchmark
    public void writeHeaderAndPayload(Blackhole blackhole) {
        blackhole.consume(ChromiumVideoPacket.HEADER.write(payload, 0, payload.length, 0, datagram, 0));
        blackhole.consume(datagram);
    }
}
