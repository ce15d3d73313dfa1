package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.purertc.media.VideoFrame;
import io.purertc.testkit.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streams from libvpx's own encoder (vpxenc) decode to exactly the bytes libvpx's decoder (vpxdec --i420)
 * writes, frame by frame, under encoder settings that exercise different parts of the format.
 */
@Tag("interop")
class Vp8DecoderInteropTest {

    @TempDir
    Path dir;

    static Stream<Arguments> streams() {
        List<String[]> settings = List.of(
                new String[] {"--good", "--target-bitrate=300"},
                new String[] {"--rt", "--cpu-used=8", "--end-usage=cbr", "--target-bitrate=150"},
                new String[] {"--good", "--auto-alt-ref=1", "--lag-in-frames=16", "--target-bitrate=200"},
                new String[] {"--good", "--token-parts=3", "--target-bitrate=400"},
                new String[] {"--good", "--error-resilient=1", "--target-bitrate=200"},
                new String[] {"--good", "--target-bitrate=25", "--sharpness=5"},
                new String[] {"--good", "--end-usage=q", "--cq-level=4", "--min-q=0", "--max-q=8"},
                // quantiser index 0: libvpx's encoder then sends y1/y2 DC deltas
                new String[] {"--good", "--end-usage=q", "--cq-level=0", "--min-q=0", "--max-q=0"},
                // versions 1-3: bilinear prediction, the simple loop filter, full-pixel chroma
                new String[] {"--good", "--profile=1", "--target-bitrate=200"},
                new String[] {"--good", "--profile=2", "--target-bitrate=200"},
                new String[] {"--good", "--profile=3", "--target-bitrate=200"},
                // hidden alt-ref frames with sign bias; segmentation (cyclic refresh) without entropy refresh
                new String[] {"--good", "--passes=2", "--auto-alt-ref=1", "--lag-in-frames=16", "--target-bitrate=200"},
                new String[] {"--rt", "--cpu-used=-6", "--error-resilient=1", "--end-usage=cbr",
                    "--target-bitrate=100"},
                new String[] {"--rt", "--cpu-used=4", "--noise-sensitivity=2", "--token-parts=2",
                    "--target-bitrate=60"});
        List<Arguments> all = new ArrayList<>();
        for (String[] s : settings) {
            all.add(Arguments.of(64, 48, 20, s));
            all.add(Arguments.of(177, 99, 20, s));
        }
        all.add(Arguments.of(320, 240, 40, new String[] {"--good", "--cpu-used=0", "--target-bitrate=300"}));
        all.add(Arguments.of(17, 9, 10, new String[] {"--good", "--target-bitrate=50"}));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}x{1} {3}")
    @MethodSource("streams")
    void decodesVpxencStreamsLikeVpxdec(int width, int height, int frames, String[] settings) throws Exception {
        int shown = assertDecodesLikeVpxdec(new Vp8Decoder(), encode(width, height, frames, settings), width, height);
        assertTrue(shown >= frames - 1, "too few frames: " + shown);
    }

    @Test
    void oneDecoderFollowsKeyFramesThatChangeTheSize() throws Exception {
        Vp8Decoder decoder = new Vp8Decoder();
        String[] settings = {"--good", "--target-bitrate=200"};
        assertDecodesLikeVpxdec(decoder, encode(64, 48, 6, settings), 64, 48);
        assertDecodesLikeVpxdec(decoder, encode(177, 99, 6, settings), 177, 99);
        assertDecodesLikeVpxdec(decoder, encode(64, 48, 6, settings), 64, 48);
    }

    /** vpxenc's frames of a generated clip, and what vpxdec makes of them. */
    private record Encoded(List<byte[]> frames, byte[] decoded) {
    }

