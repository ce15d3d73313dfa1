package io.purertc.sdp;

/**
 * A {@code c=} line, or the address part of {@code a=rtcp}: network type, address type and
 * address (which for multicast may carry {@code /ttl/count}). RFC 8866 §5.7.
 */
public record Connection(String networkType, String addressType, String address) {

    /** The placeholder JSEP writes when the address is left to ICE (RFC 8829 §5.2.1). */
    public static final Connection UNSPECIFIED_IP4 = new Connection("IN", "IP4", "0.0.0.0");

    public Connection {
        if (!Grammar.isToken(networkType) || !Grammar.isToken(addressType) || !Grammar.isNonWhitespace(address)) {
            throw new IllegalArgumentException("connection types must be tokens and the address visible text");
        }
    }

    static Connection parse(Fields f) throws SdpParseException {
        String networkType = f.token("nettype");
        String addressType = f.token("addrtype");
        String address = f.next("connection-address");
        if (!Grammar.isNonWhitespace(address)) {
            throw f.error("connection-address must be visible characters");
        }
        f.end("connection-address");
        return new Connection(networkType, addressType, address);
    }

    void appendTo(StringBuilder out) {
        out.append(networkType).append(' ').append(addressType).append(' ').append(address);
    }
}
