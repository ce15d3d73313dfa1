package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
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

/** A connectivity check over real loopback sockets: transactions on the client, the responder on the server. */
class StunClientTransactionsLoopbackTest {

    @RegisterExtension
    final NettyLeakCheck leakCheck = new NettyLeakCheck();

    private static final String SERVER_UFRAG = "Lw3p";
    private static final String SERVER_PASSWORD = "rb4wPz9Kq1Vx7Hs2Nd8Ye0Tg";

    private final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
    private EventLoopGroup group;
    private UdpEndpoint server;
    private UdpEndpoint client;
    private StunClientTransactions transactions;

    @AfterEach
    void stop() throws InterruptedException {
        LoopbackTeardown.close(group, client, server);
    }

    /** RFC 8489 §9.1.4: the responder answers with the request's algorithm, and the client checks it. */
    @ParameterizedTest
    @ValueSource(strings = {"MESSAGE-INTEGRITY", "MESSAGE-INTEGRITY-SHA256", "both"})
    void aBindingCheckSucceedsThroughTheResponder(String signedWith) throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = UdpEndpoint.bind(group, new InetSocketAddress("127.0.0.1", 0),
                new StunBindingResponder(SERVER_UFRAG, SERVER_PASSWORD, (via, check) -> true));
        client = UdpEndpoint.bind(group, new InetSocketAddress("127.0.0.1", 0),
                (endpoint, datagram, sender) -> transactions.onResponse(datagram, sender));
        transactions = new StunClientTransactions(client::send, StunClientTransactions.Scheduler.of(client.eventLoop()),
                StunClientTransactions.DEFAULT_RTO, 16);

        StunIntegrity key = StunIntegrity.shortTerm(SERVER_PASSWORD);
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        new Random(8445).nextBytes(id);
        byte[] buf = new byte[128];
        StunMessageWriter writer = new StunMessageWriter(buf, 0, StunMessage.BINDING, StunClass.REQUEST, id)
                .username(SERVER_UFRAG + ":Xk2m")
                .iceControlling(0x1122334455667788L)
                .priority(0x6E7F1EFF);
        if (!signedWith.equals("MESSAGE-INTEGRITY-SHA256")) {
            writer.messageIntegrity(key);
        }
        if (!signedWith.equals("MESSAGE-INTEGRITY")) {
            writer.messageIntegritySha256(key);
        }
        byte[] request = Arrays.copyOf(buf, writer.fingerprint().length());
        client.eventLoop().execute(() -> transactions.send(request, 0, request.length, server.localAddress(), key,
                new StunClientTransactions.Callback() {
                    @Override
                    public void onSuccess(StunMessage response) {
                        outcomes.add(response);
                    }

                    @Override
                    public void onErrorResponse(StunMessage response, ErrorCode error) {
                        outcomes.add(error);
                    }

                    @Override
                    public void onFailure(StunClientTransactions.Failure failure) {
                        outcomes.add(failure);
                    }

                    @Override
                    public void onTimeout() {
                        outcomes.add("timeout");
                    }
                }));

        Object outcome = outcomes.poll(5, TimeUnit.SECONDS);
        assertNotNull(outcome, "no outcome within 5 s");
        StunMessage response = (StunMessage) outcome;
        assertEquals(StunClass.SUCCESS_RESPONSE, response.messageClass());
        assertEquals(client.localAddress(), response.xorMappedAddress());
        boolean sha256 = !signedWith.equals("MESSAGE-INTEGRITY");
        assertEquals(sha256, response.has(StunAttribute.MESSAGE_INTEGRITY_SHA256));
        assertEquals(!sha256, response.has(StunAttribute.MESSAGE_INTEGRITY));
        assertTrue(sha256 ? key.verifySha256(response) : key.verify(response));
        assertEquals(0, client.eventLoop().submit(transactions::outstanding).get(5, TimeUnit.SECONDS));
        assertEquals(0, client.handlerErrors());
    }
}
