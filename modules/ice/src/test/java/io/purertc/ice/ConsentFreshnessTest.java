package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7675 consent on virtual time: kept while the peer answers, lost within 30 s once it is gone. */
class ConsentFreshnessTest {

    private static final Duration STEP = Duration.ofMillis(50);

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private ManualScheduler clock;
    private AgentPeer a;
    private AgentPeer b;

    @BeforeEach
    void start() {
        clock = new ManualScheduler(group.next());
    }

    @AfterEach
    void stop() throws InterruptedException {
        AgentPeer.closeAll(group, a, b);
    }

    private void connect(boolean lite) throws Exception {
        a = new AgentPeer(config(IceRole.CONTROLLING));
        b = new AgentPeer(config(IceRole.CONTROLLED).lite(lite));
        AgentPeer.wire(a, b);
        a.agent.gather();
        b.agent.gather();
        for (int i = 0; i < 200 && (a.agent.state() != IceState.COMPLETED || b.agent.state() != IceState.COMPLETED); i++) {
            clock.run(STEP, STEP);
        }
        assertEquals(IceState.COMPLETED, a.agent.state(), "a: " + a.states);
        assertEquals(IceState.COMPLETED, b.agent.state(), "b: " + b.states);
    }

    private IceConfig config(IceRole role) throws Exception {
        return AgentPeer.loopback(group, "127.0.0.1", role).clock(clock, clock);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void consentIsRefreshedEveryFiveSecondsOrSoWhileThePeerAnswers(boolean liteB) throws Exception {
        connect(liteB);
        long answeredBefore = b.agent.counters().responder().answered();
        clock.run(Duration.ofSeconds(60), STEP);
        long consentChecks = b.agent.counters().responder().answered() - answeredBefore;
        // 5 s randomised over [4 s, 6 s]: 10 to 15 checks in a minute.
        assertTrue(consentChecks >= 10 && consentChecks <= 15, "consent checks in 60 s: " + consentChecks);
        assertEquals(IceState.COMPLETED, a.agent.state(), "a: " + a.states);
        assertEquals(IceState.COMPLETED, b.agent.state(), "b: " + b.states);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void whenThePeerDisappearsSendingStopsWithinThirtySeconds(boolean liteB) throws Exception {
        connect(liteB);
        b.agent.close();
        long vanished = clock.getAsLong();
        long disconnectedAt = -1;
        long failedAt = -1;
        while (failedAt < 0 && clock.getAsLong() - vanished < Duration.ofSeconds(40).toNanos()) {
            clock.run(STEP, STEP);
            if (disconnectedAt < 0 && a.agent.state() == IceState.DISCONNECTED) {
                disconnectedAt = clock.getAsLong();
            }
            if (a.agent.state() == IceState.FAILED) {
                failedAt = clock.getAsLong();
            }
        }
        assertTrue(disconnectedAt > 0, "never disconnected: " + a.states);
        assertTrue(failedAt > disconnectedAt, "never failed after disconnecting: " + a.states);
        // Consent was last granted at most one consent interval (6 s) before the peer vanished.
        long afterVanishing = failedAt - vanished;
        assertTrue(afterVanishing <= Duration.ofSeconds(30).plus(STEP).toNanos(), "failed only after " + afterVanishing);
        assertTrue(afterVanishing >= Duration.ofSeconds(24).toNanos(), "failed already after " + afterVanishing);
        assertNull(a.agent.selectedPair());
        long notSent = a.agent.counters().notSent();
        a.agent.send(new byte[] {(byte) 0x80, 0, 0, 0}, 0, 4);
        clock.run(STEP, STEP);
        assertNotEquals(notSent, a.agent.counters().notSent());
    }
}