    private Encoded encode(int width, int height, int frames, String[] settings) throws IOException {
        ExternalTool vpxenc = ExternalTool.require("vpxenc", "vpx-tools");
        ExternalTool vpxdec = ExternalTool.require("vpxdec", "vpx-tools");
        Path raw = dir.resolve("in.yuv");
        Files.write(raw, clip(width, height, frames, width * 31 + height));
        Path ivf = dir.resolve("out.ivf");
        List<String> args = new ArrayList<>(List.of("--codec=vp8", "--ivf", "--i420", "-q",
                "--fps=30/1", "--kf-max-dist=12", "-w", Integer.toString(width), "-h", Integer.toString(height)));
        args.addAll(List.of(settings));
        if (args.stream().noneMatch(a -> a.startsWith("--passes"))) {
            args.add("--passes=1");
        }
        args.addAll(List.of("-o", ivf.toString(), raw.toString()));
        vpxenc.run(120, args.toArray(String[]::new));
        Path decoded = dir.resolve("dec.yuv");
        vpxdec.run(120, "--i420", "-o", decoded.toString(), ivf.toString());
        return new Encoded(ivfFrames(ivf), Files.readAllBytes(decoded));
    }

    /** Decodes every frame, compares each shown one with vpxdec's, and returns how many were shown. */
    private static int assertDecodesLikeVpxdec(Vp8Decoder decoder, Encoded stream, int width, int height)
            throws Exception {
        byte[] expected = stream.decoded();
        int chroma = VideoFrame.chromaWidth(width) * VideoFrame.chromaHeight(height);
        int frameSize = width * height + 2 * chroma;
        int shown = 0;
        for (byte[] frame : stream.frames()) {
            Optional<VideoFrame> picture = decoder.decode(frame, 0, frame.length);
            if (picture.isEmpty()) {
                continue;
            }
            VideoFrame p = picture.get();
            assertEquals(width, p.width());
            assertEquals(height, p.height());
            int base = shown * frameSize;
            assertTrue(base + frameSize <= expected.length, "vpxdec wrote fewer frames than we showed");
            comparePlane("Y", shown, p.y(), expected, base, width, height);
            comparePlane("U", shown, p.u(), expected, base + width * height, VideoFrame.chromaWidth(width),
                    VideoFrame.chromaHeight(height));
            comparePlane("V", shown, p.v(), expected, base + width * height + chroma, VideoFrame.chromaWidth(width),
                    VideoFrame.chromaHeight(height));
            shown++;
        }
        assertEquals(expected.length / frameSize, shown, "shown frames");
        return shown;
    }

