package io.purertc.sdp;

import java.util.Optional;

/** {@code a=mid}: the identification-tag of a media section (RFC 5888 §4, RFC 8843 §6). */
public record Mid(String id) implements Attribute {

    static final String NAME = "mid";

    public Mid {
        if (!Grammar.isToken(id)) {
            throw new IllegalArgumentException("mid \"" + id + "\" is not a token");
        }
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        return Optional.of(id);
    }

    static Mid parse(Fields f) throws SdpParseException {
        return new Mid(f.token(f.only("identification-tag"), "identification-tag"));
    }
}
