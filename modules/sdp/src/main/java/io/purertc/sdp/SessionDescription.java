package io.purertc.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole session description (RFC 8866 §5): the session-level lines, then the media sections.
 * {@link #parse} reads one (LF or CRLF line endings), {@link #write} writes it with CRLF; what was
 * parsed is written back line for line, unknown attributes included.
 */
public record SessionDescription(Origin origin, String sessionName, Optional<String> information,
                                 Optional<String> uri, List<String> emails, List<String> phones,
                                 Optional<Connection> connection, List<Bandwidth> bandwidths,
                                 List<TimeDescription> times, Optional<String> key, List<Attribute> attributes,
                                 List<MediaDescription> media) {

    public SessionDescription {
        Objects.requireNonNull(origin, "origin");
        Grammar.requireText("s=", sessionName);
        information.ifPresent(i -> Grammar.requireText("i=", i));
        uri.ifPresent(u -> Grammar.requireText("u=", u));
        emails = List.copyOf(emails);
        emails.forEach(e -> Grammar.requireText("e=", e));
        phones = List.copyOf(phones);
        phones.forEach(p -> Grammar.requireText("p=", p));
        Objects.requireNonNull(connection, "connection");
        bandwidths = List.copyOf(bandwidths);
        times = List.copyOf(times);
        if (times.isEmpty()) {
            throw new IllegalArgumentException("a session description needs a t= line");
        }
        key.ifPresent(k -> Grammar.requireText("k=", k));
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    /** A description as JSEP writes it (RFC 8829 §5.2.1): {@code s=-}, {@code t=0 0}. */
    public static SessionDescription of(Origin origin, List<Attribute> attributes, List<MediaDescription> media) {
        return new SessionDescription(origin, "-", Optional.empty(), Optional.empty(), List.of(), List.of(),
                Optional.empty(), List.of(), List.of(TimeDescription.UNBOUNDED), Optional.empty(), attributes, media);
    }

    /**
     * Parses {@code text}. Every violation, including input over the size limits (256 KiB, 4096
     * characters a line, 8192 lines, 256 media sections), raises {@link SdpParseException}.
     */
    public static SessionDescription parse(String text) throws SdpParseException {
        return new SdpParser().parse(text);
    }

    /** The description as text, each line ended by CRLF. */
    public String write() {
        StringBuilder out = new StringBuilder(1024 + 64 * attributes.size());
        out.append("v=0\r\n");
        origin.appendTo(out.append("o="));
        out.append("\r\ns=").append(sessionName).append("\r\n");
        information.ifPresent(i -> out.append("i=").append(i).append("\r\n"));
        uri.ifPresent(u -> out.append("u=").append(u).append("\r\n"));
        emails.forEach(e -> out.append("e=").append(e).append("\r\n"));
        phones.forEach(p -> out.append("p=").append(p).append("\r\n"));
        connection.ifPresent(c -> {
            c.appendTo(out.append("c="));
            out.append("\r\n");
        });
        for (Bandwidth bandwidth : bandwidths) {
            bandwidth.appendTo(out.append("b="));
            out.append("\r\n");
        }
        for (TimeDescription time : times) {
            out.append("t=").append(time.start()).append(' ').append(time.stop()).append("\r\n");
            time.repeats().forEach(r -> out.append("r=").append(r).append("\r\n"));
            time.zoneAdjustments().ifPresent(z -> out.append("z=").append(z).append("\r\n"));
        }
        key.ifPresent(k -> out.append("k=").append(k).append("\r\n"));
        for (Attribute attribute : attributes) {
            Attributes.appendLine(out, attribute);
        }
        for (MediaDescription section : media) {
            section.appendTo(out);
        }
        return out.toString();
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

    /**
     * The attribute of {@code type} that applies to {@code section}: its own, else the session's
     * (RFC 8866 §5.13: session-level attributes are defaults for every section).
     */
    public <T extends Attribute> Optional<T> resolve(MediaDescription section, Class<T> type) {
        Optional<T> own = section.attribute(type);
        return own.isPresent() ? own : attribute(type);
    }

    /** The direction of {@code section}, defaulting to sendrecv (RFC 3264 §5.1). */
    public Direction direction(MediaDescription section) {
        return resolve(section, Direction.class).orElse(Direction.SENDRECV);
    }

    /** The first group with {@code semantics}, e.g. {@link Group#BUNDLE}. */
    public Optional<Group> group(String semantics) {
        for (Group group : attributes(Group.class)) {
            if (group.semantics().equals(semantics)) {
                return Optional.of(group);
            }
        }
        return Optional.empty();
    }

    /** The section whose mid is {@code mid}. */
    public Optional<MediaDescription> section(String mid) {
        for (MediaDescription section : media) {
            if (section.mid().filter(mid::equals).isPresent()) {
                return Optional.of(section);
            }
        }
        return Optional.empty();
    }

    public SessionDescription withAttributes(List<Attribute> newAttributes) {
        return new SessionDescription(origin, sessionName, information, uri, emails, phones, connection, bandwidths,
                times, key, newAttributes, media);
    }

    public SessionDescription withMedia(List<MediaDescription> newMedia) {
        return new SessionDescription(origin, sessionName, information, uri, emails, phones, connection, bandwidths,
                times, key, attributes, newMedia);
    }
}
