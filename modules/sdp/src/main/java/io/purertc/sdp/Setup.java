package io.purertc.sdp;

import java.util.Optional;

/**
 * {@code a=setup}: which side opens the connection, here the DTLS client role
 * (RFC 4145 §4, RFC 8842 §5). JSEP offers {@code actpass}; answers pick active or passive.
 */
public enum Setup implements Attribute {
    ACTIVE("active"),
    PASSIVE("passive"),
    ACTPASS("actpass"),
    HOLDCONN("holdconn");

    static final String NAME = "setup";

    private final String role;

    Setup(String role) {
        this.role = role;
    }

    /** The role as written after {@code a=setup:}. */
    public String role() {
        return role;
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        return Optional.of(role);
    }

    static Setup parse(Fields f) throws SdpParseException {
        String role = f.next("role");
        f.end("role");
        for (Setup setup : values()) {
            if (setup.role.equals(role)) {
                return setup;
            }
        }
        throw f.error("setup role must be active, passive, actpass or holdconn, not \"" + role + "\"");
    }
}
