package io.purertc.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code a=rtcp-fb:<payload type or *> <type> [<parameter>]}: an RTCP feedback message the
 * sender of this description understands (RFC 4585 §4.2), e.g. {@code nack pli},
 * {@code ccm fir}, {@code transport-cc}. Pion ends parameterless lines with a space
 * ({@code a=rtcp-fb:96 nack }); that reads as a present, empty parameter and is written back so.
 */
public record RtcpFeedback(int payloadType, String type, Optional<String> parameter) implements Attribute {

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
        if (!Objects.requireNonNull(parameter, "parameter").map(Grammar::isText).orElse(true)) {
            throw new IllegalArgumentException("rtcp-fb parameter holds a control character");
        }
    }

    /** Feedback {@code type} with {@code parameter}, or with none if it is empty. */
    public static RtcpFeedback of(int payloadType, String type, String parameter) {
        return new RtcpFeedback(payloadType, type, parameter.isEmpty() ? Optional.empty() : Optional.of(parameter));
    }

    public boolean isWildcard() {
        return payloadType == WILDCARD;
    }

    /** Whether this feedback applies to {@code payloadType}. */
    public boolean appliesTo(int payloadType) {
        return isWildcard() || this.payloadType == payloadType;
    }

    /** Type and parameter as one string, e.g. {@code "nack pli"}, whitespace-normalized for comparing. */
    public String feedback() {
        String trimmed = parameter.orElse("").trim();
        return trimmed.isEmpty() ? type : type + " " + trimmed;
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
        return Optional.of(pt + " " + type + parameter.map(p -> " " + p).orElse(""));
    }

    static RtcpFeedback parse(Fields f) throws SdpParseException {
        String pt = f.next("payload type");
        int payloadType = "*".equals(pt) ? WILDCARD : (int) f.number(pt, "payload type", 0, Rtpmap.MAX_PAYLOAD_TYPE);
        String rest = f.rest("feedback type");
        int space = rest.indexOf(' ');
        String type = f.token(space < 0 ? rest : rest.substring(0, space), "feedback type");
        return new RtcpFeedback(payloadType, type, space < 0 ? Optional.empty() : Optional.of(rest.substring(space + 1)));
    }
}
