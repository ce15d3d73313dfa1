package io.purertc.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code a=rid:<id> send|recv [pt=<fmt>,...][;]<restriction>;...}: an RTP stream identifier and
 * the limits on that stream, e.g. {@code a=rid:h send max-width=1280;max-height=720}
 * (RFC 8851 §10). A restriction without a value maps to the empty string.
 */
public record Rid(String id, Rid.Direction direction, List<Integer> payloadTypes, Map<String, String> restrictions)
        implements Attribute {

    static final String NAME = "rid";
    /** The rid-fmt-list key, allowed only as the first parameter. */
    private static final String PT = "pt";

    /** RFC 8851 §4 rid-dir. */
    public enum Direction {
        SEND("send"),
        RECV("recv");

        private final String token;

        Direction(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }

        static Direction forToken(String token) {
            for (Direction direction : values()) {
                if (direction.token.equals(token)) {
                    return direction;
                }
            }
            return null;
        }
    }

    public Rid {
        if (!validId(id)) {
            throw new IllegalArgumentException("rid-id \"" + id + "\" must be alpha-numeric, - or _");
        }
        Objects.requireNonNull(direction, "direction");
        payloadTypes = List.copyOf(payloadTypes);
        payloadTypes.forEach(Rtpmap::checkPayloadType);
        restrictions = Collections.unmodifiableMap(new LinkedHashMap<>(restrictions));
        restrictions.forEach((key, value) -> {
            if (!validKey(key) || PT.equals(key) || !validValue(value)) {
                throw new IllegalArgumentException("bad rid restriction " + key + "=" + value);
            }
        });
    }

    static boolean validId(String id) {
        return Grammar.isAlphaNumericOr(id, "-_");
    }

    private static boolean validKey(String key) {
        return Grammar.isAlphaNumericOr(key, "-");
    }

    /** RFC 8851 §10 param-val: printable ASCII but ";". */
    private static boolean validValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == ';') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        StringBuilder value = new StringBuilder(id).append(' ').append(direction.token());
        char separator = ' ';
        if (!payloadTypes.isEmpty()) {
            value.append(" pt=");
            for (int i = 0; i < payloadTypes.size(); i++) {
                value.append(i == 0 ? "" : ",").append(payloadTypes.get(i));
            }
            separator = ';';
        }
        for (Map.Entry<String, String> restriction : restrictions.entrySet()) {
            value.append(separator).append(restriction.getKey());
            if (!restriction.getValue().isEmpty()) {
                value.append('=').append(restriction.getValue());
            }
            separator = ';';
        }
        return Optional.of(value.toString());
    }

    static Rid parse(Fields f) throws SdpParseException {
        String id = f.next("rid-id");
        f.check(validId(id), "rid-id \"" + id + "\" must be alpha-numeric, - or _");
        Direction direction = Direction.forToken(f.next("rid-dir"));
        f.check(direction != null, "rid-dir must be send or recv");
        List<Integer> payloadTypes = new ArrayList<>();
        Map<String, String> restrictions = new LinkedHashMap<>();
        if (f.atEnd()) {
            return new Rid(id, direction, payloadTypes, restrictions);
        }
        String[] params = f.rest("rid-param").split(";", -1);
        for (int i = 0; i < params.length; i++) {
            String param = params[i];
            int equals = param.indexOf('=');
            String key = equals < 0 ? param : param.substring(0, equals);
            String value = equals < 0 ? "" : param.substring(equals + 1);
            f.check(validKey(key), "rid-param name \"" + key + "\" must be alpha-numeric or -");
            f.check(validValue(value), "rid-param value of " + key + " must be printable and hold no ;");
            if (PT.equals(key)) {
                f.check(i == 0, "pt= must be the first rid-param");
                for (String fmt : value.split(",", -1)) {
                    payloadTypes.add((int) f.number(fmt, "rid pt", 0, Rtpmap.MAX_PAYLOAD_TYPE));
                }
            } else {
                f.check(restrictions.putIfAbsent(key, value) == null, "rid-param " + key + " given twice");
            }
        }
        return new Rid(id, direction, payloadTypes, restrictions);
    }
}
