package io.purertc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code a=group:<semantics> <mid>...}: media sections grouped under one semantics (RFC 5888 §5),
 * e.g. {@code BUNDLE} (RFC 8843 §7), {@code LS} or {@code FID}.
 */
public record Group(String semantics, List<String> mids) implements Attribute {

    static final String NAME = "group";
    /** RFC 8843 §7: one transport for all the listed sections. */
    public static final String BUNDLE = "BUNDLE";

    public Group {
        mids = List.copyOf(mids);
        if (!Grammar.isToken(semantics) || !mids.stream().allMatch(Grammar::isToken)) {
            throw new IllegalArgumentException("group semantics and mids must be tokens");
        }
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        return Optional.of(Attributes.spaced(semantics, mids));
    }

    static Group parse(Fields f) throws SdpParseException {
        String semantics = f.token("semantics");
        List<String> mids = new ArrayList<>();
        while (!f.atEnd()) {
            mids.add(f.token("identification-tag"));
        }
        return new Group(semantics, mids);
    }
}
