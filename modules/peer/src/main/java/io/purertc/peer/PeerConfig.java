package io.purertc.peer;

import io.netty.channel.EventLoopGroup;
import io.purertc.dtls.DtlsCertificate;
import io.purertc.ice.IceConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * How a {@link PeerConnection} is built (W3C {@code RTCConfiguration} in Java idiom). Only the event-loop group
 * and an executor are required: each connection lives on one event loop of the group, and the executor runs
 * what blocks (candidate gathering binds sockets; bctls handshakes block).
 */
public final class PeerConfig {

    final EventLoopGroup group;
    final Executor executor;
    DtlsCertificate certificate;
    RtpCapabilities capabilities = RtpCapabilities.installed();
    Consumer<IceConfig> ice = config -> { };
    Duration handshakeTimeout = Duration.ofSeconds(10);
    int mtu = 1200;

    public PeerConfig(EventLoopGroup group, Executor executor) {
        this.group = Objects.requireNonNull(group, "group");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** The DTLS certificate; by default one ECDSA P-256 certificate shared by every connection of the JVM. */
    public PeerConfig certificate(DtlsCertificate value) {
        certificate = Objects.requireNonNull(value, "certificate");
        return this;
    }

    /**
     * The codecs and header extensions offered and accepted; by default {@link RtpCapabilities#installed()},
     * exactly the codecs on the class path.
     */
    public PeerConfig capabilities(RtpCapabilities value) {
        capabilities = Objects.requireNonNull(value, "capabilities");
        return this;
    }

    /**
     * Adjusts the ICE agent's configuration (host addresses, STUN/TURN servers, a UDP mux, timings) before the
     * agent is made; the role is the connection's to set.
     */
    public PeerConfig ice(Consumer<IceConfig> value) {
        ice = Objects.requireNonNull(value, "ice");
        return this;
    }

    /** How long the DTLS handshake may take once started. */
    public PeerConfig handshakeTimeout(Duration value) {
        handshakeTimeout = Objects.requireNonNull(value, "handshakeTimeout");
        return this;
    }

    /** The largest datagram sent, RTP and DTLS alike (RFC 8834 §5.2 leaves it to the stack; 1200 passes any path). */
    public PeerConfig mtu(int value) {
        if (value < 576 || value > 1500) {
            throw new IllegalArgumentException("mtu must be 576..1500, got " + value);
        }
        mtu = value;
        return this;
    }
}
