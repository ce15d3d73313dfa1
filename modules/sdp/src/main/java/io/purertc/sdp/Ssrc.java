package io.purertc.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code a=ssrc:<ssrc> <attribute>[:<value>]}: a source-level attribute such as {@code cname}
 * or {@code msid} (RFC 5576 §4.1).
 */
public record Ssrc(long ssrc, String attribute, Optional<String> value) implements Attribute {

    static final String NAME = "ssrc";
    static final long MAX_SSRC = 0xffff_ffffL;

    public Ssrc {
        checkSsrc(ssrc);
        if (!Grammar.isToken(attribute) || attribute.indexOf(':') >= 0) {
            throw new IllegalArgumentException("source attribute name \"" + attribute + "\" is not a token");
        }
        if (!Objects.requireNonNull(value, "value").map(Grammar::isText).orElse(true)) {
            throw new IllegalArgumentException("source attribute value holds a control character");
        }
    }

    static void checkSsrc(long ssrc) {
        if (ssrc < 0 || ssrc > MAX_SSRC) {
            throw new IllegalArgumentException("SSRC " + ssrc + " is outside 0..2^32-1");
        }
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        return Optional.of(ssrc + " " + attribute + value.map(v -> ":" + v).orElse(""));
    }

    static Ssrc parse(Fields f) throws SdpParseException {
        long ssrc = f.number("ssrc-id", 0, MAX_SSRC);
        String attribute = f.rest("source attribute");
        int colon = attribute.indexOf(':');
        String name = f.token(colon < 0 ? attribute : attribute.substring(0, colon), "source attribute name");
        Optional<String> value = colon < 0 ? Optional.empty() : Optional.of(attribute.substring(colon + 1));
        return new Ssrc(ssrc, name, value);
    }
}
