package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.purertc.codec.vp8.Clips.Content;
import io.purertc.media.CodecException;
import io.purertc.media.EncodedFrame;
import io.purertc.media.VideoFrame;
import io.purertc.testkit.ExternalTool;

/**
 * Our encoder against libvpx: every stream it writes decodes with vpxdec, picture for picture equal to our
 * decoder's output and to the encoder's own reconstruction; and on a natural-looking clip its quality and rate
 * are held against vpxenc's real-time CBR mode.
 */
@Tag("interop")
class Vp8EncoderInteropTest {

    /** Frames of the quality clip: 10 s at 30 fps unless {@code -Dpurertc.vp8.qualityFrames=N} says otherwise. */
    private static final int QUALITY_FRAMES = Integer.getInteger("purertc.vp8.qualityFrames", 300);
    private static final int QUALITY_WIDTH = 640;
    private static final int QUALITY_HEIGHT = 480;
    private static final int QUALITY_KBPS = 1000;

    @TempDir
    Path dir;

    record Stream(Content content, int width, int height, int frames, Vp8Encoder.Settings settings) {
        @Override
        public String toString() {
            return content + " " + width + "x" + height + "x" + frames + " " + settings.targetBitrate() / 1000
                    + " kb/s, " + settings.temporalLayers() + " layers" + (settings.errorResilient() ? ", ER" : "");
        }
    }

