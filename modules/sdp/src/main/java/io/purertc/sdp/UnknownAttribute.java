package io.purertc.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * An attribute this library gives no type to (RFC 8866 §5.13 requires ignoring those it does not
 * understand); it is kept as text and written back unchanged in its place.
 */
public record UnknownAttribute(String name, Optional<String> value) implements Attribute {

    public UnknownAttribute {
        if (!Grammar.isToken(Objects.requireNonNull(name, "name"))) {
            throw new IllegalArgumentException("attribute name \"" + name + "\" is not a token");
        }
        if (Objects.requireNonNull(value, "value").filter(v -> !Grammar.isText(v)).isPresent()) {
            throw new IllegalArgumentException("attribute value holds a control character");
        }
    }

    @Override
    public String attributeName() {
        return name;
    }

    @Override
    public Optional<String> attributeValue() {
        return value;
    }
}
