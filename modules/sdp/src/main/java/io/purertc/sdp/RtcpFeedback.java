package io.purertc.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code a=rtcp-fb:<payload type or *> <type> [<parameter>]}: an RTCP feedback message the
 * sender of this description understands (RFC 4585 §4.2), e.g. {@code nack pli},
 * {@code ccm fir}, {@code transport-cc}.
 */
public record RtcpFeedback(int payloadType, String type, String parameter) implements Attribute {

    static final String NAME = "rtcp-fb";
    /** The payload type value standing for {@code *}: every payload type of the section. */
    public static final int WILDCARD = -1;

    public RtcpFeedback {
        if (payloadType != WILDCARD) {
            Rtpmap.checkPayloadType(payloadType);
        }
        if (!Grammar.isToken(type)) {
            throw new IllegalArgumentException("rtcp-fb type \"" + type + "\" is not a token");
        }
        if (!Grammar.isText(Objects.requireNonNull(parameter, "parameter"))) {
            throw new IllegalArgumentException("rtcp-fb parameter holds a control character");
        }
    }

    public boolean isWildcard() {
        return payloadType == WILDCARD;
    }

    /** Whether this feedback applies to {@code payloadType}. */
    public boolean appliesTo(int payloadType) {
        return isWildcard() || this.payloadType == payloadType;
    }

    /** The same feedback for another payload type. */
    public RtcpFeedback withPayloadType(int payloadType) {
        return new RtcpFeedback(payloadType, type, parameter);
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        String pt = isWildcard() ? "*" : Integer.toString(payloadType);
        return Optional.of(parameter.isEmpty() ? pt + " " + type : pt + " " + type + " " + parameter);
    }

    static RtcpFeedback parse(Fields f) throws SdpParseException {
        String pt = f.next("payload type");
        int payloadType = "*".equals(pt) ? WILDCARD : (int) f.number(pt, "payload type", 0, Rtpmap.MAX_PAYLOAD_TYPE);
        String type = f.token("feedback type");
        String parameter = f.atEnd() ? "" : f.rest("feedback parameter");
        return new RtcpFeedback(payloadType, type, parameter);
    }
}
