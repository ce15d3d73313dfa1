package io.purertc.stun;

/** The two class bits of a STUN message type. */
// RFC 8489 §5
public enum StunClass {
    REQUEST,
    INDICATION,
    SUCCESS_RESPONSE,
    ERROR_RESPONSE;

    private static final StunClass[] BY_BITS = values();

    /** The class as the two-bit number C1C0. */
    public int bits() {
        return ordinal();
    }

    static StunClass ofBits(int bits) {
        return BY_BITS[bits & 0b11];
    }
}
