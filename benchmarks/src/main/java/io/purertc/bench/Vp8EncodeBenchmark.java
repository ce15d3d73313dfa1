package io.purertc.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
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

import io.purertc.codec.vp8.IvfReader;
import io.purertc.codec.vp8.IvfWriter;
import io.purertc.codec.vp8.Psnr;
import io.purertc.codec.vp8.Vp8Decoder;
import io.purertc.codec.vp8.Vp8Encoder;
import io.purertc.media.I420;
import io.purertc.media.CodecException;
import io.purertc.media.EncodedFrame;
import io.purertc.media.MediaTime;
import io.purertc.media.VideoFrame;

/**
 * VP8 encoding at the real-time setting, in frames per second: {@value #FRAMES} frames (3 s at 30 fps) of a
 * generated clip (a textured scene panned at sub-pixel speed with a little noise) at 640x480 1 Mb/s or 1280x720
 * 2.5 Mb/s, each invocation a fresh encoder from its key frame. The clip is made at setup, or read from
 * {@code yuvDir} where {@code vp8-encode-vs-libvpx.sh} wrote it ({@code main clips DIR}), so that vpxenc can be
 * timed on the same pictures; {@code main encode} and {@code main quality} give the script our stream and the
 * PSNR and bitrate of any stream of the clip.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Vp8EncodeBenchmark {

    static final int FRAMES = 90;
    static final String VGA = "640x480@1000";
    static final String HD = "1280x720@2500";

    /** width x height @ kb/s. */
    @Param({VGA, HD})
    String stream;

    /** Where the raw clips are; empty to generate them at setup. */
    @Param("")
    String yuvDir;

    private List<VideoFrame> clip;
    private int kbps;

    @Setup
    public void setUp() throws IOException {
        int[] size = size(stream);
        kbps = Integer.parseInt(stream.split("@")[1]);
        clip = yuvDir.isEmpty() ? generate(size[0], size[1])
                : read(Path.of(yuvDir).resolve(clipName(stream)), size[0], size[1]);
    }

    /** The whole clip through a new encoder; the score is frames encoded per second. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long encodeClip() {
        long bytes = 0;
        try (Vp8Encoder encoder = new Vp8Encoder(Vp8Encoder.Settings.realTime(kbps * 1000))) {
            for (int i = 0; i < clip.size(); i++) {
                for (EncodedFrame frame : encoder.encode(clip.get(i), 3000L * i)) {
                    bytes += frame.payload().length;
                }
            }
        }
        return bytes;
    }

    static int[] size(String stream) {
        String[] wh = stream.split("@")[0].split("x");
        return new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])};
    }

    static String clipName(String stream) {
        return "clip-" + stream.split("@")[0] + ".yuv";
    }

    /** A smooth random texture twice the picture's size, panned by (1.5, 0.5) pixels a frame, with noise. */
    static List<VideoFrame> generate(int width, int height) {
        Random random = new Random(17);
        int tw = width + 2 * FRAMES;
        int th = height + FRAMES;
        int[] texture = new int[tw * th];
        for (int cell = 64, amplitude = 96; cell >= 2; cell /= 2, amplitude /= 2) {
            int cols = tw / cell + 2;
            int[] knots = new int[cols * (th / cell + 2)];
            for (int i = 0; i < knots.length; i++) {
                knots[i] = random.nextInt(2 * amplitude + 1) - amplitude;
            }
            for (int y = 0; y < th; y++) {
                for (int x = 0; x < tw; x++) {
                    int k = y / cell * cols + x / cell;
                    int fx = x % cell;
                    int fy = y % cell;
                    int top = knots[k] * (cell - fx) + knots[k + 1] * fx;
                    int bottom = knots[k + cols] * (cell - fx) + knots[k + cols + 1] * fx;
                    texture[y * tw + x] += (top * (cell - fy) + bottom * fy) / (cell * cell);
                }
            }
        }
        List<VideoFrame> frames = new ArrayList<>();
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        for (int f = 0; f < FRAMES; f++) {
            byte[] y = new byte[width * height];
            byte[] u = new byte[cw * ch];
            byte[] v = new byte[cw * ch];
            int ox = 3 * f / 2;
            int oy = f / 2;
            for (int row = 0; row < height; row++) {
                for (int col = 0; col < width; col++) {
                    int at = (row + oy) * tw + col + ox;
                    // the half-pixel phase of odd frames, averaged from two texture columns
                    int value = f % 2 == 0 ? texture[at] : (texture[at] + texture[at + 1] + 1) >> 1;
                    y[row * width + col] = pixel(128 + value + (int) Math.round(random.nextGaussian() * 1.5));
                }
            }
            for (int row = 0; row < ch; row++) {
                for (int col = 0; col < cw; col++) {
                    int t = texture[(2 * row + oy) * tw + 2 * col + ox] / 3;
                    u[row * cw + col] = pixel(128 + t);
                    v[row * cw + col] = pixel(120 - t / 2);
                }
            }
            frames.add(new VideoFrame(width, height, y, width, u, cw, v, cw, 0, MediaTime.UNKNOWN));
        }
        return frames;
    }

    private static byte pixel(int value) {
        return (byte) Math.max(0, Math.min(255, value));
    }

    static List<VideoFrame> read(Path yuv, int width, int height) throws IOException {
        List<VideoFrame> frames = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(yuv), 1 << 16)) {
            for (int f = 0; f < FRAMES; f++) {
                VideoFrame frame = I420.read(in, width, height);
                if (frame == null) {
                    throw new IOException(yuv + " holds fewer than " + FRAMES + " frames of " + width + "x" + height);
                }
                frames.add(frame);
            }
        }
        return frames;
    }

    private static void write(List<VideoFrame> frames, Path yuv) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(yuv), 1 << 16)) {
            for (VideoFrame frame : frames) {
                I420.write(frame, out);
            }
        }
    }

    /**
     * For the script: {@code clips DIR} writes both raw clips; {@code encode STREAM DIR OUT.ivf} encodes a clip
     * with our encoder; {@code quality STREAM DIR IN.ivf} prints the mean PSNR (a dropped picture counts as the
     * one shown before it) and the bitrate in kb/s of a stream of the clip.
     */
    public static void main(String[] args) throws IOException, CodecException {
        if (args.length == 2 && args[0].equals("clips")) {
            for (String stream : List.of(VGA, HD)) {
                int[] size = size(stream);
                write(generate(size[0], size[1]), Path.of(args[1]).resolve(clipName(stream)));
            }
            return;
        }
        if (args.length != 4 || !args[0].equals("encode") && !args[0].equals("quality")) {
            throw new IllegalArgumentException(
                    "usage: clips DIR | encode STREAM DIR OUT.ivf | quality STREAM DIR IN.ivf");
        }
        int[] size = size(args[1]);
        List<VideoFrame> frames = read(Path.of(args[2]).resolve(clipName(args[1])), size[0], size[1]);
        Path ivf = Path.of(args[3]);
        if (args[0].equals("encode")) {
            int bitrate = Integer.parseInt(args[1].split("@")[1]) * 1000;
            try (Vp8Encoder encoder = new Vp8Encoder(Vp8Encoder.Settings.realTime(bitrate));
                 IvfWriter writer = IvfWriter.create(ivf, "VP80", size[0], size[1], 30, 1)) {
                for (int i = 0; i < frames.size(); i++) {
                    for (EncodedFrame frame : encoder.encode(frames.get(i), 3000L * i)) {
                        writer.write(i, frame.payload(), 0, frame.payload().length);
                    }
                }
            }
            return;
        }
        double psnr = 0;
        long bytes = 0;
        try (IvfReader reader = IvfReader.open(ivf); Vp8Decoder decoder = new Vp8Decoder()) {
            IvfReader.Frame next = reader.next();
            VideoFrame shown = null;
            for (int i = 0; i < frames.size(); i++) {
                // vpxenc counts time in milliseconds, our encode mode in frames: compare frame numbers
                if (next != null && Math.round(next.timestamp() * 30.0 * reader.scale() / reader.rate()) == i) {
                    bytes += next.data().length;
                    shown = decoder.decode(next.data(), 0, next.data().length).orElse(shown);
                    next = reader.next();
                }
                psnr += shown == null ? 0 : Psnr.psnr(frames.get(i), shown);
            }
        }
        System.out.printf("%.2f %.1f%n", psnr / frames.size(), bytes * 8.0 / (frames.size() / 30.0) / 1000);
    }
}
