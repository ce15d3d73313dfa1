package io.purertc.sdp;

import java.util.Optional;

/**
 * One {@code a=} line (RFC 8866 §5.13): {@code a=<attribute-name>} for a property attribute,
 * {@code a=<attribute-name>:<attribute-value>} for a value attribute. The attributes WebRTC
 * relies on have typed forms; any other stays an {@link UnknownAttribute} and is written back
 * exactly as it came.
 */
public sealed interface Attribute
        permits Candidate, Direction, Extmap, Fingerprint, Fmtp, Group, IceOptions, IcePwd, IceUfrag,
                MaxMessageSize, Mid, Msid, MsidSemantic, Property, Rid, Rtcp, RtcpFeedback, Rtpmap,
                SctpPort, Setup, Simulcast, Ssrc, SsrcGroup, UnknownAttribute {

    /** The name between {@code a=} and the first colon. */
    String attributeName();

    /** The text after the first colon, or empty for a property attribute. */
    Optional<String> attributeValue();
}
