package io.purertc.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.purertc.codec.vp8.IvfWriter;
import io.purertc.codec.vp8.Psnr;
import io.purertc.codec.vp8.Vp8Decoder;
import io.purertc.codec.vp8.Vp8Encoder;
import io.purertc.codec.vp8.Y4mReader;
import io.purertc.media.I420;
import io.purertc.media.CodecException;
import io.purertc.media.EncodedFrame;
import io.purertc.media.VideoFrame;

/**
 * {@code vp8-encode}: raw I420 (or YUV4MPEG2, whose header gives size and rate) to VP8 in IVF with the real-time
 * {@link Vp8Encoder}, printing each second's bitrate and mean PSNR and the totals. PSNR is measured on what a
 * decoder shows: every frame written is decoded again and compared with its source picture.
 */
final class Vp8Encode {

    /** What the command line asked for; width, height and fps are 0 when a Y4M header is to give them. */
    record Options(int width, int height, int fps, int kilobitsPerSecond, int keyFrameInterval, Path in, Path out) {
    }

    private final PrintStream out;
    private final PrintStream err;

    Vp8Encode(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Parses {@code --width W --height H --fps F --bitrate KBPS [--keyint N] IN OUT}. */
    static Options parse(List<String> args) {
        int width = 0;
        int height = 0;
        int fps = 0;
        int kbps = 0;
        int keyint = Vp8Encoder.Settings.realTime(1).keyFrameInterval();
        int i = 0;
        for (; i + 1 < args.size() && args.get(i).startsWith("--"); i += 2) {
            int value;
            try {
                value = Integer.parseInt(args.get(i + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(args.get(i) + " needs a number, not " + args.get(i + 1));
            }
            if (value <= 0) {
                throw new IllegalArgumentException(args.get(i) + " must be positive");
            }
            switch (args.get(i)) {
                case "--width":
                    width = value;
                    break;
                case "--height":
                    height = value;
                    break;
                case "--fps":
                    fps = value;
                    break;
                case "--bitrate":
                    kbps = value;
                    break;
                case "--keyint":
                    keyint = value;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        if (args.size() - i != 2) {
            throw new IllegalArgumentException("vp8-encode needs IN and OUT.ivf after its options");
        }
        Path in = Path.of(args.get(i));
        boolean y4m = in.toString().endsWith(".y4m");
        if (kbps == 0 || !y4m && (width == 0 || height == 0 || fps == 0)) {
            throw new IllegalArgumentException("vp8-encode needs --bitrate, and --width, --height and --fps"
                    + " unless IN is .y4m");
        }
        return new Options(width, height, fps, kbps, keyint, in, Path.of(args.get(i + 1)));
    }

    /** Encodes as the options say; returns the exit status. */
    int run(Options o) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(o.in()), 1 << 16)) {
            boolean y4m = o.in().toString().endsWith(".y4m");
            Y4mReader y4mReader = y4m ? new Y4mReader(in) : null;
            int width = o.width() > 0 ? o.width() : y4mReader.width();
            int height = o.height() > 0 ? o.height() : y4mReader.height();
            int rate = o.fps() > 0 ? o.fps() : y4mReader.rateNumerator();
            int scale = o.fps() > 0 ? 1 : y4mReader.rateDenominator();
            if (y4m && (width != y4mReader.width() || height != y4mReader.height())) {
                err.println("purertc: " + o.in() + " is " + y4mReader.width() + "x" + y4mReader.height()
                        + ", not " + width + "x" + height);
                return 1;
            }
            double fps = (double) rate / scale;
            Vp8Encoder.Settings settings = Vp8Encoder.Settings.realTime(o.kilobitsPerSecond() * 1000)
                    .withFramesPerSecond(fps).withKeyFrameInterval(o.keyFrameInterval());
            Tally second = new Tally();
            Tally total = new Tally();
            try (Vp8Encoder encoder = new Vp8Encoder(settings);
                 Vp8Decoder decoder = new Vp8Decoder();
                 IvfWriter ivf = IvfWriter.create(o.out(), "VP80", width, height, rate, scale)) {
                long index = 0;
                for (VideoFrame picture = y4m ? y4mReader.next() : I420.read(in, width, height); picture != null;
                        picture = y4m ? y4mReader.next() : I420.read(in, width, height), index++) {
                    VideoFrame source = picture;
                    long rtpTimestamp = index * 90_000 * scale / rate & 0xFFFF_FFFFL;
                    List<EncodedFrame> frames = encoder.encode(source, rtpTimestamp);
                    if (frames.isEmpty()) {
                        second.dropped++;
                    }
                    for (EncodedFrame frame : frames) {
                        byte[] data = frame.payload();
                        ivf.write(index, data, 0, data.length);
                        Optional<VideoFrame> shown = decoder.decode(frame);
                        second.add(data.length, shown.map(s -> Psnr.psnr(source, s)).orElse(Double.NaN));
                    }
                    if ((index + 1) % Math.max(1, Math.round(fps)) == 0) {
                        out.println(second.line("second " + (index + 1) / Math.max(1, Math.round(fps)), fps));
                        total.merge(second);
                        second = new Tally();
                    }
                }
                total.merge(second);
                out.println(total.line("total " + index + " frames", fps));
                return 0;
            } catch (CodecException e) {
                err.println("purertc: our decoder refused our own stream: " + e.getMessage());
                return 1;
            }
        }
    }

    /** Frames, bytes and PSNR summed over a stretch of the stream. */
    private static final class Tally {
        long frames;
        long dropped;
        long bytes;
        double psnrSum;

        void add(int length, double psnr) {
            frames++;
            bytes += length;
            psnrSum += psnr;
        }

        void merge(Tally other) {
            frames += other.frames;
            dropped += other.dropped;
            bytes += other.bytes;
            psnrSum += other.psnrSum;
        }

        String line(String label, double fps) {
            double seconds = (frames + dropped) / fps;
            return String.format("%s: %.1f kb/s, mean PSNR %.2f dB, %d frames encoded, %d dropped", label,
                    seconds > 0 ? bytes * 8 / seconds / 1000 : 0, frames > 0 ? psnrSum / frames : 0, frames,
                    dropped);
        }
    }
}
