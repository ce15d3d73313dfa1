package io.purertc.rtp;

/**
 * The range a sender asks the receiver to keep its playout delay in, in units of 10 ms (0..40.95 s);
 * 0..0 asks for rendering as soon as possible, e.g. for cloud gaming.
 *
 * @param minDelay 0..4095, lower bound in 10 ms units
 * @param maxDelay minDelay..4095, upper bound in 10 ms units
 */
// webrtc.org/experiments/rtp-hdrext/playout-delay
public record PlayoutDelay(int minDelay, int maxDelay) {

    public static final String URI = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";
    public static final int LENGTH = 3;
    public static final int MILLIS_PER_UNIT = 10;

    private static final int MAX_DELAY = 0xFFF;

    public PlayoutDelay {
        if (minDelay < 0 || maxDelay > MAX_DELAY || minDelay > maxDelay) {
            throw new IllegalArgumentException("playout delay needs 0 <= min <= max <= 4095, got "
                    + minDelay + ".." + maxDelay);
        }
    }

    /** @throws MalformedPacketException unless {@code length} is 3 and min does not exceed max */
    public static PlayoutDelay read(byte[] buf, int offset, int length) throws MalformedPacketException {
        ExtensionLength.require(offset, length, LENGTH, "playout-delay");
        int bits = BigEndian.u24(buf, offset);
        int min = bits >>> 12;
        int max = bits & MAX_DELAY;
        if (min > max) {
            throw new MalformedPacketException(RtpPacket.PROTOCOL, offset, "playout-delay minimum exceeds maximum");
        }
        return new PlayoutDelay(min, max);
    }

    public int minDelayMillis() {
        return minDelay * MILLIS_PER_UNIT;
    }

    public int maxDelayMillis() {
        return maxDelay * MILLIS_PER_UNIT;
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[LENGTH];
        BigEndian.putU24(bytes, 0, minDelay << 12 | maxDelay);
        return bytes;
    }
}
