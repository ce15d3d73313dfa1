package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class IvfTest {

    /** The file header and first frame header vpxenc 1.12 wrote for five 177x99 frames at --fps=30/1. */
    private static final byte[] VPXENC_START = HexFormat.of().parseHex("444b4946" + "00002000" + "56503830"
            + "b1006300" + "e8030000" + "01000000" + "05000000" + "00000000" + "65040000" + "00000000" + "00000000"
            + "5024009d");

    @TempDir
    Path dir;

    @Test
    void readsTheHeaderVpxencWrites() throws IOException {
        byte[] file = Arrays.copyOf(VPXENC_START, 32 + 12 + 0x465);
        try (IvfReader reader = new IvfReader(new ByteArrayInputStream(file))) {
            assertEquals("VP80", reader.fourcc());
            assertEquals(177, reader.width());
            assertEquals(99, reader.height());
            assertEquals(1000, reader.rate());
            assertEquals(1, reader.scale());
            assertEquals(5, reader.frameCount());
            IvfReader.Frame frame = reader.next();
            assertEquals(0, frame.timestamp());
            assertEquals(0x465, frame.data().length);
            assertArrayEquals(new byte[] {0x50, 0x24, 0x00, (byte) 0x9d}, Arrays.copyOf(frame.data(), 4));
            assertNull(reader.next());
        }
    }

    private static byte[] header(int width, int height, int rate, int scale, int frames) {
        return ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).put("DKIF".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) 0).putShort((short) 32).put("VP80".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) width).putShort((short) height).putInt(rate).putInt(scale).putInt(frames).array();
    }

    @Test
    void writeThenReadGivesTheSameFramesAndCount() throws IOException {
        Path file = dir.resolve("x.ivf");
        Random random = new Random(1);
        byte[][] frames = new byte[7][];
        try (IvfWriter writer = IvfWriter.create(file, "VP80", 640, 480, 30, 1)) {
            for (int i = 0; i < frames.length; i++) {
                frames[i] = new byte[random.nextInt(5000)];
                random.nextBytes(frames[i]);
                byte[] padded = new byte[frames[i].length + 3];
                System.arraycopy(frames[i], 0, padded, 2, frames[i].length);
                writer.write(i * 1_000_000_000_000L, padded, 2, frames[i].length);
            }
        }
        try (IvfReader reader = IvfReader.open(file)) {
            assertEquals("VP80", reader.fourcc());
            assertEquals(640, reader.width());
            assertEquals(480, reader.height());
            assertEquals(30, reader.rate());
            assertEquals(1, reader.scale());
            assertEquals(7, reader.frameCount());
            for (int i = 0; i < frames.length; i++) {
                IvfReader.Frame frame = reader.next();
                assertEquals(i * 1_000_000_000_000L, frame.timestamp());
                assertArrayEquals(frames[i], frame.data());
            }
            assertNull(reader.next());
        }
    }

    @Test
    void hostileFrameSizeIsRefusedBeforeAllocation() {
        byte[] file = Arrays.copyOf(header(16, 16, 30, 1, 1), 44);
        file[32] = (byte) 0xFF;
        file[33] = (byte) 0xFF;
        file[34] = (byte) 0xFF;
        file[35] = (byte) 0x7F;
        IOException e = assertThrows(IOException.class, () -> {
            try (IvfReader reader = new IvfReader(new ByteArrayInputStream(file))) {
                reader.next();
            }
        });
        assertTrue(e.getMessage().contains("byte 32"), e.getMessage());
    }

    @Test
    void badMagicAndHeaderSizeNameTheirOffsets() {
        byte[] notIvf = header(16, 16, 30, 1, 1);
        notIvf[0] = 'R';
        IOException magic = assertThrows(IOException.class, () -> new IvfReader(new ByteArrayInputStream(notIvf)));
        assertTrue(magic.getMessage().contains("byte 0"), magic.getMessage());
        byte[] shortHeader = header(16, 16, 30, 1, 1);
        shortHeader[6] = 12;
        IOException size = assertThrows(IOException.class,
                () -> new IvfReader(new ByteArrayInputStream(shortHeader)));
        assertTrue(size.getMessage().contains("byte 6"), size.getMessage());
    }

    @Test
    void truncationsAreIoExceptions() throws IOException {
        byte[] file = Arrays.copyOf(header(16, 16, 30, 1, 1), 32 + 12 + 10);
        file[32] = 10;
        for (int length = 0; length < file.length; length++) {
            byte[] cut = Arrays.copyOf(file, length);
            boolean clean = length == 32;
            try (IvfReader reader = new IvfReader(new ByteArrayInputStream(cut))) {
                assertNull(reader.next());
                assertTrue(clean, "a file cut at " + length + " read cleanly");
            } catch (IOException e) {
                assertTrue(!clean, e.getMessage());
                assertTrue(e.getMessage().startsWith("IVF: "), e.getMessage());
            }
        }
    }

    @Property
    void randomBytesGiveFramesOrIoExceptions(@ForAll @Size(max = 100) byte[] tail) {
        byte[] file = Arrays.copyOf(header(16, 16, 30, 1, 1), 32 + tail.length);
        System.arraycopy(tail, 0, file, 32, tail.length);
        try (IvfReader reader = new IvfReader(new ByteArrayInputStream(file))) {
            for (IvfReader.Frame frame = reader.next(); frame != null; frame = reader.next()) {
                assertTrue(frame.data().length <= tail.length);
            }
        } catch (IOException e) {
            assertTrue(e.getMessage().startsWith("IVF: "), e.getMessage());
        }
    }
}
