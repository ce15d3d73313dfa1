package io.purertc.bench;

import io.purertc.jitter.NackGenerator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The receiver's NACK bookkeeping for a window of 1000 packets, one a millisecond, 5 % of them
 * lost and each lost one recovered by RTX one RTT (20 ms) later: per packet, {@code onPacket} for
 * the arrival (and the recovery due now) and {@code due} as a receiver calls it after each packet.
 * Reported per packet. The stream runs on across invocations, sequence numbers wrapping.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NackBenchmark {

    private static final int WINDOW = 1000;
    private static final long PACKET_INTERVAL_MICROS = 1_000;
    private static final long RTT_MICROS = 20_000;
    private static final int RTT_PACKETS = (int) (RTT_MICROS / PACKET_INTERVAL_MICROS);

    private final boolean[] lost = new boolean[WINDOW];
    private NackGenerator generator;
    private int nextSequenceNumber;
    private long now;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        for (int i = 0; i < WINDOW; i++) {
            lost[i] = random.nextInt(100) < 5;
        }
        generator = new NackGenerator();
    }

    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public int window() {
        int nacked = 0;
        for (int i = 0; i < WINDOW; i++) {
            int seq = nextSequenceNumber;
            nextSequenceNumber = (seq + 1) & 0xFFFF;
            now += PACKET_INTERVAL_MICROS;
            if (!lost[i]) {
                generator.onPacket(seq, false, false, now);
            }
            if (lost[(i - RTT_PACKETS + WINDOW) % WINDOW]) {
                generator.onPacket((seq - RTT_PACKETS) & 0xFFFF, false, true, now);
            }
            nacked += generator.due(now, RTT_MICROS).sequenceNumbers().size();
        }
        return nacked;
    }
}
