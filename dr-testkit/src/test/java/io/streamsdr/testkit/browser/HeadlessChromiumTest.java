package io.streamsdr.testkit.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** The harness itself: required in CI, skipped elsewhere, console log parsing, and the timeout. */
class HeadlessChromiumTest {

    @Test
    void aMissingChromiumFailsInCiAndSkipsElsewhere() {
        HeadlessChromium.requireInstalled(true, "true");
        assertThatThrownBy(() -> HeadlessChromium.requireInstalled(false, "true")).isInstanceOf(IllegalStateException.class)
                .hasMessage("chromium is not installed (looked for /usr/bin/chromium and 'chromium' on the PATH): install it with  apt-get"
                        + " install -y chromium  (Debian; .ci/run does this when CI runs as root; tested with Chromium 156) (CI is set, so this"
                        + " fails instead of skipping)");
        assertThatThrownBy(() -> HeadlessChromium.requireInstalled(false, null)).isInstanceOf(TestAbortedException.class)
                .hasMessage("chromium is not installed (looked for /usr/bin/chromium and 'chromium' on the PATH): install it with  apt-get"
                        + " install -y chromium  (Debian; .ci/run does this when CI runs as root; tested with Chromium 156)");
        assertThatThrownBy(() -> HeadlessChromium.requireInstalled(false, "false")).isInstanceOf(TestAbortedException.class);
    }

    /** What Chromium 156 logged for a page that logs two lines and then throws a two-line error. */
    @Test
    void consoleMessagesAreReadFromChromiumsLogEvenAcrossLines() {
        String log = """
                /usr/bin/chromium: 9: [: 25276502016: unexpected operator
                [12393:12423:1125/221708.535469:ERROR:dbus/bus.cc:405] Failed to connect to the bus: Failed to connect to socket
                [21109:21109:1125/222231.997587:WARNING:ui/base/idle/idle_linux.cc:111] None of the known D-Bus ScreenSaver services could be used.
                [21109:21109:1125/222232.178796:INFO:CONSOLE:1] "line one
                line two", source: file:///tmp/chr/ml.html (1)
                [21109:21109:1125/222232.180112:INFO:CONSOLE:3] "Uncaught TypeError: two
                lines", source: file:///tmp/chr/ml.html (3)
                [12567:12567:1125/221718.863576:INFO:CONSOLE:4] "Uncaught (in promise) Error: rejected", source: file:///tmp/chr/l.html (4)
                """;

        var messages = HeadlessChromium.consoleMessages(log);

        assertThat(messages).containsExactly(
                new HeadlessChromium.ConsoleMessage("line one\nline two", "file:///tmp/chr/ml.html", 1),
                new HeadlessChromium.ConsoleMessage("Uncaught TypeError: two\nlines", "file:///tmp/chr/ml.html", 3),
                new HeadlessChromium.ConsoleMessage("Uncaught (in promise) Error: rejected", "file:///tmp/chr/l.html", 4));
        assertThat(messages).filteredOn(HeadlessChromium.ConsoleMessage::isScriptError).hasSize(2);
    }

    /** A script that never ends keeps Chromium 156 waiting for the page forever: the timeout must end it. */
    @Test
    void aRunThatOverrunsItsTimeoutIsKilledWithItsChildren(@TempDir Path dir) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.installedOrSkip().withTimeout(Duration.ofSeconds(2));
        Path page = Files.writeString(dir.resolve("spin.html"), "<!DOCTYPE html><p>spins</p><script>for (;;) {}</script>");

        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> chromium.render(page, dir.resolve("shot.png")));

        assertThat(thrown).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not finish rendering " + page.toUri()).hasMessageContaining("within PT2S; killed it");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        // every process of that run (browser, zygotes, renderers) names its profile on its command line
        Matcher profile = Pattern.compile("\\(profile ([^)]+)\\)").matcher(thrown.getMessage());
        assertThat(profile.find()).as(thrown.getMessage()).isTrue();
        assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(profile.group(1))).map(ProcessHandle::pid))
                .as("no process of the killed run is left").isEmpty();
        assertThat(Path.of(profile.group(1))).as("the profile is deleted").doesNotExist();
    }
}
