package io.purertc.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assertions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Debian Chromium driven through Selenium by {@code /usr/bin/chromedriver}, with a fake camera and
 * microphone: layer 3 of DESIGN.md's testing plan, the browser our WebRTC endpoint must talk to.
 *
 * <p>Both executables come from the PATH through {@link ExternalTool#require}, so a machine without them skips
 * the test, or fails it in the interop profile. The driver path is always handed to Selenium, which therefore
 * never runs Selenium Manager and never downloads a driver or a browser.
 *
 * <p>{@link #close()} quits the browser, ends every process it started (chromedriver, the browser and its
 * helpers) and deletes its profile directory.
 */
public final class Chromium implements AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration EXIT_GRACE = Duration.ofSeconds(5);
    private static final String DISABLE_FEATURES = "--disable-features=";

    /**
     * Selenium warns on every start that it has no DevTools binding for this Chromium version. The harness
     * uses WebDriver only, so the selenium-devtools jars are left out and the warning is noise. Held here
     * because java.util.logging forgets the level of a logger nobody references.
     */
    private static final Logger CDP_VERSION_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final ChromeDriver driver;
    private final ProcessHandle chromedriver;
    private final Path profile;
    private final List<String> browserLog = new ArrayList<>();
    private boolean closed;

    private Chromium(ChromeDriver driver, ProcessHandle chromedriver, Path profile) {
        this.driver = driver;
        this.chromedriver = chromedriver;
        this.profile = profile;
    }

    /** Starts a browser with the default {@link Options}. */
    public static Chromium start() {
        return start(new Options());
    }

    /** Starts a browser on a fresh profile; fails (interop profile) or skips the test when Chromium is absent. */
    public static Chromium start(Options options) {
        ExternalTool browser = ExternalTool.require("chromium", "chromium");
        ExternalTool driverTool = ExternalTool.require("chromedriver", "chromium-driver");
        options.prepareFiles();
        Path profile;
        Path home;
        try {
            profile = Files.createTempDirectory("purertc-chromium-");
            home = Files.createDirectory(profile.resolve("home"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Chromium profile directory", e);
        }
        ChromeOptions chrome = new ChromeOptions();
        chrome.setBinary(browser.executable().toFile());
        chrome.addArguments(arguments(options, profile));
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        chrome.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverTool.executable().toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .withEnvironment(environment(home))
                .build();
        ChromeDriver driver = null;
        try {
            driver = new ChromeDriver(service, chrome);
            driver.manage().timeouts().scriptTimeout(options.scriptTimeout);
            return new Chromium(driver, chromedriverOf(service), profile);
        } catch (RuntimeException e) {
            if (driver != null) {
                driver.quit();
            }
            service.stop();
            endProcessesUsing(profile);
            ExternalTool.deleteRecursively(profile);
            throw e;
        }
    }

    /**
     * A home of the browser's own inside the profile. Chromium writes outside --user-data-dir too: crash
     * reports (and a crashpad handler that leaves the process tree) under ~/.config/chromium, dconf and
     * PulseAudio state under ~/.cache and ~/.config. With HOME here, all of it is deleted with the profile,
     * and the crashpad handler's command line names the profile, so {@link #close()} can find it.
     */
    static Map<String, String> environment(Path home) {
        return Map.of("HOME", home.toString(),
                "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                "XDG_CACHE_HOME", home.resolve(".cache").toString());
    }

    /**
     * The browser's command line besides what chromedriver adds. Each flag is here for a reason a test
     * depends on.
     */
    static List<String> arguments(Options options, Path profile) {
        List<String> flags = new ArrayList<>();
        // No display on a build machine; "new" headless is the full browser, not the old separate shell.
        flags.add("--headless=new");
        // Tests run as root, and Chromium refuses to set up its sandbox for root.
        flags.add("--no-sandbox");
        // There is no GPU; without this the browser probes for one and logs the failed fallbacks.
        flags.add("--disable-gpu");
        // The only UDP the browser sends is then WebRTC's, so captures taken by a test hold nothing else.
        flags.add("--disable-quic");
        // No first-run dialogs, imports or default-browser questions in a fresh profile.
        flags.add("--no-first-run");
        // A test machine is offline: no update checks, safe-browsing lists, component downloads or sync.
        flags.add("--disable-background-networking");
        flags.add("--disable-component-update");
        flags.add("--disable-sync");
        // A profile of its own: no state leaks between runs, and two browsers can run side by side.
        flags.add("--user-data-dir=" + profile);
        // A synthetic camera (moving pattern) and microphone (beeps) instead of real devices,
        // and the permission prompt answered "allow" so getUserMedia resolves without a user.
        flags.add("--use-fake-device-for-media-stream");
        flags.add("--use-fake-ui-for-media-stream");
        // <audio>/<video> elements play remote streams without a click.
        flags.add("--autoplay-policy=no-user-gesture-required");
        // libwebrtc ignores loopback interfaces unless told otherwise; our peers listen on 127.0.0.1. It takes
        // effect only for a page with media permission, which --use-fake-ui-for-media-stream grants.
        flags.add("--allow-loopback-in-peer-connection");
        if (options.videoCapture != null) {
            flags.add("--use-file-for-fake-video-capture=" + options.videoCapture);
        }
        if (options.audioCapture != null) {
            flags.add("--use-file-for-fake-audio-capture=" + options.audioCapture);
        }
        if (options.chromeLog != null) {
            flags.add("--enable-logging");
            flags.add("--v=0");
            flags.add("--log-file=" + options.chromeLog);
        }
        // Host candidates must carry real addresses: a random ".local" name needs an mDNS resolver to be
        // reached, which a peer on this machine does not have. Media permission alone lifts the hiding too,
        // but this holds whatever a page was granted. The browser honours only the last
        // --disable-features, so the caller's features are merged into this one switch.
        Set<String> disabledFeatures = new LinkedHashSet<>(List.of("WebRtcHideLocalIpsWithMdns"));
        for (String flag : options.flags) {
            if (flag.startsWith(DISABLE_FEATURES)) {
                disabledFeatures.addAll(List.of(flag.substring(DISABLE_FEATURES.length()).split(",")));
            } else {
                flags.add(flag);
            }
        }
        flags.add(DISABLE_FEATURES + String.join(",", disabledFeatures));
        return flags;
    }

    /** Loads {@code uri} in the browser's tab and waits until the page has loaded. */
    public void open(URI uri) {
        driver.get(uri.toString());
    }

    /**
     * Runs {@code js} as the body of a function in the page and returns its result as Selenium maps it
     * (numbers to Long or Double, arrays to List, objects to Map). The arguments are {@code arguments[0..]}.
     */
    public Object execute(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /**
     * Runs {@code js} as the body of a function whose last argument is a callback; the result is what the
     * script passes to that callback, waited for at most {@link Options#scriptTimeout(Duration)}.
     */
    public Object executeAsync(String js, Object... args) {
        return driver.executeAsyncScript(js, args);
    }

    /**
     * Evaluates {@code jsExpression} in the page every 50 ms until it is truthy, failing the test if that
     * does not happen within {@code timeout}. An expression that throws fails at once.
     */
    public void awaitTrue(String jsExpression, Duration timeout) {
        String script = "return Boolean(" + jsExpression + ");";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(driver.executeScript(script))) {
            if (System.nanoTime() - deadline > 0) {
                Assertions.fail("not true within " + timeout.toMillis() + " ms: " + jsExpression);
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + jsExpression, e);
            }
        }
    }

    /** Saves a PNG of the tab's viewport to {@code file}, creating its directory. */
    public void screenshot(Path file) {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Every console message and page error the browser reported since it started, oldest first, as
     * "LEVEL message". Chromedriver hands each entry out once, so this keeps what earlier calls fetched.
     */
    public List<String> browserLog() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            browserLog.add(entry.getLevel() + " " + entry.getMessage());
        }
        return List.copyOf(browserLog);
    }

    /** The profile directory, deleted by {@link #close()}. */
    Path profile() {
        return profile;
    }

    /** chromedriver and every process below it: the browser and its renderer, GPU and utility helpers. */
    Set<ProcessHandle> processes() {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(chromedriver);
        chromedriver.descendants().forEach(tree::add);
        return tree;
    }

    /**
     * Quits the browser, then ends whatever of chromedriver, the browser and its helpers outlives the
     * quit, and deletes the profile. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Set<ProcessHandle> tree = processes();
        RuntimeException quitFailure = null;
        try {
            driver.quit();
        } catch (RuntimeException e) {
            quitFailure = e;
        }
        for (ProcessHandle process : tree) {
            if (!awaitExit(process, EXIT_GRACE)) {
                process.destroyForcibly();
                awaitExit(process, EXIT_GRACE);
            }
        }
        endProcessesUsing(profile);
        ExternalTool.deleteRecursively(profile);
        if (quitFailure != null) {
            throw quitFailure;
        }
    }

    /**
     * Kills any process whose command line names {@code profile}: helpers that left the chromedriver tree
     * when their parent died, which no descendant walk finds any more.
     */
    private static void endProcessesUsing(Path profile) {
        List<ProcessHandle> strays = processesNaming(profile);
        strays.forEach(ProcessHandle::destroyForcibly);
        strays.forEach(process -> awaitExit(process, EXIT_GRACE));
    }

    /** Every process on the machine with an argument that contains {@code path}. */
    static List<ProcessHandle> processesNaming(Path path) {
        String marker = path.toString();
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().arguments()
                        .map(args -> List.of(args).stream().anyMatch(arg -> arg.contains(marker)))
                        .orElse(false))
                .collect(Collectors.toList());
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    /** The chromedriver child of this JVM that {@code service} started, told apart from others by its port. */
    private static ProcessHandle chromedriverOf(ChromeDriverService service) {
        String port = "--port=" + service.getUrl().getPort();
        Optional<ProcessHandle> found = ProcessHandle.current().children()
                .filter(child -> child.info().arguments()
                        .map(args -> List.of(args).contains(port))
                        .orElse(false))
                .findFirst();
        return found.orElseThrow(() -> new IllegalStateException("no chromedriver child with " + port));
    }

    /** What to start the browser with; every setting is optional. */
    public static final class Options {

        private Path videoCapture;
        private Path audioCapture;
        private Path chromeLog;
        private Duration scriptTimeout = Duration.ofSeconds(30);
        private final List<String> flags = new ArrayList<>();

        /** The fake camera plays this Y4M file (looped) instead of its test pattern. */
        public Options fakeVideoCapture(Path y4m) {
            this.videoCapture = y4m.toAbsolutePath();
            return this;
        }

        /** The fake microphone plays this WAV file (looped) instead of its beeps. */
        public Options fakeAudioCapture(Path wav) {
            this.audioCapture = wav.toAbsolutePath();
            return this;
        }

        /** The browser writes its own log ({@code --enable-logging --v=0}) to this file. */
        public Options chromeLog(Path file) {
            this.chromeLog = file.toAbsolutePath();
            return this;
        }

        /** How long {@link Chromium#executeAsync} waits for the script's callback; 30 s unless set. */
        public Options scriptTimeout(Duration timeout) {
            this.scriptTimeout = timeout;
            return this;
        }

        /** One more command-line flag; a {@code --disable-features=} list joins the harness's own. */
        public Options flag(String flag) {
            flags.add(flag);
            return this;
        }

        /**
         * Refuses a missing capture file, which would silently give the default fake device instead, and
         * creates the log file's directory.
         */
        void prepareFiles() {
            for (Path file : new Path[] {videoCapture, audioCapture}) {
                if (file != null && !Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("fake capture file does not exist: " + file);
                }
            }
            if (chromeLog != null) {
                try {
                    Files.createDirectories(chromeLog.getParent());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create the directory of " + chromeLog, e);
                }
            }
        }
    }
}
