package io.purertc.sdp;

import java.util.Optional;

/**
 * {@code a=max-message-size}: the largest SCTP user message this side can receive, in bytes;
 * 0 means no limit (RFC 8841 §6.1).
 */
public record MaxMessageSize(long size) implements Attribute {

    static final String NAME = "max-message-size";

    public MaxMessageSize {
        if (size < 0) {
            throw new IllegalArgumentException("max-message-size " + size + " < 0");
        }
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        return Optional.of(Long.toString(size));
    }

    static MaxMessageSize parse(Fields f) throws SdpParseException {
        return new MaxMessageSize(f.number(f.only("size"), "max-message-size", 0, Long.MAX_VALUE));
    }
}
