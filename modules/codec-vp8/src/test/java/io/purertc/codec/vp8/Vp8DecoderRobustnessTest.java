package io.purertc.codec.vp8;

import io.purertc.media.CodecException;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever the bytes, the decoder returns a picture, nothing, or a CodecException; nothing else escapes, and it
 * stays usable. Random inter frames after a key frame carry arbitrary modes and motion vectors, so they check
 * that prediction never reads outside the reference frames.
 */
class Vp8DecoderRobustnessTest {

    private static byte[] validKeyFrame(long seed) {
        TestFrames.Options o = new TestFrames.Options();
        Random random = new Random(seed);
        o.width = 1 + random.nextInt(70);
        o.height = 1 + random.nextInt(50);
        o.modeSeed = seed;
        o.partitionsLog2 = random.nextInt(4);
        o.segmentation = random.nextBoolean();
        o.segmentQuant = new int[] {random.nextInt(20), -random.nextInt(20), 0, 3};
        o.segmentLevel = new int[] {random.nextInt(63), 0, -5, 9};
        o.filterType = random.nextInt(2);
        o.filterLevel = random.nextInt(64);
        o.sharpness = random.nextInt(8);
        return TestFrames.keyFrame(o);
    }

    private static void decodeQuietly(Vp8Decoder decoder, byte[] data) {
        try {
            decoder.decode(data, 0, data.length);
        } catch (CodecException expected) {
            // the only exception bad input may cause
        }
    }

    @Property(tries = 300)
    void randomBytesOnlyEverGiveCodecExceptions(@ForAll @Size(max = 400) byte[] data) {
        decodeQuietly(new Vp8Decoder(), data);
    }

    @Property(tries = 300)
    void randomKeyFramesWithAValidTagAreHandled(@ForAll long seed, @ForAll @IntRange(min = 11, max = 2000) int length) {
        Random random = new Random(seed);
        byte[] data = new byte[length];
        random.nextBytes(data);
        int firstSize = 1 + random.nextInt(length - 10);
        int tag = firstSize << 5 | 0x10 | (random.nextInt(4) << 1);
        data[0] = (byte) tag;
        data[1] = (byte) (tag >> 8);
        data[2] = (byte) (tag >> 16);
        data[3] = (byte) 0x9D;
        data[4] = 0x01;
        data[5] = 0x2A;
        data[6] = (byte) (1 + random.nextInt(80));
        data[7] = 0;
        data[8] = (byte) (1 + random.nextInt(80));
        data[9] = 0;
        decodeQuietly(new Vp8Decoder(), data);
    }

    @Property(tries = 300)
    void randomInterFramesAfterAKeyFrameAreHandled(@ForAll long seed) {
        Random random = new Random(seed);
        Vp8Decoder decoder = new Vp8Decoder();
        byte[] key = validKeyFrame(seed);
        for (int frame = 0; frame < 6; frame++) {
            decodeQuietly(decoder, key);
            int length = 4 + random.nextInt(1500);
            byte[] data = new byte[length];
            random.nextBytes(data);
            int firstSize = 1 + random.nextInt(length - 3);
            // an inter frame using any version: six-tap, bilinear and full-pixel prediction
            int tag = firstSize << 5 | 0x10 | (random.nextInt(4) << 1) | 1;
            data[0] = (byte) tag;
            data[1] = (byte) (tag >> 8);
            data[2] = (byte) (tag >> 16);
            decodeQuietly(decoder, data);
        }
    }

    @Property(tries = 100)
    void everyTruncationOfAKeyFrameIsHandled(@ForAll long seed) {
        byte[] key = validKeyFrame(seed);
        Vp8Decoder decoder = new Vp8Decoder();
        for (int length = 0; length <= key.length; length++) {
            decodeQuietly(decoder, java.util.Arrays.copyOf(key, length));
        }
    }

    @Property(tries = 300)
    void bitFlipsOfAKeyFrameAreHandled(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int flips) {
        byte[] key = validKeyFrame(seed);
        Random random = new Random(seed ^ 0x5DEECE66DL);
        byte[] damaged = key.clone();
        for (int i = 0; i < flips; i++) {
            int bit = random.nextInt(damaged.length * 8);
            damaged[bit >> 3] ^= (byte) (1 << (bit & 7));
        }
        Vp8Decoder decoder = new Vp8Decoder();
        decodeQuietly(decoder, damaged);
        decodeQuietly(decoder, key);
    }
}
