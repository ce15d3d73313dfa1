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

import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.RtpPacket;
import io.purertc.rtp.TransportSequenceNumber;

/**
 * The receive hot path's first step: parse a Chromium VP8 packet (1100-byte payload, one-byte
 * extensions mid, abs-send-time, transport-cc) and read its transport-wide sequence number, as
 * congestion-control feedback needs for every packet. Target: at most 40 ns per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RtpParseBenchmark {

    private byte[] packet;

    @Setup
    public void setUp() {
        byte[] payload = ChromiumVideoPacket.payload(1100);
        packet = ChromiumVideoPacket.HEADER.toPacket(payload, 0, payload.length, 0);
    }

    @Benchmark
    public void parseAndReadTransportSequenceNumber(Blackhole blackhole) throws MalformedPacketException {
        RtpPacket rtp = RtpPacket.parse(packet, 0, packet.length);
        int offset = rtp.extensionOffset(ChromiumVideoPacket.TRANSPORT_CC_ID);
        int length = rtp.extensionLength(ChromiumVideoPacket.TRANSPORT_CC_ID);
        blackhole.consume(TransportSequenceNumber.read(packet, offset, length));
        blackhole.consume(rtp);
    }
}
