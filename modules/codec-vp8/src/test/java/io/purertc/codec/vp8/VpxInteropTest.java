package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.purertc.codec.vp8.Clips.Content;
import io.purertc.media.CodecException;
import io.purertc.media.EncodedFrame;
import io.purertc.media.RtpPayload;
import io.purertc.testkit.ExternalTool;

/**
 * Streams libvpx's encoder made under a spread of settings, each frame carried through our RTP
 * packetizer and depacketizer unchanged and with its key-frame flag right, then decoded: every shown
 * picture's MD5 must be the one vpxdec computes. Prints how many streams and frames were checked and,
 * for every stream that differs, its settings and the first frame that does.
 */
@Tag("interop")
class VpxInteropTest {

    /** One clip and the vpxenc settings it is encoded with. */
    record Stream(Content content, int width, int height, int frames, String settings) {

        String name() {
            return content.name().toLowerCase() + "-" + width + "x" + height + "x" + frames;
        }

        @Override
        public String toString() {
            return name() + " [" + settings + "]";
        }
    }

    static final List<Stream> STREAMS = List.of(
            new Stream(Content.GRADIENTS, 177, 99, 20, "--good --end-usage=vbr --target-bitrate=300"),
            new Stream(Content.GRADIENTS, 177, 99, 20, "--rt --end-usage=cbr --target-bitrate=150 --cpu-used=8"),
            new Stream(Content.GRADIENTS, 177, 99, 20, "--end-usage=cq --cq-level=30 --target-bitrate=1000"),
            new Stream(Content.GRADIENTS, 177, 99, 12, "--profile=1"),
            new Stream(Content.GRADIENTS, 177, 99, 12, "--profile=2"),
            new Stream(Content.GRADIENTS, 177, 99, 12, "--profile=3 --token-parts=1"),
            new Stream(Content.GRADIENTS, 177, 99, 20, "--token-parts=3 --kf-max-dist=4"),
            new Stream(Content.GRADIENTS, 177, 99, 16,
                    "--good --cpu-used=-3 --static-thresh=100 --noise-sensitivity=2"),
            new Stream(Content.TEXT, 320, 240, 16, "--end-usage=vbr --token-parts=1"),
            new Stream(Content.TEXT, 320, 240, 8, "--best --cpu-used=-16 --sharpness=7"),
            new Stream(Content.TEXT, 320, 240, 16, "--rt --cpu-used=16 --end-usage=cbr --error-resilient=1"),
            new Stream(Content.TEXT, 320, 240, 12, "--min-q=4 --max-q=10 --sharpness=2"),
            new Stream(Content.TEXT, 320, 240, 12, "--min-q=56 --max-q=63 --profile=2"),
            new Stream(Content.NOISE, 64, 48, 10, "--min-q=0 --max-q=0"),
            new Stream(Content.NOISE, 64, 48, 10, "--min-q=63 --max-q=63"),
            new Stream(Content.NOISE, 64, 48, 10, "--token-parts=2 --static-thresh=1000 --target-bitrate=2000"),
            new Stream(Content.SCENE_CUT, 160, 90, 24, "--kf-max-dist=999 --noise-sensitivity=6"),
            new Stream(Content.SCENE_CUT, 160, 90, 24, "--kf-min-dist=0 --kf-max-dist=3 --token-parts=2"),
            new Stream(Content.STILL_WITH_MOVING_BOX, 96, 64, 60,
                    "--good --cpu-used=0 --auto-alt-ref=1 --lag-in-frames=16 --passes=2"),
            new Stream(Content.STILL_WITH_MOVING_BOX, 96, 64, 40,
                    "--good --auto-alt-ref=1 --lag-in-frames=16 --passes=2 --error-resilient=1 --sharpness=3"),
            new Stream(Content.GRADIENTS, 33, 17, 10, "--good --cpu-used=4"),
            new Stream(Content.TEXT, 17, 9, 10, "--rt --cpu-used=-8"),
            new Stream(Content.GRADIENTS, 640, 360, 10, "--good --target-bitrate=1000 --token-parts=2"),
            new Stream(Content.TEXT, 640, 360, 8, "--rt --cpu-used=12 --end-usage=cbr --target-bitrate=800"),
            new Stream(Content.GRADIENTS, 1, 1, 6, "--good"),
            new Stream(Content.NOISE, 2, 2, 6, "--rt"),
            new Stream(Content.TEXT, 15, 15, 8, "--token-parts=3"),
            new Stream(Content.GRADIENTS, 31, 33, 8, "--profile=1 --sharpness=5"),
            new Stream(Content.GRADIENTS, 128, 96, 12, "--good --cpu-used=-16"),
            new Stream(Content.GRADIENTS, 128, 96, 12, "--good --cpu-used=-8 --sharpness=1"),
            new Stream(Content.GRADIENTS, 128, 96, 12, "--good --cpu-used=5 --sharpness=4"),
            new Stream(Content.GRADIENTS, 128, 96, 12, "--good --cpu-used=16 --sharpness=6"),
            new Stream(Content.SCENE_CUT, 128, 96, 16, "--rt --cpu-used=-12 --end-usage=cbr --target-bitrate=300"),
            new Stream(Content.SCENE_CUT, 128, 96, 16, "--rt --cpu-used=4 --static-thresh=500 --noise-sensitivity=4"),
            new Stream(Content.SCENE_CUT, 128, 96, 16, "--rt --cpu-used=10 --error-resilient=1 --token-parts=3"),
            new Stream(Content.TEXT, 160, 120, 12, "--error-resilient=1 --token-parts=0"),
            new Stream(Content.TEXT, 160, 120, 12, "--error-resilient=1 --token-parts=2 --kf-max-dist=5"),
            new Stream(Content.TEXT, 160, 120, 12, "--min-q=0 --max-q=63 --end-usage=vbr --target-bitrate=50"),
            new Stream(Content.STILL_WITH_MOVING_BOX, 160, 96, 90,
                    "--good --auto-alt-ref=1 --lag-in-frames=16 --passes=2 --token-parts=2 --kf-max-dist=60"),
            new Stream(Content.SCENE_CUT, 320, 240, 30, "--end-usage=cq --cq-level=10 --kf-max-dist=1000"),
            new Stream(Content.NOISE, 177, 99, 10, "--profile=3 --min-q=0 --max-q=8 --target-bitrate=4000"),
            new Stream(Content.TEXT, 640, 480, 20, "--good --cpu-used=2 --end-usage=vbr --target-bitrate=1500"),
            new Stream(Content.GRADIENTS, 1280, 720, 6, "--rt --cpu-used=8 --token-parts=3 --target-bitrate=2500"),
            new Stream(Content.PAN, 176, 144, 30, "--good --target-bitrate=400"),
            new Stream(Content.PAN, 96, 80, 30, "--rt --cpu-used=8 --end-usage=cbr --target-bitrate=150"),
            new Stream(Content.PAN, 320, 240, 20, "--profile=1 --token-parts=1"),
            new Stream(Content.PAN, 320, 240, 20, "--profile=3 --best"),
            new Stream(Content.PAN, 65, 47, 24, "--good --cpu-used=-4 --auto-alt-ref=1 --lag-in-frames=8 --passes=2"),
            new Stream(Content.NOISE, 320, 240, 20,
                    "--end-usage=cbr --target-bitrate=50 --resize-allowed=1 --resize-down=90 --resize-up=95"));

