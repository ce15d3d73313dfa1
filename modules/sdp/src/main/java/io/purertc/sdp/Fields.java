package io.purertc.sdp;

/**
 * Reads the space-separated fields of one line's value and turns every violation into an
 * {@link SdpParseException} that names the line. RFC 8866 §9: fields are separated by exactly
 * one SP, so an empty field (two spaces, a leading or a trailing space) is an error.
 */
final class Fields {

    /** Digits in Long.MAX_VALUE: no SDP number may be longer. */
    private static final int MAX_DIGITS = 19;

    private final int lineNumber;
    private final String line;
    private final String text;
    private int position;

    Fields(int lineNumber, String line, String text) {
        this.lineNumber = lineNumber;
        this.line = line;
        this.text = text;
    }

    SdpParseException error(String rule) {
        return new SdpParseException(lineNumber, line, rule);
    }

    boolean atEnd() {
        return position >= text.length();
    }

    void skip(int chars) {
        position += chars;
    }

    /** The next field, up to the next SP or the end. */
    String next(String what) throws SdpParseException {
        if (atEnd()) {
            throw error(what + " is missing");
        }
        int space = text.indexOf(' ', position);
        int end = space < 0 ? text.length() : space;
        if (end == position) {
            throw error("empty field before " + what + " (fields are separated by a single space)");
        }
        String field = text.substring(position, end);
        position = space < 0 ? end : end + 1;
        if (space >= 0 && position == text.length()) {
            throw error("trailing space after " + what);
        }
        return field;
    }

    /** Everything after the current position; must not be empty. */
    String rest(String what) throws SdpParseException {
        if (atEnd()) {
            throw error(what + " is missing");
        }
        String rest = text.substring(position);
        position = text.length();
        return rest;
    }

    /** The next field, which must be an RFC 8866 §9 token. */
    String token(String what) throws SdpParseException {
        return token(next(what), what);
    }

    String token(String field, String what) throws SdpParseException {
        if (!Grammar.isToken(field)) {
            throw error(what + " \"" + field + "\" is not a token");
        }
        return field;
    }

    int integer(String what, int min, int max) throws SdpParseException {
        return (int) number(next(what), what, min, max);
    }

    long number(String what, long min, long max) throws SdpParseException {
        return number(next(what), what, min, max);
    }

    /** Parses {@code digits} as a decimal number in [min, max]. */
    long number(String digits, String what, long min, long max) throws SdpParseException {
        if (digits.isEmpty()) {
            throw error(what + " is missing");
        }
        if (digits.length() > MAX_DIGITS) {
            throw error(what + " \"" + digits + "\" is too long");
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw error(what + " \"" + digits + "\" is not a decimal number");
            }
            if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw error(what + " \"" + digits + "\" is too large");
            }
            value = value * 10 + (c - '0');
        }
        if (value < min || value > max) {
            throw error(what + " " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    /** The whole value as one field: exactly one field and nothing after it. */
    String only(String what) throws SdpParseException {
        String field = next(what);
        end(what);
        return field;
    }

    void check(boolean holds, String rule) throws SdpParseException {
        if (!holds) {
            throw error(rule);
        }
    }

    void end(String after) throws SdpParseException {
        if (!atEnd()) {
            throw error("unexpected text after " + after + ": \"" + text.substring(position) + "\"");
        }
    }
}
