package io.purertc.codec.vp8;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes an IVF file as vpxenc does: the 32-byte header, whose frame count is filled in on
 * {@link #close()}, then each frame behind its 12-byte header.
 */
// IVF as libvpx's ivfenc.c writes it (it has no RFC)
public final class IvfWriter implements Closeable {

    private final FileChannel channel;
    private final ByteBuffer header;
    private int frames;

    private IvfWriter(FileChannel channel, ByteBuffer header) {
        this.channel = channel;
        this.header = header;
    }

    /**
     * Creates (or truncates) {@code path} and writes the file header.
     *
     * @param fourcc four ASCII characters naming the codec, {@code VP80} for VP8
     * @param rate the time base's denominator; timestamps count units of {@code scale / rate} seconds
     * @param scale the time base's numerator
     */
    public static IvfWriter create(Path path, String fourcc, int width, int height, int rate, int scale)
            throws IOException {
        if (fourcc.length() != 4 || !StandardCharsets.US_ASCII.newEncoder().canEncode(fourcc)) {
            throw new IllegalArgumentException("a fourcc is four ASCII characters: " + fourcc);
        }
        if (width < 0 || width > 0xFFFF || height < 0 || height > 0xFFFF) {
            throw new IllegalArgumentException("IVF sizes are 16-bit: " + width + "x" + height);
        }
        ByteBuffer header = ByteBuffer.allocate(IvfReader.FILE_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.put("DKIF".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0)
                .putShort((short) IvfReader.FILE_HEADER_SIZE).put(fourcc.getBytes(StandardCharsets.US_ASCII))
                .putShort((short) width).putShort((short) height).putInt(rate).putInt(scale).putInt(0).putInt(0);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        IvfWriter writer = new IvfWriter(channel, header);
        try {
            writer.writeAll(header.flip());
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return writer;
    }

    /** Appends one frame with its presentation timestamp. */
    public void write(long timestamp, byte[] data, int offset, int length) throws IOException {
        ByteBuffer frameHeader = ByteBuffer.allocate(IvfReader.FRAME_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(length).putLong(timestamp);
        writeAll(frameHeader.flip());
        writeAll(ByteBuffer.wrap(data, offset, length));
        frames++;
    }

    private void writeAll(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Writes the frame count into the header and closes the file. */
    @Override
    public void close() throws IOException {
        try (channel) {
            header.clear().position(24);
            header.putInt(frames).position(24).limit(28);
            channel.position(24);
            writeAll(header);
        }
    }
}
