package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.purertc.media.CodecException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class Vp8PayloadHeaderTest {

    /** The first bytes of a 177x99 key frame vpxenc wrote: 50 24 00, then the start code 9d 01 2a. */
    @Test
    void keyFrameTagFromVpxenc() throws CodecException {
        Vp8PayloadHeader h = Vp8PayloadHeader.parse(new byte[] {0x50, 0x24, 0x00, (byte) 0x9d, 0x01, 0x2a}, 0, 6);
        assertTrue(h.keyFrame());
        assertTrue(h.showFrame());
        assertEquals(0, h.version());
        assertEquals(2 + 8 * 0x24, h.firstPartitionSize());
    }

    /** P=1 is an interframe; H=0 a hidden (e.g. alt-ref) frame. */
    @Test
    void hiddenInterframe() throws CodecException {
        Vp8PayloadHeader h = Vp8PayloadHeader.parse(new byte[] {(byte) 0xE3, (byte) 0xFF, (byte) 0xFF}, 0, 3);
        assertFalse(h.keyFrame());
        assertFalse(h.showFrame());
        assertEquals(1, h.version());
        assertEquals((1 << 19) - 1, h.firstPartitionSize());
    }

    @Test
    void shortHeaderIsCodecException() {
        CodecException e = assertThrows(CodecException.class,
                () -> Vp8PayloadHeader.parse(new byte[] {0x50, 0x24}, 0, 2));
        assertTrue(e.getMessage().contains("byte 2"), e.getMessage());
    }

    @Property
    void parseOfWriteIsIdentity(@ForAll boolean key, @ForAll @IntRange(max = 7) int version, @ForAll boolean show,
            @ForAll @IntRange(max = (1 << 19) - 1) int size) throws CodecException {
        Vp8PayloadHeader h = new Vp8PayloadHeader(key, version, show, size);
        byte[] buffer = new byte[4];
        h.write(buffer, 1);
        assertEquals(h, Vp8PayloadHeader.parse(buffer, 1, 3));
    }
}
