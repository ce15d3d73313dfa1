package io.purertc.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.purertc.codec.vp8.IvfReader;
import io.purertc.codec.vp8.Vp8Decoder;
import io.purertc.media.CodecException;

/**
 * VP8 decoding of a whole stream, in frames per second: {@value #FRAMES} frames (3 s at 30 fps) of a
 * generated clip (sliding gradients, moving boxes, a little noise) that vpxenc encoded at 640x480 1 Mb/s or
 * 1280x720 2.5 Mb/s. The streams are made at setup into a temporary directory, or taken from
 * {@code ivfDir} where {@code vp8-decode-vs-libvpx.sh} made them ({@code main} writes them), so that
 * vpxdec can be timed on the very same files.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Vp8DecodeBenchmark {

    static final int FRAMES = 90;
    static final String VGA = "640x480@1000";
    static final String HD = "1280x720@2500";

    /** width x height @ kb/s. */
    @Param({VGA, HD})
    String stream;

    /** Where the IVF files are; empty to encode them at setup (vpxenc on the PATH). */
    @Param("")
    String ivfDir;

    private List<byte[]> frames;
    private Vp8Decoder decoder;

    @Setup
    public void setUp() throws IOException, InterruptedException {
        Path ivf;
        if (ivfDir.isEmpty()) {
            Path dir = Files.createTempDirectory("vp8bench");
            encode(stream, dir);
            ivf = dir.resolve(fileName(stream));
            ivf.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
        } else {
            ivf = Path.of(ivfDir).resolve(fileName(stream));
        }
        frames = new ArrayList<>();
        try (IvfReader reader = IvfReader.open(ivf)) {
            for (IvfReader.Frame frame = reader.next(); frame != null; frame = reader.next()) {
                frames.add(frame.data());
            }
        }
        if (frames.size() != FRAMES) {
            throw new IllegalStateException(ivf + " has " + frames.size() + " frames, not " + FRAMES);
        }
        decoder = new Vp8Decoder();
    }

    @TearDown
    public void tearDown() {
        decoder.close();
    }

    /** The whole stream, from its key frame; the score is frames decoded per second. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long decodeStream() throws CodecException {
        long sum = 0;
        for (byte[] frame : frames) {
            sum += decoder.decode(frame, 0, frame.length).map(picture -> picture.y()[0]).orElse((byte) 0);
        }
        return sum;
    }

    static String fileName(String stream) {
        return "vp8-" + stream.replace('@', '-') + ".ivf";
    }

    /** Generates the clip and has vpxenc encode it into {@code dir}. */
    static void encode(String stream, Path dir) throws IOException, InterruptedException {
        String[] sizeAndRate = stream.split("@");
        String[] size = sizeAndRate[0].split("x");
        int width = Integer.parseInt(size[0]);
        int height = Integer.parseInt(size[1]);
        Path raw = dir.resolve("vp8-" + sizeAndRate[0] + ".yuv");
        writeClip(raw, width, height);
        Process vpxenc = new ProcessBuilder("vpxenc", "--codec=vp8", "--ivf", "-q", "--fps=30/1",
                "--good", "--cpu-used=4", "--end-usage=cbr", "--target-bitrate=" + sizeAndRate[1],
                "--kf-max-dist=" + FRAMES, "-w", size[0], "-h", size[1], "-o", dir.resolve(fileName(stream)).toString(),
                raw.toString()).inheritIO().start();
        if (vpxenc.waitFor() != 0) {
            throw new IOException("vpxenc failed on " + stream + " (exit " + vpxenc.exitValue() + ")");
        }
        Files.delete(raw);
    }

    /** Raw I420: a gradient sliding right, two boxes crossing it, noise on a tenth of the luma. */
    private static void writeClip(Path raw, int width, int height) throws IOException {
        Random random = new Random(8);
        int chromaWidth = (width + 1) / 2;
        int chromaHeight = (height + 1) / 2;
        byte[] frame = new byte[width * height + 2 * chromaWidth * chromaHeight];
        try (OutputStream out = Files.newOutputStream(raw)) {
            for (int f = 0; f < FRAMES; f++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int luma = (x + 3 * f) * 255 / width / 2 + y * 100 / height;
                        if (inBox(x, y, 40 + 5 * f, height / 3, width / 6) || inBox(x, y, width - 4 * f, height / 2,
                                width / 5)) {
                            luma = 235 - (x ^ y) % 32;
                        }
                        if (random.nextInt(10) == 0) {
                            luma += random.nextInt(21) - 10;
                        }
                        frame[y * width + x] = (byte) Math.max(16, Math.min(235, luma));
                    }
                }
                int u = width * height;
                int v = u + chromaWidth * chromaHeight;
                for (int y = 0; y < chromaHeight; y++) {
                    for (int x = 0; x < chromaWidth; x++) {
                        frame[u + y * chromaWidth + x] = (byte) (96 + (x + f) % 64);
                        frame[v + y * chromaWidth + x] = (byte) (160 - y * 64 / chromaHeight);
                    }
                }
                out.write(frame);
            }
        }
    }

    private static boolean inBox(int x, int y, int left, int top, int side) {
        return x >= left && x < left + side && y >= top && y < top + side;
    }

    /** Writes both benchmark streams into the directory given, for vpxdec to be timed on. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (String stream : List.of(VGA, HD)) {
            encode(stream, dir);
            System.out.println(dir.resolve(fileName(stream)));
        }
    }
}
