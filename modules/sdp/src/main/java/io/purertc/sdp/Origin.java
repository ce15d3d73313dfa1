package io.purertc.sdp;

/**
 * The {@code o=} line: who made the description and which version of it this is.
 * RFC 8866 §5.2. Session id and version stay text: the grammar allows any number of digits.
 */
public record Origin(String username, String sessionId, String sessionVersion,
                     String networkType, String addressType, String address) {

    public Origin {
        if (!Grammar.isNonWhitespace(username) || !Grammar.isNonWhitespace(address)
                || !isDigits(sessionId) || !isDigits(sessionVersion)
                || !Grammar.isToken(networkType) || !Grammar.isToken(addressType)) {
            throw new IllegalArgumentException("origin fields must be non-empty, ids decimal, types tokens");
        }
    }

    /** The origin JSEP writes (RFC 8829 §5.2.1): user "-", loopback-looking IPv4 address. */
    public static Origin of(long sessionId, long sessionVersion) {
        return new Origin("-", Long.toString(sessionId), Long.toString(sessionVersion), "IN", "IP4", "127.0.0.1");
    }

    static Origin parse(Fields f) throws SdpParseException {
        String username = f.next("username");
        if (!Grammar.isNonWhitespace(username)) {
            throw f.error("username must be visible characters");
        }
        String sessionId = digits(f, "sess-id");
        String version = digits(f, "sess-version");
        String networkType = f.token("nettype");
        String addressType = f.token("addrtype");
        String address = f.next("unicast-address");
        if (!Grammar.isNonWhitespace(address)) {
            throw f.error("unicast-address must be visible characters");
        }
        f.end("unicast-address");
        return new Origin(username, sessionId, version, networkType, addressType, address);
    }

    private static String digits(Fields f, String what) throws SdpParseException {
        String value = f.next(what);
        f.check(isDigits(value), what + " \"" + value + "\" is not a decimal number");
        return value;
    }

    private static boolean isDigits(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    void appendTo(StringBuilder out) {
        out.append(username).append(' ').append(sessionId).append(' ').append(sessionVersion).append(' ')
                .append(networkType).append(' ').append(addressType).append(' ').append(address);
    }
}