    @TempDir
    Path dir;

    @Test
    void everyFrameDecodesAsVpxdecDecodesItAfterTheRtpPayloadFormat() throws IOException, CodecException {
        ExternalTool vpxenc = ExternalTool.require("vpxenc", "vpx-tools");
        ExternalTool vpxdec = ExternalTool.require("vpxdec", "vpx-tools");
        Random random = new Random(7741);
        int frames = 0;
        int keyFrames = 0;
        int hiddenFrames = 0;
        int checked = 0;
        int matched = 0;
        List<String> failures = new ArrayList<>();
        for (int s = 0; s < STREAMS.size(); s++) {
            Stream stream = STREAMS.get(s);
            Path ivf = encode(vpxenc, stream, dir, s);
            List<String> expected = vpxdec.run(120, "--md5", "--i420", "-o", "%1", ivf.toString()).lines().stream()
                    .map(line -> line.split(" ")[0]).toList();
            List<String> actual = new ArrayList<>();
            Vp8Packetizer packetizer = new Vp8Packetizer();
            Vp8Depacketizer depacketizer = new Vp8Depacketizer();
            int seq = 65_536 - 20;
            try (IvfReader reader = IvfReader.open(ivf); Vp8Decoder decoder = new Vp8Decoder()) {
                assertEquals("VP80", reader.fourcc());
                assertEquals(stream.width(), reader.width());
                assertEquals(stream.height(), reader.height());
                int index = 0;
                for (IvfReader.Frame frame = reader.next(); frame != null; frame = reader.next(), index++) {
                    boolean key = startsKeyFrame(frame.data(), stream);
                    long timestamp = 3000 * frame.timestamp() & 0xFFFF_FFFFL;
                    EncodedFrame sent = new EncodedFrame("VP8", frame.data(), timestamp, key);
                    Optional<EncodedFrame> received = Optional.empty();
                    for (RtpPayload p : packetizer.packetize(sent, 100 + random.nextInt(1100))) {
                        received = depacketizer.push(p.payload(), 0, p.payload().length, seq, timestamp, p.marker());
                        seq = (seq + 1) & 0xFFFF;
                    }
                    assertEquals(Optional.of(sent), received, stream + " frame " + index);
                    try {
                        decoder.decode(received.get()).ifPresent(picture -> actual.add(Md5.of(picture)));
                    } catch (CodecException e) {
                        failures.add(stream + ": frame " + index + " refused: " + e.getMessage());
                    }
                    frames++;
                    keyFrames += key ? 1 : 0;
                    hiddenFrames += (frame.data()[0] & 0x10) == 0 ? 1 : 0;
                }
            }
            assertEquals(0, depacketizer.framesDiscarded());
            checked += expected.size();
            int firstMismatch = -1;
            for (int i = 0; i < expected.size(); i++) {
                if (i < actual.size() && expected.get(i).equals(actual.get(i))) {
                    matched++;
                } else if (firstMismatch < 0) {
                    firstMismatch = i;
                }
            }
            if (firstMismatch >= 0 || actual.size() != expected.size()) {
                failures.add(stream + ": " + actual.size() + " pictures for vpxdec's " + expected.size()
                        + (firstMismatch >= 0 ? ", first MD5 mismatch at shown frame " + firstMismatch : ""));
            }
        }
        System.out.printf("VP8 interop: %d vpxenc streams, %d frames (%d key, %d hidden) through RTP; %d shown"
                + " frames checked against vpxdec, %d bit-exact%n", STREAMS.size(), frames, keyFrames,
                hiddenFrames, checked, matched);
        failures.forEach(System.out::println);
        assertTrue(hiddenFrames > 0, "the alt-ref settings made no hidden frame");
        assertEquals(List.of(), failures);
    }

