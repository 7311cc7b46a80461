package io.streamsdr.javadoc;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.DrillHistory;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.Failover;
import io.streamsdr.core.Installation;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RetryPolicy;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.testkit.CrashingJournal;
import io.streamsdr.testkit.FakeBackupTarget;
import io.streamsdr.testkit.RecordingPlanListener;
import io.streamsdr.testkit.ScaledClock;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import io.streamsdr.testkit.browser.HeadlessChromium;
import io.streamsdr.testkit.prometheus.Promtool;
import io.streamsdr.testkit.prometheus.SeriesRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * The Javadoc examples of dr-testkit (assertions, the crash harness, fakes, clocks, the promtool and Chromium
 * fixtures), compiled and run. {@code JavadocExamplesTest} keeps each {@code // JAVADOC:} region identical to its
 * example.
 */
class TestkitJavadocExamplesTest {
    static final StepOutput<String> DB_HOST = StepOutput.string("rds-restore.endpoint.address");
    private final VirtualClock clock = VirtualClock.create();
    private final RunOptions options = RunOptions.defaults().withTime(clock, clock);
    private final List<String> created = new CopyOnWriteArrayList<>();

    /** One step that creates an object, saving what it will create before the create call, as providers do. */
    private final RestorePlan plan = RestorePlan.builder("failover")
            .withStep(Step.named("create").withAction(ctx -> {
                String name = ctx.checkpoint("name").orElse(null);
                if (name == null) {
                    name = "streams-dr";
                    ctx.saveCheckpoint("name", name);
                }
                if (!created.contains(name)) {
                    created.add(name);
                }
            }))
            .withStep(Step.named("after").dependsOn("create").withAction(ctx -> ctx.progress("after")))
            .build();

    @Test
    void crashingJournal(@TempDir Path dir) {
        CrashingJournal counting = CrashingJournal.crashingOnRequest(Journal.file(dir.resolve("clean.journal.json")));
        plan.execute(options.withJournal(counting));
        int writesOfACleanRun = counting.writes();
        assertThat(writesOfACleanRun).isGreaterThan(3);
        List<Integer> checked = new CopyOnWriteArrayList<>();
        // JAVADOC:io.streamsdr.testkit.CrashingJournal:start
        for (int k = 0; k < writesOfACleanRun; k++) {
            created.clear();
            Journal onDisk = Journal.file(dir.resolve("run-" + k + ".journal.json"));
            CrashingJournal crashing = CrashingJournal.crashingBeforeWrite(onDisk, k);  // the k-th write never lands
            assertThatThrownBy(() -> plan.execute(options.withJournal(crashing))).isInstanceOf(CrashingJournal.SimulatedCrash.class);
            PlanReport resumed = plan.execute(options.withJournal(onDisk));               // what the next JVM does
            assertThat(resumed).succeeded();
            assertThat(created).containsExactly("streams-dr");                           // every side effect exactly once
        }
        // JAVADOC:io.streamsdr.testkit.CrashingJournal:end
    }

    @Test
    void assertions() {
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock).withRecoveryPointLatency(Duration.ofMinutes(5));
        RunContext ctx = RunContext.of(Poller.using(clock, clock));
        rds.takeRecoveryPoint(ctx);
        PlanReport report = RestorePlan.builder("failover")
                .withObjectives(Objectives.none().withRto(Duration.ofMinutes(45)))
                .withStep(Step.named("rds-restore").publishes(DB_HOST).withAction(c -> {
                    c.sleep(Duration.ofMinutes(20));
                    c.publish(DB_HOST, "db.example");
                }))
                .withStep(Step.named("helm-upgrade").dependsOn("rds-restore").consumes(DB_HOST).withAction(c -> { }))
                .build().execute(options);
        // JAVADOC:io.streamsdr.testkit.DrAssertions:start
        // import static io.streamsdr.testkit.DrAssertions.assertThat;
        assertThat(report).succeeded().rtoAtMost(Duration.ofMinutes(45)).meetsObjectives();
        assertThat(report).step("rds-restore").ranOnce().hasOutput("rds-restore.endpoint.address", "db.example");
        assertThat(report).step("helm-upgrade").startedAfter("rds-restore");
        assertThat(rds.protectionStatus(ctx)).isHealthy().rpoAtMost(Duration.ofMinutes(30));
        // JAVADOC:io.streamsdr.testkit.DrAssertions:end

        assertThatThrownBy(() -> assertThat(report).rtoAtMost(Duration.ofMinutes(10))).isInstanceOf(AssertionError.class);
    }

    @Test
    void drillAssertions(@TempDir Path dir) {
        AtomicLong restoreMinutes = new AtomicLong(20);
        Failover failover = Installation.named("streams").protect(FakeBackupTarget.named("kafka").withClock(clock)).build()
                .failover("streams-failover")
                .restore(PlanFragment.of(Step.named("restore").withAction(c -> {
                    c.sleep(Duration.ofMinutes(restoreMinutes.get()));
                    c.recordRpo("kafka", Duration.ofSeconds(2));
                })))
                .repoint(PlanFragment.of(Step.named("helm-upgrade").withAction(c -> { })))
                .withObjectives(Objectives.none().withRto(Duration.ofMinutes(45)).withRpo(Duration.ofMinutes(15)).withRpo("kafka", Duration.ofSeconds(5)))
                .build();
        DrillReport report = failover.drill().verify("restored database answers", () -> "SELECT 1 returned 1").run(options);
        // JAVADOC:io.streamsdr.testkit.DrillReportAssert:start
        assertThat(report).passed().meetsRto(Duration.ofMinutes(45)).meetsRpo(Duration.ofMinutes(15));
        assertThat(report).meetsRpo("kafka", Duration.ofSeconds(5)).verificationHeld("restored database answers");
        // JAVADOC:io.streamsdr.testkit.DrillReportAssert:end

        DrillHistory history = DrillHistory.inDirectory(dir);
        history.append(report);
        restoreMinutes.set(22);
        history.append(failover.drill().run(options));
        // JAVADOC:io.streamsdr.testkit.DrillHistoryAssert:start
        assertThat(history).hasRuns("streams-failover", 2)
            .newestPassed("streams-failover")
            .rtoWithinOfMedian("streams-failover", 5, 0.20);    // the newest RTO at most 20 % over the median of the 5 runs before
        // JAVADOC:io.streamsdr.testkit.DrillHistoryAssert:end

        restoreMinutes.set(40);
        history.append(failover.drill().run(options));
        assertThatThrownBy(() -> assertThat(history).rtoWithinOfMedian("streams-failover", 5, 0.20)).isInstanceOf(AssertionError.class);
    }

    @Test
    void fakeBackupTarget() {
        // JAVADOC:io.streamsdr.testkit.FakeBackupTarget:start
        VirtualClock clock = VirtualClock.create();
        RunContext ctx = RunContext.of(Poller.using(clock, clock));   // inside a plan: the step's context
        FakeBackupTarget rds = FakeBackupTarget.named("rds")
            .withRecoveryPointLatency(Duration.ofMinutes(7))   // an RDS snapshot takes a while
            .withRpoThreshold(Duration.ofMinutes(15))
            .failingNextRecoveryPoints(1, () -> new IllegalStateException("snapshot quota exceeded"));

        assertThatThrownBy(() -> rds.takeRecoveryPoint(ctx)).hasMessage("snapshot quota exceeded");   // after 7 virtual minutes
        rds.takeRecoveryPoint(ctx);   // succeeds 7 virtual minutes later
        rds.protectionStatus(ctx);    // healthy, RPO 7m (the point holds data as of its start)
        // JAVADOC:io.streamsdr.testkit.FakeBackupTarget:end

        assertThat(clock.elapsedSince(VirtualClock.DEFAULT_START)).isEqualTo(Duration.ofMinutes(14));
        assertThat(rds.protectionStatus(ctx)).isHealthy();
        assertThat(rds.protectionStatus(ctx).rpo()).contains(Duration.ofMinutes(7));
        assertThat(rds.failedRecoveryPoints()).isEqualTo(1);
    }

    @Test
    void recordingPlanListener() {
        AtomicInteger rdsAttempts = new AtomicInteger();
        RestorePlan plan = RestorePlan.builder("failover")
                .withStep(Step.named("velero").withAction(c -> c.sleep(Duration.ofMinutes(1))))
                .withStep(Step.named("rds").dependsOn("velero").withRetry(RetryPolicy.attempts(2).withBackoff(Backoff.fixed(Duration.ofSeconds(5))))
                        .withAction(c -> {
                            if (rdsAttempts.incrementAndGet() == 1) {
                                throw new IllegalStateException("Throttling: Rate exceeded");
                            }
                            c.progress("restore of 'streams-dr' requested");
                        }))
                .withStep(Step.named("helm").dependsOn("rds").withAction(c -> { }))
                .build();
        // JAVADOC:io.streamsdr.testkit.RecordingPlanListener:start
        RecordingPlanListener events = RecordingPlanListener.create();
        PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock).onEvents(events));

        assertThat(events.started()).containsExactly("velero", "rds", "helm");
        assertThat(events.progress("rds")).contains("restore of 'streams-dr' requested");
        assertThat(events.lines()).anyMatch(line -> line.contains("retrying rds after attempt 1: Throttling: Rate exceeded"));
        // JAVADOC:io.streamsdr.testkit.RecordingPlanListener:end
        assertThat(report).succeeded();
    }

    @Test
    void scaledClock() {
        RestorePlan plan = RestorePlan.builder("failover")
                .withStep(Step.named("rds-restore").withAction(c -> c.sleep(Duration.ofSeconds(30)))).build();
        // JAVADOC:io.streamsdr.testkit.ScaledClock:start
        ScaledClock clock = ScaledClock.start(60);          // 1 real second = 1 simulated minute
        PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock));   // a 30-second step takes half a real second
        // JAVADOC:io.streamsdr.testkit.ScaledClock:end
        assertThat(report).succeeded().rtoAtMost(Duration.ofSeconds(45));
        assertThat(clock.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void inMemoryRds() {
        // JAVADOC:io.streamsdr.testkit.aws.InMemoryRds:start
        VirtualClock clock = VirtualClock.create();
        InMemoryRds rds = InMemoryRds.builder(clock).withRestoreDuration(Duration.ofMinutes(20)).build();
        rds.createDBInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").backupRetentionPeriod(7));
        // "streams-db" is creating for 5 simulated minutes, then backing-up for 2, then available
        // JAVADOC:io.streamsdr.testkit.aws.InMemoryRds:end
        assertThat(status(rds, "streams-db")).isEqualTo("creating");
        clock.advance(Duration.ofMinutes(5));
        assertThat(status(rds, "streams-db")).isEqualTo("backing-up");
        clock.advance(Duration.ofMinutes(2));
        assertThat(status(rds, "streams-db")).isEqualTo("available");
    }

    @Test
    void inMemoryRdsAvailableAtOnce() {
        // JAVADOC:io.streamsdr.testkit.aws.InMemoryRds#2:start
        InMemoryRds rds = InMemoryRds.builder(clock)
            .withAvailableInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").backupRetentionPeriod(7))
            .build();                                                   // "streams-db" is available now
        rds.createAvailableInstance(r -> r.dbInstanceIdentifier("other-db"));   // the same, on a fake already built
        // JAVADOC:io.streamsdr.testkit.aws.InMemoryRds#2:end
        assertThat(status(rds, "streams-db")).isEqualTo("available");
        assertThat(status(rds, "other-db")).isEqualTo("available");
    }

    private static String status(InMemoryRds rds, String id) {
        DBInstance i = rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0);
        return i.dbInstanceStatus();
    }

    @Test
    void headlessChromium(@TempDir Path target) throws Exception {
        Path htmlFile = Files.writeString(target.resolve("report.html"),
                "<!DOCTYPE html><html><body><h1 id=\"t\">report</h1><script>document.getElementById('t').textContent = 'rendered';</script></body></html>");
        // JAVADOC:io.streamsdr.testkit.browser.HeadlessChromium:start
        HeadlessChromium chromium = HeadlessChromium.installedOrSkip();
        HeadlessChromium.Result page = chromium.render(htmlFile, target.resolve("report.png"));
        assertThat(page.scriptErrors()).isEmpty();
        // JAVADOC:io.streamsdr.testkit.browser.HeadlessChromium:end
        assertThat(page.dom()).contains(">rendered</h1>");
        assertThat(target.resolve("report.png")).isNotEmptyFile();
    }

    @Test
    void seriesAndPromtool(@TempDir Path dir) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicLong lag = new AtomicLong();
        Gauge.builder("streamsdr_example_lag_seconds", lag::get).register(registry);
        // JAVADOC:io.streamsdr.testkit.prometheus.SeriesRecorder:start
        SeriesRecorder series = SeriesRecorder.every(Duration.ofMinutes(1));
        for (int minute = 0; minute <= 60; minute++) {
            series.record(registry.scrape());
            clock.advance(Duration.ofMinutes(1));
            lag.set(minute >= 30 ? 600 : 0);      // the test's scenario: the lag jumps at minute 30
        }
        String yaml = series.inputSeries(name -> name.startsWith("streamsdr_"), "    ");
        // JAVADOC:io.streamsdr.testkit.prometheus.SeriesRecorder:end
        assertThat(series.samples()).isEqualTo(61);

        Path rules = Files.writeString(dir.resolve("rules.yaml"), String.join("\n",
                "groups:",
                "  - name: example",
                "    rules:",
                "      - alert: LagHigh",
                "        expr: streamsdr_example_lag_seconds > 300",
                "        for: 5m",
                ""));
        Path testFile = Files.writeString(dir.resolve("rules-test.yaml"), "rule_files:\n  - " + rules + "\n"
                + "evaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n" + yaml.replaceAll("(?m)^    ", "      ")
                + "    alert_rule_test:\n      - eval_time: 20m\n        alertname: LagHigh\n        exp_alerts: []\n"
                + "      - eval_time: 40m\n        alertname: LagHigh\n        exp_alerts:\n          - exp_labels: {}\n");
        // JAVADOC:io.streamsdr.testkit.prometheus.Promtool:start
        Promtool promtool = Promtool.installedOrSkip();
        Promtool.Result r = promtool.testRules(testFile);
        assertThat(r.succeeded()).as(r.output()).isTrue();
        // JAVADOC:io.streamsdr.testkit.prometheus.Promtool:end
    }
}
