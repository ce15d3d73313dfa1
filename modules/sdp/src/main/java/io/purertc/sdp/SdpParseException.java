package io.purertc.sdp;

/**
 * A session description broke a rule of its grammar. Carries the 1-based line number, the line
 * itself and the rule, so signaling can answer the peer with what was wrong and where.
 *
 * <p>No stack trace is captured: descriptions come from the network, and the trace of a parser
 * rejecting input says nothing the message does not.
 */
public final class SdpParseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Longest piece of the offending line quoted in the message. */
    private static final int QUOTED_LINE_LIMIT = 80;

    private final int lineNumber;
    private final String line;
    private final String rule;

    public SdpParseException(int lineNumber, String line, String rule) {
        super("SDP line " + lineNumber + " \"" + quote(line) + "\": " + rule, null, false, false);
        this.lineNumber = lineNumber;
        this.line = line;
        this.rule = rule;
    }

    private static String quote(String line) {
        StringBuilder quoted = new StringBuilder();
        int end = Math.min(line.length(), QUOTED_LINE_LIMIT);
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        if (line.length() > QUOTED_LINE_LIMIT) {
            quoted.append("...(").append(line.length()).append(" chars)");
        }
        return quoted.toString();
    }

    /** 1-based number of the offending line. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The offending line, without its line ending (possibly long; the message truncates it). */
    public String line() {
        return line;
    }

    /** The rule broken, in words. */
    public String rule() {
        return rule;
    }
}
