package io.purertc.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class I420Test {

    /** BT.601 studio-range values of the primaries, black and white (ITU-R BT.601-7 §2.5.3). */
    @ParameterizedTest
    @CsvSource({
        "000000, 16, 128, 128",
        "FFFFFF, 235, 128, 128",
        "FF0000, 81, 90, 240",
        "00FF00, 145, 54, 34",
        "0000FF, 41, 240, 110"})
    void knownColours(String rgbHex, int y, int u, int v) {
        int rgb = Integer.parseInt(rgbHex, 16);
        VideoFrame frame = I420.fromRgb(new int[] {rgb, rgb, rgb, rgb}, 2, 2, MediaTime.UNKNOWN);
        assertEquals(y, frame.y()[0] & 0xFF);
        assertEquals(u, frame.u()[0] & 0xFF);
        assertEquals(v, frame.v()[0] & 0xFF);
        assertPixelsClose(new int[] {rgb}, new int[] {I420.toRgb(frame)[0]}, 1);
    }

    /** A picture whose 2x2 blocks are of one colour comes back within 2 per component. */
    @Property(tries = 200)
    void rgbRoundTripOfUniformBlocks(@ForAll @IntRange(min = 1, max = 40) int width,
            @ForAll @IntRange(min = 1, max = 40) int height, @ForAll long seed) {
        Random random = new Random(seed);
        int[] blockColours = new int[VideoFrame.chromaWidth(width) * VideoFrame.chromaHeight(height)];
        for (int i = 0; i < blockColours.length; i++) {
            blockColours[i] = random.nextInt(0x100_0000);
        }
        int[] rgb = new int[width * height];
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                rgb[row * width + col] = blockColours[(row / 2) * VideoFrame.chromaWidth(width) + col / 2];
            }
        }
        assertPixelsClose(rgb, I420.toRgb(I420.fromRgb(rgb, width, height, MediaTime.UNKNOWN)), 2);
    }

    @Test
    void bufferedImageRoundTripKeepsColoursAndCaptureTime() {
        BufferedImage image = new BufferedImage(6, 4, BufferedImage.TYPE_INT_ARGB);
        for (int x = 0; x < 6; x++) {
            for (int y = 0; y < 4; y++) {
                image.setRGB(x, y, 0x80000000 | (x / 2 * 0x501020 + y / 2 * 0x204060));
            }
        }
        VideoFrame frame = I420.fromBufferedImage(image, 42);
        assertEquals(42, frame.captureTimeMicros());
        BufferedImage back = I420.toBufferedImage(frame);
        assertEquals(BufferedImage.TYPE_INT_RGB, back.getType());
        assertPixelsClose(image.getRGB(0, 0, 6, 4, null, 0, 6), back.getRGB(0, 0, 6, 4, null, 0, 6), 2);
    }

    @Test
    void paddedStridesReadTheSamePixels() {
        int[] rgb = new int[5 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = i * 0x0A0B0C;
        }
        VideoFrame packed = I420.fromRgb(rgb, 5, 3, MediaTime.UNKNOWN);
        byte[] y = new byte[8 * 3];
        byte[] u = new byte[4 * 2];
        byte[] v = new byte[4 * 2];
        for (int row = 0; row < 3; row++) {
            System.arraycopy(packed.y(), row * 5, y, row * 8, 5);
        }
        for (int row = 0; row < 2; row++) {
            System.arraycopy(packed.u(), row * 3, u, row * 4, 3);
            System.arraycopy(packed.v(), row * 3, v, row * 4, 3);
        }
        VideoFrame padded = new VideoFrame(5, 3, y, 8, u, 4, v, 4, 0, MediaTime.UNKNOWN);
        assertArrayEquals(I420.toRgb(packed), I420.toRgb(padded));
    }

    @Property(tries = 100)
    void scalingAUniformPictureKeepsItUniform(@ForAll @IntRange(min = 1, max = 50) int width,
            @ForAll @IntRange(min = 1, max = 50) int height, @ForAll @IntRange(min = 1, max = 90) int newWidth,
            @ForAll @IntRange(min = 1, max = 90) int newHeight, @ForAll @IntRange(min = 0, max = 0xFFFFFF) int colour) {
        int[] rgb = new int[width * height];
        Arrays.fill(rgb, colour);
        VideoFrame frame = I420.fromRgb(rgb, width, height, 7);
        VideoFrame scaled = I420.scale(frame, newWidth, newHeight);
        assertEquals(newWidth, scaled.width());
        assertEquals(newHeight, scaled.height());
        assertEquals(7, scaled.captureTimeMicros());
        for (byte b : scaled.y()) {
            assertEquals(frame.y()[0], b);
        }
        for (byte b : scaled.u()) {
            assertEquals(frame.u()[0], b);
        }
    }

    @Test
    void scalingToTheSameSizeIsIdentity() {
        VideoFrame frame = gradient(33, 17);
        VideoFrame same = I420.scale(frame, 33, 17);
        assertArrayEquals(frame.y(), same.y());
        assertArrayEquals(frame.u(), same.u());
        assertArrayEquals(frame.v(), same.v());
    }

    /** Twice as large and back: a smooth picture returns within 2 levels of luma. */
    @Test
    void upAndDownScalingOfASmoothPictureIsClose() {
        VideoFrame frame = gradient(64, 48);
        VideoFrame back = I420.scale(I420.scale(frame, 128, 96), 64, 48);
        for (int i = 0; i < frame.y().length; i++) {
            int diff = Math.abs((frame.y()[i] & 0xFF) - (back.y()[i] & 0xFF));
            assertTrue(diff <= 2, "luma " + i + " differs by " + diff);
        }
    }

    /** Half size: each output pixel is the mean of its 2x2 source block when centres align. */
    @Test
    void halvingAveragesBlocks() {
        byte[] y = {10, 20, 30, 40, 50, 60, 70, 80};
        VideoFrame frame = new VideoFrame(4, 2, y, 4, new byte[2], 2, new byte[2], 2, 0, MediaTime.UNKNOWN);
        VideoFrame half = I420.scale(frame, 2, 1);
        assertEquals(35, half.y()[0]);
        assertEquals(55, half.y()[1]);
    }

    /** Shrinking averages areas: a one-pixel checkerboard becomes flat grey, not an aliased pattern. */
    @Test
    void shrinkingAFineCheckerboardGivesGrey() {
        int size = 24;
        byte[] y = new byte[size * size];
        for (int i = 0; i < y.length; i++) {
            y[i] = (byte) (((i / size + i % size) & 1) == 0 ? 20 : 220);
        }
        byte[] chroma = new byte[size / 2 * size / 2];
        VideoFrame frame = new VideoFrame(size, size, y, size, chroma, size / 2, chroma, size / 2, 0, 0);
        for (int target : new int[] {6, 7, 11}) {
            VideoFrame small = I420.scale(frame, target, target);
            for (byte b : small.y()) {
                int level = b & 0xFF;
                assertTrue(Math.abs(level - 120) <= 100 / target + 1, target + ": level " + level);
            }
        }
    }

    private static VideoFrame gradient(int width, int height) {
        int[] rgb = new int[width * height];
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                rgb[row * width + col] = (col * 255 / width) << 16 | (row * 255 / height) << 8 | 0x40;
            }
        }
        return I420.fromRgb(rgb, width, height, MediaTime.UNKNOWN);
    }

    private static void assertPixelsClose(int[] expected, int[] actual, int tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                int diff = Math.abs(((expected[i] >> shift) & 0xFF) - ((actual[i] >> shift) & 0xFF));
                assertTrue(diff <= tolerance, String.format("pixel %d: %06X vs %06X", i,
                        expected[i] & 0xFFFFFF, actual[i] & 0xFFFFFF));
            }
        }
    }
}