    /**
     * Bit flips in an inter frame's first partition give arbitrary modes and motion vectors (and need_to_clamp
     * MVs): up to and including the damaged frame, we show what vpxdec shows, or refuse a frame libvpx itself
     * reports as corrupted. Version 3's whole-pixel chroma can point wholly into the border, where libvpx leaves
     * the chroma unpredicted.
     */
    @ParameterizedTest(name = "profile {0}")
    @ValueSource(ints = {0, 3})
    void damagedModesAndMotionVectorsDecodeLikeVpxdec(int profile) throws Exception {
        ExternalTool vpxenc = ExternalTool.require("vpxenc", "vpx-tools");
        ExternalTool vpxdec = ExternalTool.require("vpxdec", "vpx-tools");
        int width = 96;
        int height = 64;
        Path raw = dir.resolve("in.yuv");
        Files.write(raw, clip(width, height, 12, 7));
        Path ivf = dir.resolve("out.ivf");
        vpxenc.run(120, "--codec=vp8", "--ivf", "--i420", "-q", "--passes=1", "--fps=30/1", "--good",
                "--target-bitrate=300", "--profile=" + profile, "-w", Integer.toString(width),
                "-h", Integer.toString(height),
                "-o", ivf.toString(), raw.toString());
        List<byte[]> frames = ivfFrames(ivf);
        int frameSize = width * height + 2 * VideoFrame.chromaWidth(width) * VideoFrame.chromaHeight(height);
        int compared = 0;
        for (int trial = 0; trial < 40; trial++) {
            Random random = new Random(trial);
            int k = 1 + random.nextInt(frames.size() - 1);
            byte[] damaged = frames.get(k).clone();
            int firstSize = ((damaged[0] & 0xFF) | (damaged[1] & 0xFF) << 8 | (damaged[2] & 0xFF) << 16) >>> 5;
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                int at = 3 + 4 + random.nextInt(Math.max(1, firstSize - 4));
                damaged[at] ^= (byte) (1 << random.nextInt(8));
            }
            List<byte[]> stream = new ArrayList<>(frames.subList(0, k));
            stream.add(damaged);
            Path mutated = dir.resolve("damaged.ivf");
            try (IvfWriter writer = IvfWriter.create(mutated, "VP80", width, height, 30, 1)) {
                for (int i = 0; i < stream.size(); i++) {
                    writer.write(i, stream.get(i), 0, stream.get(i).length);
                }
            }
            Path decoded = dir.resolve("damaged.yuv");
            Files.deleteIfExists(decoded);
            ProcessBuilder builder = new ProcessBuilder(vpxdec.executable().toString(), "--i420", "--keep-going", "-o",
                    decoded.toString(), mutated.toString()).redirectErrorStream(true);
            Process process = builder.start();
            String log = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            process.waitFor();
            byte[] expected = Files.exists(decoded) ? Files.readAllBytes(decoded) : new byte[0];
            Vp8Decoder decoder = new Vp8Decoder();
            for (int i = 0; i <= k; i++) {
                VideoFrame p;
                try {
                    p = decoder.decode(stream.get(i), 0, stream.get(i).length).orElseThrow();
                } catch (io.purertc.media.CodecException e) {
                    assertTrue(i == k && log.contains("corrupt"), "trial " + trial + ": we refused frame " + i
                            + " (" + e.getMessage() + ") which vpxdec decoded cleanly: " + log);
                    break;
                }
                assertTrue((i + 1) * frameSize <= expected.length, "trial " + trial + ": vpxdec showed no frame " + i);
                comparePlane("Y", i, p.y(), expected, i * frameSize, width, height);
                int chroma = (width / 2) * (height / 2);
                comparePlane("U", i, p.u(), expected, i * frameSize + width * height, width / 2, height / 2);
                comparePlane("V", i, p.v(), expected, i * frameSize + width * height + chroma, width / 2, height / 2);
                compared += i == k ? 1 : 0;
            }
        }
        assertTrue(compared >= 15, "only " + compared + " damaged frames were decodable");
    }

    private static void comparePlane(String plane, int frame, byte[] actual, byte[] expected, int base, int w, int h) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = actual[y * w + x] & 0xFF;
                int e = expected[base + y * w + x] & 0xFF;
                if (a != e) {
                    fail("frame " + frame + " plane " + plane + " differs first at (" + x + ", " + y + "): " + a
                            + " instead of " + e);
                }
            }
        }
    }

    /** The frames of an IVF file, in order. */
    static List<byte[]> ivfFrames(Path ivf) throws IOException {
        try (IvfReader reader = IvfReader.open(ivf)) {
            List<byte[]> frames = new ArrayList<>();
            for (IvfReader.Frame frame = reader.next(); frame != null; frame = reader.next()) {
                frames.add(frame.data());
            }
            return frames;
        }
    }

    /** A moving diagonal gradient with a bright square crossing it, plus noise: motion, texture and flat areas. */
    static byte[] clip(int width, int height, int frames, long seed) {
        Random random = new Random(seed);
        int cw = VideoFrame.chromaWidth(width);
        int ch = VideoFrame.chromaHeight(height);
        int frameSize = width * height + 2 * cw * ch;
        byte[] out = new byte[frameSize * frames];
        for (int f = 0; f < frames; f++) {
            int base = f * frameSize;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int v = ((x + f * 3) * 2 + (y + f) * 3) & 0xFF;
                    int sx = x - f * 4 - 5;
                    int sy = y - f * 2 - 3;
                    if (sx >= 0 && sx < 20 && sy >= 0 && sy < 14) {
                        v = 230;
                    }
                    v += random.nextInt(9) - 4;
                    out[base + y * width + x] = (byte) Math.max(0, Math.min(255, v));
                }
            }
            for (int y = 0; y < ch; y++) {
                for (int x = 0; x < cw; x++) {
                    out[base + width * height + y * cw + x] = (byte) (((x - f) * 5 + y * 2) & 0xFF);
                    int v = 128 + ((y + f) * 3 & 0x3F) + random.nextInt(3);
                    out[base + width * height + cw * ch + y * cw + x] = (byte) v;
                }
            }
        }
        return out;
    }
}
