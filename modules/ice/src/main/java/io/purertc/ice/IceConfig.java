package io.purertc.ice;

import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * How an {@link IceAgent} gathers, checks and keeps its connection. Set what differs from the defaults and
 * hand it to {@link IceAgent#create}; the agent copies what it needs, so one config may serve many agents.
 *
 * <p>Defaults: controlling, full ICE, every usable interface except loopback, IPv4 and IPv6, no STUN or
 * TURN server, Ta 50 ms (RFC 8445 §14.2), check RTO 500 ms (§14.3), consent every 5 s and lost after 30 s
 * (RFC 7675 §5.1), disconnected after 7.5 s without consent, at most 100 pairs (§6.1.2.5).
 */
public final class IceConfig {

    final EventLoopGroup group;
    IceRole role = IceRole.CONTROLLING;
    boolean lite;
    boolean includeLoopback;
    boolean ipv4 = true;
    boolean ipv6 = true;
    Predicate<InetAddress> addressFilter = address -> true;
    List<InetAddress> hostAddresses = List.of();
    final List<InetSocketAddress> stunServers = new ArrayList<>();
    final List<TurnServer> turnServers = new ArrayList<>();
    boolean relayOnly;
    TurnClient.Settings turnSettings = TurnClient.Settings.DEFAULTS;
    UdpMux mux;
    Duration ta = Duration.ofMillis(50);
    Duration checkRto = StunClientTransactions.DEFAULT_RTO;
    Duration nominationDelay = Duration.ofMillis(100);
    Duration consentInterval = Duration.ofSeconds(5);
    Duration consentTimeout = Duration.ofSeconds(30);
    Duration disconnectedTimeout = Duration.ofMillis(7_500);
    Duration keepaliveInterval = Duration.ofSeconds(15);
    int maxPairs = 100;
    int maxRemoteCandidates = 100;
    StunClientTransactions.Scheduler scheduler;
    LongSupplier nanoClock = System::nanoTime;

    /** @param group a Netty NIO group; each agent lives on one of its event loops */
    public IceConfig(EventLoopGroup group) {
        this.group = Objects.requireNonNull(group, "group");
    }

    /** The role to start in; a role conflict may switch it (RFC 8445 §7.3.1.1). */
    public IceConfig role(IceRole role) {
        this.role = Objects.requireNonNull(role, "role");
        return this;
    }

    /** ICE-lite (RFC 8445 §2.5): host candidates only, never checks, always controlled; for servers. */
    public IceConfig lite(boolean lite) {
        this.lite = lite;
        return this;
    }

    /** Gather loopback addresses too (tests do; a real peer can never reach them). */
    public IceConfig includeLoopback(boolean includeLoopback) {
        this.includeLoopback = includeLoopback;
        return this;
    }

    public IceConfig ipv4(boolean enabled) {
        this.ipv4 = enabled;
        return this;
    }

    public IceConfig ipv6(boolean enabled) {
        this.ipv6 = enabled;
        return this;
    }

    /** Which interface addresses to gather host candidates on, after the loopback and family rules. */
    public IceConfig addressFilter(Predicate<InetAddress> filter) {
        this.addressFilter = Objects.requireNonNull(filter, "filter");
        return this;
    }

    /** Gather exactly these addresses instead of enumerating interfaces (loopback and filter rules still apply). */
    public IceConfig hostAddresses(List<InetAddress> addresses) {
        this.hostAddresses = List.copyOf(addresses);
        return this;
    }

    /** A STUN server for a server-reflexive candidate per host candidate of its address family. */
    public IceConfig stunServer(InetSocketAddress server) {
        stunServers.add(Objects.requireNonNull(server, "server"));
        return this;
    }

    /** A TURN server for a relayed candidate per host candidate of its address family (IPv4 relays only). */
    public IceConfig turnServer(TurnServer server) {
        turnServers.add(Objects.requireNonNull(server, "server"));
        return this;
    }

    /** Permission and channel refresh intervals of the agent's TURN clients, for servers with short lifetimes. */
    IceConfig turnSettings(TurnClient.Settings settings) {
        this.turnSettings = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /**
     * Offer and check relayed candidates only (the W3C {@code iceTransportPolicy: "relay"}): host and
     * server-reflexive candidates are neither signalled nor paired, and checks reaching a host socket
     * directly are dropped, so the peer never learns a local address.
     */
    public IceConfig relayOnly(boolean relayOnly) {
        this.relayOnly = relayOnly;
        return this;
    }

    /**
     * Share this mux's port instead of binding sockets of the agent's own: the agent's one host candidate
     * is the mux's address, which must therefore be a concrete one peers can reach.
     */
    public IceConfig mux(UdpMux mux) {
        this.mux = Objects.requireNonNull(mux, "mux");
        return this;
    }

    /** Pacing of checks: at most one new check per Ta (RFC 8445 §6.1.4.2, §14.2). */
    public IceConfig ta(Duration ta) {
        this.ta = positive(ta, "Ta");
        return this;
    }

    public IceConfig checkRto(Duration rto) {
        this.checkRto = positive(rto, "check RTO");
        return this;
    }

    /** How long the controlling agent waits for better pairs after the first valid one before nominating. */
    public IceConfig nominationDelay(Duration delay) {
        this.nominationDelay = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /** Consent checks every {@code interval} (randomised ±20 %), consent lost after {@code timeout}. */
    public IceConfig consent(Duration interval, Duration timeout, Duration disconnectedAfter) {
        this.consentInterval = positive(interval, "consent interval");
        this.consentTimeout = positive(timeout, "consent timeout");
        this.disconnectedTimeout = positive(disconnectedAfter, "disconnected timeout");
        return this;
    }

    public IceConfig maxPairs(int maxPairs) {
        if (maxPairs < 1) {
            throw new IllegalArgumentException("maxPairs must be at least 1");
        }
        this.maxPairs = maxPairs;
        return this;
    }

    /**
     * Time for tests: the agent reads {@code nanoClock} and schedules on {@code scheduler} instead of the
     * system clock and its event loop. The scheduler must run tasks on the agent's event loop.
     */
    public IceConfig clock(LongSupplier nanoClock, StunClientTransactions.Scheduler scheduler) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    private static Duration positive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
        return d;
    }
}
