package io.purertc.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code a=extmap:<id>[/<direction>] <uri> [<extension attributes>]}: binds an RTP header
 * extension URI to a local id (RFC 8285 §8). Ids 1-14 fit the one-byte header form, 15-255
 * need the two-byte form, and 4096-4351 may only appear in offers (RFC 8285 §5).
 */
public record Extmap(int id, Optional<Direction> direction, String uri, String extensionAttributes)
        implements Attribute {

    static final String NAME = "extmap";
    private static final String RULE = "extmap id must be 1..255 or 4096..4351";

    public Extmap {
        if (!validId(id)) {
            throw new IllegalArgumentException(RULE);
        }
        Objects.requireNonNull(direction, "direction");
        if (!Grammar.isNonWhitespace(uri)) {
            throw new IllegalArgumentException("extension URI must be visible characters");
        }
        if (!Grammar.isText(extensionAttributes)) {
            throw new IllegalArgumentException("extension attributes hold a control character");
        }
    }

    /** An extmap with no direction and no extension attributes. */
    public static Extmap of(int id, String uri) {
        return new Extmap(id, Optional.empty(), uri, "");
    }

    private static boolean validId(int id) {
        return (id >= 1 && id <= 255) || (id >= 4096 && id <= 4351);
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        StringBuilder value = new StringBuilder().append(id);
        direction.ifPresent(d -> value.append('/').append(d.attributeName()));
        value.append(' ').append(uri);
        if (!extensionAttributes.isEmpty()) {
            value.append(' ').append(extensionAttributes);
        }
        return Optional.of(value.toString());
    }

    static Extmap parse(Fields f) throws SdpParseException {
        String entry = f.next("mapentry");
        int slash = entry.indexOf('/');
        int id = (int) f.number(slash < 0 ? entry : entry.substring(0, slash), "extmap id", 0, 65535);
        f.check(validId(id), RULE);
        Optional<Direction> direction = Optional.empty();
        if (slash >= 0) {
            Direction d = Direction.forName(entry.substring(slash + 1));
            f.check(d != null, "extmap direction must be sendonly, recvonly, sendrecv or inactive");
            direction = Optional.of(d);
        }
        String uri = f.next("extension URI");
        String attributes = f.atEnd() ? "" : f.rest("extension attributes");
        return new Extmap(id, direction, uri, attributes);
    }
}
