package io.purertc.ice;

import io.purertc.sdp.Candidate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One ICE candidate over UDP with a resolved transport address: what an agent gathers, signals and pairs.
 * {@link #toSdp()} and {@link #fromSdp} convert from and to the {@code a=candidate} attribute.
 *
 * @param relatedAddress the base of a reflexive candidate or the mapped address of a relayed one; null for
 *        host candidates
 */
// RFC 8445 §5.1.1, §5.1.2; RFC 8839 §5.1
public record IceCandidate(String foundation, int component, long priority, InetSocketAddress address,
                           Candidate.Type type, InetSocketAddress relatedAddress) {

    /** RFC 8445 §5.1.2.2 recommended type preferences. */
    static final int HOST_PREFERENCE = 126;
    static final int PEER_REFLEXIVE_PREFERENCE = 110;
    static final int SERVER_REFLEXIVE_PREFERENCE = 100;
    static final int RELAYED_PREFERENCE = 0;
    /** RTP; WebRTC muxes RTCP onto it (RFC 8843 BUNDLE with RFC 5761 rtcp-mux), so it is the only one used. */
    public static final int RTP_COMPONENT = 1;

    public IceCandidate {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("candidate address must be resolved: " + address);
        }
        if (component < 1 || component > 256 || priority < 1 || priority > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("component must be 1..256 and priority 1..2^32-1");
        }
        if ((type == Candidate.Type.HOST) != (relatedAddress == null)) {
            throw new IllegalArgumentException("exactly the non-host candidates have a related address");
        }
    }

    /** RFC 8445 §5.1.2.1: type preference, then local preference, then component. */
    static long priority(int typePreference, int localPreference, int component) {
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - component);
    }

    static int typePreference(Candidate.Type type) {
        switch (type) {
            case HOST:
                return HOST_PREFERENCE;
            case PRFLX:
                return PEER_REFLEXIVE_PREFERENCE;
            case SRFLX:
                return SERVER_REFLEXIVE_PREFERENCE;
            default:
                return RELAYED_PREFERENCE;
        }
    }

    /** The {@code a=candidate} attribute for this candidate. */
    public Candidate toSdp() {
        Optional<String> related = relatedAddress == null
                ? Optional.empty() : Optional.of(relatedAddress.getAddress().getHostAddress());
        OptionalInt relatedPort = relatedAddress == null ? OptionalInt.empty() : OptionalInt.of(relatedAddress.getPort());
        return new Candidate(foundation, component, "udp", priority, address.getAddress().getHostAddress(),
                address.getPort(), type, related, relatedPort, List.of());
    }

    /**
     * The candidate of an {@code a=candidate} attribute, or empty for one an agent over UDP cannot use: TCP
     * candidates, and addresses that are names rather than IP literals (such as the mDNS {@code .local} names
     * browsers hide host addresses behind; resolving them is left to a peer-reflexive discovery, RFC 8445
     * §7.3.1.3). Never does a DNS look-up.
     */
    public static Optional<IceCandidate> fromSdp(Candidate candidate) {
        if (candidate.isTcp() || candidate.priority() < 1) {
            return Optional.empty();
        }
        Optional<InetAddress> ip = ipLiteral(candidate.address());
        if (ip.isEmpty() || candidate.port() < 1 || candidate.port() > 0xFFFF) {
            return Optional.empty();
        }
        InetSocketAddress related = null;
        if (candidate.type() != Candidate.Type.HOST) {
            Optional<InetAddress> relatedIp = candidate.relatedAddress().flatMap(IceCandidate::ipLiteral);
            int relatedPort = candidate.relatedPort().orElse(0);
            // RFC 8839 §5.1 lets the related address be hidden as 0.0.0.0 port 9; the pairing never needs it.
            related = new InetSocketAddress(relatedIp.orElse(ip.get()), relatedIp.isPresent() ? relatedPort : 0);
        }
        return Optional.of(new IceCandidate(candidate.foundation(), candidate.component(), candidate.priority(),
                new InetSocketAddress(ip.get(), candidate.port()), candidate.type(), related));
    }

    /**
     * An IPv4 dotted quad (no leading zeros, as RFC 3986's dec-octet) or an IPv6 literal, parsed without any
     * name resolution: the quad by hand, because {@code InetAddress.getByName} looks up text like
     * {@code 999.1.1.1} in DNS; IPv6 text with a colon never reaches a look-up there.
     */
    static Optional<InetAddress> ipLiteral(String text) {
        try {
            if (text.indexOf(':') >= 0) {
                boolean literal = text.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
                return literal ? Optional.of(InetAddress.getByName(text)) : Optional.empty();
            }
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                return Optional.empty();
            }
            byte[] ip = new byte[4];
            for (int i = 0; i < 4; i++) {
                String part = parts[i];
                if (part.isEmpty() || part.length() > 3 || part.length() > 1 && part.charAt(0) == '0'
                        || !part.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
                ip[i] = (byte) Integer.parseInt(part);
            }
            return Optional.of(InetAddress.getByAddress(ip));
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }
}
