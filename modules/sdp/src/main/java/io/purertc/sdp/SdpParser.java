package io.purertc.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a session description line by line (RFC 8866 §5, grammar in §9): line syntax, the order
 * of line types at session and media level, the typed attributes, and size limits that keep
 * hostile input from costing more than a bounded amount of work and memory.
 */
final class SdpParser {

    static final int MAX_LENGTH = 256 * 1024;
    static final int MAX_LINE_LENGTH = 4096;
    static final int MAX_LINES = 8192;
    static final int MAX_MEDIA = 256;

    /** Longest piece of an over-long line kept in the exception. */
    private static final int QUOTED_PREFIX = 256;

    /** RFC 8866 §5: the order of session-level line types; r= and z= belong to the t= before them. */
    private static final String SESSION_ORDER = "vosiuepcbtrzka";
    private static final String SESSION_REPEATABLE = "epbtra";
    private static final int TIME = SESSION_ORDER.indexOf('t');
    private static final int REPEAT = SESSION_ORDER.indexOf('r');
    private static final int ZONE = SESSION_ORDER.indexOf('z');
    /** RFC 8866 §5: the order of media-level line types. */
    private static final String MEDIA_ORDER = "micbka";
    private static final String MEDIA_REPEATABLE = "cba";

    private int lineNumber;
    private String line = "";
    /** Position of the last line type in the order of the current part. */
    private int rank;
    /** Attributes (and keyed attributes, e.g. "rtpmap 96") seen in the current part. */
    private final Set<String> seen = new HashSet<>();

    private Origin origin;
    private String sessionName;
    private Optional<String> information = Optional.empty();
    private Optional<String> uri = Optional.empty();
    private final List<String> emails = new ArrayList<>();
    private final List<String> phones = new ArrayList<>();
    private Optional<Connection> connection = Optional.empty();
    private final List<Bandwidth> bandwidths = new ArrayList<>();
    private final List<TimeDescription> times = new ArrayList<>();
    private TimeDescription time;
    private final List<String> repeats = new ArrayList<>();
    private Optional<String> zone = Optional.empty();
    private Optional<String> key = Optional.empty();
    private final List<Attribute> attributes = new ArrayList<>();
    private final List<MediaDescription> media = new ArrayList<>();
    private Section section;

    /** The media section being read. */
    private static final class Section {
        final String media;
        final int port;
        final OptionalInt numberOfPorts;
        final String protocol;
        final List<String> formats;
        Optional<String> information = Optional.empty();
        final List<Connection> connections = new ArrayList<>();
        final List<Bandwidth> bandwidths = new ArrayList<>();
        Optional<String> key = Optional.empty();
        final List<Attribute> attributes = new ArrayList<>();

        Section(String media, int port, OptionalInt numberOfPorts, String protocol, List<String> formats) {
            this.media = media;
            this.port = port;
            this.numberOfPorts = numberOfPorts;
            this.protocol = protocol;
            this.formats = formats;
        }

        MediaDescription build() {
            return new MediaDescription(media, port, numberOfPorts, protocol, formats, information, connections,
                    bandwidths, key, attributes);
        }
    }

