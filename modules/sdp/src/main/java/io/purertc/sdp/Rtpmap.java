package io.purertc.sdp;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>]}: what an RTP payload
 * type number means (RFC 8866 §6.6).
 */
public record Rtpmap(int payloadType, String encodingName, int clockRate, OptionalInt channels)
        implements Attribute {

    static final String NAME = "rtpmap";
    static final int MAX_PAYLOAD_TYPE = 127;

    public Rtpmap {
        checkPayloadType(payloadType);
        Objects.requireNonNull(channels, "channels");
        if (!Grammar.isToken(encodingName) || encodingName.indexOf('/') >= 0) {
            throw new IllegalArgumentException("encoding name \"" + encodingName + "\" is not a token");
        }
        if (clockRate <= 0 || channels.orElse(1) <= 0) {
            throw new IllegalArgumentException("clock rate and channels must be positive");
        }
    }

    static void checkPayloadType(int payloadType) {
        if (payloadType < 0 || payloadType > MAX_PAYLOAD_TYPE) {
            throw new IllegalArgumentException("payload type " + payloadType + " is outside 0..127");
        }
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        StringBuilder value = new StringBuilder().append(payloadType).append(' ').append(encodingName)
                .append('/').append(clockRate);
        channels.ifPresent(c -> value.append('/').append(c));
        return Optional.of(value.toString());
    }

    static Rtpmap parse(Fields f) throws SdpParseException {
        int payloadType = f.integer("payload type", 0, MAX_PAYLOAD_TYPE);
        String encoding = f.only("encoding");
        int slash = encoding.indexOf('/');
        f.check(slash > 0, "rtpmap needs <encoding name>/<clock rate>");
        String name = f.token(encoding.substring(0, slash), "encoding name");
        int secondSlash = encoding.indexOf('/', slash + 1);
        int rateEnd = secondSlash < 0 ? encoding.length() : secondSlash;
        int clockRate = (int) f.number(encoding.substring(slash + 1, rateEnd), "clock rate", 1, Integer.MAX_VALUE);
        OptionalInt channels = secondSlash < 0 ? OptionalInt.empty()
                : OptionalInt.of((int) f.number(encoding.substring(secondSlash + 1), "channels", 1, 255));
        return new Rtpmap(payloadType, name, clockRate, channels);
    }
}
