package io.purertc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code a=candidate}: one ICE candidate (RFC 8839 §5.1): foundation, component, transport,
 * priority, address and port, type, the related address and port of reflexive and relayed
 * candidates, then extension pairs in order ({@code tcptype} of RFC 6544, libwebrtc's
 * {@code generation}, {@code ufrag}, {@code network-id}, {@code network-cost}, ...). The
 * address is an IP literal or a name, such as the mDNS {@code <uuid>.local} browsers use.
 */
public record Candidate(String foundation, int component, String transport, long priority,
                        String address, int port, Candidate.Type type,
                        Optional<String> relatedAddress, OptionalInt relatedPort,
                        List<Candidate.Extension> extensions) implements Attribute {

    static final String NAME = "candidate";
    private static final String TCPTYPE = "tcptype";
    private static final long MAX_PRIORITY = 0xffff_ffffL;

    /** RFC 8839 §5.1 candidate-types. */
    public enum Type {
        HOST("host"),
        SRFLX("srflx"),
        PRFLX("prflx"),
        RELAY("relay");

        private final String token;

        Type(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    /** RFC 6544 §4.5 tcp-type: who opens the TCP connection. */
    public enum TcpType {
        ACTIVE("active"),
        PASSIVE("passive"),
        SO("so");

        private final String token;

        TcpType(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    /** One {@code <name> <value>} extension pair. */
    public record Extension(String name, String value) {
        public Extension {
            if (!Grammar.isToken(name) || !Grammar.isNonWhitespace(value)) {
                throw new IllegalArgumentException("candidate extension must be a token and a visible value");
            }
            if (TCPTYPE.equals(name) && tcpType(value) == null) {
                throw new IllegalArgumentException("tcptype must be active, passive or so");
            }
        }
    }

    public Candidate {
        if (!validFoundation(foundation)) {
            throw new IllegalArgumentException("foundation must be 1..32 ice-chars");
        }
        if (component < 1 || component > 256 || priority < 0 || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("component must be 1..256 and priority 0..2^32-1");
        }
        if (!validTransport(transport)) {
            throw new IllegalArgumentException("transport must be UDP or TCP");
        }
        Objects.requireNonNull(type, "type");
        if (!Addresses.isValid(address) || !relatedAddress.map(Addresses::isValid).orElse(true)) {
            throw new IllegalArgumentException("address must be an IPv4, IPv6 or domain name");
        }
        if (port < 0 || port > 65535 || relatedPort.orElse(0) < 0 || relatedPort.orElse(0) > 65535) {
            throw new IllegalArgumentException("ports must be 0..65535");
        }
        extensions = List.copyOf(extensions);
    }

    /**
     * Parses a candidate as trickled through signaling, with or without the {@code a=} and
     * {@code candidate:} prefixes (RFC 8840 §4.1).
     */
    public static Candidate parse(String candidate) throws SdpParseException {
        String value = candidate.startsWith("a=") ? candidate.substring(2) : candidate;
        value = value.startsWith(NAME + ":") ? value.substring(NAME.length() + 1) : value;
        if (candidate.length() > SdpParser.MAX_LINE_LENGTH) {
            throw new SdpParseException(1, candidate.substring(0, 80), "candidate longer than "
                    + SdpParser.MAX_LINE_LENGTH + " characters");
        }
        if (!Grammar.isText(value)) {
            throw new SdpParseException(1, candidate, "control characters are not allowed");
        }
        return parse(new Fields(1, candidate, value));
    }

    private static boolean validFoundation(String foundation) {
        return !foundation.isEmpty() && foundation.length() <= 32 && Grammar.isIceChars(foundation);
    }

    private static boolean validTransport(String transport) {
        return "udp".equalsIgnoreCase(transport) || "tcp".equalsIgnoreCase(transport);
    }

    private static TcpType tcpType(String token) {
        for (TcpType tcpType : TcpType.values()) {
            if (tcpType.token.equals(token)) {
                return tcpType;
            }
        }
        return null;
    }

    public boolean isTcp() {
        return "tcp".equalsIgnoreCase(transport);
    }

    /** The value of the first extension called {@code name}. */
    public Optional<String> extension(String name) {
        for (Extension extension : extensions) {
            if (extension.name().equals(name)) {
                return Optional.of(extension.value());
            }
        }
        return Optional.empty();
    }

    /** The RFC 6544 tcptype of a TCP candidate. */
    public Optional<TcpType> tcpType() {
        return extension(TCPTYPE).map(Candidate::tcpType);
    }

    /** Whether the address is a multicast DNS name (RFC 6762), which hides a host address. */
    public boolean isMdns() {
        return address.endsWith(".local");
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        StringBuilder value = new StringBuilder(foundation).append(' ').append(component).append(' ')
                .append(transport).append(' ').append(priority).append(' ').append(address).append(' ')
                .append(port).append(" typ ").append(type.token());
        relatedAddress.ifPresent(a -> value.append(" raddr ").append(a));
        relatedPort.ifPresent(p -> value.append(" rport ").append(p));
        for (Extension extension : extensions) {
            value.append(' ').append(extension.name()).append(' ').append(extension.value());
        }
        return Optional.of(value.toString());
    }

    static Candidate parse(Fields f) throws SdpParseException {
        String foundation = f.next("foundation");
        f.check(validFoundation(foundation), "foundation must be 1..32 characters of ALPHA / DIGIT / + / /");
        int component = f.integer("component-id", 1, 256);
        String transport = f.next("transport");
        f.check(validTransport(transport), "transport must be UDP or TCP, not \"" + transport + "\"");
        long priority = f.number("priority", 0, MAX_PRIORITY);
        String address = address(f, "connection-address");
        int port = f.integer("port", 0, 65535);
        f.check("typ".equals(f.next("typ")), "\"typ\" must follow the port");
        Type type = type(f, f.next("candidate type"));
        Optional<String> relatedAddress = Optional.empty();
        OptionalInt relatedPort = OptionalInt.empty();
        List<Extension> extensions = new ArrayList<>();
        while (!f.atEnd()) {
            String name = f.token("extension name");
            if ("raddr".equals(name) && relatedAddress.isEmpty() && relatedPort.isEmpty() && extensions.isEmpty()) {
                relatedAddress = Optional.of(address(f, "raddr"));
            } else if ("rport".equals(name) && relatedPort.isEmpty() && extensions.isEmpty()) {
                relatedPort = OptionalInt.of(f.integer("rport", 0, 65535));
            } else {
                f.check(!"raddr".equals(name) && !"rport".equals(name), name + " must come once, right after typ");
                String value = f.next("value of " + name);
                f.check(!TCPTYPE.equals(name) || tcpType(value) != null, "tcptype must be active, passive or so");
                extensions.add(new Extension(name, value));
            }
        }
        return new Candidate(foundation, component, transport, priority, address, port, type,
                relatedAddress, relatedPort, extensions);
    }

    private static String address(Fields f, String what) throws SdpParseException {
        String address = f.next(what);
        f.check(Addresses.isValid(address), what + " \"" + address + "\" is not an IPv4, IPv6 or domain name");
        return address;
    }

    private static Type type(Fields f, String token) throws SdpParseException {
        for (Type type : Type.values()) {
            if (type.token.equals(token)) {
                return type;
            }
        }
        throw f.error("candidate type must be host, srflx, prflx or relay, not \"" + token + "\"");
    }
}
