package io.purertc.ice;

import io.purertc.stun.StunMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A TURN server reached over UDP and the long-term credential to use with it. The address must be
 * resolved: responses are matched by source address, so a name would never match.
 *
 * @param address the server's resolved UDP transport address
 * @param username the USERNAME, at most the STUN codec's 763 UTF-8 bytes of text
 * @param password the password, taken as given (no SASLprep, see {@link io.purertc.stun.StunIntegrity})
 */
// RFC 8656 §3.1, §5; RFC 8489 §9.2
public record TurnServer(InetSocketAddress address, String username, String password) {

    public TurnServer {
        if (address == null || address.isUnresolved()) {
            throw new IllegalArgumentException("TURN server address must be given and resolved: " + address);
        }
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("TURN username and password must not be empty");
        }
        if (username.getBytes(StandardCharsets.UTF_8).length > StunMessage.MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("TURN username longer than 763 UTF-8 bytes");
        }
    }

    /** Leaves the password out, so that logging a server does not log its secret. */
    @Override
    public String toString() {
        return "TurnServer[" + address + ", " + username + "]";
    }
}
