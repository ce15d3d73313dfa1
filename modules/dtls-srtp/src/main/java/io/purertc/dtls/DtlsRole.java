package io.purertc.dtls;

import io.purertc.sdp.Setup;
import java.util.Objects;

/**
 * Which side of the DTLS handshake an endpoint takes, as {@code a=setup} decides it: "active" sends the
 * ClientHello, "passive" waits for it. An offer carries actpass (or insists on active or passive), the
 * answer picks active or passive, and holdconn has no DTLS meaning in either.
 */
// RFC 8842 §5.2 (offerer), §5.3 (answerer); RFC 4145 §4
public enum DtlsRole {
    CLIENT,
    SERVER;

    /** What an initial offer carries: actpass, leaving the choice to the answerer (RFC 8842 §5.2). */
    public static Setup offerSetup() {
        return Setup.ACTPASS;
    }

    /**
     * The answerer's role for an offer carrying {@code offered}: actpass makes the answerer active, so
     * the client, as RFC 8842 §5.3 asks; an active offerer makes it the server, a passive one the client.
     *
     * @throws DtlsSetupException for holdconn
     */
    public static DtlsRole ofAnswerer(Setup offered) throws DtlsSetupException {
        return switch (Objects.requireNonNull(offered, "offered")) {
            case ACTPASS, PASSIVE -> CLIENT;
            case ACTIVE -> SERVER;
            case HOLDCONN -> throw new DtlsSetupException(offered,
                    "in an offer leaves the DTLS role open; offers use actpass");
        };
    }

    /**
     * The offerer's role once the answer carries {@code answered}: an active answerer is the client, so the
     * offerer is the server, and the other way round. The answer must be active or passive and must agree
     * with what the offer insisted on.
     *
     * @param offered what this side's offer carried
     * @throws DtlsSetupException for an answer with actpass or holdconn, an offer with holdconn, or an
     *         answer that takes the role the offer claimed
     */
    public static DtlsRole ofOfferer(Setup offered, Setup answered) throws DtlsSetupException {
        Objects.requireNonNull(offered, "offered");
        Objects.requireNonNull(answered, "answered");
        if (offered == Setup.HOLDCONN) {
            throw new DtlsSetupException(offered, "in an offer leaves the DTLS role open; offers use actpass");
        }
        if (answered == Setup.ACTPASS || answered == Setup.HOLDCONN) {
            throw new DtlsSetupException(answered, "in an answer leaves the DTLS role open; answers use active or passive");
        }
        if (answered == offered) {
            throw new DtlsSetupException(answered, "in an answer to an offer that was " + offered.role()
                    + " too: both sides would take the same DTLS role");
        }
        return answered == Setup.ACTIVE ? SERVER : CLIENT;
    }

    /** What an answer carries for this role: active for the client, passive for the server. */
    public Setup answerSetup() {
        return this == CLIENT ? Setup.ACTIVE : Setup.PASSIVE;
    }

    public boolean isClient() {
        return this == CLIENT;
    }
}
