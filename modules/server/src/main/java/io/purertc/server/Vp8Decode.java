package io.purertc.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import io.purertc.codec.vp8.IvfReader;
import io.purertc.codec.vp8.Vp8Decoder;
import io.purertc.codec.vp8.Vp8PayloadHeader;
import io.purertc.media.I420;
import io.purertc.media.CodecException;
import io.purertc.media.VideoFrame;

/**
 * {@code vp8-decode}: an IVF file's shown frames as raw I420, byte for byte what {@code vpxdec --i420 -o OUT IN}
 * writes (planes tightly packed, chroma {@code (w+1)/2 x (h+1)/2}), or with {@code --md5} one line per frame as
 * {@code vpxdec --md5 --i420 -o %1 IN} prints it: the frame's MD5 and its number from 1. A corrupt frame is
 * reported with its index (counting every frame in the file from 0) and decoding resumes at the next key frame.
 */
final class Vp8Decode {

    private final PrintStream out;
    private final PrintStream err;

    Vp8Decode(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Decodes {@code in}; returns the exit status: 0, or 1 if a frame was corrupt or skipped. */
    int run(Path in, Path yuv, boolean md5) throws IOException {
        try (IvfReader reader = IvfReader.open(in);
             OutputStream sink = yuv == null ? OutputStream.nullOutputStream()
                     : new BufferedOutputStream(Files.newOutputStream(yuv), 1 << 16);
             Vp8Decoder decoder = new Vp8Decoder()) {
            if (!reader.fourcc().equals("VP80")) {
                err.println("purertc: " + in + " holds " + reader.fourcc() + ", not VP8 (VP80)");
                return 1;
            }
            MessageDigest digest = md5 ? MessageDigest.getInstance("MD5") : null;
            long index = 0;
            long shown = 0;
            long corrupt = 0;
            long skipped = 0;
            for (IvfReader.Frame frame = reader.next(); frame != null; frame = reader.next(), index++) {
                byte[] data = frame.data();
                try {
                    if (decoder.needsKeyFrame() && !Vp8PayloadHeader.parse(data, 0, data.length).keyFrame()) {
                        if (corrupt == 0 && skipped == 0) {
                            err.println("purertc: frame " + index + " is an inter frame before any key frame;"
                                    + " decoding starts at the first key frame");
                        }
                        skipped++;
                        continue;
                    }
                    Optional<VideoFrame> picture = decoder.decode(data, 0, data.length);
                    if (picture.isEmpty()) {
                        continue;
                    }
                    shown++;
                    if (digest != null) {
                        I420.write(picture.get(), new DigestSink(digest));
                        out.println(HexFormat.of().formatHex(digest.digest()) + "  " + shown);
                    } else {
                        I420.write(picture.get(), sink);
                    }
                } catch (CodecException e) {
                    corrupt++;
                    err.println("purertc: frame " + index + " is corrupt: " + e.getMessage()
                            + "; decoding resumes at the next key frame");
                }
            }
            if (corrupt > 0 || skipped > 0) {
                err.println("purertc: " + corrupt + " corrupt frames, " + skipped
                        + " frames skipped waiting for a key frame, " + shown + " frames decoded");
                return 1;
            }
            return 0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** Feeds what is written to a digest. */
    private static final class DigestSink extends OutputStream {
        private final MessageDigest digest;

        DigestSink(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }
    }
}