    static List<Stream> streams() {
        Vp8Encoder.Settings rt = Vp8Encoder.Settings.realTime(300_000);
        return List.of(
                new Stream(Content.GRADIENTS, 177, 99, 30, rt),
                new Stream(Content.NOISE, 177, 99, 12, Vp8Encoder.Settings.realTime(3_000_000).withKeyFrameInterval(5)),
                new Stream(Content.TEXT, 320, 240, 30, Vp8Encoder.Settings.realTime(600_000)),
                new Stream(Content.SCENE_CUT, 177, 99, 30, rt.withErrorResilient(true)),
                new Stream(Content.PAN, 160, 96, 24, rt.withTemporalLayers(3)),
                new Stream(Content.STILL_WITH_MOVING_BOX, 96, 64, 30, rt.withTemporalLayers(2)),
                new Stream(Content.GRADIENTS, 1, 1, 6, rt),
                new Stream(Content.PAN, 1280, 720, 6, Vp8Encoder.Settings.realTime(8_000_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void vpxdecShowsWhatOurDecoderAndTheReconstructionShow(Stream stream) throws IOException, CodecException {
        ExternalTool vpxdec = ExternalTool.require("vpxdec", "vpx-tools");
        List<VideoFrame> clip = Clips.make(stream.content(), stream.width(), stream.height(), stream.frames(), 11);
        Path ivf = dir.resolve("ours.ivf");
        List<byte[]> reconstructions = new ArrayList<>();
        List<byte[]> decoded = new ArrayList<>();
        try (Vp8Encoder encoder = new Vp8Encoder(stream.settings());
             Vp8Decoder decoder = new Vp8Decoder();
             IvfWriter writer = IvfWriter.create(ivf, "VP80", stream.width(), stream.height(), 30, 1)) {
            for (int i = 0; i < clip.size(); i++) {
                for (EncodedFrame frame : encoder.encode(clip.get(i), 3000L * i)) {
                    writer.write(i, frame.payload(), 0, frame.payload().length);
                    reconstructions.add(Md5.i420(encoder.reconstruction().toVideoFrame(0)));
                    Optional<VideoFrame> shown = decoder.decode(frame);
                    decoded.add(Md5.i420(shown.orElseThrow()));
                }
            }
        }
        Path yuv = dir.resolve("vpxdec.yuv");
        vpxdec.run(120, "--i420", "-o", yuv.toString(), ivf.toString());
        byte[] all = Files.readAllBytes(yuv);
        int frameSize = (int) Psnr.samples(stream.width(), stream.height());
        assertEquals(reconstructions.size() * (long) frameSize, all.length, "vpxdec's picture count");
        for (int i = 0; i < reconstructions.size(); i++) {
            byte[] libvpx = java.util.Arrays.copyOfRange(all, i * frameSize, (i + 1) * frameSize);
            assertArrayEquals(libvpx, decoded.get(i), "our decoder, frame " + i);
            assertArrayEquals(libvpx, reconstructions.get(i), "the encoder's reconstruction, frame " + i);
        }
        assertTrue(reconstructions.size() >= clip.size() * 3 / 4, "few drops at comfortable rates");
    }

    /**
     * 640x480 at 30 fps and 1 Mb/s on {@link NaturalClip}: our PSNR at least 34 dB and no more than 2 dB below
     * {@code vpxenc --rt --cpu-used=8 --end-usage=cbr}'s on the same clip, and our bitrate within 10 % of the
     * target. PSNR is measured on what a viewer sees: a dropped picture shows the one before it.
     */
    @Test
    void qualityAndRateMatchLibvpxRealTimeOnANaturalClip() throws IOException, CodecException {
        ExternalTool vpxenc = ExternalTool.require("vpxenc", "vpx-tools");
        Path raw = dir.resolve("natural.yuv");
        Path ours = dir.resolve("ours.ivf");
        Quality our = new Quality();
        NaturalClip clip = new NaturalClip(QUALITY_WIDTH, QUALITY_HEIGHT, QUALITY_FRAMES, 42);
        long start = System.nanoTime();
        try (OutputStream rawOut = new BufferedOutputStream(Files.newOutputStream(raw), 1 << 16);
             Vp8Encoder encoder = new Vp8Encoder(Vp8Encoder.Settings.realTime(QUALITY_KBPS * 1000));
             IvfWriter writer = IvfWriter.create(ours, "VP80", QUALITY_WIDTH, QUALITY_HEIGHT, 30, 1)) {
            for (int i = 0; i < QUALITY_FRAMES; i++) {
                VideoFrame source = clip.frame(i);
                rawOut.write(Md5.i420(source));
                List<EncodedFrame> frames = encoder.encode(source, 3000L * i);
                for (EncodedFrame frame : frames) {
                    writer.write(i, frame.payload(), 0, frame.payload().length);
                }
            }
        }
        double ourSeconds = (System.nanoTime() - start) / 1e9;
        our.measure(ours, new NaturalClip(QUALITY_WIDTH, QUALITY_HEIGHT, QUALITY_FRAMES, 42));
        Path libvpxIvf = dir.resolve("libvpx.ivf");
        vpxenc.run(600, "--codec=vp8", "--ivf", "-q", "--rt", "--cpu-used=8", "--end-usage=cbr",
                "--target-bitrate=" + QUALITY_KBPS, "--fps=30/1", "-w", "" + QUALITY_WIDTH, "-h", "" + QUALITY_HEIGHT,
                "--i420", "-o", libvpxIvf.toString(), raw.toString());
        Quality libvpx = new Quality();
        libvpx.measure(libvpxIvf, new NaturalClip(QUALITY_WIDTH, QUALITY_HEIGHT, QUALITY_FRAMES, 42));
        System.out.printf("VP8 quality, %d frames 640x480 at 1 Mb/s: ours %.2f dB %.1f kb/s %d dropped (%.1f fps"
                + " with clip generation); libvpx --rt --cpu-used=8 %.2f dB %.1f kb/s %d dropped%n",
                QUALITY_FRAMES, our.psnr(), our.kbps(), our.dropped, QUALITY_FRAMES / ourSeconds, libvpx.psnr(),
                libvpx.kbps(), libvpx.dropped);
        assertTrue(our.psnr() >= 34, "our PSNR " + our.psnr());
        assertTrue(our.psnr() >= libvpx.psnr() - 2, "ours " + our.psnr() + " vs libvpx " + libvpx.psnr());
        assertEquals(QUALITY_KBPS, our.kbps(), QUALITY_KBPS * 0.1, "our bitrate");
    }

    /** Mean PSNR of what a viewer sees and the bitrate of an IVF stream of the quality clip. */
    private static final class Quality {
        double psnrSum;
        long bytes;
        int dropped;

        void measure(Path ivf, NaturalClip clip) throws IOException, CodecException {
            try (IvfReader reader = IvfReader.open(ivf); Vp8Decoder decoder = new Vp8Decoder()) {
                IvfReader.Frame next = reader.next();
                VideoFrame shown = null;
                for (int i = 0; i < QUALITY_FRAMES; i++) {
                    VideoFrame source = clip.frame(i);
                    // vpxenc counts time in milliseconds, we count frames: compare frame numbers
                    if (next != null && Math.round(next.timestamp() * 30.0 * reader.scale() / reader.rate()) == i) {
                        bytes += next.data().length;
                        shown = decoder.decode(next.data(), 0, next.data().length).orElse(shown);
                        next = reader.next();
                    } else {
                        dropped++;
                    }
                    psnrSum += shown == null ? 0 : Psnr.psnr(source, shown);
                }
            }
        }

        double psnr() {
            return psnrSum / QUALITY_FRAMES;
        }

        double kbps() {
            return bytes * 8.0 / (QUALITY_FRAMES / 30.0) / 1000;
        }
    }
}
