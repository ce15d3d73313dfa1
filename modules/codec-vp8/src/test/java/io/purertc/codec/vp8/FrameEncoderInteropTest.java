package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.purertc.media.VideoFrame;
import io.purertc.testkit.ExternalTool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** The streams FrameEncoder writes decode with libvpx's vpxdec, frame by frame, to FrameEncoder's reconstruction. */
@Tag("interop")
class FrameEncoderInteropTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"GRADIENTS, 177, 99, 0", "NOISE, 17, 9, 8", "SCENE_CUT, 64, 48, 4", "PAN, 96, 80, 8",
            "STILL_WITH_MOVING_BOX, 1, 1, 2", "TEXT, 320, 240, 8",
            "PAN, 640, 480, 8"})
    void vpxdecDecodesToTheReconstruction(Clips.Content content, int width, int height, int speed)
            throws IOException {
        ExternalTool vpxdec = ExternalTool.require("vpxdec", "vpx-tools");
        List<VideoFrame> clip = Clips.make(content, width, height, 10, width + height);
        FrameEncoder encoder = new FrameEncoder(width, height);
        byte[] out = new byte[width * height * 3 / 2 + 1024];
        Path ivf = dir.resolve("enc.ivf");
        List<String> expected = new ArrayList<>();
        try (IvfWriter writer = IvfWriter.create(ivf, "VP80", width, height, 30, 1)) {
            for (int n = 0; n < clip.size(); n++) {
                int mask = 1 + n % 7;
                FrameParameters p = n == 0 ? FrameParameters.key(30, speed)
                        : new FrameParameters(n == 5, 10 + n * 11, -1, n % 8, n % 4 != 3, n % 3 == 1, n % 4 == 2,
                                mask, n % 5 != 4, speed);
                int length = encoder.encode(clip.get(n), p, out);
                writer.write(n, out, 0, length);
                expected.add(Md5.of(encoder.reconstruction().toVideoFrame(0)));
            }
        }
        List<String> actual = vpxdec.run(120, "--md5", "--i420", "-o", "%1", ivf.toString()).lines().stream()
                .map(line -> line.split(" ")[0]).toList();
        assertEquals(expected, actual);
    }
}
