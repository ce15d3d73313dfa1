package io.purertc.dtls;

import io.purertc.dtls.DtlsHandshakeException.Reason;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.sdp.Fingerprint;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DTLSVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS 1.2 association of DTLS-SRTP over a {@link DtlsLink}: the handshake that yields the SRTP keys,
 * then application data (SCTP's, later) both ways until {@link #close()} sends close_notify.
 *
 * <p>Threading: {@link #receive} runs on the transport's event loop and never blocks. It checks each
 * datagram's record framing, answers a server's cookieless ClientHellos statelessly with a
 * HelloVerifyRequest, and queues the rest in a bounded queue. The bctls handshake, which blocks, runs on the
 * config's executor, and so does the decryption of application data, handed to the
 * {@link ApplicationDataHandler} there, one datagram at a time.
 *
 * <p>A server keeps no handshake state until a ClientHello returns the cookie it was sent: a flood of
 * spoofed ClientHellos costs one HMAC and one small reply each.
 */
// RFC 6347 (DTLS 1.2; §4.2.1 cookie exchange); RFC 5764 (DTLS-SRTP); RFC 8827 §6.5; RFC 7983 §7
public final class DtlsEndpoint implements AutoCloseable {

    /** Receives decrypted application data on the endpoint's executor, one record at a time. */
    @FunctionalInterface
    public interface ApplicationDataHandler {
        /** {@code buf} is reused once this returns: copy what is kept. */
        void onApplicationData(byte[] buf, int offset, int length);
    }

    /**
     * Counts since opening. {@code malformed}: datagrams breaking the record framing rules (the rest of a bad
     * datagram, a bad MAC say, bctls drops silently); {@code unverifiedClientHellos}: ClientHellos without a
     * valid cookie, answered with a HelloVerifyRequest and forgotten; {@code ignored}: well-formed datagrams
     * that mean nothing in the current state (a listening server's non-ClientHellos, anything after close);
     * {@code queueFull}: datagrams dropped because the bounded queue was full.
     */
    public record Counters(long datagrams, long malformed, long unverifiedClientHellos, long ignored, long queueFull,
                           long handlerErrors) {
    }

    private enum State { LISTENING, HANDSHAKING, CONNECTED, CLOSED }

    private static final Logger LOG = LoggerFactory.getLogger(DtlsEndpoint.class);

    private final Executor executor;
    private final DtlsRole role;
    private final ApplicationDataHandler handler;
    private final WebRtcHandshake rules;
    private final LinkTransport transport;
    private final DTLSVerifier verifier;
    private final CompletableFuture<DtlsHandshakeResult> handshake = new CompletableFuture<>();
    private final AtomicReference<State> state;
    private final AtomicBoolean pumping = new AtomicBoolean();
    private volatile DTLSTransport dtls;
    /** Used by the one pump task running at a time. */
    private byte[] applicationData;

    private final AtomicLong datagrams = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong unverifiedClientHellos = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong queueFull = new AtomicLong();
    private final AtomicLong handlerErrors = new AtomicLong();

    private DtlsEndpoint(DtlsConfig config, DtlsLink link, DtlsRole role, List<Fingerprint> remoteFingerprints,
                         ApplicationDataHandler handler) {
        this.executor = config.executor;
        this.role = role;
        this.handler = handler;
        this.rules = new WebRtcHandshake(config, role, new PeerFingerprints(remoteFingerprints), System.nanoTime());
        this.state = new AtomicReference<>(role.isClient() ? State.HANDSHAKING : State.LISTENING);
        this.transport = new LinkTransport(link, () -> state.set(State.CLOSED));
        this.verifier = role.isClient() ? null : new DTLSVerifier(WebRtcHandshake.CRYPTO);
    }

    /**
     * Opens an endpoint: a client sends its ClientHello at once, a server waits for one. The handshake must
     * complete within the config's time-out, counted from now.
     *
     * @param remoteFingerprints the remote description's {@code a=fingerprint} values
     * @param handler receives the peer's application data once the handshake is done
     */
    public static DtlsEndpoint open(DtlsConfig config, DtlsLink link, DtlsRole role,
                                    List<Fingerprint> remoteFingerprints, ApplicationDataHandler handler) {
        DtlsEndpoint endpoint = new DtlsEndpoint(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(link, "link"), Objects.requireNonNull(role, "role"),
                Objects.requireNonNull(remoteFingerprints, "remoteFingerprints"),
                Objects.requireNonNull(handler, "handler"));
        // The timer cannot be cancelled, so it holds the endpoint weakly: a closed and dropped endpoint (and the
        // connection around it) is collectable at once rather than when the time-out would have come.
        WeakReference<DtlsEndpoint> expiring = new WeakReference<>(endpoint);
        CompletableFuture.delayedExecutor(config.handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS, config.executor)
                .execute(() -> {
                    DtlsEndpoint pending = expiring.get();
                    if (pending != null) {
                        pending.expire();
                    }
                });
        if (role.isClient()) {
            endpoint.startHandshake(null);
        }
        return endpoint;
    }

    public DtlsRole role() {
        return role;
    }

    /** Completes with the keys and the peer's fingerprint, or fails with a {@link DtlsHandshakeException}. */
    public CompletableFuture<DtlsHandshakeResult> handshake() {
        return handshake.copy();
    }

    /**
     * Takes one datagram the demultiplexer classed as DTLS (first byte 20 to 63). Never blocks and never
     * throws for what the bytes hold: bad ones are dropped and counted. The endpoint keeps {@code buf} when
     * the view covers all of it, so the caller must not change it afterwards.
     *
     * @param from the datagram's source, to which a HelloVerifyRequest cookie is bound
     */
    public void receive(byte[] buf, int offset, int length, InetSocketAddress from) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        Objects.requireNonNull(from, "from");
        datagrams.incrementAndGet();
        try {
            DtlsRecordHeader.checkDatagram(buf, offset, length);
        } catch (MalformedPacketException e) {
            malformed.incrementAndGet();
            LOG.debug("dropped a DTLS datagram from {}: {}", from, e.getMessage());
            return;
        }
        State current = state.get();
        if (current == State.LISTENING) {
            listen(buf, offset, length, from);
        } else if (current == State.CLOSED) {
            ignored.incrementAndGet();
        } else {
            byte[] datagram = offset == 0 && length == buf.length ? buf : Arrays.copyOfRange(buf, offset, offset + length);
            if (!transport.offer(datagram)) {
                queueFull.incrementAndGet();
                return;
            }
            // Read after queueing: a handshake that completed meanwhile may have drained before this arrived.
            schedulePump();
        }
    }

    /**
     * Sends application data in one record, from any thread once the handshake is done.
     *
     * @throws IllegalStateException before the handshake completed or after close
     * @throws IllegalArgumentException when {@code length} exceeds {@link #sendLimit()}
     */
    public void send(byte[] buf, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buf.length);
        DTLSTransport connected = dtls;
        if (connected == null || state.get() != State.CONNECTED) {
            throw new IllegalStateException("no DTLS association to send on: " + state.get());
        }
        int limit = connected.getSendLimit();
        if (length > limit) {
            throw new IllegalArgumentException(length + " bytes of application data exceed the " + limit
                    + " one DTLS record carries over this link");
        }
        connected.send(buf, offset, length);
    }

    /** The most application data one {@link #send} takes: the link's MTU less record overhead. */
    public int sendLimit() throws IOException {
        DTLSTransport connected = dtls;
        if (connected == null) {
            throw new IllegalStateException("no DTLS association yet");
        }
        return connected.getSendLimit();
    }

    /** Whether the association is over: closed here, by the peer's close_notify or alert, or by a failure. */
    public boolean isClosed() {
        return state.get() == State.CLOSED;
    }

    public Counters counters() {
        return new Counters(datagrams.get(), malformed.get(), unverifiedClientHellos.get(), ignored.get(),
                queueFull.get(), handlerErrors.get());
    }

    /** Sends close_notify if connected, ends a handshake in progress; idempotent. */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        // Before the transport closes: a handshake thread woken by it must not report its own failure first.
        handshake.completeExceptionally(new DtlsHandshakeException(Reason.CLOSED,
                "the DTLS endpoint was closed before its handshake completed", null));
        DTLSTransport connected = dtls;
        if (previous == State.CONNECTED && connected != null) {
            try {
                connected.close();
            } catch (IOException e) {
                LOG.debug("close_notify not sent", e);
            }
        }
        transport.close();
    }

    /**
     * A listening server: a ClientHello returning a valid cookie starts a handshake. A ClientHello in fragments
     * (Chromium's, with a post-quantum key share, exceeds one datagram) cannot be checked statelessly, so it
     * starts the handshake at once and bctls reassembles it; the cookie's purpose, proving the source address
     * (RFC 6347 §4.2.1), is served already by ICE, which hands us only datagrams from a checked pair.
     */
    private void listen(byte[] buf, int offset, int length, InetSocketAddress from) {
        if (!DtlsRecordHeader.opensWithClientHello(buf, offset, length)) {
            ignored.incrementAndGet();
            return;
        }
        if (DtlsRecordHeader.clientHelloIsFragmented(buf, offset, length)) {
            if (state.compareAndSet(State.LISTENING, State.HANDSHAKING)) {
                transport.offer(Arrays.copyOfRange(buf, offset, offset + length));
                startHandshake(null);
            }
            return;
        }
        DTLSRequest request;
        try {
            request = verifier.verifyRequest(clientId(from), buf, offset, length, transport);
        } catch (RuntimeException e) {
            malformed.incrementAndGet();
            LOG.debug("dropped a ClientHello from {} bctls could not read", from, e);
            return;
        }
        if (request == null) {
            unverifiedClientHellos.incrementAndGet();
        } else if (state.compareAndSet(State.LISTENING, State.HANDSHAKING)) {
            startHandshake(request);
        }
    }

    private static byte[] clientId(InetSocketAddress from) {
        byte[] address = from.getAddress() == null ? new byte[0] : from.getAddress().getAddress();
        return ByteBuffer.allocate(address.length + 2).put(address).putShort((short) from.getPort()).array();
    }

    private void startHandshake(DTLSRequest request) {
        try {
            executor.execute(() -> runHandshake(request));
        } catch (RejectedExecutionException e) {
            fail(new DtlsHandshakeException(Reason.OVERLOADED, "the DTLS executor refused the handshake", e));
        }
    }

    /** On the executor: the blocking bctls handshake, then the switch to application data. */
    private void runHandshake(DTLSRequest request) {
        try {
            DTLSTransport established = role.isClient()
                    ? new DTLSClientProtocol().connect(new DtlsSrtpClient(rules), transport)
                    : serverProtocol(request).accept(new DtlsSrtpServer(rules), transport, request);
            dtls = established;
            if (!state.compareAndSet(State.HANDSHAKING, State.CONNECTED)) {
                established.close();
                return;
            }
            handshake.complete(rules.result());
            schedulePump();
        } catch (IOException | RuntimeException e) {
            fail(rules.failure(e));
        }
    }

    /** Without a verified request the ClientHello came in fragments: no second cookie round inside bctls. */
    private static DTLSServerProtocol serverProtocol(DTLSRequest request) {
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        protocol.setVerifyRequests(request != null);
        return protocol;
    }

    private void fail(DtlsHandshakeException failure) {
        state.set(State.CLOSED);
        transport.close();
        if (handshake.completeExceptionally(failure)) {
            LOG.debug("DTLS handshake as {} failed: {}", role, failure.getMessage());
        }
    }

    /** The time-out, for a server that never got a verified ClientHello and for bctls alike. */
    private void expire() {
        State current = state.get();
        if ((current == State.LISTENING || current == State.HANDSHAKING) && state.compareAndSet(current, State.CLOSED)) {
            handshake.completeExceptionally(rules.timeout(null));
            transport.close();
        }
    }

    private void schedulePump() {
        if (state.get() == State.CONNECTED && !transport.isEmpty() && pumping.compareAndSet(false, true)) {
            try {
                executor.execute(this::pump);
            } catch (RejectedExecutionException e) {
                // The datagrams stay queued; the next one to arrive asks again.
                pumping.set(false);
            }
        }
    }

    /** On the executor: hands queued records to bctls and their application data to the handler. */
    private void pump() {
        try {
            drain();
        } catch (IOException e) {
            // A fatal alert, or a close from either side: the association is over.
            state.set(State.CLOSED);
            transport.close();
            LOG.debug("DTLS association as {} ended: {}", role, e.getMessage());
        } finally {
            pumping.set(false);
        }
        schedulePump();
    }

    private void drain() throws IOException {
        DTLSTransport connected = dtls;
        if (applicationData == null) {
            applicationData = new byte[connected.getReceiveLimit()];
        }
        while (state.get() == State.CONNECTED) {
            // Records a datagram carried beyond the first wait in bctls until asked for.
            int length = connected.receivePending(applicationData, 0, applicationData.length);
            if (length < 0) {
                if (transport.isEmpty()) {
                    return;
                }
                length = connected.receive(applicationData, 0, applicationData.length, 1);
            }
            if (length >= 0) {
                deliver(length);
            }
        }
    }

    private void deliver(int length) {
        try {
            handler.onApplicationData(applicationData, 0, length);
        } catch (RuntimeException e) {
            handlerErrors.incrementAndGet();
            LOG.warn("DTLS application data handler failed", e);
        }
    }
}
