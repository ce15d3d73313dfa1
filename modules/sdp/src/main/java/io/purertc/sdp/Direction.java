package io.purertc.sdp;

import java.util.Map;
import java.util.Optional;

/**
 * The media direction attributes of RFC 8866 §6.7 (RFC 3264 §5.1): whether this side sends,
 * receives, both or neither. Also the optional direction of an {@code a=extmap} (RFC 8285 §8).
 */
public enum Direction implements Attribute {
    SENDRECV("sendrecv", true, true),
    SENDONLY("sendonly", true, false),
    RECVONLY("recvonly", false, true),
    INACTIVE("inactive", false, false);

    /** Built after the constants: enum static fields initialize in declaration order. */
    private static final Map<String, Direction> BY_NAME = Attributes.byName(values());

    private final String attributeName;
    private final boolean sends;
    private final boolean receives;

    Direction(String attributeName, boolean sends, boolean receives) {
        this.attributeName = attributeName;
        this.sends = sends;
        this.receives = receives;
    }

    /** The direction that sends iff {@code send} and receives iff {@code receive}. */
    public static Direction of(boolean send, boolean receive) {
        if (send) {
            return receive ? SENDRECV : SENDONLY;
        }
        return receive ? RECVONLY : INACTIVE;
    }

    public boolean sends() {
        return sends;
    }

    public boolean receives() {
        return receives;
    }

    /** The same direction seen from the other side: sendonly becomes recvonly and back. */
    public Direction reverse() {
        return of(receives, sends);
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
    static Direction forName(String name) {
        return BY_NAME.get(name);
    }
}
