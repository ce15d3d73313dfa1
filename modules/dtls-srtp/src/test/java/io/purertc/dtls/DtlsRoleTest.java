package io.purertc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.sdp.Setup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every offer/answer combination of {@code a=setup} values, valid and invalid (RFC 8842 §5). */
class DtlsRoleTest {

    @Test
    void offersCarryActpass() {
        assertEquals(Setup.ACTPASS, DtlsRole.offerSetup());
    }

    @ParameterizedTest
    @CsvSource({"ACTPASS, CLIENT, ACTIVE", "PASSIVE, CLIENT, ACTIVE", "ACTIVE, SERVER, PASSIVE"})
    void answererTakesTheRoleTheOfferLeaves(Setup offered, DtlsRole role, Setup answered) throws Exception {
        DtlsRole answerer = DtlsRole.ofAnswerer(offered);
        assertEquals(role, answerer);
        assertEquals(answered, answerer.answerSetup());
        // The offerer, reading that answer, takes the other role.
        assertEquals(role == DtlsRole.CLIENT ? DtlsRole.SERVER : DtlsRole.CLIENT, DtlsRole.ofOfferer(offered, answered));
    }

    @Test
    void holdconnOfferLeavesNoRoleForTheAnswerer() {
        DtlsSetupException e = assertThrows(DtlsSetupException.class, () -> DtlsRole.ofAnswerer(Setup.HOLDCONN));
        assertEquals(Setup.HOLDCONN, e.setup());
        assertTrue(e.getMessage().contains("holdconn"), e.getMessage());
    }

    /** Every (offer, answer) pair: the valid ones give the offerer's role, the rest throw. */
    @ParameterizedTest
    @CsvSource({
        "ACTPASS, ACTIVE, SERVER", "ACTPASS, PASSIVE, CLIENT", "ACTPASS, ACTPASS, ", "ACTPASS, HOLDCONN, ",
        "ACTIVE, PASSIVE, CLIENT", "ACTIVE, ACTIVE, ", "ACTIVE, ACTPASS, ", "ACTIVE, HOLDCONN, ",
        "PASSIVE, ACTIVE, SERVER", "PASSIVE, PASSIVE, ", "PASSIVE, ACTPASS, ", "PASSIVE, HOLDCONN, ",
        "HOLDCONN, ACTIVE, ", "HOLDCONN, PASSIVE, ", "HOLDCONN, ACTPASS, ", "HOLDCONN, HOLDCONN, "})
    void offererReadsTheAnswer(Setup offered, Setup answered, DtlsRole expected) throws Exception {
        if (expected == null) {
            DtlsSetupException e = assertThrows(DtlsSetupException.class, () -> DtlsRole.ofOfferer(offered, answered));
            assertTrue(e.getMessage().startsWith("a=setup:"), e.getMessage());
        } else {
            assertEquals(expected, DtlsRole.ofOfferer(offered, answered));
        }
    }

    @Test
    void answerSetupNamesTheRole() {
        assertEquals(Setup.ACTIVE, DtlsRole.CLIENT.answerSetup());
        assertEquals(Setup.PASSIVE, DtlsRole.SERVER.answerSetup());
        assertTrue(DtlsRole.CLIENT.isClient());
        assertTrue(!DtlsRole.SERVER.isClient());
    }
}
