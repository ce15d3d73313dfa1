package io.purertc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One media section: the {@code m=} line and the {@code i= c= b= k= a=} lines under it
 * (RFC 8866 §5.14). Attributes keep their order; the typed views below read them.
 */
public record MediaDescription(String media, int port, OptionalInt numberOfPorts, String protocol,
                               List<String> formats, Optional<String> information, List<Connection> connections,
                               List<Bandwidth> bandwidths, Optional<String> key, List<Attribute> attributes) {

    public MediaDescription {
        if (!Grammar.isToken(media)) {
            throw new IllegalArgumentException("media \"" + media + "\" is not a token");
        }
        if (port < 0 || port > 65535 || numberOfPorts.orElse(1) < 1) {
            throw new IllegalArgumentException("port must be 0..65535 and the number of ports positive");
        }
        if (!validProtocol(protocol)) {
            throw new IllegalArgumentException("proto \"" + protocol + "\" must be tokens joined by /");
        }
        formats = List.copyOf(formats);
        if (formats.isEmpty() || !formats.stream().allMatch(Grammar::isToken)) {
            throw new IllegalArgumentException("an m= line needs one or more format tokens");
        }
        if (isRtp(protocol) && !formats.stream().allMatch(MediaDescription::isPayloadType)) {
            throw new IllegalArgumentException("RTP formats must be payload types 0..127");
        }
        information.ifPresent(i -> Grammar.requireText("i=", i));
        connections = List.copyOf(connections);
        bandwidths = List.copyOf(bandwidths);
        key.ifPresent(k -> Grammar.requireText("k=", k));
        attributes = List.copyOf(attributes);
    }

    /** A section as JSEP writes it: {@code c=IN IP4 0.0.0.0}, nothing else but attributes. */
    public static MediaDescription of(String media, int port, String protocol, List<String> formats,
                                      List<Attribute> attributes) {
        return new MediaDescription(media, port, OptionalInt.empty(), protocol, formats, Optional.empty(),
                List.of(Connection.UNSPECIFIED_IP4), List.of(), Optional.empty(), attributes);
    }

    static boolean validProtocol(String protocol) {
        for (String part : protocol.split("/", -1)) {
            if (!Grammar.isToken(part)) {
                return false;
            }
        }
        return true;
    }

    static boolean isPayloadType(String format) {
        if (format.isEmpty() || format.length() > 3) {
            return false;
        }
        for (int i = 0; i < format.length(); i++) {
            if (format.charAt(i) < '0' || format.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(format) <= Rtpmap.MAX_PAYLOAD_TYPE;
    }

    /** Whether the formats are RTP payload types (an RTP/AVP-family profile, RFC 3551). */
    public boolean isRtp() {
        return isRtp(protocol);
    }

    static boolean isRtp(String protocol) {
        for (String part : protocol.split("/", -1)) {
            if (part.equals("RTP")) {
                return true;
            }
        }
        return false;
    }

    public <T extends Attribute> List<T> attributes(Class<T> type) {
        return Attributes.ofType(attributes, type);
    }

    public <T extends Attribute> Optional<T> attribute(Class<T> type) {
        return Attributes.first(attributes, type);
    }

    public boolean has(Attribute attribute) {
        return attributes.contains(attribute);
    }

    public Optional<String> mid() {
        return attribute(Mid.class).map(Mid::id);
    }

    /** The direction written in this section; {@link SessionDescription#direction} resolves defaults. */
    public Optional<Direction> direction() {
        return attribute(Direction.class);
    }

    public List<Candidate> candidates() {
        return attributes(Candidate.class);
    }

    /** The formats as payload type numbers; empty unless {@link #isRtp()}. */
    public List<Integer> payloadTypes() {
        List<Integer> payloadTypes = new ArrayList<>();
        if (isRtp()) {
            for (String format : formats) {
                payloadTypes.add(Integer.parseInt(format));
            }
        }
        return payloadTypes;
    }

    /** The codecs in m= line order (the sender's preference). */
    public List<Codec> codecs() {
        return Codec.of(this);
    }

    public boolean isBundleOnly() {
        return has(Property.BUNDLE_ONLY);
    }

    /** Port 0 without bundle-only: the section is rejected or disabled (RFC 3264 §6, RFC 8843 §6). */
    public boolean isRejected() {
        return port == 0 && !isBundleOnly();
    }

    public MediaDescription withPort(int newPort) {
        return new MediaDescription(media, newPort, numberOfPorts, protocol, formats, information, connections,
                bandwidths, key, attributes);
    }

    public MediaDescription withAttributes(List<Attribute> newAttributes) {
        return new MediaDescription(media, port, numberOfPorts, protocol, formats, information, connections,
                bandwidths, key, newAttributes);
    }

    void appendTo(StringBuilder out) {
        out.append("m=").append(media).append(' ').append(port);
        numberOfPorts.ifPresent(n -> out.append('/').append(n));
        out.append(' ').append(protocol);
        for (String format : formats) {
            out.append(' ').append(format);
        }
        out.append("\r\n");
        information.ifPresent(i -> out.append("i=").append(i).append("\r\n"));
        for (Connection connection : connections) {
            connection.appendTo(out.append("c="));
            out.append("\r\n");
        }
        for (Bandwidth bandwidth : bandwidths) {
            bandwidth.appendTo(out.append("b="));
            out.append("\r\n");
        }
        key.ifPresent(k -> out.append("k=").append(k).append("\r\n"));
        for (Attribute attribute : attributes) {
            Attributes.appendLine(out, attribute);
        }
    }
}
