package io.purertc.sdp;

import java.util.Map;
import java.util.Optional;

/** The property attributes (no value) WebRTC gives meaning to. */
public enum Property implements Attribute {
    /** RFC 8839 §5.3: this agent implements ICE lite. Session level. */
    ICE_LITE("ice-lite"),
    /** RFC 8840 §8.2: no more candidates will be trickled for this section. */
    END_OF_CANDIDATES("end-of-candidates"),
    /** RFC 5761 §5.1.1: RTP and RTCP share one port. */
    RTCP_MUX("rtcp-mux"),
    /** RFC 5506 §5: reduced-size RTCP may be sent. */
    RTCP_RSIZE("rtcp-rsize"),
    /** RFC 8843 §6: accept this section only if it is bundled. */
    BUNDLE_ONLY("bundle-only"),
    /** RFC 8285 §6: one-byte and two-byte header extensions may be mixed in one stream. */
    EXTMAP_ALLOW_MIXED("extmap-allow-mixed");

    /** Built after the constants: enum static fields initialize in declaration order. */
    private static final Map<String, Property> BY_NAME = Attributes.byName(values());

    private final String attributeName;

    Property(String attributeName) {
        this.attributeName = attributeName;
    }

    @Override
    public String attributeName() {
        return attributeName;
    }

    @Override
    public Optional<String> attributeValue() {
        return Optional.empty();
    }

    /** The constant written {@code a=<name>}, or null. */
    static Property forName(String name) {
        return BY_NAME.get(name);
    }
}
