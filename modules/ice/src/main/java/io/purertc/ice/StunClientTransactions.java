package io.purertc.ice;

import io.netty.channel.EventLoop;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.PacketClass;
import io.purertc.stun.ErrorCode;
import io.purertc.stun.StunAttribute;
import io.purertc.stun.StunClass;
import io.purertc.stun.StunIntegrity;
import io.purertc.stun.StunMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of STUN requests over UDP for one agent: sends each request, retransmits it on the
 * RFC 8489 schedule (RTO, doubling, {@value #TRANSMISSIONS} transmissions, then a last wait of
 * {@value #LAST_WAIT_RTOS} x RTO), and completes its {@link Callback} exactly once with a success, an
 * error response, a {@link Failure} or a time-out. Cancelling a transaction stops it silently.
 *
 * <p>Responses are matched by transaction id. A response is dropped and counted, the transaction waiting
 * on, when it comes from another address than the request went to (RFC 8445 §7.2.5.2.1: such a response
 * is not proof of the pair; dropping it rather than failing the check leaves the decision to the time-out,
 * and a forged response cannot end a check early), when its integrity fails for a transaction given a
 * key, when a FINGERPRINT is present and wrong, or when its method differs from the request's. With
 * long-term credentials (the TURN client's transactions), a 401 or 438 error response without integrity is
 * the exception and is accepted: the server could not authenticate the request, so it cannot sign its
 * answer, and RFC 8489 §9.2.5 has the client act on it (retry with the new NONCE).
 *
 * <p>Integrity follows the request (RFC 8489 §9.1.4): a request that carried only MESSAGE-INTEGRITY or
 * only MESSAGE-INTEGRITY-SHA256 accepts a response signed with that one alone; a request with both (or,
 * for a key given with an unsigned request, neither) accepts either, by MESSAGE-INTEGRITY-SHA256 when the
 * response has it. A transaction that times out after dropping a response for its integrity fails with
 * {@link Failure#INTEGRITY_VIOLATED} instead of {@code onTimeout}.
 *
 * <p>Only an authenticated response can fail a transaction: one carrying comprehension-required attributes
 * this codec does not know (RFC 8489 §6.3.3, §6.3.4), success or error alike, or an error response without
 * ERROR-CODE (§6.3.4), completes it with {@link Callback#onFailure}; checking integrity first keeps a forger
 * from ending a check early that way.
 *
 * <p>Confined to the agent's event loop, which also runs the scheduler's tasks; {@link #counters()} may be
 * read from any thread.
 */
// RFC 8489 §6.2.1, §6.3.3, §6.3.4; RFC 8445 §7.2.5, §14.3
public final class StunClientTransactions {

    /** Request transmissions before the last wait. */
    public static final int TRANSMISSIONS = 7;
    /** The last wait, in RTOs, after the final transmission. */
    public static final int LAST_WAIT_RTOS = 16;
    /** RFC 8445 §14.3's floor for connectivity checks. */
    public static final Duration DEFAULT_RTO = Duration.ofMillis(500);

    /** Runs tasks later on the agent's event loop. */
    @FunctionalInterface
    public interface Scheduler {
        Cancellable schedule(Runnable task, long delayNanos);

        /** Schedules on a Netty event loop, the one that also calls {@link #onResponse}. */
        static Scheduler of(EventLoop eventLoop) {
            Objects.requireNonNull(eventLoop, "eventLoop");
            return (task, delayNanos) -> {
                Future<?> scheduled = eventLoop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
                return () -> scheduled.cancel(false);
            };
        }
    }

    @FunctionalInterface
    public interface Cancellable {
        void cancel();
    }

    /** Puts a datagram on the wire; {@link UdpEndpoint#send} fits. Must not keep the buffer. */
    @FunctionalInterface
    public interface Sender {
        void send(byte[] buf, int offset, int length, InetSocketAddress to);
    }

    /** Told the outcome of one transaction, exactly once, on the event loop. */
    public interface Callback {
        void onSuccess(StunMessage response);

        void onErrorResponse(StunMessage response, ErrorCode error);

        /** The transaction failed although responses arrived; see {@link Failure}. */
        void onFailure(Failure failure);

        void onTimeout();
    }

    /** Why a transaction failed although responses arrived. */
    public enum Failure {
        /** An authenticated response carried unknown comprehension-required attributes (RFC 8489 §6.3.3, §6.3.4). */
        UNKNOWN_REQUIRED_ATTRIBUTES,
        /** An authenticated error response lacked ERROR-CODE (RFC 8489 §6.3.4). */
        NO_ERROR_CODE,
        /** The time-out came after only responses that failed integrity (RFC 8489 §9.1.4, §9.2.5). */
        INTEGRITY_VIOLATED
    }

    /**
     * Counts since creation: responses dropped, by reason, then transactions ended by a {@link Failure} and
     * by time-out. Each field is read separately, so a snapshot may straddle one datagram.
     */
    public record Counters(long malformed, long unknownTransaction, long wrongSender, long wrongMethod,
                           long badIntegrity, long badFingerprint, long failures, long timeouts) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(StunClientTransactions.class);

    private final Sender sender;
    private final Scheduler scheduler;
    private final long rtoNanos;
    private final int maxOutstanding;
    private final boolean longTermCredentials;
    private final Map<TransactionKey, Transaction> outstanding = new HashMap<>();

    // Written by the event loop only; volatile so that counters() sees them from other threads.
    private volatile long malformed;
    private volatile long unknownTransaction;
    private volatile long wrongSender;
    private volatile long wrongMethod;
    private volatile long badIntegrity;
    private volatile long badFingerprint;
    private volatile long failures;
    private volatile long timeouts;

    /**
     * @param rto the initial retransmission time-out, doubled after each transmission
     * @param maxOutstanding how many transactions may wait at once; {@link #send} refuses more
     */
    public StunClientTransactions(Sender sender, Scheduler scheduler, Duration rto, int maxOutstanding) {
        this(sender, scheduler, rto, maxOutstanding, false);
    }

    /**
     * @param longTermCredentials whether keyed requests use the long-term mechanism, whose unsigned 401 and
     *        438 challenges complete a transaction instead of being dropped
     */
    StunClientTransactions(Sender sender, Scheduler scheduler, Duration rto, int maxOutstanding,
                           boolean longTermCredentials) {
        if (rto.isNegative() || rto.isZero()) {
            throw new IllegalArgumentException("RTO must be positive: " + rto);
        }
        if (maxOutstanding < 1) {
            throw new IllegalArgumentException("maxOutstanding must be at least 1: " + maxOutstanding);
        }
        this.sender = Objects.requireNonNull(sender, "sender");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.rtoNanos = rto.toNanos();
        this.maxOutstanding = maxOutstanding;
        this.longTermCredentials = longTermCredentials;
    }

    /**
     * Starts a transaction for a request already written (with a fresh random transaction id) in
     * {@code request[offset, offset + length)}; the bytes are copied for retransmission.
     *
     * @param integrity the key responses must be signed with, or null to accept them unsigned
     * @return a handle whose {@code cancel()} stops retransmission and forgets the transaction, callback untold
     * @throws IllegalStateException when {@code maxOutstanding} transactions are already waiting
     * @throws IllegalArgumentException when the bytes are not a STUN request header, or its transaction id
     *         is already waiting
     */
    public Cancellable send(byte[] request, int offset, int length, InetSocketAddress destination,
                            StunIntegrity integrity, Callback callback) {
        StunMessage parsed;
        try {
            parsed = StunMessage.parse(request, offset, length);
        } catch (MalformedPacketException e) {
            throw new IllegalArgumentException("not a STUN request: " + e.getMessage(), e);
        }
        if (parsed.messageClass() != StunClass.REQUEST) {
            throw new IllegalArgumentException("not a STUN request: class " + parsed.messageClass());
        }
        if (outstanding.size() >= maxOutstanding) {
            throw new IllegalStateException("already " + maxOutstanding + " STUN transactions outstanding");
        }
        TransactionKey key = TransactionKey.of(parsed.transactionId());
        if (outstanding.containsKey(key)) {
            throw new IllegalArgumentException("transaction id already in use");
        }
        Transaction transaction = new Transaction(key, Arrays.copyOfRange(request, offset, offset + length),
                parsed, Objects.requireNonNull(destination, "destination"), integrity,
                Objects.requireNonNull(callback, "callback"));
        outstanding.put(key, transaction);
        try {
            transaction.transmit();
        } catch (RuntimeException e) {
            // A sender failing at once must not leave a transaction that holds capacity and never ends.
            outstanding.remove(key);
            throw e;
        }
        return transaction::finish;
    }

    /**
     * Offers a received datagram. Returns true when it was a response to a waiting transaction and
     * completed it; false when it was dropped (and counted) or was not a STUN response at all. Datagrams
     * that are not STUN by their first byte (RTP, DTLS on a shared port) are passed over uncounted.
     */
    public boolean onResponse(byte[] datagram, InetSocketAddress from) {
        if (PacketClass.classify(datagram, 0, datagram.length) != PacketClass.STUN) {
            return false;
        }
        StunMessage response;
        try {
            response = StunMessage.parse(datagram, 0, datagram.length);
        } catch (MalformedPacketException e) {
            malformed++;
            LOG.debug("malformed STUN from {}: {}", from, e.getMessage());
            return false;
        }
        return onResponse(response, from);
    }

    /** As {@link #onResponse(byte[], InetSocketAddress)} for a message a dispatcher has already parsed. */
    public boolean onResponse(StunMessage response, InetSocketAddress from) {
        StunClass messageClass = response.messageClass();
        if (messageClass != StunClass.SUCCESS_RESPONSE && messageClass != StunClass.ERROR_RESPONSE) {
            return false;
        }
        Transaction transaction = outstanding.get(TransactionKey.of(response.transactionId()));
        if (transaction == null) {
            unknownTransaction++;
            return false;
        }
        if (!transaction.destination.equals(from)) {
            wrongSender++;
            return false;
        }
        if (response.method() != transaction.method) {
            wrongMethod++;
            return false;
        }
        if (transaction.integrity != null && !transaction.authenticates(response)
                && !(longTermCredentials && isUnsignedChallenge(response))) {
            badIntegrity++;
            transaction.integrityFailed = true;
            return false;
        }
        if (response.has(StunAttribute.FINGERPRINT) && !response.hasValidFingerprint()) {
            badFingerprint++;
            return false;
        }
        transaction.finish();
        if (response.unknownRequiredAttributes().length > 0) {
            fail(transaction, Failure.UNKNOWN_REQUIRED_ATTRIBUTES);
        } else if (messageClass == StunClass.SUCCESS_RESPONSE) {
            transaction.callback.onSuccess(response);
        } else {
            ErrorCode error = response.errorCode();
            if (error == null) {
                fail(transaction, Failure.NO_ERROR_CODE);
            } else {
                transaction.callback.onErrorResponse(response, error);
            }
        }
        return true;
    }

    private void fail(Transaction transaction, Failure failure) {
        failures++;
        transaction.callback.onFailure(failure);
    }

    // RFC 8489 §9.2.5: a 401 or 438 is acted on before integrity is looked for; a wrong signature still drops it
    private static boolean isUnsignedChallenge(StunMessage response) {
        if (response.messageClass() != StunClass.ERROR_RESPONSE || response.has(StunAttribute.MESSAGE_INTEGRITY)
                || response.has(StunAttribute.MESSAGE_INTEGRITY_SHA256)) {
            return false;
        }
        ErrorCode error = response.errorCode();
        return error != null
                && (error.code() == ErrorCode.UNAUTHENTICATED || error.code() == ErrorCode.STALE_NONCE);
    }

    /** Transactions waiting for an answer. */
    public int outstanding() {
        return outstanding.size();
    }

    public Counters counters() {
        return new Counters(malformed, unknownTransaction, wrongSender, wrongMethod, badIntegrity, badFingerprint,
                failures, timeouts);
    }

    /** The 96-bit transaction id as a hash key, so a response finds its transaction in constant time. */
    private record TransactionKey(long high, int low) {
        static TransactionKey of(byte[] transactionId) {
            long high = 0;
            for (int i = 0; i < 8; i++) {
                high = high << 8 | transactionId[i] & 0xFF;
            }
            int low = 0;
            for (int i = 8; i < 12; i++) {
                low = low << 8 | transactionId[i] & 0xFF;
            }
            return new TransactionKey(high, low);
        }
    }

    private final class Transaction {
        final TransactionKey key;
        final byte[] request;
        final int method;
        final InetSocketAddress destination;
        final StunIntegrity integrity;
        final boolean acceptsSha1;
        final boolean acceptsSha256;
        final Callback callback;
        int transmissions;
        long wait = rtoNanos;
        Cancellable timer;
        boolean integrityFailed;

        Transaction(TransactionKey key, byte[] request, StunMessage parsed, InetSocketAddress destination,
                    StunIntegrity integrity, Callback callback) {
            this.key = key;
            this.request = request;
            this.method = parsed.method();
            this.destination = destination;
            this.integrity = integrity;
            boolean sentSha1 = parsed.has(StunAttribute.MESSAGE_INTEGRITY);
            boolean sentSha256 = parsed.has(StunAttribute.MESSAGE_INTEGRITY_SHA256);
            this.acceptsSha1 = sentSha1 || !sentSha256;
            this.acceptsSha256 = sentSha256 || !sentSha1;
            this.callback = callback;
        }

        // RFC 8489 §9.1.4: a response must use the algorithm of a request that sent only one
        boolean authenticates(StunMessage response) {
            if (acceptsSha256 && response.has(StunAttribute.MESSAGE_INTEGRITY_SHA256)) {
                return integrity.verifySha256(response);
            }
            return acceptsSha1 && integrity.verify(response);
        }

        void transmit() {
            if (outstanding.get(key) != this) {
                return;
            }
            sender.send(request, 0, request.length, destination);
            transmissions++;
            if (transmissions < TRANSMISSIONS) {
                timer = scheduler.schedule(this::transmit, wait);
                wait *= 2;
            } else {
                timer = scheduler.schedule(this::expire, LAST_WAIT_RTOS * rtoNanos);
            }
        }

        void expire() {
            if (!outstanding.remove(key, this)) {
                return;
            }
            if (integrityFailed) {
                fail(this, Failure.INTEGRITY_VIOLATED);
            } else {
                timeouts++;
                callback.onTimeout();
            }
        }

        /** Forgets this transaction; a no-op once it has completed. */
        void finish() {
            if (outstanding.remove(key, this)) {
                timer.cancel();
            }
        }
    }
}
