package io.purertc.bench;

import io.purertc.rtcp.ReportBlock;
import io.purertc.rtcp.RtcpCompound;
import io.purertc.rtcp.RtcpPacket;
import io.purertc.rtcp.SenderReport;
import io.purertc.rtcp.SourceDescription;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.NtpTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Parsing the compound a sender sends every second: SR with three report blocks, then SDES CNAME. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RtcpCompoundParseBenchmark {

    private byte[] compound;

    @Setup
    public void setUp() {
        List<ReportBlock> blocks = List.of(
                new ReportBlock(0x1111_1111L, 3, 120, 0x0001_2345L, 42, 0xB705_2000L, 0x0005_4000L),
                new ReportBlock(0x2222_2222L, 0, 0, 0x0000_0F00L, 7, 0xB705_2000L, 0x0000_8000L),
                new ReportBlock(0x3333_3333L, 25, 4000, 0x0003_0001L, 900, 0, 0));
        compound = RtcpCompound.write(List.of(
                new SenderReport(0x1234_5678L, NtpTime.fromUnixMicros(1_700_000_000_000_000L), 3_000_000, 5000,
                        4_000_000, blocks),
                SourceDescription.ofCname(0x1234_5678L, "f81d4fae-7dec-11d0-a765-00a0c91e6bf6")));
    }

    @Benchmark
    public List<RtcpPacket> parse() throws MalformedPacketException {
        return RtcpCompound.parse(compound, 0, compound.length);
    }
}
