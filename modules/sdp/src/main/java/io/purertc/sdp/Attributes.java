package io.purertc.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed look-ups over an attribute list, shared by the session and media levels. */
final class Attributes {

    private Attributes() {
    }

    static <T extends Attribute> List<T> ofType(List<Attribute> attributes, Class<T> type) {
        List<T> found = new ArrayList<>();
        for (Attribute attribute : attributes) {
            if (type.isInstance(attribute)) {
                found.add(type.cast(attribute));
            }
        }
        return found;
    }

    static <T extends Attribute> Optional<T> first(List<Attribute> attributes, Class<T> type) {
        for (Attribute attribute : attributes) {
            if (type.isInstance(attribute)) {
                return Optional.of(type.cast(attribute));
            }
        }
        return Optional.empty();
    }

    /** {@code first} followed by each of {@code rest}, space-separated: the shape of group-like values. */
    static String spaced(String first, List<?> rest) {
        StringBuilder value = new StringBuilder(first);
        for (Object item : rest) {
            value.append(' ').append(item);
        }
        return value.toString();
    }

    /** The constants of an attribute enum by attribute name, for the parser's look-up. */
    static <E extends Enum<E> & Attribute> Map<String, E> byName(E[] constants) {
        Map<String, E> byName = new HashMap<>();
        for (E constant : constants) {
            byName.put(constant.attributeName(), constant);
        }
        return byName;
    }

    static void appendLine(StringBuilder out, Attribute attribute) {
        out.append("a=").append(attribute.attributeName());
        attribute.attributeValue().ifPresent(value -> out.append(':').append(value));
        out.append("\r\n");
    }
}
