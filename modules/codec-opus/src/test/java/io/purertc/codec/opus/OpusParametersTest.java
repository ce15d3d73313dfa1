package io.purertc.codec.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.purertc.rtp.MalformedPacketException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class OpusParametersTest {

    @Test
    void chromiumsFmtp() throws Exception {
        OpusParameters p = OpusParameters.parse("minptime=10;useinbandfec=1");
        assertEquals(10, p.minPtime());
        assertTrue(p.useInbandFec());
        assertEquals(OpusParameters.DEFAULTS.maxAverageBitrate(), p.maxAverageBitrate());
        assertEquals("minptime=10;useinbandfec=1", p.toFmtp());
    }

    @Test
    void unknownParametersAreIgnoredAndBadValuesRejected() throws Exception {
        assertEquals(OpusParameters.DEFAULTS, OpusParameters.parse("x-google-foo=3; ;sprop-maxcapturerate=16000"));
        assertEquals("stereo is 0 or 1", assertThrows(MalformedPacketException.class,
                () -> OpusParameters.parse("stereo=2")).rule());
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> OpusParameters.parse("usedtx=1;maxaveragebitrate=99999999999"));
        assertEquals(9, e.offset());
        assertThrows(MalformedPacketException.class, () -> OpusParameters.parse("maxplaybackrate=4000"));
        assertThrows(MalformedPacketException.class, () -> OpusParameters.parse("minptime=-1"));
    }

    @Property
    void parseOfToFmtpIsIdentity(@ForAll @IntRange(min = 3, max = 120) int minPtime, @ForAll boolean fec,
            @ForAll boolean dtx, @ForAll boolean stereo, @ForAll boolean spropStereo,
            @ForAll @IntRange(min = 6000, max = 510_000) int bitrate,
            @ForAll @IntRange(min = 8000, max = 48_000) int playback, @ForAll boolean cbr) throws Exception {
        OpusParameters p = new OpusParameters(minPtime, fec, dtx, stereo, spropStereo, bitrate, playback, cbr);
        assertEquals(p, OpusParameters.parse(p.toFmtp()));
    }

    @Property
    void randomFmtpParsesOrThrowsMalformed(@ForAll String fmtp) {
        try {
            OpusParameters.parse(fmtp);
        } catch (MalformedPacketException expected) {
            assertTrue(expected.offset() >= 0 && expected.offset() <= fmtp.length());
        }
    }

    @Test
    void theEncoderFollowsTheReceiversParameters() throws Exception {
        OpusEncoder.Settings s = OpusEncoder.Settings.forRemote(
                OpusParameters.parse("stereo=1;maxaveragebitrate=24000;usedtx=1;useinbandfec=1;cbr=1;minptime=40;"
                        + "maxplaybackrate=16000"), 20, 64_000, 9, 10);
        assertEquals(new OpusEncoder.Settings(2, 40, 24_000, 9, false, true, 10, true, 16_000), s);
        assertEquals(OpusEncoder.Settings.voice(),
                OpusEncoder.Settings.forRemote(OpusParameters.DEFAULTS, 20, 32_000, 9, 0));
    }
}
