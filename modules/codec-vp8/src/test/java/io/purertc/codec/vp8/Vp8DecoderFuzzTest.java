package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.purertc.media.CodecException;
import io.purertc.media.VideoFrame;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The decoder on a small stored vpxenc stream (see the README beside it): bit-exact with vpxdec, and under
 * mutation of any one frame (bit flips, truncation, lies in first_part_size or in the token partition size
 * table) nothing but a picture or a {@link CodecException} comes out, and from the next key frame on the
 * pictures are those of an undisturbed decoder.
 */
class Vp8DecoderFuzzTest {

    private static final List<byte[]> FRAMES = frames();
    private static final int TOKEN_PARTITIONS = 4;

    private static List<byte[]> frames() {
        try (InputStream in = Vp8DecoderFuzzTest.class.getResourceAsStream("gradient-64x48.ivf");
             IvfReader reader = new IvfReader(in)) {
            List<byte[]> frames = new ArrayList<>();
            for (IvfReader.Frame frame = reader.next(); frame != null; frame = reader.next()) {
                frames.add(frame.data());
            }
            return frames;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isKey(byte[] frame) {
        return (frame[0] & 1) == 0;
    }

    /** Each frame's picture MD5, or null where the decoder gave none or refused the frame. */
    private static List<String> decode(List<byte[]> frames) {
        List<String> md5s = new ArrayList<>();
        Vp8Decoder decoder = new Vp8Decoder();
        for (byte[] frame : frames) {
            try {
                Optional<VideoFrame> picture = decoder.decode(frame, 0, frame.length);
                md5s.add(picture.map(Md5::of).orElse(null));
            } catch (CodecException e) {
                assertEquals("VP8", e.codec());
                md5s.add(null);
            }
        }
        decoder.close();
        return md5s;
    }

    @Test
    void decodesTheStoredStreamAsVpxdecDoes() throws IOException {
        List<String> expected = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("gradient-64x48.md5")) {
            new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .forEach(line -> expected.add(line.split(" ")[0]));
        }
        assertEquals(12, FRAMES.size());
        assertEquals(expected, decode(FRAMES));
    }

    /** Where a frame's data begins after the frame tag (and a key frame's start code and dimensions). */
    private static int firstPartitionStart(byte[] frame) {
        return isKey(frame) ? 10 : 3;
    }

    private static int firstPartitionSize(byte[] frame) {
        return (frame[0] & 0xFF) >>> 5 | (frame[1] & 0xFF) << 3 | (frame[2] & 0xFF) << 11;
    }

    /** One frame of the stream damaged; the seed drives what the damage is. */
    record Mutation(int frame, int kind, long seed) {

        byte[] apply(byte[] original) {
            Random random = new Random(seed);
            byte[] bytes = original.clone();
            switch (kind) {
                case 0: {
                    int flips = 1 + random.nextInt(8);
                    for (int i = 0; i < flips; i++) {
                        int bit = random.nextInt(bytes.length * 8);
                        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
                    }
                    return bytes;
                }
                case 1:
                    return Arrays.copyOf(bytes, random.nextInt(bytes.length));
                case 2: {
                    int size = random.nextBoolean() ? random.nextInt(1 << 19) : firstPartitionSize(bytes)
                            + random.nextInt(17) - 8;
                    size = Math.max(0, Math.min((1 << 19) - 1, size));
                    bytes[0] = (byte) ((bytes[0] & 0x1F) | (size & 7) << 5);
                    bytes[1] = (byte) (size >>> 3);
                    bytes[2] = (byte) (size >>> 11);
                    return bytes;
                }
                default: {
                    int table = firstPartitionStart(bytes) + firstPartitionSize(bytes);
                    int entry = table + 3 * random.nextInt(TOKEN_PARTITIONS - 1);
                    int size = random.nextBoolean() ? random.nextInt(1 << 24) : random.nextInt(64);
                    if (entry + 3 <= bytes.length) {
                        bytes[entry] = (byte) size;
                        bytes[entry + 1] = (byte) (size >>> 8);
                        bytes[entry + 2] = (byte) (size >>> 16);
                    }
                    return bytes;
                }
            }
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, FRAMES.size() - 1),
                Arbitraries.integers().between(0, 3), Arbitraries.longs()).as(Mutation::new);
    }

    @Property(tries = 300)
    void mutatedFrameGivesPicturesOrCodecExceptionsAndTheNextKeyFrameRecovers(
            @ForAll("mutations") Mutation mutation) {
        List<byte[]> damaged = new ArrayList<>(FRAMES);
        damaged.set(mutation.frame(), mutation.apply(FRAMES.get(mutation.frame())));
        List<String> pictures = decode(damaged);
        int nextKey = mutation.frame() + 1;
        while (nextKey < FRAMES.size() && !isKey(FRAMES.get(nextKey))) {
            nextKey++;
        }
        if (nextKey < FRAMES.size()) {
            List<String> undisturbed = decode(FRAMES.subList(nextKey, FRAMES.size()));
            assertEquals(undisturbed, pictures.subList(nextKey, FRAMES.size()), mutation.toString());
            assertTrue(undisturbed.stream().allMatch(md5 -> md5 != null));
        }
    }
}
