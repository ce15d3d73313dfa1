package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.purertc.media.VideoFrame;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FrameBufferTest {

    @Test
    void geometryFollowsTheMacroblockGrid() {
        FrameBuffer frame = new FrameBuffer(33, 17);
        assertEquals(3, frame.mbCols);
        assertEquals(2, frame.mbRows);
        assertEquals(48 + 64, frame.strideY);
        assertEquals(24 + 32, frame.strideUV);
        assertEquals(32 * frame.strideY + 32, frame.originY);
        assertEquals(16 * frame.strideUV + 16, frame.originUV);
        assertEquals(frame.strideY * (32 + 64), frame.y.length);
        assertEquals(frame.strideUV * (16 + 32), frame.u.length);
        assertEquals(frame.u.length, frame.v.length);
    }

    @Test
    void rejectsSizesAVp8HeaderCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> new FrameBuffer(0, 16));
        assertThrows(IllegalArgumentException.class, () -> new FrameBuffer(16, 16384));
    }

    @Test
    void clampPixelSaturates() {
        assertEquals(0, FrameBuffer.clampPixel(-1));
        assertEquals(0, FrameBuffer.clampPixel(-70000));
        assertEquals(0, FrameBuffer.clampPixel(0));
        assertEquals(77, FrameBuffer.clampPixel(77));
        assertEquals(255, FrameBuffer.clampPixel(255));
        assertEquals(255, FrameBuffer.clampPixel(256));
        assertEquals(255, FrameBuffer.clampPixel(70000));
    }

    @Property(tries = 60)
    void extendBordersCopiesTheNearestAlignedPixel(@ForAll @IntRange(min = 1, max = 70) int width,
            @ForAll @IntRange(min = 1, max = 50) int height, @ForAll long seed) {
        FrameBuffer frame = new FrameBuffer(width, height);
        Random random = new Random(seed);
        random.nextBytes(frame.y);
        random.nextBytes(frame.u);
        random.nextBytes(frame.v);
        byte[] y = frame.y.clone();
        byte[] u = frame.u.clone();
        byte[] v = frame.v.clone();
        frame.extendBorders();
        checkPlane(y, frame.y, frame.strideY, FrameBuffer.BORDER, frame.mbCols * 16, frame.mbRows * 16);
        checkPlane(u, frame.u, frame.strideUV, FrameBuffer.BORDER_UV, frame.mbCols * 8, frame.mbRows * 8);
        checkPlane(v, frame.v, frame.strideUV, FrameBuffer.BORDER_UV, frame.mbCols * 8, frame.mbRows * 8);
    }

    private static void checkPlane(byte[] before, byte[] after, int stride, int border, int w, int h) {
        int rows = after.length / stride;
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < stride; col++) {
                int srcRow = Math.min(Math.max(row, border), border + h - 1);
                int srcCol = Math.min(Math.max(col, border), border + w - 1);
                assertEquals(before[srcRow * stride + srcCol], after[row * stride + col],
                        "pixel (" + col + "," + row + ")");
            }
        }
    }

    @Test
    void toVideoFrameCropsTheDisplayedArea() {
        FrameBuffer frame = new FrameBuffer(5, 3);
        for (int row = 0; row < 16; row++) {
            for (int col = 0; col < 16; col++) {
                frame.y[frame.originY + row * frame.strideY + col] = (byte) (row * 16 + col);
            }
        }
        for (int row = 0; row < 8; row++) {
            for (int col = 0; col < 8; col++) {
                frame.u[frame.originUV + row * frame.strideUV + col] = (byte) (row * 8 + col);
                frame.v[frame.originUV + row * frame.strideUV + col] = (byte) (100 + row * 8 + col);
            }
        }
        VideoFrame picture = frame.toVideoFrame(1234);
        assertEquals(5, picture.width());
        assertEquals(3, picture.height());
        assertEquals(5, picture.strideY());
        assertEquals(3, picture.strideU());
        assertEquals(1234, picture.captureTimeMicros());
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 16, 17, 18, 19, 20, 32, 33, 34, 35, 36}, picture.y());
        assertArrayEquals(new byte[] {0, 1, 2, 8, 9, 10}, picture.u());
        assertArrayEquals(new byte[] {100, 101, 102, 108, 109, 110}, picture.v());
    }

    @Test
    void copyFromCopiesAllPlanesAndRefusesOtherSizes() {
        FrameBuffer source = new FrameBuffer(20, 20);
        new Random(7).nextBytes(source.y);
        new Random(8).nextBytes(source.u);
        new Random(9).nextBytes(source.v);
        FrameBuffer copy = new FrameBuffer(20, 20);
        copy.copyFrom(source);
        assertArrayEquals(source.y, copy.y);
        assertArrayEquals(source.u, copy.u);
        assertArrayEquals(source.v, copy.v);
        assertThrows(IllegalArgumentException.class, () -> copy.copyFrom(new FrameBuffer(20, 21)));
    }
}
