package io.purertc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code a=ice-options}: ICE extensions in use, e.g. {@code trickle} (RFC 8839 §5.6). Tags are
 * accepted as any visible text, not only ice-chars: libdatachannel writes {@code ice2,trickle}.
 */
public record IceOptions(List<String> options) implements Attribute {

    static final String NAME = "ice-options";

    public IceOptions {
        options = List.copyOf(options);
        if (options.isEmpty() || !options.stream().allMatch(Grammar::isNonWhitespace)) {
            throw new IllegalArgumentException("ice-options needs one or more tags");
        }
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        return Optional.of(String.join(" ", options));
    }

    static IceOptions parse(Fields f) throws SdpParseException {
        List<String> options = new ArrayList<>();
        do {
            String option = f.next("ice-option-tag");
            f.check(Grammar.isNonWhitespace(option), "ice-option-tag must be visible characters");
            options.add(option);
        } while (!f.atEnd());
        return new IceOptions(options);
    }
}
