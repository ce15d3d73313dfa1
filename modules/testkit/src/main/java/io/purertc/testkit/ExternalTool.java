package io.purertc.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * An independent tool from Debian's packages (tshark, openssl, vpxdec, ...) that a test starts to
 * check our bytes against code no one here wrote.
 *
 * <p>In the {@code interop} Maven profile (system property {@code purertc.interop=true}) a missing
 * tool fails the test: CI installs every tool, so absence means a broken set-up, not a reason to
 * pass. Outside that profile the test is skipped instead.
 */
public final class ExternalTool {

    private final String name;
    private final Path executable;

    private ExternalTool(String name, Path executable) {
        this.name = name;
        this.executable = executable;
    }

    /** Whether the tests run in the interop profile, where missing tools are failures. */
    public static boolean interopProfile() {
        return Boolean.getBoolean("purertc.interop");
    }

    /** Finds {@code name} on the PATH, failing (interop profile) or skipping the test if absent. */
    public static ExternalTool require(String name, String debianPackage) {
        Optional<Path> found = find(name);
        if (found.isEmpty()) {
            String why = name + " not found on PATH (Debian package " + debianPackage + ")";
            if (interopProfile()) {
                Assertions.fail(why + "; the interop profile requires it");
            }
            Assumptions.abort(why);
        }
        return new ExternalTool(name, found.get());
    }

    static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public Path executable() {
        return executable;
    }

    /**
     * Runs the tool with {@code args}, waits at most {@code timeoutSeconds}, and returns its
     * output. A non-zero exit or a time-out fails the test with what the tool printed.
     */
    public Result run(long timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LC_ALL", "C");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> stdout = drain(process.getInputStream());
            CompletableFuture<String> stderr = drain(process.getErrorStream());
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                Assertions.fail(name + " timed out after " + timeoutSeconds + " s: " + command);
            }
            Result result = new Result(process.exitValue(), stdout.join(), stderr.join());
            if (result.exitCode() != 0) {
                Assertions.fail(name + " exited " + result.exitCode() + ": " + command
                        + "\nstdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr());
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                return out.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** What a finished run printed. */
    public record Result(int exitCode, String stdout, String stderr) {

        /** Non-empty stdout lines. */
        public List<String> lines() {
            return stdout.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /**
     * Ends a tool a test left running, with whatever it started, and deletes the directory it worked in;
     * for the finally or {@code close()} of a test that starts a server (turnserver, openssl s_server, ...).
     */
    public static void stop(Process process, Path workDirectory) {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteRecursively(workDirectory);
    }

    /** Deletes {@code directory} and everything in it. */
    static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
