package io.purertc.ice;

import io.purertc.stun.ErrorCode;
import io.purertc.stun.StunClass;
import io.purertc.stun.StunIntegrity;
import io.purertc.stun.StunMessage;
import io.purertc.stun.StunMessageWriter;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.function.Consumer;

/** What a TURN server sends, written for tests that play the server. */
final class TurnTestMessages {

    static final String USERNAME = "alice";
    static final String PASSWORD = "secret";
    static final String REALM = "purertc.test";
    static final StunIntegrity KEY = StunIntegrity.longTerm(USERNAME, REALM, PASSWORD);

    private TurnTestMessages() {
    }

    /** A 401 or 438 as a server sends it for a request it could not authenticate: unsigned. */
    static byte[] challenge(StunMessage request, int code, String nonce) {
        return write(request.method(), StunClass.ERROR_RESPONSE, request.transactionId(),
                w -> w.errorCode(new ErrorCode(code, code == ErrorCode.STALE_NONCE ? "Stale Nonce" : "Unauthorized"))
                        .realm(REALM).nonce(nonce), null);
    }

    /** A success response to {@code request} with {@code attributes}, signed with {@code key} unless null. */
    static byte[] success(StunMessage request, StunIntegrity key, Consumer<StunMessageWriter> attributes) {
        return write(request.method(), StunClass.SUCCESS_RESPONSE, request.transactionId(), attributes, key);
    }

    static byte[] allocated(StunMessage request, InetSocketAddress relayed, InetSocketAddress mapped, long lifetime) {
        return success(request, KEY, w -> w.xorRelayedAddress(relayed).xorMappedAddress(mapped).lifetime(lifetime));
    }

    /** An error response signed with {@code key} unless null. */
    static byte[] error(StunMessage request, int code, StunIntegrity key) {
        return write(request.method(), StunClass.ERROR_RESPONSE, request.transactionId(),
                w -> w.errorCode(new ErrorCode(code, "error " + code)), key);
    }

    static byte[] dataIndication(InetSocketAddress peer, byte[] payload) {
        return write(StunMessage.DATA_METHOD, StunClass.INDICATION, new byte[StunMessage.TRANSACTION_ID_LENGTH],
                w -> w.xorPeerAddress(peer).data(payload), null);
    }

    static byte[] channelData(int channel, byte[] payload) {
        byte[] out = new byte[ChannelData.HEADER_LENGTH + payload.length];
        ChannelData.write(out, 0, channel, payload, 0, payload.length);
        return out;
    }

    static byte[] write(int method, StunClass messageClass, byte[] transactionId,
                        Consumer<StunMessageWriter> attributes, StunIntegrity key) {
        byte[] buf = new byte[4096];
        StunMessageWriter writer = new StunMessageWriter(buf, 0, method, messageClass, transactionId);
        attributes.accept(writer);
        if (key != null) {
            writer.messageIntegrity(key);
        }
        return Arrays.copyOf(buf, writer.fingerprint().length());
    }
}
