package io.purertc.ice;

import io.purertc.stun.StunClass;
import io.purertc.stun.StunIntegrity;
import io.purertc.stun.StunMessage;
import io.purertc.stun.StunMessageWriter;
import java.util.Arrays;
import java.util.Random;

/** Chromium-style connectivity checks for tests that play a peer by hand. */
final class TestChecks {

    /** GOOG-NETWORK-INFO, comprehension-optional: Chromium sends it and a responder must skip it. */
    static final int GOOG_NETWORK_INFO = 0xC057;
    /** Comprehension-required and unassigned: earns a 420 once the request authenticates. */
    static final int UNKNOWN_REQUIRED = 0x0031;
    static final long TIE_BREAKER = 0x1122334455667788L;
    static final int PRIORITY = 0x6E7F1EFF;

    private TestChecks() {
    }

    /** USERNAME, GOOG-NETWORK-INFO, ICE-CONTROLLING, USE-CANDIDATE, PRIORITY, MESSAGE-INTEGRITY, FINGERPRINT. */
    static byte[] request(byte[] transactionId, String username, String password, boolean unknownRequired) {
        return request(transactionId, username, password, unknownRequired, PRIORITY);
    }

    /** As above with the PRIORITY a peer-reflexive candidate learned from the check would get. */
    static byte[] request(byte[] transactionId, String username, String password, boolean unknownRequired,
                          long priority) {
        byte[] buf = new byte[256];
        StunMessageWriter writer = new StunMessageWriter(buf, 0, StunMessage.BINDING, StunClass.REQUEST, transactionId)
                .username(username);
        rawAttribute(writer, buf, GOOG_NETWORK_INFO, 4);
        writer.iceControlling(TIE_BREAKER).useCandidate().priority(priority);
        if (unknownRequired) {
            rawAttribute(writer, buf, UNKNOWN_REQUIRED, 4);
        }
        int length = writer.messageIntegrity(StunIntegrity.shortTerm(password)).fingerprint().length();
        return Arrays.copyOf(buf, length);
    }

    static byte[] transactionId(Random random) {
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        random.nextBytes(id);
        return id;
    }

    /** An attribute the writer has no method for: written as DATA, then its type rewritten. */
    static void rawAttribute(StunMessageWriter writer, byte[] buf, int type, int valueLength) {
        int at = writer.length();
        writer.data(new byte[valueLength]);
        buf[at] = (byte) (type >> 8);
        buf[at + 1] = (byte) type;
    }
}
