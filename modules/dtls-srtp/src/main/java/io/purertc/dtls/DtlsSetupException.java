package io.purertc.dtls;

import io.purertc.sdp.Setup;

/**
 * A description's {@code a=setup} leaves no DTLS role: the offer/answer must be rejected, since neither
 * side would know whether to send the ClientHello.
 */
// RFC 8842 §5.2, §5.3
public final class DtlsSetupException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Setup setup;

    DtlsSetupException(Setup setup, String why) {
        super("a=setup:" + setup.role() + " " + why);
        this.setup = setup;
    }

    /** The offending setup value. */
    public Setup setup() {
        return setup;
    }
}
