package io.purertc.stun;

/** ERROR-CODE value: a code 300-699 (class hundreds, number 0-99) and a UTF-8 reason phrase. */
// RFC 8489 §14.8
public record ErrorCode(int code, String reason) {

    public static final int TRY_ALTERNATE = 300;
    public static final int BAD_REQUEST = 400;
    public static final int UNAUTHENTICATED = 401;
    public static final int UNKNOWN_ATTRIBUTE = 420;
    public static final int STALE_NONCE = 438;
    public static final int ROLE_CONFLICT = 487;
    public static final int SERVER_ERROR = 500;

    public ErrorCode {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("error code outside 300-699: " + code);
        }
        if (reason == null) {
            throw new IllegalArgumentException("reason is null");
        }
    }
}
