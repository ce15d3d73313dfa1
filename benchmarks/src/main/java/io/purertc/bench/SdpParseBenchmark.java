package io.purertc.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.purertc.sdp.SdpParseException;
import io.purertc.sdp.SessionDescription;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing the offer a signaling server receives most: Chromium's audio + video + data channel
 * offer (8 audio and 25 video formats, 15 header extensions, 4 candidates; 182 lines). Target:
 * at most 50 µs a parse.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SdpParseBenchmark {

    private static final String OFFER_RESOURCE = "/chromium-offer-audio-video-data.sdp";

    private String offer;
    private SessionDescription parsed;

    @Setup
    public void load() throws IOException, SdpParseException {
        try (InputStream in = SdpParseBenchmark.class.getResourceAsStream(OFFER_RESOURCE)) {
            if (in == null) {
                throw new IOException("benchmark resource " + OFFER_RESOURCE + " is missing");
            }
            offer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        parsed = SessionDescription.parse(offer);
    }

    @Benchmark
    public SessionDescription parse() throws SdpParseException {
        return SessionDescription.parse(offer);
    }

    /** Writing back the parsed offer, for comparison with parsing it. */
    @Benchmark
    public String write() {
        return parsed.write();
    }
}
