package io.streamsdr.testkit.prometheus;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Prometheus' own {@code promtool} on rule files: {@link #checkRules(Path)} ({@code promtool check rules})
 * and {@link #testRules(Path)} ({@code promtool test rules}), so alert rules are checked by the tool Prometheus
 * ships, not by a reimplementation. Debian's {@code prometheus} package installs it as {@code /usr/bin/promtool}.
 *
 * <pre>{@code
 * Promtool promtool = Promtool.installedOrSkip();
 * Promtool.Result r = promtool.testRules(testFile);
 * assertThat(r.succeeded()).as(r.output()).isTrue();
 * }</pre>
 */
public final class Promtool {
    /** What to do when promtool is missing. */
    public static final String INSTALL_HINT = "promtool is not installed (looked for /usr/bin/promtool and 'promtool' on the PATH): "
            + "install it with  apt-get install -y prometheus  (Debian; .ci/run does this when CI runs as root)";
    /** The limit on one run. */
    public static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Path DEBIAN_PATH = Path.of("/usr/bin/promtool");

    private final Path executable;

    private Promtool(Path executable) {
        this.executable = executable;
    }

    /** What one run printed and how it exited. */
    public record Result(List<String> command, int exitCode, String output) {
        /** Compact constructor: copies the command. */
        public Result {
            command = List.copyOf(command);
        }

        /** Whether promtool exited 0. */
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** The promtool executable: {@code /usr/bin/promtool}, else {@code promtool} on the PATH. */
    public static Optional<Path> find() {
        if (Files.isExecutable(DEBIAN_PATH)) {
            return Optional.of(DEBIAN_PATH);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "promtool"))
                .filter(Files::isExecutable).findFirst();
    }

    /**
     * The installed promtool; when there is none, fails with {@link #INSTALL_HINT} if the environment variable
     * {@code CI} is set (CI must check the rules), otherwise aborts the test (skipped) with it.
     */
    public static Promtool installedOrSkip() {
        Optional<Path> exe = find();
        if (exe.isEmpty()) {
            System.err.println("[streams-dr] promtool is missing: " + INSTALL_HINT);
        }
        requireInstalled(exe.isPresent(), System.getenv("CI"));
        return new Promtool(exe.orElseThrow());
    }

    /** Fails (CI set) or skips (otherwise) with the install hint when promtool is not installed. */
    static void requireInstalled(boolean installed, String ci) {
        if (installed) {
            return;
        }
        if (ci != null && !ci.isEmpty() && !"false".equalsIgnoreCase(ci)) {
            throw new IllegalStateException(INSTALL_HINT + " (CI is set, so this fails instead of skipping)");
        }
        Assumptions.abort(INSTALL_HINT);
    }

    /** The executable this runs. */
    public Path executable() {
        return executable;
    }

    /** {@code promtool --version}'s first line. */
    public String version() {
        return run(List.of("--version")).output().lines().findFirst().orElse("?");
    }

    /** {@code promtool check rules <file>}: syntax, expressions and templates of a rule file. */
    public Result checkRules(Path ruleFile) {
        return run(List.of("check", "rules", ruleFile.toAbsolutePath().toString()));
    }

    /** {@code promtool test rules <file>}: a unit-test file of input series, evaluation times and the alerts expected. */
    public Result testRules(Path testFile) {
        return run(List.of("test", "rules", testFile.toAbsolutePath().toString()));
    }

    /** {@code promtool check metrics}, with {@code exposition} (Prometheus text format) on its standard input: lints names, units and help. */
    public Result checkMetrics(String exposition) {
        return run(List.of("check", "metrics"), exposition);
    }

    private Result run(List<String> args) {
        return run(args, null);
    }

    private Result run(List<String> args, String stdin) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> copy(p.getInputStream(), out), "promtool-output");
            drain.setDaemon(true);
            drain.start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("promtool did not finish within " + TIMEOUT + ": " + command);
            }
            drain.join(TimeUnit.SECONDS.toMillis(10));
            return new Result(command, p.exitValue(), out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process ended
        }
    }

    @Override
    public String toString() {
        return "Promtool[" + executable + "]";
    }
}
