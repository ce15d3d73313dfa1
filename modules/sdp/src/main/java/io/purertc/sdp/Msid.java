package io.purertc.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code a=msid:<stream id> [<track id>]}: the MediaStream this section's track belongs to
 * (RFC 8830 §2); {@code -} as stream id means none.
 */
public record Msid(String streamId, Optional<String> trackId) implements Attribute {

    static final String NAME = "msid";
    private static final int MAX_ID_LENGTH = 64;
    private static final String RULE = "msid-id and msid-appdata must be tokens of 1..64 characters";

    public Msid {
        Objects.requireNonNull(trackId, "trackId");
        if (!valid(streamId) || !trackId.map(Msid::valid).orElse(true)) {
            throw new IllegalArgumentException(RULE);
        }
    }

    private static boolean valid(String id) {
        return id.length() <= MAX_ID_LENGTH && Grammar.isToken(id);
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        return Optional.of(trackId.map(t -> streamId + " " + t).orElse(streamId));
    }

    static Msid parse(Fields f) throws SdpParseException {
        String streamId = f.next("msid-id");
        Optional<String> trackId = f.atEnd() ? Optional.empty() : Optional.of(f.only("msid-appdata"));
        f.check(valid(streamId) && trackId.map(Msid::valid).orElse(true), RULE);
        return new Msid(streamId, trackId);
    }
}
