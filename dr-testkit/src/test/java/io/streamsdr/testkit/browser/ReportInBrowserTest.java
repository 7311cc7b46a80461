package io.streamsdr.testkit.browser;

import static io.streamsdr.testkit.browser.Pages.count;
import static io.streamsdr.testkit.browser.Pages.htmlAttribute;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.Backoff;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RetryPolicy;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepReport;
import io.streamsdr.testkit.VirtualClock;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan report's HTML page in a real browser (headless Chromium): it loads without script errors,
 * its script runs and finds every bar and row, and the screenshot shows the timeline with the
 * critical path. The screenshots stay in {@code dr-testkit/target/browser/} for a person to look at.
 * Skipped with an install hint when Chromium is missing, failed when {@code CI} is set.
 */
class ReportInBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "browser");
    /** HtmlReport's colours: the critical path's stroke, its row background, and a pinned bar's stroke. */
    private static final int CRITICAL_STROKE = 0x1a237e;
    private static final int CRITICAL_ROW = 0xfff3c4;
    private static final int PINNED_STROKE = 0xff6f00;
    private static final Pattern BAR = Pattern.compile("<rect class=\"bar( critical)?( pinned)?\" data-step=\"([^\"]*)\"");

    private static HeadlessChromium chromium;
    private static PlanReport report;

    @TempDir
    Path dir;

    @BeforeAll
    static void renderTheFailover() {
        chromium = HeadlessChromium.installedOrSkip();
        report = failover();
    }

    /**
     * The runbook's failover on a virtual clock: Velero, RDS and Kafka restores in parallel (the RDS
     * restore slow, the Kafka failback failing twice before it catches up), one Helm upgrade, then a
     * rollout that fails, so the last two steps never start.
     */
    static PlanReport failover() {
        VirtualClock clock = VirtualClock.create();
        AtomicInteger failbackTries = new AtomicInteger();
        RestorePlan plan = RestorePlan.builder("streams-failover")
                .withObjectives(Objectives.none().withRto(Duration.ofMinutes(45)).withRpo(Duration.ofMinutes(15)))
                .withStep(Step.named("velero-restore").withDescription("Velero: restore namespace 'streams'")
                        .withAction(ctx -> ctx.sleep(Duration.ofMinutes(3))))
                .withStep(Step.named("rds-restore").withDescription("RDS: restore 'streams-dr' from the newest snapshot")
                        .withAction(ctx -> {
                            ctx.recordRpo("rds", Duration.ofMinutes(5));
                            ctx.sleep(Duration.ofMinutes(38));
                        }))
                .withStep(Step.named("kafka-failback").withDescription("MirrorMaker 2: mirror backup -> production until lag is 0")
                        .withRetry(RetryPolicy.attempts(3).withBackoff(Backoff.fixed(Duration.ofMinutes(1))))
                        .withAction(ctx -> {
                            ctx.sleep(Duration.ofMinutes(4));
                            if (failbackTries.incrementAndGet() < 3) {
                                throw new IllegalStateException("reverse mirror lag still 12000 records");
                            }
                            ctx.recordRpo("kafka", Duration.ofSeconds(4));
                        }))
                .withStep(Step.named("helm-upgrade").dependsOn("velero-restore", "rds-restore", "kafka-failback")
                        .withDescription("Helm: one upgrade to the restored database and Kafka")
                        .withAction(ctx -> ctx.sleep(Duration.ofMinutes(1))))
                .withStep(Step.named("rollout-wait").dependsOn("helm-upgrade")
                        .withDescription("Kubernetes: wait until every Streams deployment is ready")
                        .withAction(ctx -> {
                            ctx.sleep(Duration.ofMinutes(5));
                            throw new IllegalStateException("deployment streams-api: 6/8 ready after 5m (ImagePullBackOff)");
                        }))
                .withStep(Step.named("restart-forward-mirror").dependsOn("rollout-wait").withAction(ctx -> { }))
                .withStep(Step.named("verify").dependsOn("restart-forward-mirror").withAction(ctx -> { }))
                .build();
        return plan.execute(RunOptions.defaults().withTime(clock, clock));
    }

    @Test
    void thePageLoadsWithoutScriptErrorsAndShowsTheTimeline() throws IOException {
        List<String> started = report.steps().stream().filter(s -> s.startedAt().isPresent()).map(StepReport::id).toList();
        List<String> critical = report.steps().stream().filter(StepReport::onCriticalPath).map(StepReport::id).toList();
        assertThat(started).as("the plan ran as designed").hasSize(5);
        assertThat(critical).containsExactly("rds-restore", "helm-upgrade", "rollout-wait");

        HeadlessChromium.Result page = chromium.render(page(report.toHtml()), SCREENSHOTS.resolve("report.png"));

        assertThat(page.exitCode()).as(page.log()).isZero();
        assertThat(page.console()).as("no console output at all, errors or otherwise").isEmpty();
        assertThat(page.scriptErrors()).isEmpty();
        // the DOM after the scripts ran: the timeline, one bar per step that started, and the script's marks
        assertThat(page.dom()).contains("<svg id=\"timeline\"", "Critical path: rds-restore \u2192 helm-upgrade \u2192 rollout-wait");
        assertThat(bars(page.dom(), 3)).containsExactlyElementsOf(started);
        assertThat(bars(page.dom(), 1)).containsExactlyElementsOf(critical);
        assertThat(htmlAttribute(page.dom(), "data-ready")).isEqualTo("true");
        assertThat(htmlAttribute(page.dom(), "data-linked-steps")).as("the script linked every bar to its row").isEqualTo("5");

        BufferedImage png = Pages.screenshot(page, HeadlessChromium.DEFAULT_WIDTH);
        assertThat(Pages.distinctColours(png)).as("a blank or broken page has few colours").isGreaterThan(100);
        assertThat(count(png, CRITICAL_ROW)).as("critical rows of the timeline (#fff3c4)").isGreaterThan(3 * 1_000 * 10);
        assertThat(count(png, CRITICAL_STROKE)).as("critical bars' stroke and the table's critical border (#1a237e)")
                .isGreaterThan(500);
        assertThat(count(png, PINNED_STROKE)).as("nothing pinned yet").isZero();
    }

    @Test
    void aLinkToAStepPinsItsBarAndRowInTheBrowser() throws IOException {
        Path html = page(report.toHtml());
        URI pinned = URI.create(html.toUri() + "#step=rds-restore");

        HeadlessChromium.Result page = chromium.render(pinned, SCREENSHOTS.resolve("report-pinned.png"));

        assertThat(page.console()).isEmpty();
        Matcher bar = BAR.matcher(page.dom());
        List<String> pinnedBars = new ArrayList<>();
        while (bar.find()) {
            if (bar.group(2) != null) {
                pinnedBars.add(bar.group(3));
            }
        }
        assertThat(pinnedBars).containsExactly("rds-restore");
        assertThat(page.dom()).contains("<tr data-step=\"rds-restore\" class=\"critical pinned\">");
        assertThat(count(Pages.screenshot(page, HeadlessChromium.DEFAULT_WIDTH), PINNED_STROKE)).as("the pinned bar's orange stroke is drawn").isGreaterThan(500);
    }

    @Test
    void aThrowingScriptIsReportedAsAScriptError() throws IOException {
        String boom = report.toHtml().replace("<body>\n", "<body>\n<script>throw new Error(\"boom\")</script>\n");
        assertThat(boom).contains("new Error(\"boom\")");

        HeadlessChromium.Result page = chromium.render(page(boom), SCREENSHOTS.resolve("report-boom.png"));

        assertThat(page.scriptErrors()).extracting(HeadlessChromium.ConsoleMessage::text).containsExactly("Uncaught Error: boom");
        assertThat(page.scriptErrors().get(0).source()).endsWith("/report.html");
        assertThat(page.scriptErrors().get(0).line()).isPositive();
        // the page's own script still ran: the ready mark alone would not have caught the error
        assertThat(htmlAttribute(page.dom(), "data-ready")).isEqualTo("true");
    }

    // ---------------------------------------------------------------- helpers

    private Path page(String html) throws IOException {
        return Files.writeString(dir.resolve("report.html"), html);
    }

    /** Group {@code group} of every bar in document order: 3 is the step id; 1 keeps only critical bars. */
    private static List<String> bars(String dom, int group) {
        List<String> out = new ArrayList<>();
        Matcher m = BAR.matcher(dom);
        while (m.find()) {
            if (group == 3 || m.group(group) != null) {
                out.add(m.group(3));
            }
        }
        return out;
    }
}
