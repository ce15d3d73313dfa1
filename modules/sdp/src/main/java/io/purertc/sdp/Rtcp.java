package io.purertc.sdp;

import java.util.Objects;
import java.util.Optional;

/** {@code a=rtcp:<port> [<nettype> <addrtype> <address>]}: where RTCP goes (RFC 3605 §2.1). */
public record Rtcp(int port, Optional<Connection> connection) implements Attribute {

    static final String NAME = "rtcp";

    public Rtcp {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("rtcp port " + port + " is outside 0..65535");
        }
        Objects.requireNonNull(connection, "connection");
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        StringBuilder value = new StringBuilder().append(port);
        connection.ifPresent(c -> c.appendTo(value.append(' ')));
        return Optional.of(value.toString());
    }

    static Rtcp parse(Fields f) throws SdpParseException {
        int port = f.integer("port", 0, 65535);
        Optional<Connection> connection = f.atEnd() ? Optional.empty() : Optional.of(Connection.parse(f));
        return new Rtcp(port, connection);
    }
}
