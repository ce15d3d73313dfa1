package io.purertc.ice;

import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.PacketClass;
import io.purertc.stun.ErrorCode;
import io.purertc.stun.StunAttribute;
import io.purertc.stun.StunClass;
import io.purertc.stun.StunIntegrity;
import io.purertc.stun.StunMessage;
import io.purertc.stun.StunMessageWriter;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answering half of ICE connectivity checks on one {@link UdpEndpoint}, with the local short-term
 * credentials. A Binding request goes through the checks in the order the RFCs give: it must parse and
 * carry a valid FINGERPRINT (else dropped), then authenticate — no USERNAME or no integrity attribute is
 * answered 400, a USERNAME not starting with {@code "<local ufrag>:"} 401, and a wrong integrity is
 * dropped unanswered, so a peer that lacks the password learns nothing — and only then may unknown
 * comprehension-required attributes earn a 420. A request passing all checks is answered with success
 * and reported to the listener. Other STUN messages (indications, responses) are left to the agent.
 *
 * <p>A request carrying MESSAGE-INTEGRITY-SHA256 is checked by it (full or truncated) and answered with
 * it; one carrying only MESSAGE-INTEGRITY is checked and answered with that (RFC 8489 §9.1.3).
 *
 * <p>Confined to the endpoint's event loop; {@link #counters()} may be read from any thread.
 */
// RFC 8489 §6.3, §9.1.3; RFC 8445 §7.3
public final class StunBindingResponder implements UdpTransport.Handler {

    /** Decides on an authenticated check before it is answered, on the event loop. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Returns true to answer with success, false to answer 487 (Role Conflict): after authentication, the
         * only refusal ICE makes (RFC 8445 §7.3.1.1).
         */
        boolean onCheck(UdpTransport via, BindingCheck check);
    }

    /**
     * Counts since creation; each field is read separately, so a snapshot may straddle one datagram.
     * {@code answered} counts every response sent, error responses included; {@code otherStun} counts
     * well-formed STUN that is not a Binding request (indications, responses), left to the agent.
     */
    public record Counters(long received, long answered, long malformed, long badFingerprint, long badIntegrity,
                           long missingCredentials, long badUsername, long unknownAttributes, long roleConflicts, long notStun,
                           long otherStun) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(StunBindingResponder.class);
    /** Room for the largest answer: a 420 listing every attribute a 64-attribute request can hold. */
    private static final int RESPONSE_CAPACITY = 512;
    private static final ErrorCode MISSING_CREDENTIALS =
            new ErrorCode(ErrorCode.BAD_REQUEST, "USERNAME and MESSAGE-INTEGRITY(-SHA256) required");
    private static final ErrorCode UNKNOWN_USERNAME = new ErrorCode(ErrorCode.UNAUTHENTICATED, "unknown USERNAME");
    private static final ErrorCode UNKNOWN_ATTRIBUTE = new ErrorCode(ErrorCode.UNKNOWN_ATTRIBUTE, "Unknown Attribute");
    private static final ErrorCode ROLE_CONFLICT = new ErrorCode(ErrorCode.ROLE_CONFLICT, "Role Conflict");

    private final String usernamePrefix;
    private final StunIntegrity integrity;
    private final Listener listener;
    private final byte[] response = new byte[RESPONSE_CAPACITY];

    // Written by the event loop only; volatile so that counters() sees them from other threads.
    private volatile long received;
    private volatile long answered;
    private volatile long malformed;
    private volatile long badFingerprint;
    private volatile long badIntegrity;
    private volatile long missingCredentials;
    private volatile long badUsername;
    private volatile long unknownAttributes;
    private volatile long roleConflicts;
    private volatile long notStun;
    private volatile long otherStun;

    /**
     * @param localUfrag this agent's ICE username fragment
     * @param localPassword this agent's ICE password, the integrity key of requests and answers
     * @param listener asked about every authenticated check before it is answered, on the event loop
     */
    public StunBindingResponder(String localUfrag, String localPassword, Listener listener) {
        if (localUfrag.isEmpty() || localPassword.isEmpty()) {
            throw new IllegalArgumentException("ICE ufrag and password must not be empty");
        }
        this.usernamePrefix = localUfrag + ":";
        this.integrity = StunIntegrity.shortTerm(localPassword);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void onDatagram(UdpTransport endpoint, byte[] datagram, InetSocketAddress sender) {
        received++;
        if (PacketClass.classify(datagram, 0, datagram.length) != PacketClass.STUN) {
            notStun++;
            return;
        }
        StunMessage request;
        try {
            request = StunMessage.parse(datagram, 0, datagram.length);
        } catch (MalformedPacketException e) {
            malformed++;
            LOG.debug("malformed STUN from {}: {}", sender, e.getMessage());
            return;
        }
        onRequest(endpoint, request, sender);
    }

    /**
     * Answers a STUN message a dispatcher has already parsed and classified as STUN; anything but a Binding
     * request is counted in {@code otherStun} and left alone.
     */
    public void onRequest(UdpTransport endpoint, StunMessage request, InetSocketAddress sender) {
        if (request.method() != StunMessage.BINDING || request.messageClass() != StunClass.REQUEST) {
            otherStun++;
            return;
        }
        if (!request.hasValidFingerprint()) {
            badFingerprint++;
            return;
        }
        String username = request.username();
        if (username == null || !(request.has(StunAttribute.MESSAGE_INTEGRITY)
                || request.has(StunAttribute.MESSAGE_INTEGRITY_SHA256))) {
            missingCredentials++;
            answerError(endpoint, request, sender, MISSING_CREDENTIALS, false);
            return;
        }
        if (!username.startsWith(usernamePrefix)) {
            badUsername++;
            answerError(endpoint, request, sender, UNKNOWN_USERNAME, false);
            return;
        }
        if (!integrity.verifyRequest(request)) {
            badIntegrity++;
            return;
        }
        if (request.unknownRequiredAttributes().length > 0) {
            unknownAttributes++;
            answerError(endpoint, request, sender, UNKNOWN_ATTRIBUTE, true);
            return;
        }
        BindingCheck check = new BindingCheck(sender, username, request.priority(), request.hasUseCandidate(),
                request.hasIceControlling(), request.hasIceControlled(), request.tieBreaker());
        if (!listener.onCheck(endpoint, check)) {
            roleConflicts++;
            answerError(endpoint, request, sender, ROLE_CONFLICT, true);
            return;
        }
        int length = new StunMessageWriter(response, 0, StunMessage.BINDING, StunClass.SUCCESS_RESPONSE,
                request.transactionId())
                .xorMappedAddress(sender)
                .messageIntegrityFor(request, integrity)
                .fingerprint()
                .length();
        send(endpoint, length, sender);
    }

    /** RFC 8489 §9.1.3: errors before authentication (400, 401) go unsigned, later ones (420, 487) signed. */
    private void answerError(UdpTransport endpoint, StunMessage request, InetSocketAddress sender, ErrorCode error,
                             boolean authenticated) {
        StunMessageWriter writer = StunMessageWriter.errorResponse(response, 0, request, error);
        if (authenticated) {
            writer.messageIntegrityFor(request, integrity);
        }
        send(endpoint, writer.fingerprint().length(), sender);
    }

    private void send(UdpTransport endpoint, int length, InetSocketAddress to) {
        endpoint.send(response, 0, length, to);
        answered++;
    }

    public Counters counters() {
        return new Counters(received, answered, malformed, badFingerprint, badIntegrity, missingCredentials,
                badUsername, unknownAttributes, roleConflicts, notStun, otherStun);
    }
}
