package io.purertc.sdp;

import java.util.Optional;

/** {@code a=ice-ufrag}: the ICE username fragment (RFC 8839 §5.4). */
public record IceUfrag(String ufrag) implements Attribute {

    static final String NAME = "ice-ufrag";
    private static final String RULE = "ice-ufrag must be 4..256 characters of ALPHA / DIGIT / + / /";

    public IceUfrag {
        if (!valid(ufrag)) {
            throw new IllegalArgumentException(RULE);
        }
    }

    private static boolean valid(String ufrag) {
        return ufrag.length() >= 4 && ufrag.length() <= 256 && Grammar.isIceChars(ufrag);
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        return Optional.of(ufrag);
    }

    static IceUfrag parse(Fields f) throws SdpParseException {
        String ufrag = f.only("ufrag");
        f.check(valid(ufrag), RULE);
        return new IceUfrag(ufrag);
    }
}
