package io.purertc.sdp;

import java.util.Optional;

/** {@code a=sctp-port}: the SCTP port of the data channel association (RFC 8841 §5.1). */
public record SctpPort(int port) implements Attribute {

    static final String NAME = "sctp-port";

    public SctpPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("sctp-port " + port + " is outside 0..65535");
        }
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        return Optional.of(Integer.toString(port));
    }

    static SctpPort parse(Fields f) throws SdpParseException {
        return new SctpPort((int) f.number(f.only("port"), "sctp-port", 0, 65535));
    }
}
