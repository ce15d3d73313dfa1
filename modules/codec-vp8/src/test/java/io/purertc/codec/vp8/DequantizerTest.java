package io.purertc.codec.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DequantizerTest {

    @Test
    void appliesTheSecondOrderAndChromaRulesOfRfc6386Section14_1() {
        FrameHeader h = new FrameHeader();
        h.baseQ = 0;
        Dequantizer dq = new Dequantizer();
        dq.setup(h);
        Dequantizer.Factors low = dq.forSegment(0);
        assertEquals(4, low.y1Dc);
        assertEquals(8, low.y2Dc); // twice the DC table
        assertEquals(8, low.y2Ac); // 4 * 155 / 100 = 6, raised to the minimum of 8

        h.baseQ = 127;
        dq.setup(h);
        Dequantizer.Factors high = dq.forSegment(3);
        assertEquals(157, high.y1Dc);
        assertEquals(284, high.y1Ac);
        assertEquals(314, high.y2Dc);
        assertEquals(440, high.y2Ac); // 284 * 155 / 100
        assertEquals(132, high.uvDc); // capped
        assertEquals(284, high.uvAc);
    }

    @Test
    void segmentsAndDeltasMoveTheIndexWithinItsRange() {
        FrameHeader h = new FrameHeader();
        h.baseQ = 60;
        h.segmentationEnabled = true;
        h.segmentQuant[0] = -100; // 60 - 100 clamps to 0
        h.segmentQuant[1] = 10;
        h.uvAcDelta = 15;
        h.y1DcDelta = -15;
        Dequantizer dq = new Dequantizer();
        dq.setup(h);
        assertEquals(Vp8Tables.AC_QLOOKUP[0], dq.forSegment(0).y1Ac);
        assertEquals(Vp8Tables.AC_QLOOKUP[70], dq.forSegment(1).y1Ac);
        assertEquals(Vp8Tables.AC_QLOOKUP[85], dq.forSegment(1).uvAc);
        assertEquals(Vp8Tables.DC_QLOOKUP[55], dq.forSegment(1).y1Dc);
        assertEquals(Vp8Tables.AC_QLOOKUP[60], dq.forSegment(2).y1Ac);

        h.segmentAbsolute = true;
        h.segmentQuant[2] = 5;
        dq.setup(h);
        assertEquals(Vp8Tables.AC_QLOOKUP[5], dq.forSegment(2).y1Ac);
        assertEquals(Vp8Tables.AC_QLOOKUP[0], dq.forSegment(3).y1Ac);
    }
}
