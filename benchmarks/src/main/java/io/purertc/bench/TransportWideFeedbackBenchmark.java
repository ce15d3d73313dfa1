package io.purertc.bench;

import io.purertc.rtcp.RtcpCompound;
import io.purertc.rtcp.RtcpPacket;
import io.purertc.rtcp.TransportWideFeedback;
import io.purertc.rtp.MalformedPacketException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Transport-wide feedback for 100 packets of a video call: arrivals about 1 ms apart in bursts
 * with a 30 ms frame gap every 10 packets, a little jitter, one reordering and three losses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TransportWideFeedbackBenchmark {

    private static final int PACKETS = 100;

    private final long[] sequences = new long[PACKETS];
    private final long[] arrivals = new long[PACKETS];
    private int count;
    private byte[] feedback;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        long time = 1_700_000_000_000L;
        for (int i = 0; i < PACKETS; i++) {
            if (i == 17 || i == 52 || i == 53) {
                continue;
            }
            time += (i % 10 == 0 ? 30_000 : 1_000) + random.nextInt(400) - 200;
            sequences[count] = 65_500 + i;
            arrivals[count] = time;
            count++;
        }
        long swap = arrivals[70];
        arrivals[70] = arrivals[71];
        arrivals[71] = swap;
        feedback = RtcpCompound.write(build());
    }

    private List<TransportWideFeedback> build() {
        TransportWideFeedback.Builder builder = new TransportWideFeedback.Builder(0x1234_5678L, 0x9ABC_DEF0L, 0);
        for (int i = 0; i < count; i++) {
            builder.add(sequences[i], arrivals[i]);
        }
        return builder.build();
    }

    @Benchmark
    public byte[] buildAndWrite() {
        return RtcpCompound.write(build());
    }

    @Benchmark
    public List<RtcpPacket> parse() throws MalformedPacketException {
        return RtcpCompound.parse(feedback, 0, feedback.length);
    }
}
