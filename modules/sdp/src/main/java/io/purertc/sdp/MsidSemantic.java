package io.purertc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code a=msid-semantic}: the pre-RFC 8830 session-level declaration {@code WMS [stream ids]}.
 * Its spelling differs between implementations and is kept: libwebrtc writes a space after the
 * colon ({@code msid-semantic: WMS}), Firefox {@code msid-semantic:WMS *}, Pion
 * {@code msid-semantic:WMS*} (one token).
 */
public record MsidSemantic(boolean spaceAfterColon, String semantic, List<String> identifiers)
        implements Attribute {

    static final String NAME = "msid-semantic";

    public MsidSemantic {
        identifiers = List.copyOf(identifiers);
        if (!Grammar.isToken(semantic) || !identifiers.stream().allMatch(Grammar::isToken)) {
            throw new IllegalArgumentException("msid-semantic and its identifiers must be tokens");
        }
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        return Optional.of((spaceAfterColon ? " " : "") + Attributes.spaced(semantic, identifiers));
    }

    static MsidSemantic parse(Fields f, String value) throws SdpParseException {
        boolean space = value.startsWith(" ");
        if (space) {
            f.skip(1);
        }
        String semantic = f.token("semantic");
        List<String> identifiers = new ArrayList<>();
        while (!f.atEnd()) {
            identifiers.add(f.token("msid-id"));
        }
        return new MsidSemantic(space, semantic, identifiers);
    }
}
