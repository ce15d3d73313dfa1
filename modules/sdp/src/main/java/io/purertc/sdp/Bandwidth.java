package io.purertc.sdp;

/** A {@code b=<bwtype>:<bandwidth>} line, e.g. {@code b=AS:2000} (kbit/s). RFC 8866 §5.8. */
public record Bandwidth(String type, long bandwidth) {

    public Bandwidth {
        if (!Grammar.isToken(type) || bandwidth < 0) {
            throw new IllegalArgumentException("bwtype must be a token and the bandwidth >= 0");
        }
    }

    static Bandwidth parse(Fields f, String value) throws SdpParseException {
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw f.error("b= needs <bwtype>:<bandwidth>");
        }
        String type = f.token(value.substring(0, colon), "bwtype");
        long bandwidth = f.number(value.substring(colon + 1), "bandwidth", 0, Long.MAX_VALUE);
        return new Bandwidth(type, bandwidth);
    }

    void appendTo(StringBuilder out) {
        out.append(type).append(':').append(bandwidth);
    }
}
