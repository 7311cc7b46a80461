package io.streamsdr.testkit.browser;

import static io.streamsdr.testkit.browser.Pages.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.DrillHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drill history's trend page in a real browser: no console output, the RTO line drawn in its colour, a failed run in red. */
class DrillHistoryInBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "browser");
    private static final int RTO_BLUE = 0x1f6feb;
    private static final int FAILED_RED = 0xcf222e;
    private static HeadlessChromium chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findChromium() {
        chromium = HeadlessChromium.installedOrSkip().withWindowSize(1000, 1200);
    }

    @Test
    void theTrendOfTwoPassedRunsAndAFailedOneRendersWithoutErrors() throws IOException {
        DrillHistory history = DrillHistory.inDirectory(dir.resolve("history"));
        history.append(DrillReportInBrowserTest.drill(true));
        history.append(DrillReportInBrowserTest.drill(true));
        history.append(DrillReportInBrowserTest.drill(false));

        HeadlessChromium.Result page = chromium.render(Files.writeString(dir.resolve("history.html"), history.toHtml()),
                SCREENSHOTS.resolve("drill-history.png"));

        assertThat(page.exitCode()).as(page.log()).isZero();
        assertThat(page.console()).as("no console output at all").isEmpty();
        assertThat(page.dom()).contains("<h2>streams-failover</h2>", "3 runs, 2 passed.", "class=\"trend rto\"", "class=\"trend rpo\"",
                "class=\"point failed\"");
        var png = Pages.screenshot(page, 1000);
        assertThat(count(png, RTO_BLUE)).as("the RTO line and its points").isGreaterThan(100);
        assertThat(count(png, FAILED_RED)).as("the objective line and the failed run").isGreaterThan(50);
    }
}
