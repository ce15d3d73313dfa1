package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.purertc.media.VideoFrame;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class Y4mReaderTest {

    /** A 3x3 clip of two frames as ffmpeg writes it, each plane filled with its own value. */
    private static byte[] clip() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("YUV4MPEG2 W3 H3 F30000:1001 Ip A1:1 C420jpeg XYSCSS=420JPEG\n"
                .getBytes(StandardCharsets.US_ASCII));
        for (int f = 0; f < 2; f++) {
            out.writeBytes("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(filled(9, 10 + f));
            out.writeBytes(filled(4, 20 + f));
            out.writeBytes(filled(4, 30 + f));
        }
        return out.toByteArray();
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void readsSizeRateAndEachPlane() throws IOException {
        Y4mReader reader = new Y4mReader(new ByteArrayInputStream(clip()));
        assertEquals(3, reader.width());
        assertEquals(3, reader.height());
        assertEquals(30000, reader.rateNumerator());
        assertEquals(1001, reader.rateDenominator());
        for (int f = 0; f < 2; f++) {
            VideoFrame frame = reader.next();
            assertArrayEquals(filled(9, 10 + f), frame.y());
            assertArrayEquals(filled(4, 20 + f), frame.u());
            assertArrayEquals(filled(4, 30 + f), frame.v());
        }
        assertNull(reader.next());
    }

    @Test
    void refusesOtherChromaFormatsAndMissingSizes() {
        assertThrows(IOException.class, () -> new Y4mReader(new ByteArrayInputStream(
                "YUV4MPEG2 W3 H3 F30:1 C444\n".getBytes(StandardCharsets.US_ASCII))));
        assertThrows(IOException.class, () -> new Y4mReader(new ByteArrayInputStream(
                "YUV4MPEG2 W3 F30:1\n".getBytes(StandardCharsets.US_ASCII))));
    }

    /** Damaged files (truncated anywhere, or random bytes) give pictures or IOException, nothing else. */
    @Property(tries = 300)
    void truncationsOnlyEverThrowIOException(@ForAll @IntRange(min = 0, max = 120) int cut) {
        byte[] data = Arrays.copyOf(clip(), Math.min(cut, clip().length));
        try (Y4mReader reader = new Y4mReader(new ByteArrayInputStream(data))) {
            while (reader.next() != null) {
                // read to the end
            }
        } catch (IOException expected) {
            // the only failure allowed
        }
    }

    @Property(tries = 300)
    void randomBytesOnlyEverThrowIOException(@ForAll byte[] junk) {
        byte[] data = Arrays.copyOf("YUV4MPEG2 W2 H2\n".getBytes(StandardCharsets.US_ASCII), 16 + junk.length);
        System.arraycopy(junk, 0, data, 16, junk.length);
        for (byte[] input : new byte[][] {junk, data}) {
            try (Y4mReader reader = new Y4mReader(new ByteArrayInputStream(input))) {
                while (reader.next() != null) {
                    // read to the end
                }
            } catch (IOException expected) {
                // the only failure allowed
            }
        }
    }
}
