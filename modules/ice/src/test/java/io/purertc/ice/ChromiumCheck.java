package io.purertc.ice;

import io.purertc.stun.StunClass;
import io.purertc.stun.StunIntegrity;
import io.purertc.stun.StunMessage;
import io.purertc.stun.StunMessageWriter;
import java.util.Arrays;
import java.util.Random;

/** Connectivity checks built the way Chromium sends them, for tests that need many. */
final class ChromiumCheck {

    private ChromiumCheck() {
    }

    /**
     * A Binding request with USERNAME, ICE-CONTROLLING, USE-CANDIDATE, PRIORITY, MESSAGE-INTEGRITY keyed
     * with {@code password} and FINGERPRINT, under a random transaction id.
     */
    static byte[] request(String username, String password, Random random) {
        byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        random.nextBytes(transactionId);
        byte[] buf = new byte[256];
        int length = new StunMessageWriter(buf, 0, StunMessage.BINDING, StunClass.REQUEST, transactionId)
                .username(username)
                .iceControlling(random.nextLong())
                .useCandidate()
                .priority(0x6E7F1EFFL)
                .messageIntegrity(StunIntegrity.shortTerm(password))
                .fingerprint()
                .length();
        return Arrays.copyOf(buf, length);
    }
}
