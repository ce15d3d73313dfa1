package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.stun.ErrorCode;
import io.purertc.stun.StunClass;
import io.purertc.stun.StunIntegrity;
import io.purertc.stun.StunMessage;
import io.purertc.stun.StunMessageWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Retransmission and response matching on a manual clock: no sleeping, exact times. */
class StunClientTransactionsTest {

    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 3478);
    private static final InetSocketAddress ELSEWHERE = new InetSocketAddress("127.0.0.1", 3479);
    private static final StunIntegrity KEY = StunIntegrity.shortTerm("rb4wPz9Kq1Vx7Hs2Nd8Ye0Tg");

    /** Records every callback with the clock time it came at. */
    private final class Outcomes implements StunClientTransactions.Callback {
        final List<String> seen = new ArrayList<>();
        StunMessage response;

        @Override
        public void onSuccess(StunMessage response) {
            this.response = response;
            seen.add("success@" + millis());
        }

        @Override
        public void onErrorResponse(StunMessage response, ErrorCode error) {
            this.response = response;
            seen.add(error.code() + "@" + millis());
        }

        @Override
        public void onFailure(StunClientTransactions.Failure failure) {
            seen.add(failure + "@" + millis());
        }

        @Override
        public void onTimeout() {
            seen.add("timeout@" + millis());
        }
    }

    private final ManualScheduler clock = new ManualScheduler();
    private final List<Long> sentAtMillis = new ArrayList<>();
    private final List<byte[]> sent = new ArrayList<>();
    private final Random random = new Random(8489);
    private final StunClientTransactions transactions = new StunClientTransactions((buf, offset, length, to) -> {
        assertEquals(SERVER, to);
        sentAtMillis.add(millis());
        sent.add(Arrays.copyOfRange(buf, offset, offset + length));
    }, clock, StunClientTransactions.DEFAULT_RTO, 4);

    private long millis() {
        return clock.millis();
    }

    @Test
    void retransmitsOnTheRfc8489ScheduleThenTimesOut() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        start(request, KEY, outcomes);

        clock.advanceMillis(39_499);
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 15_500L, 31_500L), sentAtMillis);
        sent.forEach(copy -> assertArrayEquals(request, copy));
        assertTrue(outcomes.seen.isEmpty());

        clock.advanceMillis(1);
        assertEquals(List.of("timeout@39500"), outcomes.seen);
        assertEquals(0, transactions.outstanding());
        assertEquals(1, transactions.counters().timeouts());
        clock.advanceMillis(1_000_000);
        assertEquals(7, sentAtMillis.size());
        assertEquals(1, outcomes.seen.size());
    }

    @Test
    void doublesAConfiguredRto() {
        StunClientTransactions slow = new StunClientTransactions((buf, offset, length, to) -> sentAtMillis.add(millis()),
                clock, Duration.ofMillis(800), 1);
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        slow.send(request, 0, request.length, SERVER, null, outcomes);
        clock.advanceMillis(100_000);
        assertEquals(List.of(0L, 800L, 2400L, 5600L, 12_000L, 24_800L, 50_400L), sentAtMillis);
        assertEquals(List.of("timeout@63200"), outcomes.seen);
    }

    @Test
    void successStopsRetransmission() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        start(request, KEY, outcomes);
        clock.advanceMillis(600);

        assertTrue(transactions.onResponse(success(request, KEY), SERVER));
        assertEquals(List.of("success@600"), outcomes.seen);
        assertEquals(ELSEWHERE, outcomes.response.xorMappedAddress());
        assertEquals(0, clock.live());
        clock.advanceMillis(100_000);
        assertEquals(List.of(0L, 500L), sentAtMillis);
        assertEquals(1, outcomes.seen.size());
    }

    @Test
    void deliversAnErrorResponseWithItsCode() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        start(request, KEY, outcomes);

        assertTrue(transactions.onResponse(error(request, ErrorCode.ROLE_CONFLICT, KEY), SERVER));
        assertEquals(List.of("487@0"), outcomes.seen);
        assertEquals("Role Conflict", outcomes.response.errorCode().reason());
        clock.advanceMillis(100_000);
        assertEquals(1, sentAtMillis.size());
    }

    @Test
    void dropsAResponseFailingIntegrityAndWaitsForAGoodOne() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        start(request, KEY, outcomes);

        assertFalse(transactions.onResponse(success(request, StunIntegrity.shortTerm("forged")), SERVER));
        assertFalse(transactions.onResponse(success(request, null), SERVER));
        assertEquals(2, transactions.counters().badIntegrity());
        assertTrue(outcomes.seen.isEmpty());
        clock.advanceMillis(500);
        assertEquals(2, sentAtMillis.size());

        assertTrue(transactions.onResponse(success(request, KEY), SERVER));
        assertEquals(List.of("success@500"), outcomes.seen);
    }

    @Test
    void longTermCredentialsAcceptUnsigned401And438Only() {
        StunClientTransactions longTerm = new StunClientTransactions((buf, offset, length, to) -> { }, clock,
                StunClientTransactions.DEFAULT_RTO, 4, true);
        Outcomes stale = new Outcomes();
        byte[] request = request();
        longTerm.send(request, 0, request.length, SERVER, KEY, stale);
        assertFalse(longTerm.onResponse(error(request, ErrorCode.STALE_NONCE, StunIntegrity.shortTerm("forged")),
                SERVER));
        assertFalse(longTerm.onResponse(error(request, ErrorCode.SERVER_ERROR, null), SERVER));
        assertEquals(2, longTerm.counters().badIntegrity());
        assertTrue(longTerm.onResponse(error(request, ErrorCode.STALE_NONCE, null), SERVER));
        assertEquals(List.of("438@0"), stale.seen);

        Outcomes unauthenticated = new Outcomes();
        byte[] second = request();
        longTerm.send(second, 0, second.length, SERVER, KEY, unauthenticated);
        assertTrue(longTerm.onResponse(error(second, ErrorCode.UNAUTHENTICATED, null), SERVER));
        assertEquals(List.of("401@0"), unauthenticated.seen);
    }

    @Test
    void shortTermCredentialsDropAnUnsigned401() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        start(request, KEY, outcomes);
        assertFalse(transactions.onResponse(error(request, ErrorCode.UNAUTHENTICATED, null), SERVER));
        assertEquals(1, transactions.counters().badIntegrity());
        assertTrue(outcomes.seen.isEmpty());
    }

    @Test
    void acceptsAnUnsignedResponseWhenGivenNoKey() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        start(request, null, outcomes);
        assertTrue(transactions.onResponse(success(request, null), SERVER));
        assertEquals(List.of("success@0"), outcomes.seen);
    }

    @Test
    void dropsABrokenFingerprint() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        start(request, KEY, outcomes);
        byte[] response = success(request, KEY);
        response[response.length - 1] ^= 1;

        assertFalse(transactions.onResponse(response, SERVER));
        assertEquals(1, transactions.counters().badFingerprint());
        assertTrue(outcomes.seen.isEmpty());
    }

    @Test
    void ignoresAResponseFromAnotherAddress() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        start(request, KEY, outcomes);

        assertFalse(transactions.onResponse(success(request, KEY), ELSEWHERE));
        assertEquals(1, transactions.counters().wrongSender());
        assertTrue(outcomes.seen.isEmpty());
        assertTrue(transactions.onResponse(success(request, KEY), SERVER));
        assertEquals(List.of("success@0"), outcomes.seen);
    }

    @Test
    void completesOnceOnDuplicateResponses() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        start(request, KEY, outcomes);
        byte[] response = success(request, KEY);

        assertTrue(transactions.onResponse(response, SERVER));
        assertFalse(transactions.onResponse(response, SERVER));
        assertFalse(transactions.onResponse(error(request, ErrorCode.SERVER_ERROR, KEY), SERVER));
        assertEquals(List.of("success@0"), outcomes.seen);
        assertEquals(2, transactions.counters().unknownTransaction());
    }

    @Test
    void cancelStopsEverythingSilently() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        StunClientTransactions.Cancellable handle = start(request, KEY, outcomes);
        clock.advanceMillis(700);
        handle.cancel();
        handle.cancel();

        assertEquals(0, transactions.outstanding());
        assertFalse(transactions.onResponse(success(request, KEY), SERVER));
        clock.advanceMillis(100_000);
        assertEquals(List.of(0L, 500L), sentAtMillis);
        assertTrue(outcomes.seen.isEmpty());
    }

    @Test
    void refusesTransactionsBeyondItsCapacity() {
        List<byte[]> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(request());
            start(requests.get(i), KEY, new Outcomes());
        }
        IllegalStateException full = assertThrows(IllegalStateException.class,
                () -> start(request(), KEY, new Outcomes()));
        assertTrue(full.getMessage().contains("4 STUN transactions outstanding"), full.getMessage());

        assertTrue(transactions.onResponse(success(requests.get(2), KEY), SERVER));
        start(request(), KEY, new Outcomes());
        assertEquals(4, transactions.outstanding());
    }

    @Test
    void refusesAReusedTransactionIdAndANonRequest() {
        byte[] request = request();
        start(request, KEY, new Outcomes());
        assertThrows(IllegalArgumentException.class, () -> start(request, KEY, new Outcomes()));
        assertThrows(IllegalArgumentException.class, () -> start(success(request(), KEY), KEY, new Outcomes()));
        assertThrows(IllegalArgumentException.class, () -> start(Arrays.copyOf(request, 19), KEY, new Outcomes()));
        assertEquals(1, transactions.outstanding());
    }

    @Test
    void forgetsATransactionWhoseFirstSendFails() {
        StunClientTransactions failing = new StunClientTransactions((buf, offset, length, to) -> {
            throw new IllegalStateException("socket closed");
        }, clock, StunClientTransactions.DEFAULT_RTO, 1);
        byte[] request = request();
        assertThrows(IllegalStateException.class,
                () -> failing.send(request, 0, request.length, SERVER, KEY, new Outcomes()));
        assertEquals(0, failing.outstanding());
        assertEquals(0, clock.live());
    }

    @Test
    void dropsAResponseOfAnotherMethod() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        start(request, KEY, outcomes);
        byte[] buf = new byte[128];
        int length = new StunMessageWriter(buf, 0, StunMessage.ALLOCATE, StunClass.SUCCESS_RESPONSE,
                Arrays.copyOfRange(request, 8, 20)).messageIntegrity(KEY).fingerprint().length();

        assertFalse(transactions.onResponse(Arrays.copyOf(buf, length), SERVER));
        assertEquals(1, transactions.counters().wrongMethod());
        assertTrue(outcomes.seen.isEmpty());
    }

    /** RFC 8489 §6.3.3: discarded, and the transaction failed, not left to time out. */
    @Test
    void aSuccessWithAnUnknownRequiredAttributeFailsTheTransaction() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        start(request, KEY, outcomes);
        clock.advanceMillis(600);

        assertTrue(transactions.onResponse(withUnknownRequiredAttribute(request, StunClass.SUCCESS_RESPONSE, KEY),
                SERVER));
        assertEquals(List.of("UNKNOWN_REQUIRED_ATTRIBUTES@600"), outcomes.seen);
        assertEquals(1, transactions.counters().failures());
        assertEquals(0, transactions.outstanding());
        clock.advanceMillis(100_000);
        assertEquals(List.of(0L, 500L), sentAtMillis);
    }

    /** RFC 8489 §6.3.4: the error code does not matter then. */
    @Test
    void anErrorResponseWithAnUnknownRequiredAttributeFailsTheTransaction() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        start(request, KEY, outcomes);

        assertTrue(transactions.onResponse(withUnknownRequiredAttribute(request, StunClass.ERROR_RESPONSE, KEY),
                SERVER));
        assertEquals(List.of("UNKNOWN_REQUIRED_ATTRIBUTES@0"), outcomes.seen);
    }

    @Test
    void anErrorResponseWithoutErrorCodeFailsTheTransaction() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        start(request, KEY, outcomes);
        byte[] buf = new byte[128];
        byte[] noErrorCode = sign(buf, new StunMessageWriter(buf, 0, StunMessage.BINDING, StunClass.ERROR_RESPONSE,
                Arrays.copyOfRange(request, 8, 20)), KEY);

        assertTrue(transactions.onResponse(noErrorCode, SERVER));
        assertEquals(List.of("NO_ERROR_CODE@0"), outcomes.seen);
    }

    /** Integrity is checked first, so a forger cannot fail a transaction with an unknown attribute. */
    @Test
    void anUnsignedResponseCannotFailASignedTransaction() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        start(request, KEY, outcomes);

        assertFalse(transactions.onResponse(withUnknownRequiredAttribute(request, StunClass.SUCCESS_RESPONSE, null),
                SERVER));
        assertTrue(outcomes.seen.isEmpty());
        assertEquals(1, transactions.counters().badIntegrity());
        assertEquals(0, transactions.counters().failures());
    }

    /** RFC 8489 §9.1.4: when every response was discarded for integrity, the time-out says so. */
    @Test
    void timingOutAfterOnlyForgedResponsesReportsTheIntegrityViolation() {
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        start(request, KEY, outcomes);
        clock.advanceMillis(1000);
        assertFalse(transactions.onResponse(success(request, StunIntegrity.shortTerm("forged")), SERVER));

        clock.advanceMillis(100_000);
        assertEquals(List.of("INTEGRITY_VIOLATED@39500"), outcomes.seen);
        assertEquals(1, transactions.counters().failures());
        assertEquals(0, transactions.counters().timeouts());
    }

    /** RFC 8489 §9.1.4: a request signed one way only takes a response signed the same way. */
    @Test
    void aResponseMustUseTheAlgorithmOfARequestSignedOneWay() {
        Outcomes sha256Outcomes = new Outcomes();
        byte[] sha256Request = request(false, true);
        start(sha256Request, KEY, sha256Outcomes);
        assertFalse(transactions.onResponse(success(sha256Request, KEY), SERVER));
        assertTrue(transactions.onResponse(successSignedSha256(sha256Request), SERVER));
        assertEquals(List.of("success@0"), sha256Outcomes.seen);

        Outcomes sha1Outcomes = new Outcomes();
        byte[] sha1Request = request(true, false);
        start(sha1Request, KEY, sha1Outcomes);
        assertFalse(transactions.onResponse(successSignedSha256(sha1Request), SERVER));
        assertTrue(transactions.onResponse(success(sha1Request, KEY), SERVER));
        assertEquals(List.of("success@0"), sha1Outcomes.seen);
        assertEquals(2, transactions.counters().badIntegrity());
    }

    @Test
    void aRequestSignedBothWaysTakesEither() {
        for (boolean sha256Response : new boolean[] {false, true}) {
            Outcomes outcomes = new Outcomes();
            byte[] request = request(true, true);
            start(request, KEY, outcomes);
            assertTrue(transactions.onResponse(sha256Response ? successSignedSha256(request) : success(request, KEY),
                    SERVER));
            assertEquals(List.of("success@0"), outcomes.seen);
        }
    }

    /** Hostile input: whatever arrives, onResponse drops it without throwing and the transaction stays. */
    @Property
    void randomDatagramsAreDroppedQuietly(@ForAll @Size(max = 200) byte[] datagram) {
        StunClientTransactions fresh = new StunClientTransactions((buf, offset, length, to) -> { }, clock,
                StunClientTransactions.DEFAULT_RTO, 1);
        Outcomes outcomes = new Outcomes();
        byte[] request = request();
        fresh.send(request, 0, request.length, SERVER, KEY, outcomes);
        byte[] valid = success(request, KEY);
        assertFalse(fresh.onResponse(datagram, SERVER));
        for (int cut = 0; cut < valid.length; cut++) {
            assertFalse(fresh.onResponse(Arrays.copyOf(valid, cut), SERVER));
        }
        assertTrue(outcomes.seen.isEmpty());
        assertEquals(1, fresh.outstanding());
        assertTrue(fresh.onResponse(valid, SERVER));
    }

    private StunClientTransactions.Cancellable start(byte[] request, StunIntegrity key, Outcomes outcomes) {
        return transactions.send(request, 0, request.length, SERVER, key, outcomes);
    }

    private byte[] request() {
        return request(true, false);
    }

    private byte[] request(boolean sha1, boolean sha256) {
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        random.nextBytes(id);
        byte[] buf = new byte[128];
        StunMessageWriter writer = new StunMessageWriter(buf, 0, StunMessage.BINDING, StunClass.REQUEST, id)
                .username("Lw3p:Xk2m").priority(0x6E7F1EFF);
        if (sha1) {
            writer.messageIntegrity(KEY);
        }
        if (sha256) {
            writer.messageIntegritySha256(KEY);
        }
        return Arrays.copyOf(buf, writer.fingerprint().length());
    }

    private static byte[] success(byte[] request, StunIntegrity key) {
        byte[] buf = new byte[128];
        StunMessageWriter writer = new StunMessageWriter(buf, 0, StunMessage.BINDING, StunClass.SUCCESS_RESPONSE,
                Arrays.copyOfRange(request, 8, 20)).xorMappedAddress(ELSEWHERE);
        return sign(buf, writer, key);
    }

    private static byte[] successSignedSha256(byte[] request) {
        byte[] buf = new byte[128];
        int length = new StunMessageWriter(buf, 0, StunMessage.BINDING, StunClass.SUCCESS_RESPONSE,
                Arrays.copyOfRange(request, 8, 20)).xorMappedAddress(ELSEWHERE).messageIntegritySha256(KEY)
                .fingerprint().length();
        return Arrays.copyOf(buf, length);
    }

    /** A signed response of the given class carrying comprehension-required attribute 0x0031, unknown to the codec. */
    private static byte[] withUnknownRequiredAttribute(byte[] request, StunClass messageClass, StunIntegrity key) {
        byte[] buf = new byte[128];
        StunMessageWriter writer = new StunMessageWriter(buf, 0, StunMessage.BINDING, messageClass,
                Arrays.copyOfRange(request, 8, 20));
        if (messageClass == StunClass.ERROR_RESPONSE) {
            writer.errorCode(new ErrorCode(ErrorCode.SERVER_ERROR, "Server Error"));
        }
        int at = writer.length();
        writer.data(new byte[4]);
        buf[at] = 0x00;
        buf[at + 1] = 0x31;
        return sign(buf, writer, key);
    }

    private static byte[] error(byte[] request, int code, StunIntegrity key) {
        byte[] buf = new byte[128];
        StunMessageWriter writer = new StunMessageWriter(buf, 0, StunMessage.BINDING, StunClass.ERROR_RESPONSE,
                Arrays.copyOfRange(request, 8, 20)).errorCode(new ErrorCode(code, "Role Conflict"));
        return sign(buf, writer, key);
    }

    private static byte[] sign(byte[] buf, StunMessageWriter writer, StunIntegrity key) {
        if (key != null) {
            writer.messageIntegrity(key);
        }
        return Arrays.copyOf(buf, writer.fingerprint().length());
    }
}
