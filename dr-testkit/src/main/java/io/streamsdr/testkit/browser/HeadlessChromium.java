package io.streamsdr.testkit.browser;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Renders a page in a real, headless Chromium: one browser run per page, which writes a screenshot,
 * prints the DOM as it is after the page's scripts ran, and logs every console message, uncaught
 * exceptions included. For a plan report or a drill report: any HTML file (or
 * {@code file:} URI) in, a {@link Result} out.
 *
 * <pre>{@code
 * HeadlessChromium chromium = HeadlessChromium.installedOrSkip();
 * HeadlessChromium.Result page = chromium.render(htmlFile, target.resolve("report.png"));
 * assertThat(page.scriptErrors()).isEmpty();
 * }</pre>
 *
 * <p>Each run gets a fresh temporary profile ({@code --user-data-dir}), deleted afterwards, and the
 * flags in {@link #FLAGS}, which work on these machines (root, no display, no D-Bus). The process is
 * waited for with a timeout and killed, with its child processes, when it overruns; its output is
 * drained by two threads, so a full pipe cannot stall it.
 *
 * <p>What Chromium 156 prints, checked on Debian 12: with {@code --enable-logging=stderr --v=0} each
 * console message is one stderr line {@code [pid:tid:time:INFO:CONSOLE:<line>] "<text>", source:
 * <url> (<line>)}. The level is always {@code INFO}: {@code console.log} and {@code console.error}
 * look alike, so the level cannot be told from the log. An uncaught exception or unhandled rejection
 * is logged the same way with a text starting {@code Uncaught}: those are the {@link
 * Result#scriptErrors() script errors}. Everything else Chromium logs (D-Bus, GPU warnings) is kept in
 * {@link Result#log()} for diagnosis only.
 */
public final class HeadlessChromium {

    /** The flags every run gets, besides a fresh {@code --user-data-dir} and the output flags. */
    public static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    /** What to do when Chromium is missing. */
    public static final String INSTALL_HINT = "chromium is not installed (looked for /usr/bin/chromium and 'chromium' on the PATH): "
            + "install it with  apt-get install -y chromium  (Debian; .ci/run does this when CI runs as root; tested with Chromium 156)";

    /** The default window, and so screenshot, size. */
    public static final int DEFAULT_WIDTH = 1400;
    /** See {@link #DEFAULT_WIDTH}. */
    public static final int DEFAULT_HEIGHT = 1000;
    /** The default limit on one browser run. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final Path DEBIAN_PATH = Path.of("/usr/bin/chromium");
    private static final Pattern CONSOLE = Pattern.compile(
            "^\\[[^\\]\\n]*:CONSOLE(?::\\d+|\\(\\d+\\))\\] \"(.*?)\", source: ([^\\n]*?) \\((\\d+)\\)$", Pattern.MULTILINE | Pattern.DOTALL);

    private final Path executable;
    private final int width;
    private final int height;
    private final Duration timeout;

    private HeadlessChromium(Path executable, int width, int height, Duration timeout) {
        this.executable = executable;
        this.width = width;
        this.height = height;
        this.timeout = timeout;
    }

    /** One console message: its text, the URL of the script that logged it, and the line. */
    public record ConsoleMessage(String text, String source, int line) {
        /** Whether this is an uncaught exception or an unhandled promise rejection. */
        public boolean isScriptError() {
            return text.startsWith("Uncaught");
        }

        @Override
        public String toString() {
            return text + " (" + source + ":" + line + ")";
        }
    }

    /**
     * What one run produced.
     *
     * @param screenshot where the PNG was asked to go (check that it exists: a crashed run writes none)
     * @param dom        the document as serialized after its scripts ran ({@code --dump-dom}), HTML syntax
     * @param console    every console message, in order
     * @param exitCode   the browser's exit code
     * @param log        the rest of what the browser wrote on stderr, for failure messages
     */
    public record Result(Path screenshot, String dom, List<ConsoleMessage> console, int exitCode, String log) {
        /** Compact constructor: copies the list. */
        public Result {
            console = List.copyOf(console);
        }

        /** The uncaught exceptions and unhandled rejections, in order. */
        public List<ConsoleMessage> scriptErrors() {
            return console.stream().filter(ConsoleMessage::isScriptError).toList();
        }
    }

    /** The Chromium executable: {@code /usr/bin/chromium}, else {@code chromium} on the PATH. */
    public static Optional<Path> find() {
        if (Files.isExecutable(DEBIAN_PATH)) {
            return Optional.of(DEBIAN_PATH);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "chromium"))
                .filter(Files::isExecutable).findFirst();
    }

    /**
     * The installed Chromium; when there is none, fails with {@link #INSTALL_HINT} if the environment
     * variable {@code CI} is set (CI must render the page), otherwise aborts the test (skipped) with it.
     */
    public static HeadlessChromium installedOrSkip() {
        Optional<Path> exe = find();
        if (exe.isEmpty()) {
            System.err.println("[streams-dr] chromium is missing: " + INSTALL_HINT);
        }
        requireInstalled(exe.isPresent(), System.getenv("CI"));
        return new HeadlessChromium(exe.orElseThrow(), DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_TIMEOUT);
    }

    /** Fails (CI set) or skips (otherwise) with the install hint when Chromium is not installed. */
    static void requireInstalled(boolean installed, String ci) {
        if (installed) {
            return;
        }
        if (ci != null && !ci.isEmpty() && !"false".equalsIgnoreCase(ci)) {
            throw new IllegalStateException(INSTALL_HINT + " (CI is set, so this fails instead of skipping)");
        }
        Assumptions.abort(INSTALL_HINT);
    }

    /**
     * A copy with another window (and screenshot) size, in CSS pixels.
     *
     * @throws IllegalArgumentException when a side is not positive
     */
    public HeadlessChromium withWindowSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("window size must be positive, was " + width + "x" + height);
        }
        return new HeadlessChromium(executable, width, height, timeout);
    }

    /**
     * A copy with another limit on one run (default {@link #DEFAULT_TIMEOUT}).
     *
     * @throws IllegalArgumentException when {@code timeout} is not positive
     */
    public HeadlessChromium withTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return new HeadlessChromium(executable, width, height, timeout);
    }

    /** The executable this runs. */
    public Path executable() {
        return executable;
    }

    /** Renders a local HTML file; see {@link #render(URI, Path)}. */
    public Result render(Path htmlFile, Path screenshot) {
        if (!Files.isRegularFile(htmlFile)) {
            throw new IllegalArgumentException("no HTML file at " + htmlFile.toAbsolutePath());
        }
        return render(htmlFile.toAbsolutePath().toUri(), screenshot);
    }

    /**
     * Loads {@code page} (a {@code file:} URI, possibly with a {@code #fragment}), and returns its DOM,
     * console messages and exit code once the browser quit; the screenshot is written to {@code
     * screenshot}, replacing any file there.
     *
     * @throws IllegalStateException when the browser does not finish within the timeout (it is killed)
     *                               or cannot be started
     */
    public Result render(URI page, Path screenshot) {
        Path png = screenshot.toAbsolutePath();
        Path profile;
        try {
            Files.createDirectories(png.getParent());
            Files.deleteIfExists(png);
            profile = Files.createTempDirectory("streamsdr-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(FLAGS);
        command.addAll(List.of("--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--screenshot=" + png,
                "--window-size=" + width + "," + height, "--dump-dom", page.toString()));
        try {
            return run(command, png, profile);
        } finally {
            deleteTree(profile);
        }
    }

    private Result run(List<String> command, Path png, Path profile) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
            process.getOutputStream().close(); // nothing to say to it
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + executable + ": " + e.getMessage(), e);
        }
        Drain stdout = new Drain(process.getInputStream(), "chromium-stdout");
        Drain stderr = new Drain(process.getErrorStream(), "chromium-stderr");
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new IllegalStateException("interrupted while Chromium rendered " + command.get(command.size() - 1), e);
        }
        if (!exited) {
            kill(process);
            throw new IllegalStateException("Chromium did not finish rendering " + command.get(command.size() - 1) + " within "
                    + timeout + "; killed it and its processes (profile " + profile + "). It logged:\n"
                    + tail(stderr.text(Duration.ofSeconds(2))));
        }
        // the browser has quit; a helper process that kept a copy of the pipes must not hold the test
        String dom = stdout.text(Duration.ofSeconds(10));
        String log = stderr.text(Duration.ofSeconds(10));
        return new Result(png, dom, consoleMessages(log), process.exitValue(), log);
    }

    /** The console messages in what Chromium logged on stderr; a message may span lines. */
    static List<ConsoleMessage> consoleMessages(String log) {
        List<ConsoleMessage> console = new ArrayList<>();
        Matcher m = CONSOLE.matcher(log);
        while (m.find()) {
            console.add(new ConsoleMessage(m.group(1), m.group(2), Integer.parseInt(m.group(3))));
        }
        return console;
    }

    /** Kills the browser and every process it started (zygotes, renderers, GPU), and waits a while for them to go. */
    private static void kill(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // reported by the caller's message; nothing more to do here
            }
        }
    }

    private static String tail(String log) {
        return log.length() <= 4_000 ? log : "..." + log.substring(log.length() - 4_000);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp profile left behind is not worth failing a test for
        }
    }

    /** Reads a stream to its end on its own thread. */
    private static final class Drain {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        Drain(InputStream in, String name) {
            thread = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(buf)) >= 0;) {
                        synchronized (bytes) {
                            bytes.write(buf, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // the process ended or was killed: keep what was read
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        /** What was read, after waiting up to {@code wait} for the end of the stream. */
        String text(Duration wait) {
            try {
                thread.join(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
