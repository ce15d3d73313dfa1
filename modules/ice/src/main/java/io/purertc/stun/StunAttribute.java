package io.purertc.stun;

/** STUN attribute types this codec understands, and the rule that tells required from optional. */
// RFC 8489 §14 and §18.3, RFC 8656 §18, RFC 8445 §16.1
public final class StunAttribute {

    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int CHANNEL_NUMBER = 0x000C;
    public static final int LIFETIME = 0x000D;
    public static final int XOR_PEER_ADDRESS = 0x0012;
    public static final int DATA = 0x0013;
    public static final int REALM = 0x0014;
    public static final int NONCE = 0x0015;
    public static final int XOR_RELAYED_ADDRESS = 0x0016;
    public static final int REQUESTED_TRANSPORT = 0x0019;
    public static final int DONT_FRAGMENT = 0x001A;
    public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;
    public static final int SOFTWARE = 0x8022;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;

    private StunAttribute() {
    }

    /** Types 0x0000-0x7FFF must be understood; a request carrying an unknown one is answered 420. */
    public static boolean isComprehensionRequired(int type) {
        return type < 0x8000;
    }

    static boolean isKnown(int type) {
        switch (type) {
            case MAPPED_ADDRESS: case USERNAME: case MESSAGE_INTEGRITY: case ERROR_CODE:
            case UNKNOWN_ATTRIBUTES: case CHANNEL_NUMBER: case LIFETIME: case XOR_PEER_ADDRESS:
            case DATA: case REALM: case NONCE: case XOR_RELAYED_ADDRESS: case REQUESTED_TRANSPORT:
            case DONT_FRAGMENT: case MESSAGE_INTEGRITY_SHA256: case XOR_MAPPED_ADDRESS:
            case PRIORITY: case USE_CANDIDATE: case SOFTWARE: case FINGERPRINT:
            case ICE_CONTROLLED: case ICE_CONTROLLING:
                return true;
            default:
                return false;
        }
    }
}
