package io.purertc.server;

/**
 * JSON text broke a rule of RFC 8259 or one of {@link Json}'s limits. Carries the byte offset and
 * the rule, so signaling can tell a client exactly what it sent wrong.
 *
 * <p>No stack trace is captured: hostile clients can make us build many of these, and the trace of
 * a parser rejecting input says nothing the message does not.
 */
public final class JsonException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String rule;

    public JsonException(int offset, String rule) {
        super("JSON malformed at byte " + offset + ": " + rule, null, false, false);
        this.offset = offset;
        this.rule = rule;
    }

    /** Offset of the offending byte in the UTF-8 input. */
    public int offset() {
        return offset;
    }

    /** The rule broken, in words. */
    public String rule() {
        return rule;
    }
}
