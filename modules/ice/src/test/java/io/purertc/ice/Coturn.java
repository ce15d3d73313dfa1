package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.fail;

import io.purertc.rtp.MalformedPacketException;
import io.purertc.stun.StunClass;
import io.purertc.stun.StunMessage;
import io.purertc.stun.StunMessageWriter;
import io.purertc.testkit.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A coturn {@code turnserver} that a test starts on 127.0.0.1 with a free port, its own database, pid file
 * and log in a temporary directory, and no TCP, TLS, DTLS, CLI or RFC 5780 listeners that could collide with
 * another instance. Long-term credentials {@code alice:secret} in realm {@code purertc.test}; loopback peers
 * allowed. Logs verbosely, so a failing test can show what the server saw. {@link #close()} kills it.
 */
final class Coturn implements AutoCloseable {

    private static final long READY_TIMEOUT_MILLIS = 10_000;

    private final Process process;
    private final Path directory;
    private final Path log;
    private final InetSocketAddress address;

    private Coturn(Process process, Path directory, Path log, InetSocketAddress address) {
        this.process = process;
        this.directory = directory;
        this.log = log;
        this.address = address;
    }

    /** Starts turnserver with the common options and {@code options}, and waits until it answers STUN. */
    static Coturn start(String... options) throws IOException, InterruptedException {
        ExternalTool turnserver = ExternalTool.require("turnserver", "coturn");
        Path directory = Files.createTempDirectory("coturn");
        Path log = directory.resolve("turnserver.log");
        int port = freeUdpPort();
        int minRelayPort = 20_000 + new Random().nextInt(40_000);
        List<String> command = new ArrayList<>(List.of(turnserver.executable().toString(), "-n", "-v",
                "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + port,
                "--min-port=" + minRelayPort, "--max-port=" + (minRelayPort + 199),
                "--lt-cred-mech", "--user=" + TurnTestMessages.USERNAME + ":" + TurnTestMessages.PASSWORD,
                "--realm=" + TurnTestMessages.REALM, "--allow-loopback-peers",
                "--no-tcp", "--no-tcp-relay", "--no-tls", "--no-dtls", "--no-cli", "--no-rfc5780",
                "--log-file=stdout", "--simple-log",
                "--db=" + directory.resolve("turndb"), "--pidfile=" + directory.resolve("turnserver.pid")));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Coturn coturn = new Coturn(process, directory, log, new InetSocketAddress("127.0.0.1", port));
        boolean ready = false;
        try {
            coturn.awaitStunAnswer();
            ready = true;
        } finally {
            if (!ready) {
                coturn.close();
            }
        }
        return coturn;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return probe.getLocalPort();
        }
    }

    /** Sends Binding requests until one is answered: the listener is up. */
    private void awaitStunAnswer() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(100);
            byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
            new Random().nextBytes(id);
            byte[] request = new byte[StunMessage.HEADER_LENGTH];
            new StunMessageWriter(request, 0, StunMessage.BINDING, StunClass.REQUEST, id);
            byte[] answer = new byte[1500];
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    fail("turnserver exited " + process.exitValue() + ":\n" + log());
                }
                socket.send(new DatagramPacket(request, request.length, address));
                try {
                    DatagramPacket received = new DatagramPacket(answer, answer.length);
                    socket.receive(received);
                    StunMessage response = StunMessage.parse(answer, 0, received.getLength());
                    if (response.hasTransactionId(id) && response.messageClass() == StunClass.SUCCESS_RESPONSE) {
                        return;
                    }
                } catch (SocketTimeoutException | MalformedPacketException notYet) {
                    Thread.sleep(50);
                }
            }
        }
        fail("turnserver did not answer a STUN Binding request within " + READY_TIMEOUT_MILLIS + " ms:\n" + log());
    }

    InetSocketAddress address() {
        return address;
    }

    TurnServer server() {
        return new TurnServer(address, TurnTestMessages.USERNAME, TurnTestMessages.PASSWORD);
    }

    /** Everything turnserver has logged so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills turnserver and whatever it started, and removes its directory. */
    @Override
    public void close() {
        ExternalTool.stop(process, directory);
    }
}
