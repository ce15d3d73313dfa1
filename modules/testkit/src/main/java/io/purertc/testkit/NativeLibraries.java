package io.purertc.testkit;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which shared libraries a JVM has mapped, read from {@code /proc/<pid>/maps}: the proof that code claiming
 * to be pure Java loaded nothing native of its own. A probe's {@code main} calls {@link #printMapped()} after
 * its work; {@link #runProbe} starts it in a fresh JVM (so that whatever the test JVM itself loaded, such as
 * an oracle's native library, cannot hide or pollute the answer) and returns what it mapped.
 */
public final class NativeLibraries {

    /** The line prefix {@link #printMapped()} marks each library with. */
    static final String MARK = "mapped-library ";

    private NativeLibraries() {
    }

    /** The shared objects ({@code .so} files) mapped into this process. */
    public static Set<String> mapped() {
        try {
            return parseMaps(Files.readString(Path.of("/proc/self/maps"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/maps (Linux only)", e);
        }
    }

    /** For a probe's main: prints each mapped library on its own marked line. */
    public static void printMapped() {
        for (String library : mapped()) {
            System.out.println(MARK + library);
        }
    }

    static Set<String> parseMaps(String maps) {
        Set<String> libraries = new TreeSet<>();
        for (String line : maps.split("\n")) {
            int slash = line.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String path = line.substring(slash).trim();
            if (path.endsWith(" (deleted)")) {
                path = path.substring(0, path.length() - " (deleted)".length());
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (name.endsWith(".so") || name.contains(".so.")) {
                libraries.add(path);
            }
        }
        return libraries;
    }

    /**
     * Runs {@code probe}'s main in a new JVM of the same Java home, on this JVM's class path minus the entries
     * {@code excludeFromClassPath} matches (a test oracle's jars, say), and returns the libraries it printed.
     * Fails when the probe exits non-zero or takes longer than {@code timeoutSeconds}.
     */
    public static Set<String> runProbe(Class<?> probe, Predicate<String> excludeFromClassPath, long timeoutSeconds,
                                       String... args) {
        String classPath = List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                .filter(entry -> !excludeFromClassPath.test(entry))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                probe.getName()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> copy(process.getInputStream(), output));
            reader.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("probe " + probe.getName() + " did not finish in " + timeoutSeconds + " s");
            }
            reader.join();
            String text = output.toString(StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError("probe " + probe.getName() + " exited " + process.exitValue() + ":\n" + text);
            }
            Set<String> libraries = new TreeSet<>();
            for (String line : text.split("\n")) {
                if (line.startsWith(MARK)) {
                    libraries.add(line.substring(MARK.length()).trim());
                }
            }
            if (libraries.isEmpty()) {
                throw new AssertionError("probe " + probe.getName() + " printed no mapped libraries:\n" + text);
            }
            return libraries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the probe", e);
        }
    }

    /** The libraries in {@code libraries} that neither the JDK ships nor a JVM doing nothing maps. */
    public static Set<String> beyondTheJdk(Set<String> libraries, Set<String> idleJvm) {
        String javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath().normalize().toString();
        Set<String> foreign = new TreeSet<>();
        for (String library : libraries) {
            if (!library.startsWith(javaHome + "/") && !idleJvm.contains(library)) {
                foreign.add(library);
            }
        }
        return foreign;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A probe that does nothing but report: the libraries any JVM maps on this machine. */
    public static final class IdleProbe {
        private IdleProbe() {
        }

        public static void main(String[] args) {
            printMapped();
        }
    }
}
