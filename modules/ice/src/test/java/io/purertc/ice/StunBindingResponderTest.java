package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.stun.ErrorCode;
import io.purertc.stun.StunAttribute;
import io.purertc.stun.StunClass;
import io.purertc.stun.StunIntegrity;
import io.purertc.stun.StunMessage;
import io.purertc.stun.StunMessageWriter;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Connectivity checks between two real loopback UDP sockets. */
class StunBindingResponderTest {

    @RegisterExtension
    final NettyLeakCheck leakCheck = new NettyLeakCheck();

    private static final String LOCAL_UFRAG = "Lw3p";
    private static final String LOCAL_PASSWORD = "rb4wPz9Kq1Vx7Hs2Nd8Ye0Tg";
    private static final String REMOTE_UFRAG = "Xk2m";
    private static final long TIE_BREAKER = 0x1122334455667788L;
    private static final int PRIORITY = 0x6E7F1EFF;
    /** GOOG-NETWORK-INFO, comprehension-optional: Chromium sends it and a responder must skip it. */
    private static final int GOOG_NETWORK_INFO = 0xC057;
    private static final int UNKNOWN_REQUIRED = 0x0031;

    private record Reply(StunMessage message, InetSocketAddress sender) {
    }

    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<BindingCheck> checks = new LinkedBlockingQueue<>();
    private final Random random = new Random(8445);
    private EventLoopGroup group;
    private StunBindingResponder responder;
    private UdpEndpoint server;
    private UdpEndpoint client;
    private int transactions;

