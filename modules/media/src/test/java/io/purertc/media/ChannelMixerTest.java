package io.purertc.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ChannelMixerTest {

    @Property
    void upThenDownMixGivesTheMonoBack(@ForAll @Size(max = 200) short[] mono) {
        AudioFrame frame = new AudioFrame(mono, 16_000, 1, 99);
        AudioFrame stereo = ChannelMixer.remix(frame, 2);
        assertEquals(2, stereo.channels());
        assertEquals(99, stereo.captureTimeMicros());
        assertEquals(frame, ChannelMixer.remix(stereo, 1));
    }

    @Test
    void downMixAveragesWithoutClipping() {
        AudioFrame stereo = new AudioFrame(new short[] {32767, 32767, -32768, -32768, 100, -301}, 48_000, 2);
        assertArrayEquals(new short[] {32767, -32768, -101}, ChannelMixer.remix(stereo, 1).samples());
    }

    @Test
    void sameLayoutIsReturnedAndOthersAreRefused() {
        AudioFrame mono = new AudioFrame(new short[] {1}, 8000, 1);
        assertSame(mono, ChannelMixer.remix(mono, 1));
        assertThrows(IllegalArgumentException.class, () -> ChannelMixer.remix(mono, 3));
    }
}
