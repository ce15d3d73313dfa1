package io.purertc.sdp;

/** Character classes of RFC 8866 §9 and the ICE grammar of RFC 8839 §5.1. */
final class Grammar {

    /** RFC 8866 §9 token-char: visible ASCII except {@code " ( ) , / : ; < = > ? @ [ \ ]}. */
    private static final boolean[] TOKEN_CHARS = new boolean[0x80];

    static {
        for (char c = 0x21; c <= 0x7e; c++) {
            TOKEN_CHARS[c] = "\"(),/:;<=>?@[\\]".indexOf(c) < 0;
        }
    }

    private Grammar() {
    }

    static boolean isTokenChar(char c) {
        return c < 0x80 && TOKEN_CHARS[c];
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** RFC 8839 §5.1 ice-char: ALPHA / DIGIT / "+" / "/". */
    static boolean isIceChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!alpha && !(c >= '0' && c <= '9') && c != '+' && c != '/') {
                return false;
            }
        }
        return true;
    }

    /** Visible ASCII or any non-ASCII character: RFC 8866 non-ws-string. */
    static boolean isNonWhitespace(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** alpha-numeric plus the extra characters given (RFC 8851 rid-id uses "-" and "_"). */
    static boolean isAlphaNumericOr(String s, String extra) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && extra.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Free text of a line: anything but the control characters (RFC 8866 byte-string, tightened). */
    static boolean isText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** For constructors: a free-text field must be non-empty and hold no control character. */
    static void requireText(String what, String s) {
        if (s.isEmpty() || !isText(s)) {
            throw new IllegalArgumentException(what + " must be non-empty text without control characters");
        }
    }
}
