package io.purertc.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.rtp.MalformedPacketException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RtcpPropertiesTest {

    @Provide
    Arbitrary<List<RtcpPacket>> compounds() {
        return RtcpArbitraries.compounds();
    }

    @Property(tries = 2000)
    void parseOfWriteGivesBackThePackets(@ForAll("compounds") List<RtcpPacket> packets)
            throws MalformedPacketException {
        byte[] bytes = RtcpCompound.write(packets);
        assertEquals(RtcpCompound.wireLength(packets), bytes.length);
        List<RtcpPacket> parsed = RtcpCompound.parse(bytes, 0, bytes.length);
        assertEquals(packets, parsed);
        assertArrayEquals(bytes, RtcpCompound.write(parsed));
    }

    @Property
    void eachPacketWritesItsWireLength(@ForAll("compounds") List<RtcpPacket> packets) {
        for (RtcpPacket packet : packets) {
            byte[] dst = new byte[packet.wireLength() + 8];
            assertEquals(packet.wireLength(), packet.writeTo(dst, 8));
            int lengthField = ((dst[10] & 0xFF) << 8 | (dst[11] & 0xFF));
            assertEquals(packet.wireLength(), (lengthField + 1) * 4);
        }
    }

    @Property(tries = 3000)
    void randomBytesFailOnlyAsMalformed(@ForAll @Size(max = 300) byte[] bytes) {
        outcome(bytes, 0, bytes.length);
    }

    /** Random bytes behind well-formed headers, so the parsers of every type see hostile bodies. */
    @Provide
    Arbitrary<byte[]> plausibleCompounds() {
        Arbitrary<byte[]> packet = Combinators.combine(Arbitraries.integers().between(0, 63),
                Arbitraries.integers().between(200, 207), Arbitraries.integers().between(0, 12),
                Arbitraries.bytes().array(byte[].class).ofSize(48)).as((bits, type, words, body) -> {
                    byte[] bytes = new byte[4 + 4 * words];
                    bytes[0] = (byte) (0x80 | bits);
                    bytes[1] = (byte) (int) type;
                    bytes[3] = (byte) (int) words;
                    System.arraycopy(body, 0, bytes, 4, 4 * words);
                    return bytes;
                });
        return packet.list().ofMinSize(1).ofMaxSize(3).map(parts -> {
            byte[] all = new byte[parts.stream().mapToInt(p -> p.length).sum()];
            int pos = 0;
            for (byte[] part : parts) {
                System.arraycopy(part, 0, all, pos, part.length);
                pos += part.length;
            }
            return all;
        });
    }

    @Property(tries = 5000)
    void hostileBodiesFailOnlyAsMalformed(@ForAll("plausibleCompounds") byte[] bytes) {
        outcome(bytes, 0, bytes.length);
    }

    @Property(tries = 300)
    void truncationsFailOnlyAsMalformedAndReadNothingPastTheirEnd(@ForAll("compounds") List<RtcpPacket> packets) {
        byte[] bytes = RtcpCompound.write(packets);
        for (int len = 0; len < bytes.length; len++) {
            byte[] zeros = new byte[len + 64];
            byte[] ones = new byte[len + 64];
            Arrays.fill(ones, (byte) 0xFF);
            System.arraycopy(bytes, 0, zeros, 0, len);
            System.arraycopy(bytes, 0, ones, 0, len);
            assertEquals(outcome(zeros, 0, len), outcome(ones, 0, len));
        }
    }

    @Property(tries = 2000)
    void corruptedBytesFailOnlyAsMalformed(@ForAll("compounds") List<RtcpPacket> packets,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where, @ForAll byte value) {
        byte[] bytes = RtcpCompound.write(packets);
        bytes[where % bytes.length] = value;
        outcome(bytes, 0, bytes.length);
    }

    /**
     * The packets parsed, or the rule broken; anything but {@link MalformedPacketException}
     * escapes and fails the property.
     */
    private static Object outcome(byte[] buf, int off, int len) {
        try {
            return RtcpCompound.parse(buf, off, len);
        } catch (MalformedPacketException e) {
            assertEquals("RTCP", e.protocol());
            assertTrue(e.offset() >= 0 && e.offset() <= len, e.getMessage());
            return e.getMessage();
        }
    }
}