    /** Encodes the stream's clip with vpxenc into {@code dir}. */
    static Path encode(ExternalTool vpxenc, Stream stream, Path dir, int index) throws IOException {
        Path raw = dir.resolve(index + ".yuv");
        Clips.writeI420(Clips.make(stream.content(), stream.width(), stream.height(), stream.frames(), index), raw);
        Path ivf = dir.resolve(index + ".ivf");
        List<String> args = new ArrayList<>(List.of("--codec=vp8", "--ivf", "-q", "--disable-warning-prompt",
                "--fps=30/1", "--timebase=1/30",
                "-w", Integer.toString(stream.width()), "-h", Integer.toString(stream.height()),
                "--fpf=" + dir.resolve(index + ".fpf"), "-o", ivf.toString()));
        args.addAll(List.of(stream.settings().split(" ")));
        args.add(raw.toString());
        vpxenc.run(120, args.toArray(String[]::new));
        return ivf;
    }

    /**
     * Whether the frame is a key frame, told independently of {@link Vp8PayloadHeader}: a key frame has
     * the start code 9d 01 2a after its 3-byte frame tag, then the 14-bit width and height, which spatial
     * resampling (--resize-allowed) may make smaller than the clip's, with upscaling bits above them
     * (RFC 6386 §9.1).
     */
    private static boolean startsKeyFrame(byte[] data, Stream stream) {
        boolean key = (data[0] & 1) == 0;
        if (key) {
            assertTrue(data[3] == (byte) 0x9d && data[4] == 0x01 && data[5] == 0x2a, stream + ": start code");
            assertTrue((IvfReader.le16(data, 6) & 0x3FFF) <= stream.width(), stream + ": width");
            assertTrue((IvfReader.le16(data, 8) & 0x3FFF) <= stream.height(), stream + ": height");
        }
        return key;
    }
}
