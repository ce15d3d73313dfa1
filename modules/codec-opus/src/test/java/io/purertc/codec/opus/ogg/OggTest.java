package io.purertc.codec.opus.ogg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.purertc.codec.opus.OpusEncoder;
import io.purertc.codec.opus.Signals;
import io.purertc.rtp.MalformedPacketException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class OggTest {

    @Test
    void crcIsTheMsbFirstCrc32WithoutInversion() {
        // CRC-32/POSIX ("cksum") of "123456789" is 0x765E7680 after its final inversion; Ogg does not invert.
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(~0x765E7680, OggCrc.update(0, check, 0, check.length));
    }

    @Test
    void packetsOfEveryLacingShapeSurviveAcrossPages() throws Exception {
        int[] lengths = {0, 1, 254, 255, 256, 510, 255 * 255 - 1, 255 * 255, 255 * 255 + 1, 3 * 255 * 255};
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        OggPageWriter writer = new OggPageWriter(file, 0x1234);
        Random random = new Random(1);
        byte[][] written = new byte[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            written[i] = new byte[lengths[i]];
            random.nextBytes(written[i]);
            writer.writePacket(written[i], 1000L * i, i == lengths.length - 1);
        }
        List<OggPacket> read = OggPageReader.read(file.toByteArray());
        assertEquals(lengths.length, read.size());
        for (int i = 0; i < lengths.length; i++) {
            assertArrayEquals(written[i], read.get(i).data());
            assertEquals(1000L * i, read.get(i).granulePosition());
        }
    }

    @Test
    void corruptPagesAreRejectedByRule() throws Exception {
        byte[] file = oggOpusFile(5);
        byte[] flipped = file.clone();
        flipped[40] ^= 1;
        assertEquals("the page CRC matches its bytes",
                assertThrows(MalformedPacketException.class, () -> OggPageReader.read(flipped)).rule());
        byte[] noCapture = file.clone();
        noCapture[0] = 'X';
        assertEquals(0, assertThrows(MalformedPacketException.class, () -> OggPageReader.read(noCapture)).offset());
        byte[] cut = Arrays.copyOf(file, file.length - 3);
        assertThrows(MalformedPacketException.class, () -> OggPageReader.read(cut));
        assertThrows(MalformedPacketException.class, () -> OggOpusStream.read(new byte[0]));
    }

    @Test
    void oggOpusHeadersAndGranulePositions() throws Exception {
        OggOpusStream stream = OggOpusStream.read(oggOpusFile(10));
        assertEquals(2, stream.head().channels());
        assertEquals(312, stream.head().preSkip());
        assertEquals(48_000, stream.head().inputSampleRate());
        assertEquals(10, stream.packets().size());
        // ten 20 ms packets hold 9600 samples; the input was 9000, so the last page trims to pre-skip + 9000
        assertEquals(312 + 9000, stream.lastGranulePosition());
        assertEquals(9000, stream.playableSamples());
    }

    @Test
    void opusHeadRoundTrips() throws Exception {
        OpusHead head = new OpusHead(1, 3840, 44_100, (short) -256);
        assertEquals(head, OpusHead.parse(head.toBytes()));
        byte[] bytes = head.toBytes();
        bytes[18] = 1;
        assertThrows(MalformedPacketException.class, () -> OpusHead.parse(bytes));
    }

    /** An Ogg Opus file of {@code packets} 20 ms stereo packets, the input trimmed 600 samples short. */
    static byte[] oggOpusFile(int packets) throws IOException, io.purertc.media.CodecException {
        OpusEncoder encoder = new OpusEncoder(new OpusEncoder.Settings(2, 20, 64_000, 5, true, false, 0, false, 48_000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OggOpusWriter writer = new OggOpusWriter(out, 7, new OpusHead(2, 312, 48_000, (short) 0), "purertc test");
        short[] pcm = Signals.sine(440, 48_000, 960 * packets, 2, 6000);
        byte[] packet = new byte[1500];
        for (int f = 0; f < packets; f++) {
            int n = encoder.encode(pcm, f * 960 * 2, packet, 0, packet.length);
            writer.write(Arrays.copyOf(packet, n));
        }
        writer.finish(960L * packets - 600);
        return out.toByteArray();
    }

    @Property(tries = 500)
    void randomBytesThrowOnlyMalformed(@ForAll @Size(max = 600) byte[] bytes) {
        try {
            OggOpusStream.read(bytes);
        } catch (MalformedPacketException expected) {
            assertTrue(expected.offset() >= 0);
        }
    }

    @Property(tries = 300)
    void damagedFilesThrowOnlyMalformed(@ForAll @IntRange(min = 0, max = 4000) int cut,
            @ForAll @IntRange(min = 0, max = 4000) int flip, @ForAll byte value) throws Exception {
        byte[] file = oggOpusFile(4);
        byte[] damaged = Arrays.copyOf(file, Math.min(cut, file.length));
        if (damaged.length > 0) {
            int at = flip % damaged.length;
            damaged[at] = value;
        }
        try {
            OggOpusStream.read(damaged);
        } catch (MalformedPacketException expected) {
            assertTrue(expected.offset() >= 0 && expected.offset() <= damaged.length);
        }
    }

    /** Damage in the first page's header whose CRC is then made right again, so the structural checks see it. */
    @Property(tries = 500)
    void damagedHeadersWithValidCrcThrowOnlyMalformed(@ForAll @IntRange(min = 4, max = 40) int at,
            @ForAll byte value) throws Exception {
        byte[] file = oggOpusFile(3);
        if (at >= 22 && at <= 25) {
            return;
        }
        file[at] = value;
        int segments = file[26] & 0xFF;
        int end = 27 + segments;
        for (int i = 27; i < Math.min(end, file.length); i++) {
            end += file[i] & 0xFF;
        }
        if (end <= file.length) {
            Arrays.fill(file, 22, 26, (byte) 0);
            int crc = OggCrc.update(0, file, 0, end);
            for (int i = 0; i < 4; i++) {
                file[22 + i] = (byte) (crc >> (8 * i));
            }
        }
        try {
            OggOpusStream stream = OggOpusStream.read(file);
            assertTrue(stream.playableSamples() >= 0);
        } catch (MalformedPacketException expected) {
            assertTrue(expected.offset() >= 0 && expected.offset() <= file.length);
        }
    }
}
