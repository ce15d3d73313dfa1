package io.purertc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code a=ssrc-group:<semantics> <ssrc>...}: sources that belong together (RFC 5576 §4.2), e.g.
 * {@code FID} (a primary and its RTX stream, RFC 4588 §8) or {@code SIM} (simulcast layers).
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) implements Attribute {

    static final String NAME = "ssrc-group";
    /** RFC 5576 §4.2 / RFC 4588 §8: flow identification, primary then retransmission SSRC. */
    public static final String FID = "FID";
    /** Simulcast layers, lowest first, as libwebrtc writes them. */
    public static final String SIM = "SIM";

    public SsrcGroup {
        ssrcs = List.copyOf(ssrcs);
        if (!Grammar.isToken(semantics)) {
            throw new IllegalArgumentException("ssrc-group semantics \"" + semantics + "\" is not a token");
        }
        ssrcs.forEach(Ssrc::checkSsrc);
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        return Optional.of(Attributes.spaced(semantics, ssrcs));
    }

    static SsrcGroup parse(Fields f) throws SdpParseException {
        String semantics = f.token("semantics");
        List<Long> ssrcs = new ArrayList<>();
        while (!f.atEnd()) {
            ssrcs.add(f.number("ssrc-id", 0, Ssrc.MAX_SSRC));
        }
        return new SsrcGroup(semantics, ssrcs);
    }
}
