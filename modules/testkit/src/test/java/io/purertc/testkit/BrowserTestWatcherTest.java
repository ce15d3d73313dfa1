package io.purertc.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("interop")
class BrowserTestWatcherTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Profiles of the browsers the tests started, to check after the extension has run. */
    private static final List<Path> PROFILES = new ArrayList<>();

    @RegisterExtension
    final BrowserTestWatcher browsers = new BrowserTestWatcher();

    @AfterAll
    static void everyBrowserWasClosedAfterItsTest() {
        assertFalse(PROFILES.isEmpty());
        assertTrue(PROFILES.stream().noneMatch(Files::exists), PROFILES.toString());
    }

    @Test
    void savesEachBrowsersScreenshotAndConsoleLogUnderTheTestsName() throws IOException {
        Path chromeLog = browsers.file(".chrome.log");
        Files.deleteIfExists(chromeLog);
        Chromium first = browsers.start(new Chromium.Options().chromeLog(chromeLog));
        Chromium second = browsers.start();
        PROFILES.add(first.profile());
        PROFILES.add(second.profile());
        first.open(URI.create("about:blank"));
        first.execute("console.error('first browser says boom')");
        second.open(URI.create("about:blank"));
        second.execute("console.warn('second browser says hello')");
        Path png = BrowserTestWatcher.directory().resolve(getClass().getSimpleName()
                + "-savesEachBrowsersScreenshotAndConsoleLogUnderTheTestsName.png");
        Path secondLog = browsers.file("-2.log");
        Files.deleteIfExists(png);
        Files.deleteIfExists(secondLog);

        browsers.saveArtifacts();

        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(png), PNG_SIGNATURE.length));
        String firstLog = Files.readString(browsers.file(".log"));
        assertTrue(firstLog.contains("SEVERE") && firstLog.contains("first browser says boom"), firstLog);
        assertTrue(Files.readString(secondLog).contains("second browser says hello"), Files.readString(secondLog));
        assertTrue(Files.exists(browsers.file("-2.png")));
        assertTrue(Files.exists(chromeLog), "the browser writes its own log where asked");
    }
}
