package io.purertc.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.purertc.codec.vp8.IvfReader;
import io.purertc.codec.vp8.IvfWriter;
import io.purertc.testkit.ExternalTool;

/**
 * {@code vp8-decode} against vpxdec on a 177x99 stream vpxenc made: the raw I420 output is byte for byte
 * vpxdec's, the {@code --md5} lines are vpxdec's {@code --md5 --i420 -o %1} lines, and with one frame cut
 * short the damage is reported by index and the frames from the next key frame on are vpxdec's again.
 */
@Tag("interop")
class Vp8DecodeInteropTest {

    private static final int WIDTH = 177;
    private static final int HEIGHT = 99;
    private static final int FRAMES = 12;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path encode(ExternalTool vpxenc) throws Exception {
        int chroma = ((WIDTH + 1) / 2) * ((HEIGHT + 1) / 2);
        byte[] raw = new byte[FRAMES * (WIDTH * HEIGHT + 2 * chroma)];
        int at = 0;
        for (int f = 0; f < FRAMES; f++) {
            for (int i = 0; i < WIDTH * HEIGHT; i++) {
                raw[at++] = (byte) (i % WIDTH * 2 + i / WIDTH + 7 * f + (i * 7919 % 13));
            }
            for (int i = 0; i < 2 * chroma; i++) {
                raw[at++] = (byte) (100 + i % 50 + f);
            }
        }
        Path yuv = dir.resolve("in.yuv");
        Files.write(yuv, raw);
        Path ivf = dir.resolve("in.ivf");
        vpxenc.run(60, "--codec=vp8", "--ivf", "-q", "--fps=30/1", "--kf-max-dist=4", "--token-parts=1",
                "-w", Integer.toString(WIDTH), "-h", Integer.toString(HEIGHT), "-o", ivf.toString(), yuv.toString());
        return ivf;
    }

    @Test
    void outputAndMd5sAreVpxdecsAndACutFrameIsSkippedToTheNextKeyFrame() throws Exception {
        ExternalTool vpxenc = ExternalTool.require("vpxenc", "vpx-tools");
        ExternalTool vpxdec = ExternalTool.require("vpxdec", "vpx-tools");
        Path ivf = encode(vpxenc);

        Path theirs = dir.resolve("vpxdec.yuv");
        vpxdec.run(60, "--i420", "-o", theirs.toString(), ivf.toString());
        Path ours = dir.resolve("ours.yuv");
        assertEquals(0, run("vp8-decode", ivf.toString(), ours.toString()), err.toString(StandardCharsets.UTF_8));
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));

        List<String> md5s = vpxdec.run(60, "--md5", "--i420", "-o", "%1", ivf.toString()).lines();
        assertEquals(FRAMES, md5s.size());
        assertEquals(0, run("vp8-decode", "--md5", ivf.toString()));
        assertEquals(md5s, out.toString(StandardCharsets.UTF_8).lines().toList());

        // Frame 5 (an inter frame after the key frame at 4) cut to 20 bytes: 5..7 are lost, 8 is a key frame.
        Path cut = dir.resolve("cut.ivf");
        try (IvfReader reader = IvfReader.open(ivf);
             IvfWriter writer = IvfWriter.create(cut, "VP80", WIDTH, HEIGHT, reader.rate(), reader.scale())) {
            int index = 0;
            for (IvfReader.Frame frame = reader.next(); frame != null; frame = reader.next(), index++) {
                writer.write(frame.timestamp(), frame.data(), 0, index == 5 ? 20 : frame.data().length);
            }
        }
        assertEquals(1, run("vp8-decode", "--md5", cut.toString()));
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("frame 5 is corrupt"), errors);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(FRAMES - 3, lines.size(), errors);
        for (int i = 0; i < lines.size(); i++) {
            int original = i < 5 ? i : i + 3;
            assertEquals(md5s.get(original).split(" ")[0], lines.get(i).split(" ")[0], "frame " + original);
        }
    }
}
