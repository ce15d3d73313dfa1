package io.purertc.bench;

import java.util.List;
import java.util.Random;

import io.purertc.rtp.AbsSendTime;
import io.purertc.rtp.HeaderExtension;
import io.purertc.rtp.RtpHeader;
import io.purertc.rtp.RtpMid;
import io.purertc.rtp.TransportSequenceNumber;

/**
 * The header of a VP8 packet as Chromium sends it by default: payload type 96 and the one-byte
 * extensions abs-send-time (id 2), transport-wide-cc (id 3) and mid (id 4), as in its offer's
 * {@code a=extmap} lines.
 */
final class ChromiumVideoPacket {

    static final int ABS_SEND_TIME_ID = 2;
    static final int TRANSPORT_CC_ID = 3;
    static final int MID_ID = 4;

    static final RtpHeader HEADER = new RtpHeader(false, 96, 23_456, 3_141_592_653L, 0x1F2E_3D4CL, List.of(),
            List.of(new HeaderExtension(ABS_SEND_TIME_ID, AbsSendTime.toBytes(AbsSendTime.fromMicros(12_345_678))),
                    new HeaderExtension(TRANSPORT_CC_ID, TransportSequenceNumber.toBytes(4_321)),
                    new HeaderExtension(MID_ID, RtpMid.toBytes("1"))));

    private ChromiumVideoPacket() {
    }

    /** Payload bytes that do not compress into a pattern the JIT could exploit. */
    static byte[] payload(int length) {
        byte[] payload = new byte[length];
        new Random(7).nextBytes(payload);
        return payload;
    }
}
