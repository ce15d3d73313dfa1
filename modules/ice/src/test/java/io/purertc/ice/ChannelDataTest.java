package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.PacketClass;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * ChannelData framing. RFC 8656 gives no ChannelData bytes (its §20 example names the messages only), so the
 * layout of §12.4 is checked byte by byte here.
 */
class ChannelDataTest {

    @Test
    void writesTheRfc8656Layout() throws MalformedPacketException {
        byte[] out = new byte[16];
        int length = ChannelData.write(out, 2, 0x4001, new byte[] {9, 0x11, 0x22, 0x33, 9}, 1, 3);
        assertEquals(7, length);
        assertArrayEquals(new byte[] {0, 0, 0x40, 0x01, 0x00, 0x03, 0x11, 0x22, 0x33}, Arrays.copyOf(out, 9));
        assertEquals(PacketClass.TURN_CHANNEL_DATA, PacketClass.classify(out, 2, length));

        ChannelData parsed = ChannelData.parse(out, 2, length);
        assertEquals(new ChannelData(0x4001, 6, 3), parsed);
    }

    @Test
    void acceptsUdpPaddingAndAnEmptyMessage() throws MalformedPacketException {
        byte[] padded = {0x40, 0x00, 0x00, 0x02, 5, 6, 0, 0};
        assertEquals(new ChannelData(0x4000, 4, 2), ChannelData.parse(padded, 0, padded.length));
        byte[] empty = {0x4F, (byte) 0xFF, 0, 0};
        assertEquals(new ChannelData(0x4FFF, 4, 0), ChannelData.parse(empty, 0, empty.length));
    }

    @Test
    void rejectsEachBrokenRuleAtItsByte() {
        assertRejected(new byte[] {0x40, 0x00, 0x00}, 0, "shorter than the 4-byte header");
        assertRejected(new byte[] {0x3F, (byte) 0xFF, 0, 0}, 0, "outside 0x4000-0x4FFF");
        assertRejected(new byte[] {0x50, 0x00, 0, 0}, 0, "outside 0x4000-0x4FFF");
        assertRejected(new byte[] {0x40, 0x00, 0x00, 0x05, 1, 2, 3, 4}, 2, "length 5 runs past the 4 bytes");
    }

    @Test
    void refusesToWriteWhatCannotBeFramed() {
        byte[] out = new byte[8];
        assertThrows(IllegalArgumentException.class, () -> ChannelData.write(out, 0, 0x5000, out, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ChannelData.write(out, 0, 0x3FFF, out, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> ChannelData.write(new byte[70_000], 0, 0x4000, new byte[70_000], 0, 0x10000));
    }

    @Property
    void parseOfWriteGivesBackChannelAndData(@ForAll @IntRange(min = 0x4000, max = 0x4FFF) int channel,
                                             @ForAll @Size(max = 1500) byte[] data,
                                             @ForAll @IntRange(max = 3) int padding) throws MalformedPacketException {
        byte[] out = new byte[ChannelData.HEADER_LENGTH + data.length + padding];
        int length = ChannelData.write(out, 0, channel, data, 0, data.length);
        ChannelData parsed = ChannelData.parse(out, 0, length + padding);
        assertEquals(channel, parsed.channelNumber());
        assertArrayEquals(data, Arrays.copyOfRange(out, parsed.dataOffset(), parsed.dataOffset() + parsed.dataLength()));
    }

    /** Hostile input: random bytes and every truncation either parse within bounds or are rejected. */
    @Property
    void randomBytesAndTruncationsOnlyThrowMalformedPacket(@ForAll @Size(max = 80) byte[] datagram,
                                                           @ForAll @IntRange(min = 0x4000, max = 0x4FFF) int channel) {
        try {
            ChannelData parsed = ChannelData.parse(datagram, 0, datagram.length);
            assertTrue(parsed.dataOffset() + parsed.dataLength() <= datagram.length);
        } catch (MalformedPacketException rejected) {
            assertEquals(ChannelData.PROTOCOL, rejected.protocol());
        }
        byte[] valid = new byte[ChannelData.HEADER_LENGTH + datagram.length];
        ChannelData.write(valid, 0, channel, datagram, 0, datagram.length);
        for (int cut = 0; cut < valid.length; cut++) {
            int length = cut;
            assertThrows(MalformedPacketException.class, () -> ChannelData.parse(valid, 0, length));
        }
    }

    private static void assertRejected(byte[] datagram, int offset, String rule) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> ChannelData.parse(datagram, 0, datagram.length));
        assertEquals(offset, e.offset());
        assertTrue(e.rule().contains(rule), e.rule());
    }
}
