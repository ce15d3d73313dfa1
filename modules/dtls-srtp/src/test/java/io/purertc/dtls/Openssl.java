package io.purertc.dtls;

import static org.junit.jupiter.api.Assertions.fail;

import io.purertc.sdp.Fingerprint;
import io.purertc.testkit.ExternalTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code openssl s_server} or {@code s_client} started by a test, with a key and self-signed certificate
 * that openssl itself made in a temporary directory. Its standard input stays open (both tools quit at end
 * of input), its output is collected for the test to wait on, and {@link #close()} kills it and removes the
 * directory, whatever state the test left it in.
 */
final class Openssl implements AutoCloseable {

    private final ExternalTool openssl = ExternalTool.require("openssl", "openssl");
    private final Path directory;
    private final StringBuffer output = new StringBuffer();
    private Process process;

    Openssl() throws IOException {
        directory = Files.createTempDirectory("openssl-dtls");
        openssl.run(30, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-keyout", key().toString(), "-out", certificate().toString(), "-days", "1", "-nodes",
                "-subj", "/CN=openssl");
    }

    Path key() {
        return directory.resolve("key.pem");
    }

    Path certificate() {
        return directory.resolve("cert.pem");
    }

    /** The SHA-256 fingerprint of openssl's certificate, as openssl computes it. */
    Fingerprint fingerprint() {
        String line = openssl.run(30, "x509", "-noout", "-fingerprint", "-sha256", "-in", certificate().toString())
                .stdout().strip();
        return new Fingerprint("sha-256", line.substring(line.indexOf('=') + 1));
    }

    /** Starts {@code openssl <args>}, its output merged into what {@link #awaitLine} reads. */
    void start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(openssl.executable().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C");
        process = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // The process was killed; what it printed so far is kept.
            }
        }, "openssl-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for a line starting (after blanks) with {@code prefix} and returns the rest of it, trimmed. */
    String awaitLine(String prefix, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            for (String line : output.toString().split("\n")) {
                if (line.strip().startsWith(prefix)) {
                    return line.strip().substring(prefix.length()).strip();
                }
            }
            if (!process.isAlive()) {
                fail("openssl exited " + process.exitValue() + " before printing \"" + prefix + "\":\n" + output);
            }
            Thread.sleep(20);
        }
        fail("openssl printed no \"" + prefix + "\" within " + timeoutMillis + " ms:\n" + output);
        return null;
    }

    String output() {
        return output.toString();
    }

    @Override
    public void close() {
        ExternalTool.stop(process, directory);
    }
}
