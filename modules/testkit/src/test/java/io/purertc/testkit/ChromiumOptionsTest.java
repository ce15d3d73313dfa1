package io.purertc.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser's command line, checked without starting a browser. */
class ChromiumOptionsTest {

    private static final Path PROFILE = Path.of("/tmp/purertc-chromium-test");

    @Test
    void defaultsAreHeadlessFakeDevicesRealHostAddressesAndTheirOwnProfile() {
        List<String> flags = Chromium.arguments(new Chromium.Options(), PROFILE);
        assertTrue(flags.containsAll(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + PROFILE, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--autoplay-policy=no-user-gesture-required", "--allow-loopback-in-peer-connection",
                "--disable-features=WebRtcHideLocalIpsWithMdns")), flags.toString());
        assertTrue(flags.stream().noneMatch(flag -> flag.startsWith("--use-file-for-fake")
                || flag.startsWith("--enable-logging") || flag.startsWith("--log-file")), flags.toString());
    }

    @Test
    void captureFilesLogFileAndExtraFlagsAreAddedWhenAsked() {
        Chromium.Options options = new Chromium.Options()
                .fakeVideoCapture(Path.of("/media/clip.y4m"))
                .fakeAudioCapture(Path.of("/media/tone.wav"))
                .chromeLog(Path.of("/logs/chrome.log"))
                .flag("--window-size=640,480");
        List<String> flags = Chromium.arguments(options, PROFILE);
        assertTrue(flags.containsAll(List.of("--use-file-for-fake-video-capture=/media/clip.y4m",
                "--use-file-for-fake-audio-capture=/media/tone.wav", "--enable-logging", "--v=0",
                "--log-file=/logs/chrome.log", "--window-size=640,480")), flags.toString());
    }

    @Test
    void disabledFeaturesFromTheCallerJoinTheHarnessesInOneSwitch() {
        Chromium.Options options = new Chromium.Options()
                .flag("--disable-features=Translate,WebRtcHideLocalIpsWithMdns")
                .flag("--disable-features=AudioServiceOutOfProcess");
        List<String> disabling = Chromium.arguments(options, PROFILE).stream()
                .filter(flag -> flag.startsWith("--disable-features=")).toList();
        assertEquals(List.of("--disable-features=WebRtcHideLocalIpsWithMdns,Translate,AudioServiceOutOfProcess"),
                disabling);
    }

    @Test
    void aMissingCaptureFileIsRefusedBeforeAnythingStartsAndTheLogDirectoryIsMade(@TempDir Path dir)
            throws IOException {
        Path wav = Files.createFile(dir.resolve("tone.wav"));
        Path log = dir.resolve("logs").resolve("chrome.log");
        new Chromium.Options().fakeAudioCapture(wav).chromeLog(log).prepareFiles();
        assertTrue(Files.isDirectory(log.getParent()));
        Chromium.Options options = new Chromium.Options().fakeVideoCapture(dir.resolve("absent.y4m"));
        assertThrows(IllegalArgumentException.class, options::prepareFiles);
    }

    @Test
    void theBrowsersHomeIsInsideItsProfile() {
        Path home = PROFILE.resolve("home");
        assertEquals(home.toString(), Chromium.environment(home).get("HOME"));
        assertTrue(Chromium.environment(home).values().stream().allMatch(dir -> dir.startsWith(home.toString())));
    }
}