    SessionDescription parse(String text) throws SdpParseException {
        if (text.length() > MAX_LENGTH) {
            throw limit(text, MAX_LENGTH, "description longer than " + MAX_LENGTH + " characters");
        }
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline;
            int lineEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            lineNumber++;
            if (lineNumber > MAX_LINES) {
                throw limit(text, start, "more than " + MAX_LINES + " lines");
            }
            if (lineEnd - start > MAX_LINE_LENGTH) {
                throw limit(text, start, "line longer than " + MAX_LINE_LENGTH + " characters");
            }
            line = text.substring(start, lineEnd);
            parseLine();
            start = end + 1;
        }
        return finish();
    }

    /** The exception for a size limit broken at {@code offset}, quoting the start of that line. */
    private SdpParseException limit(String text, int offset, String rule) {
        int number = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                number++;
                lineStart = i + 1;
            }
        }
        String quoted = text.substring(lineStart, Math.min(text.length(), lineStart + QUOTED_PREFIX));
        int newline = quoted.indexOf('\n');
        return new SdpParseException(number, newline < 0 ? quoted : quoted.substring(0, newline), rule);
    }

    private SdpParseException error(String rule) {
        return new SdpParseException(lineNumber, line, rule);
    }

    private void parseLine() throws SdpParseException {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw error(String.format("control character U+%04X at column %d", (int) c, i + 1));
            }
        }
        if (line.isEmpty()) {
            throw error("empty line");
        }
        char type = line.charAt(0);
        if (line.length() < 2 || line.charAt(1) != '=' || type < 'a' || type > 'z') {
            throw error("a line must be <lower-case letter>=<value> (RFC 8866 §5)");
        }
        String value = line.substring(2);
        if (lineNumber == 1) {
            if (type != 'v') {
                throw error("the first line must be v= (RFC 8866 §5.1)");
            }
            if (!value.equals("0")) {
                throw error("v= must be 0 (RFC 8866 §5.1)");
            }
            return;
        }
        if (type == 'm') {
            startSection(fields(value));
        } else if (section == null) {
            sessionLine(type, value);
        } else {
            mediaLine(type, value);
        }
    }

    private Fields fields(String value) {
        return new Fields(lineNumber, line, value);
    }

    private void sessionLine(char type, String value) throws SdpParseException {
        int position = SESSION_ORDER.indexOf(type);
        if (position < 0) {
            throw error("unknown line type " + type + "=");
        }
        if (lineNumber == 2 && type != 'o') {
            throw error("o= must follow v= (RFC 8866 §5)");
        }
        if (lineNumber == 3 && type != 's') {
            throw error("s= must follow o= (RFC 8866 §5)");
        }
        boolean nextTime = type == 't' && (rank == REPEAT || rank == ZONE);
        checkOrder(type, position, SESSION_ORDER, SESSION_REPEATABLE, nextTime);
        if ((type == 'r' || type == 'z') && rank < TIME) {
            throw error(type + "= must follow a t= line (RFC 8866 §5.10)");
        }
        if (position > ZONE && time == null) {
            throw error("t= must come before " + type + "= (RFC 8866 §5)");
        }
        rank = position;
        switch (type) {
            case 'o' -> origin = Origin.parse(fields(value));
            case 's' -> sessionName = text(value);
            case 'i' -> information = Optional.of(text(value));
            case 'u' -> uri = Optional.of(text(value));
            case 'e' -> emails.add(text(value));
            case 'p' -> phones.add(text(value));
            case 'c' -> connection = Optional.of(Connection.parse(fields(value)));
            case 'b' -> bandwidths.add(Bandwidth.parse(fields(value), value));
            case 't' -> {
                finishTime();
                time = TimeDescription.parse(fields(value));
            }
            case 'r' -> repeats.add(TimeDescription.checkRepeat(fields(value), value));
            case 'z' -> zone = Optional.of(TimeDescription.checkZone(fields(value), value));
            case 'k' -> key = Optional.of(text(value));
            default -> attributes.add(attribute(value));
        }
    }

    private void mediaLine(char type, String value) throws SdpParseException {
        int position = MEDIA_ORDER.indexOf(type);
        if (position < 0) {
            throw error(SESSION_ORDER.indexOf(type) >= 0 ? type + "= is not allowed in a media section (RFC 8866 §5)"
                    : "unknown line type " + type + "=");
        }
        checkOrder(type, position, MEDIA_ORDER, MEDIA_REPEATABLE, false);
        rank = position;
        switch (type) {
            case 'i' -> section.information = Optional.of(text(value));
            case 'c' -> section.connections.add(Connection.parse(fields(value)));
            case 'b' -> section.bandwidths.add(Bandwidth.parse(fields(value), value));
            case 'k' -> section.key = Optional.of(text(value));
            default -> section.attributes.add(attribute(value));
        }
    }

    private void checkOrder(char type, int position, String order, String repeatable, boolean exempt)
            throws SdpParseException {
        if (exempt) {
            return;
        }
        if (position < rank) {
            throw error(type + "= must come before " + order.charAt(rank) + "= (RFC 8866 §5)");
        }
        if (position == rank && repeatable.indexOf(type) < 0) {
            throw error("a second " + type + "= line (RFC 8866 §5 allows one)");
        }
    }

    private String text(String value) throws SdpParseException {
        if (value.isEmpty()) {
            throw error("the value is empty");
        }
        return value;
    }

    /** RFC 8866 §5.14: media SP port["/"number of ports] SP proto 1*(SP fmt). */
    private void startSection(Fields f) throws SdpParseException {
        if (section == null && (origin == null || sessionName == null || time == null)) {
            throw error("v=, o=, s= and t= must come before the first m= (RFC 8866 §5)");
        }
        if (media.size() + (section == null ? 0 : 1) == MAX_MEDIA) {
            throw error("more than " + MAX_MEDIA + " media sections");
        }
        finishSection();
        finishTime();
        String mediaType = f.token("media");
        String ports = f.next("port");
        int slash = ports.indexOf('/');
        int port = (int) f.number(slash < 0 ? ports : ports.substring(0, slash), "port", 0, 65535);
        OptionalInt numberOfPorts = slash < 0 ? OptionalInt.empty()
                : OptionalInt.of((int) f.number(ports.substring(slash + 1), "number of ports", 1, 65535));
        String protocol = f.next("proto");
        f.check(MediaDescription.validProtocol(protocol), "proto \"" + protocol + "\" must be tokens joined by /");
        boolean rtp = MediaDescription.isRtp(protocol);
        List<String> formats = new ArrayList<>();
        do {
            String format = f.next("fmt");
            if (rtp) {
                f.check(MediaDescription.isPayloadType(format), "RTP fmt \"" + format + "\" must be a payload type 0..127");
            } else {
                f.token(format, "fmt");
            }
            formats.add(format);
        } while (!f.atEnd());
        section = new Section(mediaType, port, numberOfPorts, protocol, formats);
        rank = 0;
        seen.clear();
    }

    private void finishSection() {
        if (section != null) {
            media.add(section.build());
        }
    }

    private void finishTime() {
        if (time != null) {
            times.add(new TimeDescription(time.start(), time.stop(), repeats, zone));
            time = null;
            repeats.clear();
            zone = Optional.empty();
        }
    }

    private SessionDescription finish() throws SdpParseException {
        if (lineNumber == 0) {
            throw new SdpParseException(1, "", "empty description: the first line must be v= (RFC 8866 §5.1)");
        }
        if (origin == null || sessionName == null || (time == null && times.isEmpty())) {
            throw error("the description ended before its o=, s= and t= lines (RFC 8866 §5)");
        }
        finishSection();
        finishTime();
        return new SessionDescription(origin, sessionName, information, uri, emails, phones, connection, bandwidths,
                times, key, attributes, media);
    }

    /** RFC 8866 §5.13: a=name or a=name:value; typed where WebRTC gives the name a meaning. */
    private Attribute attribute(String value) throws SdpParseException {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        if (!Grammar.isToken(name)) {
            throw error("attribute name \"" + name + "\" is not a token");
        }
        Property property = Property.forName(name);
        Direction direction = Direction.forName(name);
        if (property != null || direction != null) {
            if (colon >= 0) {
                throw error("a=" + name + " takes no value");
            }
            once(direction != null ? "direction" : name, "a second direction attribute or a=" + name);
            return property != null ? property : direction;
        }
        String attributeValue = colon < 0 ? "" : value.substring(colon + 1);
        Attribute typed = typed(name, fields(attributeValue), attributeValue);
        if (typed != null) {
            return typed;
        }
        return new UnknownAttribute(name, colon < 0 ? Optional.empty() : Optional.of(attributeValue));
    }

    private Attribute typed(String name, Fields f, String value) throws SdpParseException {
        return switch (name) {
            case Candidate.NAME -> Candidate.parse(f);
            case Extmap.NAME -> {
                Extmap extmap = Extmap.parse(f);
                yield keyed(extmap, extmap.id(), "with id");
            }
            case Fingerprint.NAME -> Fingerprint.parse(f);
            case Fmtp.NAME -> {
                Fmtp fmtp = Fmtp.parse(f);
                yield keyed(fmtp, fmtp.payloadType(), "for payload type");
            }
            case Group.NAME -> Group.parse(f);
            case IceOptions.NAME -> single(IceOptions.parse(f));
            case IcePwd.NAME -> single(IcePwd.parse(f));
            case IceUfrag.NAME -> single(IceUfrag.parse(f));
            case MaxMessageSize.NAME -> single(MaxMessageSize.parse(f));
            case Mid.NAME -> single(Mid.parse(f));
            case Msid.NAME -> Msid.parse(f);
            case MsidSemantic.NAME -> single(MsidSemantic.parse(f, value));
            case Rid.NAME -> {
                Rid rid = Rid.parse(f);
                yield keyed(rid, rid.id(), "with id");
            }
            case Rtcp.NAME -> single(Rtcp.parse(f));
            case RtcpFeedback.NAME -> RtcpFeedback.parse(f);
            case Rtpmap.NAME -> {
                Rtpmap rtpmap = Rtpmap.parse(f);
                yield keyed(rtpmap, rtpmap.payloadType(), "for payload type");
            }
            case SctpPort.NAME -> single(SctpPort.parse(f));
            case Setup.NAME -> single(Setup.parse(f));
            case Simulcast.NAME -> single(Simulcast.parse(f));
            case Ssrc.NAME -> Ssrc.parse(f);
            case SsrcGroup.NAME -> SsrcGroup.parse(f);
            default -> null;
        };
    }

    /** Admits an attribute that may appear once in its section. */
    private Attribute single(Attribute attribute) throws SdpParseException {
        once(attribute.attributeName(), "a second a=" + attribute.attributeName() + " in this section");
        return attribute;
    }

    /** Admits an attribute that may appear once per key (payload type, extension id, rid) in its section. */
    private Attribute keyed(Attribute attribute, Object key, String keyPhrase) throws SdpParseException {
        once(attribute.attributeName() + " " + key,
                "a second a=" + attribute.attributeName() + " " + keyPhrase + " " + key);
        return attribute;
    }

    private void once(String what, String rule) throws SdpParseException {
        if (!seen.add(what)) {
            throw error(rule);
        }
    }
}
