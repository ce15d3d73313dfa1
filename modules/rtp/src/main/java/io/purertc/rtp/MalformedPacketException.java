package io.purertc.rtp;

/**
 * A packet from the network broke a rule of its wire format. Carries the protocol, the byte
 * offset where the rule was broken and the rule itself, so a transport can count the drop by
 * cause and a reader of the log can find the byte.
 *
 * <p>No stack trace is captured: a hostile peer can make us build thousands of these a second,
 * and the trace of a parser rejecting input says nothing the message does not.
 */
public final class MalformedPacketException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String protocol;
    private final int offset;
    private final String rule;

    public MalformedPacketException(String protocol, int offset, String rule) {
        super(protocol + " malformed at byte " + offset + ": " + rule, null, false, false);
        this.protocol = protocol;
        this.offset = offset;
        this.rule = rule;
    }

    /** The wire format whose rule was broken, e.g. {@code "RTP"}, {@code "RTCP"}, {@code "pcap"}. */
    public String protocol() {
        return protocol;
    }

    /** Offset of the offending byte, relative to the start of the packet given to the parser. */
    public int offset() {
        return offset;
    }

    /** The rule broken, in words. */
    public String rule() {
        return rule;
    }
}
