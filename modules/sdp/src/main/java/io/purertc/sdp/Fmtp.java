package io.purertc.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code a=fmtp:<payload type> <parameters>}: format-specific parameters (RFC 8866 §6.15).
 * The parameter text is kept exactly as received, so an unchanged fmtp is written back byte for
 * byte whatever its spacing; {@link #parameterMap()} reads it as the {@code key=value;...} list
 * most payload formats use.
 */
public record Fmtp(int payloadType, String parameters) implements Attribute {

    static final String NAME = "fmtp";

    public Fmtp {
        Rtpmap.checkPayloadType(payloadType);
        if (parameters.isEmpty() || !Grammar.isText(parameters)) {
            throw new IllegalArgumentException("fmtp parameters must be non-empty text");
        }
    }

    /**
     * The fmtp that writes {@code parameters} as {@code key=value} joined by {@code ;}; a
     * parameter with an empty value is written as the bare key (e.g. telephone-event's
     * {@code 0-15}).
     */
    public static Fmtp of(int payloadType, Map<String, String> parameters) {
        StringBuilder text = new StringBuilder();
        parameters.forEach((key, value) -> {
            if (text.length() > 0) {
                text.append(';');
            }
            text.append(key);
            if (!value.isEmpty()) {
                text.append('=').append(value);
            }
        });
        return new Fmtp(payloadType, text.toString());
    }

    /**
     * The parameters in order. Pieces are split at {@code ;}, trimmed, and split at the first
     * {@code =}; a piece without {@code =} maps to the empty string. The first of repeated keys
     * wins.
     */
    public Map<String, String> parameterMap() {
        Map<String, String> map = new LinkedHashMap<>();
        int start = 0;
        while (start <= parameters.length()) {
            int semicolon = parameters.indexOf(';', start);
            int end = semicolon < 0 ? parameters.length() : semicolon;
            String piece = parameters.substring(start, end).trim();
            if (!piece.isEmpty()) {
                int equals = piece.indexOf('=');
                if (equals < 0) {
                    map.putIfAbsent(piece, "");
                } else {
                    map.putIfAbsent(piece.substring(0, equals).trim(), piece.substring(equals + 1).trim());
                }
            }
            start = end + 1;
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        return Optional.of(payloadType + " " + parameters);
    }

    static Fmtp parse(Fields f) throws SdpParseException {
        int payloadType = f.integer("payload type", 0, Rtpmap.MAX_PAYLOAD_TYPE);
        return new Fmtp(payloadType, f.rest("format parameters"));
    }
}
