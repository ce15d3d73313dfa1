package io.purertc.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that owns the browsers a test starts through it. When the test fails it saves, for
 * each browser, a screenshot and the console log as {@code target/browser/<TestClass>-<method>.png} and
 * {@code .log} (a test's second browser adds {@code -2}, and so on); then it closes them all, failed or not.
 *
 * <pre>
 * &#64;RegisterExtension
 * final BrowserTestWatcher browsers = new BrowserTestWatcher();
 * ...
 * Chromium chromium = browsers.start();
 * </pre>
 *
 * <p>It is an after-each callback rather than a JUnit {@code TestWatcher}: watchers hear of a failure only
 * after every after-each step has run, when the browser would already be gone. For the same reason a test
 * must not close these browsers itself. Register it on an instance field, one per test.
 */
public final class BrowserTestWatcher implements BeforeEachCallback, AfterEachCallback {

    private final List<Chromium> browsers = new ArrayList<>();
    private String testName = "unnamed";

    /** The directory the artifacts go to: {@code target/browser} of the module under test. */
    public static Path directory() {
        return Path.of("target", "browser");
    }

    /** Starts a browser with the default options, closed after the test. */
    public Chromium start() {
        return start(new Chromium.Options());
    }

    /** Starts a browser closed after the test, with screenshot and console log saved if the test fails. */
    public Chromium start(Chromium.Options options) {
        Chromium chromium = Chromium.start(options);
        browsers.add(chromium);
        return chromium;
    }

    /**
     * {@code target/browser/<TestClass>-<method><suffix>}: where a test puts a file of its own, such as
     * {@link Chromium.Options#chromeLog} with suffix {@code ".chrome.log"}.
     */
    public Path file(String suffix) {
        return directory().resolve(testName + suffix);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        testName = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (context.getExecutionException().isPresent()) {
                saveArtifacts();
            }
        } finally {
            closeAll();
        }
    }

    /**
     * Saves each browser's screenshot and console log. A browser that cannot give them (it crashed, say)
     * gets a log naming why, so the test's own failure is what the report shows.
     */
    void saveArtifacts() {
        for (int i = 0; i < browsers.size(); i++) {
            String base = testName + (i == 0 ? "" : "-" + (i + 1));
            Chromium chromium = browsers.get(i);
            List<String> log = new ArrayList<>();
            try {
                chromium.screenshot(directory().resolve(base + ".png"));
            } catch (RuntimeException e) {
                log.add("screenshot failed: " + e);
            }
            try {
                log.addAll(chromium.browserLog());
            } catch (RuntimeException e) {
                log.add("browser log unavailable: " + e);
            }
            write(directory().resolve(base + ".log"), log);
        }
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void closeAll() {
        RuntimeException failure = null;
        for (Chromium chromium : browsers) {
            try {
                chromium.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        browsers.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