    private void start(String host) throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        responder = new StunBindingResponder(LOCAL_UFRAG, LOCAL_PASSWORD, (via, check) -> checks.add(check));
        server = UdpEndpoint.bind(group, new InetSocketAddress(host, 0), responder);
        client = UdpEndpoint.bind(group, new InetSocketAddress(host, 0), (endpoint, datagram, sender) -> {
            try {
                replies.add(new Reply(StunMessage.parse(datagram, 0, datagram.length), sender));
            } catch (MalformedPacketException e) {
                throw new AssertionError("responder sent malformed STUN", e);
            }
        });
    }

    @AfterEach
    void stop() throws InterruptedException {
        LoopbackTeardown.close(group, client, server);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void answersAChromiumStyleCheck(String host) throws Exception {
        start(host);
        byte[] request = request(LOCAL_UFRAG + ":" + REMOTE_UFRAG, LOCAL_PASSWORD, false);
        send(request);

        StunMessage response = nextReply();
        assertEquals(StunMessage.BINDING, response.method());
        assertEquals(StunClass.SUCCESS_RESPONSE, response.messageClass());
        assertArrayEquals(Arrays.copyOfRange(request, 8, 20), response.transactionId());
        assertEquals(client.localAddress(), response.xorMappedAddress());
        assertTrue(StunIntegrity.shortTerm(LOCAL_PASSWORD).verify(response));
        assertFalse(StunIntegrity.shortTerm("some other password").verify(response));
        assertTrue(response.hasValidFingerprint());

        BindingCheck check = checks.poll(5, TimeUnit.SECONDS);
        assertEquals(new BindingCheck(client.localAddress(), LOCAL_UFRAG + ":" + REMOTE_UFRAG, PRIORITY & 0xFFFFFFFFL,
                true, true, false, TIE_BREAKER), check);
        assertEquals(new StunBindingResponder.Counters(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0), responder.counters());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void dropsAWrongPasswordUnanswered(String host) throws Exception {
        start(host);
        send(request(LOCAL_UFRAG + ":" + REMOTE_UFRAG, "not the password", false));
        byte[] good = request(LOCAL_UFRAG + ":" + REMOTE_UFRAG, LOCAL_PASSWORD, false);
        send(good);

        // One event loop serves both sockets in order: the answer to the good request proves the bad one was seen.
        assertArrayEquals(Arrays.copyOfRange(good, 8, 20), nextReply().transactionId());
        assertNull(replies.poll());
        assertEquals(1, responder.counters().badIntegrity());
        assertEquals(1, responder.counters().answered());
        assertEquals(1, checks.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void answersASha256OnlyCheckWithSha256(String host) throws Exception {
        start(host);
        send(request(LOCAL_UFRAG + ":" + REMOTE_UFRAG, null, LOCAL_PASSWORD, false));

        StunMessage response = nextReply();
        assertEquals(StunClass.SUCCESS_RESPONSE, response.messageClass());
        assertTrue(StunIntegrity.shortTerm(LOCAL_PASSWORD).verifySha256(response));
        assertFalse(response.has(StunAttribute.MESSAGE_INTEGRITY));
        assertTrue(response.hasValidFingerprint());
        assertEquals(1, checks.size());
    }

    /** RFC 8489 §9.1.3: with both present, MESSAGE-INTEGRITY-SHA256 decides, however good MESSAGE-INTEGRITY is. */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void judgesByTheSha256WhenBothArePresent(String host) throws Exception {
        start(host);
        send(request(LOCAL_UFRAG + ":" + REMOTE_UFRAG, LOCAL_PASSWORD, "not the password", false));
        byte[] good = request(LOCAL_UFRAG + ":" + REMOTE_UFRAG, "not the password", LOCAL_PASSWORD, false);
        send(good);

        StunMessage response = nextReply();
        assertArrayEquals(Arrays.copyOfRange(good, 8, 20), response.transactionId());
        assertTrue(StunIntegrity.shortTerm(LOCAL_PASSWORD).verifySha256(response));
        assertNull(replies.poll());
        assertEquals(1, responder.counters().badIntegrity());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void answersAWrongUfragWith401(String host) throws Exception {
        start(host);
        send(request("someoneElse:" + REMOTE_UFRAG, LOCAL_PASSWORD, false));

        StunMessage response = nextError(ErrorCode.UNAUTHENTICATED);
        assertFalse(response.has(StunAttribute.MESSAGE_INTEGRITY));
        assertEquals(1, responder.counters().badUsername());
        assertTrue(checks.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void answersAnUnknownRequiredAttributeWith420(String host) throws Exception {
        start(host);
        send(request(LOCAL_UFRAG + ":" + REMOTE_UFRAG, LOCAL_PASSWORD, true));

        StunMessage response = nextError(ErrorCode.UNKNOWN_ATTRIBUTE);
        assertArrayEquals(new int[] {UNKNOWN_REQUIRED}, response.unknownAttributes());
        assertTrue(StunIntegrity.shortTerm(LOCAL_PASSWORD).verify(response));
        assertEquals(1, responder.counters().unknownAttributes());
        assertTrue(checks.isEmpty());

        send(request(LOCAL_UFRAG + ":" + REMOTE_UFRAG, null, LOCAL_PASSWORD, true));
        StunMessage signedSha256 = nextError(ErrorCode.UNKNOWN_ATTRIBUTE);
        assertTrue(StunIntegrity.shortTerm(LOCAL_PASSWORD).verifySha256(signedSha256));
        assertFalse(signedSha256.has(StunAttribute.MESSAGE_INTEGRITY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void answersMissingIntegrityWith400(String host) throws Exception {
        start(host);
        byte[] buf = new byte[128];
        int length = new StunMessageWriter(buf, 0, StunMessage.BINDING, StunClass.REQUEST, nextTransactionId())
                .username(LOCAL_UFRAG + ":" + REMOTE_UFRAG)
                .fingerprint()
                .length();
        send(Arrays.copyOf(buf, length));

        assertFalse(nextError(ErrorCode.BAD_REQUEST).has(StunAttribute.MESSAGE_INTEGRITY));
        assertEquals(1, responder.counters().missingCredentials());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void dropsBadDatagramsAndKeepsAnswering(String host) throws Exception {
        start(host);
        byte[] valid = request(LOCAL_UFRAG + ":" + REMOTE_UFRAG, LOCAL_PASSWORD, false);
        byte[] noise = new byte[100];
        random.nextBytes(noise);
        noise[0] = (byte) 0x80;
        byte[] stunLookingNoise = noise.clone();
        stunLookingNoise[0] = 0x01;
        byte[] badFingerprint = valid.clone();
        badFingerprint[badFingerprint.length - 1] ^= 1;
        byte[] oversize = Arrays.copyOf(valid, 9000);

        send(noise);
        send(stunLookingNoise);
        send(Arrays.copyOf(valid, 30));
        send(oversize);
        send(badFingerprint);
        byte[] good = request(LOCAL_UFRAG + ":" + REMOTE_UFRAG, LOCAL_PASSWORD, false);
        send(good);

        assertArrayEquals(Arrays.copyOfRange(good, 8, 20), nextReply().transactionId());
        assertNull(replies.poll());
        StunBindingResponder.Counters counters = responder.counters();
        assertEquals(6, counters.received());
        assertEquals(1, counters.notStun());
        assertEquals(3, counters.malformed());
        assertEquals(1, counters.badFingerprint());
        assertEquals(1, counters.answered());
        assertEquals(0, server.handlerErrors());
    }

    private byte[] request(String username, String password, boolean unknownRequired) {
        return request(username, password, null, unknownRequired);
    }

    /** A Chromium-style request signed with MESSAGE-INTEGRITY and/or MESSAGE-INTEGRITY-SHA256; null omits one. */
    private byte[] request(String username, String sha1Password, String sha256Password, boolean unknownRequired) {
        byte[] buf = new byte[256];
        StunMessageWriter writer = new StunMessageWriter(buf, 0, StunMessage.BINDING, StunClass.REQUEST,
                nextTransactionId())
                .username(username);
        rawAttribute(writer, buf, GOOG_NETWORK_INFO, 4);
        writer.iceControlling(TIE_BREAKER).useCandidate().priority(PRIORITY);
        if (unknownRequired) {
            rawAttribute(writer, buf, UNKNOWN_REQUIRED, 4);
        }
        if (sha1Password != null) {
            writer.messageIntegrity(StunIntegrity.shortTerm(sha1Password));
        }
        if (sha256Password != null) {
            writer.messageIntegritySha256(StunIntegrity.shortTerm(sha256Password));
        }
        return Arrays.copyOf(buf, writer.fingerprint().length());
    }

    /** An attribute the writer has no method for: written as DATA, then its type rewritten. */
    private static void rawAttribute(StunMessageWriter writer, byte[] buf, int type, int valueLength) {
        int at = writer.length();
        writer.data(new byte[valueLength]);
        buf[at] = (byte) (type >> 8);
        buf[at + 1] = (byte) type;
    }

    private byte[] nextTransactionId() {
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        random.nextBytes(id);
        id[0] = (byte) ++transactions;
        return id;
    }

    private void send(byte[] datagram) {
        client.send(datagram, 0, datagram.length, server.localAddress());
    }

    private StunMessage nextReply() throws InterruptedException {
        Reply reply = replies.poll(5, TimeUnit.SECONDS);
        assertNotNull(reply, "no answer within 5 s");
        assertEquals(server.localAddress(), reply.sender());
        return reply.message();
    }

    private StunMessage nextError(int code) throws InterruptedException {
        StunMessage response = nextReply();
        assertEquals(StunClass.ERROR_RESPONSE, response.messageClass());
        assertEquals(code, response.errorCode().code());
        assertTrue(response.hasValidFingerprint());
        return response;
    }
}
