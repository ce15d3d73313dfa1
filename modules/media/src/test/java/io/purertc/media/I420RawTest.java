package io.purertc.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Raw I420 as .yuv files and vpxdec --i420 lay it out: planes in order, rows unpadded, odd sizes rounded up. */
class I420RawTest {

    @Test
    void aPaddedOddSizedPictureIsWrittenUnpaddedAndReadBack() throws Exception {
        // 3x3 luma in a stride of 5, 2x2 chroma in a stride of 4: padding bytes are 99 and must not be written
        byte[] y = {1, 2, 3, 99, 99, 4, 5, 6, 99, 99, 7, 8, 9, 99, 99};
        byte[] u = {10, 11, 99, 99, 12, 13, 99, 99};
        byte[] v = {20, 21, 99, 99, 22, 23, 99, 99};
        VideoFrame padded = new VideoFrame(3, 3, y, 5, u, 4, v, 4, 0, MediaTime.UNKNOWN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        I420.write(padded, out);
        byte[] raw = out.toByteArray();
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 20, 21, 22, 23}, raw);

        ByteArrayInputStream in = new ByteArrayInputStream(raw);
        VideoFrame back = I420.read(in, 3, 3);
        assertEquals(3, back.strideY());
        assertArrayEquals(Arrays.copyOfRange(raw, 0, 9), back.y());
        assertArrayEquals(new byte[] {20, 21, 22, 23}, back.v());
        assertNull(I420.read(in, 3, 3), "the end of the stream between pictures");
        assertThrows(EOFException.class, () -> I420.read(new ByteArrayInputStream(Arrays.copyOf(raw, 12)), 3, 3));
    }
}
