package io.streamsdr.testkit.browser;

import static io.streamsdr.testkit.browser.Pages.count;
import static io.streamsdr.testkit.browser.Pages.htmlAttribute;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.DataBaseline;
import io.streamsdr.core.DataCheck;
import io.streamsdr.core.DataEvidence;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.Installation;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.testkit.FakeBackupTarget;
import io.streamsdr.testkit.VirtualClock;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill report's page in a real browser: a passing drill and a failing one (a verification that
 * does not hold) load without script errors and show the verdict, the timeline with the critical
 * path, RPO against objectives, the checks and the environment, with the secret masked.
 * Screenshots stay in {@code dr-testkit/target/browser/}.
 */
class DrillReportInBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "browser");
    private static final int PASSED_GREEN = 0x2e7d32;
    private static final int FAILED_RED = 0xc62828;
    private static final Secret PASSWORD = Secret.of("drill-browser-secret-42");
    private static HeadlessChromium chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findChromium() {
        chromium = HeadlessChromium.installedOrSkip().withWindowSize(1400, 2600);
    }

    /** A data check of 'rds streams-db': 1,204 rows at the disaster, 1,180 restored, 24 written after the restore point. */
    static final DataCheck ROWS = new DataCheck() {
        @Override
        public String component() {
            return "rds streams-db";
        }

        @Override
        public DataBaseline capture(RunContext ctx) {
            return DataBaseline.of(component(), "rows", ctx.now(), List.of(new DataBaseline.Item("orders", 1204, "9f3a")),
                    Optional.of(ctx.now().minusSeconds(1)));
        }

        @Override
        public DataEvidence verify(RunContext ctx, DataBaseline before) {
            DataEvidence.Builder e = DataEvidence.against(before).compared(1180).restoredHeartbeat(before.takenAt().minusSeconds(300));
            for (int id = 1181; id <= 1204; id++) {
                e.difference(DataEvidence.Kind.MISSING, "orders", "id " + id, true);
            }
            return e.build();
        }
    };

    /** The failover's shape on fakes and a virtual clock; {@code verificationHolds} decides the verdict. */
    static DrillReport drill(boolean verificationHolds) {
        VirtualClock clock = VirtualClock.create();
        FakeBackupTarget rds = FakeBackupTarget.named("rds streams-db").withClock(clock).withKind(RecoveryPoint.Kind.AUTOMATED_SNAPSHOT);
        rds.withExistingRecoveryPoint(Duration.ofMinutes(6));
        FakeBackupTarget kafka = FakeBackupTarget.named("kafka").withClock(clock).withKind(RecoveryPoint.Kind.SYNC_POINT);
        kafka.withExistingRecoveryPoint(Duration.ofSeconds(3));
        FakeBackupTarget ns = FakeBackupTarget.named("namespace streams").withClock(clock).withKind(RecoveryPoint.Kind.BACKUP);
        ns.withExistingRecoveryPoint(Duration.ofMinutes(9));
        Installation streams = Installation.named("streams").protect(rds).protect(kafka).protect(ns).build();
        return streams.failover("streams-failover")
                .restore(PlanFragment.of(Step.named("velero-restore")
                        .withPrecondition(Precondition.of("namespace 'streams' is absent", () -> "absent"))
                        .withAction(ctx -> {
                            ctx.recordRpo(ns.name(), Duration.ofMinutes(9));
                            ctx.sleep(Duration.ofMinutes(3));
                        })))
                .restore(PlanFragment.of(Step.named("rds-restore").withAction(ctx -> {
                    ctx.recordRpo(rds.name(), Duration.ofMinutes(6));
                    ctx.sleep(Duration.ofMinutes(20));
                })))
                .restore(PlanFragment.builder("kafka-failback").withStep(Step.named("kafka-failback").withAction(ctx -> {
                    ctx.recordRpo(kafka.name(), Duration.ofSeconds(3));
                    ctx.sleep(Duration.ofMinutes(7));
                })).withSecret(PASSWORD).build())
                .repoint(PlanFragment.of(Step.named("helm-upgrade").withAction(ctx -> ctx.sleep(Duration.ofMinutes(2)))))
                .then(PlanFragment.of(Step.named("kafka-restart-forward").withAction(ctx -> ctx.sleep(Duration.ofSeconds(20)))))
                .withObjectives(Objectives.none().withRto(Duration.ofMinutes(45)).withRpo(Duration.ofMinutes(15)))
                .build().drill()
                .withDataCheck(ROWS, ROWS.capture(RunContext.of(Poller.using(clock, clock))))
                .verify("restored database answers", () -> "SELECT 1 answered with password " + PASSWORD.reveal())
                .verify("sentinel record makes the round trip", () -> {
                    if (!verificationHolds) {
                        throw new IllegalStateException("sentinel not seen on the backup cluster within 60 s");
                    }
                    return "seen on backup after 412 ms";
                })
                .teardown("delete restored instance", () -> "deleted")
                .withEnvironment("kafka", "4.3.1")
                .withEnvironment("jdbc", "jdbc:mariadb://streams-dr/streams?password=" + PASSWORD.reveal())
                .run(RunOptions.defaults().withTime(clock, clock));
    }

    @Test
    void aPassingDrillsPageLoadsWithoutScriptErrorsAndShowsTheTimelineAndItsChecks() throws IOException {
        DrillReport report = drill(true);
        assertThat(report.passed()).as(report.toText()).isTrue();

        HeadlessChromium.Result page = chromium.render(Files.writeString(dir.resolve("report.html"), report.toHtml()),
                SCREENSHOTS.resolve("drill-passed.png"));

        assertThat(page.exitCode()).as(page.log()).isZero();
        assertThat(page.console()).as("no console output at all").isEmpty();
        assertThat(page.dom()).contains("id=\"verdict\">PASSED", "<svg id=\"timeline\"",
                "Critical path: rds-restore \u2192 helm-upgrade \u2192 kafka-restart-forward",
                "<table class=\"rpo-objectives\">", "<table class=\"verifications\">", "<table class=\"teardown\">",
                "<table class=\"environment\">", "sentinel record makes the round trip", "<table class=\"evidence\">",
                "<tr data-component=\"rds streams-db\"><td>rds streams-db</td><td class=\"num\">6m</td><td class=\"num\">5m</td>"
                        + "<td class=\"num\">1,180 rows</td><td class=\"num\">24 (24 within the RPO)</td><td class=\"ok\">ok</td>",
                "<li class=\"within-rpo\">missing orders: id 1181 (within the RPO)</li>", "<li>4 more not listed</li>")
                .doesNotContain(PASSWORD.reveal());
        assertThat(htmlAttribute(page.dom(), "data-ready")).isEqualTo("true");
        assertThat(htmlAttribute(page.dom(), "data-linked-steps")).as("every bar linked to its row").isEqualTo("5");
        BufferedImage png = Pages.screenshot(page, 1400);
        assertThat(count(png, PASSED_GREEN)).as("the green PASSED badge and 'met' marks").isGreaterThan(300);
        assertThat(count(png, FAILED_RED)).as("nothing red on a passing drill").isZero();
    }

    @Test
    void aFailingDrillsPageSaysWhyInRed() throws IOException {
        DrillReport report = drill(false);
        assertThat(report.passed()).isFalse();

        HeadlessChromium.Result page = chromium.render(Files.writeString(dir.resolve("report.html"), report.toHtml()),
                SCREENSHOTS.resolve("drill-failed.png"));

        assertThat(page.console()).isEmpty();
        assertThat(page.dom()).contains("id=\"verdict\">FAILED",
                "verification failed: sentinel record makes the round trip (sentinel not seen on the backup cluster within 60 s)");
        assertThat(count(Pages.screenshot(page, 1400), FAILED_RED)).as("the red FAILED badge and the reasons").isGreaterThan(300);
    }

    @Test
    void aMissedRtoIsMarkedOnTheTimelineInRedAndEveryObjectiveIsShownOnce() throws IOException {
        VirtualClock clock = VirtualClock.create();
        Installation streams = Installation.named("streams").protect(FakeBackupTarget.named("rds").withClock(clock))
                .protect(FakeBackupTarget.named("kafka").withClock(clock)).build();
        DrillReport report = streams.failover("streams-failover")
                .restore(PlanFragment.of(Step.named("rds-restore").withAction(ctx -> {
                    ctx.recordRpo("rds", Duration.ofMinutes(4));
                    ctx.sleep(Duration.ofMinutes(20));
                })))
                .repoint(PlanFragment.of(Step.named("helm-upgrade").withAction(ctx -> ctx.sleep(Duration.ofMinutes(3)))))
                .withObjectives(Objectives.none().withRto(Duration.ofMinutes(15)).withRpo(Duration.ofMinutes(15)).withRpo("kafka", Duration.ofMinutes(1)))
                .build().drill().run(RunOptions.defaults().withTime(clock, clock));

        HeadlessChromium.Result page = chromium.render(Files.writeString(dir.resolve("report.html"), report.toHtml()),
                SCREENSHOTS.resolve("drill-rto-missed.png"));

        assertThat(page.console()).isEmpty();
        String dom = page.dom();
        assertThat(dom).contains("<dt>RTO</dt><dd id=\"rto\">23m (simulated) against the 15m objective \u2014 <span class=\"missed\">MISSED</span></dd>",
                "<g id=\"rto-objective\" class=\"rto-objective missed\"><line x1=\"", "stroke=\"#c62828\" stroke-width=\"2\" stroke-dasharray=\"6 3\">",
                ">RTO objective 15m</text></g>",
                "<tr><td>rds</td><td class=\"num\">4m</td><td class=\"num\">15m</td><td class=\"ok\">met</td></tr>",
                "<tr><td>kafka</td><td class=\"num\">not measured</td><td class=\"num\">1m</td><td class=\"bad\">MISSED</td></tr>")
                .doesNotContain("<table class=\"objectives\">");
        // The marker at 15 of the 23 minutes of the chart: 220 + 760 * 15 / 23.
        assertThat(dom).contains("<line x1=\"715.7\"");
        BufferedImage png = Pages.screenshot(page, 1400);
        assertThat(count(png, FAILED_RED)).as("the red FAILED badge, MISSED marks and the marker").isGreaterThan(300);
    }

    @Test
    void aLongErrorWrapsAtTokenBoundariesInItsOwnReadableColumn() throws IOException {
        VirtualClock clock = VirtualClock.create();
        String error = "Call failed: rds:RestoreDBInstanceFromDBSnapshot(streams-dr-restored-from-streams-db-20261205210851-final-snapshot):"
                + " https://rds.eu-west-1.amazonaws.com/?Action=RestoreDBInstanceFromDBSnapshot&DBInstanceIdentifier=streams-dr";
        Installation streams = Installation.named("streams").protect(FakeBackupTarget.named("rds").withClock(clock)).build();
        DrillReport report = streams.failover("streams-failover")
                .restore(PlanFragment.of(Step.named("rds-restore").withAction(ctx -> {
                    throw new IllegalStateException(error);
                })))
                .repoint(PlanFragment.of(Step.named("helm-upgrade").withAction(ctx -> ctx.sleep(Duration.ofMinutes(1)))))
                .build().drill().run(RunOptions.defaults().withTime(clock, clock));

        HeadlessChromium.Result page = chromium.render(Files.writeString(dir.resolve("report.html"), report.toHtml()),
                SCREENSHOTS.resolve("drill-long-error.png"));

        assertThat(page.console()).isEmpty();
        assertThat(page.dom()).contains("<th class=\"error\">Error</th>", "<td class=\"pre error\">",
                "https:<wbr>/<wbr>/<wbr>rds.<wbr>eu-<wbr>west-<wbr>1.<wbr>amazonaws.<wbr>com/<wbr>?<wbr>Action=<wbr>RestoreDBInstanceFromDBSnapshot&amp;<wbr>");
    }
}
