package io.streamsdr.javadoc;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamsdr.core.Acceptor;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.BackupSet;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.DataBaseline;
import io.streamsdr.core.DataCheck;
import io.streamsdr.core.DataEvidence;
import io.streamsdr.core.DrillHistory;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.Failover;
import io.streamsdr.core.FailoverPreview;
import io.streamsdr.core.Installation;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PlanListener;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RetryPolicy;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.Wait;
import io.streamsdr.core.WaitResult;
import io.streamsdr.core.monitoring.InstallationStatus;
import io.streamsdr.core.monitoring.ProtectionMeters;
import io.streamsdr.core.monitoring.ProtectionMonitor;
import io.streamsdr.core.monitoring.WebhookNotifier;
import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.testkit.FakeBackupTarget;
import io.streamsdr.testkit.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Javadoc examples of dr-core, compiled and run on fakes and a virtual clock ({@code JavadocExamplesTest}
 * keeps each {@code // JAVADOC:} region identical to its example). The provider objects an example names
 * ({@code rdsRestore.fragment()}, a Velero restore) are fragments of fake steps here, with the same ids.
 */
class CoreJavadocExamplesTest {
    static final StepOutput<String> DB_HOST = StepOutput.string("rds.endpoint.address");

    private final VirtualClock clock = VirtualClock.create();
    private final RunOptions options = RunOptions.defaults().withTime(clock, clock);
    private final List<String> calls = new CopyOnWriteArrayList<>();

    private final FakeBackupTarget database = FakeBackupTarget.named("rds streams-db").withClock(clock)
            .withKind(RecoveryPoint.Kind.MANUAL_SNAPSHOT).withRecoveryPointLatency(Duration.ofMinutes(7));
    private final FakeBackupTarget kafka = FakeBackupTarget.named("kafka").withClock(clock).withKind(RecoveryPoint.Kind.SYNC_POINT)
            .withRecoveryPointLatency(Duration.ofSeconds(2));
    private final FakeBackupTarget namespace = FakeBackupTarget.named("namespace streams").withClock(clock)
            .withKind(RecoveryPoint.Kind.BACKUP).withRecoveryPointLatency(Duration.ofMinutes(2));

    // the fragments dr-aws, dr-velero, dr-kafka and dr-helm hand out, as fake steps of the same ids
    private final PlanFragment veleroRestore = fakeStep("velero-restore", Duration.ofMinutes(3));
    private final PlanFragment rdsRestore = fakeStep("rds-restore", Duration.ofMinutes(20));
    private final PlanFragment kafkaRestore = fakeStep("kafka-failback", Duration.ofMinutes(1));
    private final PlanFragment helmUpgrade = fakeStep("helm-upgrade", Duration.ofMinutes(1));
    private final PlanFragment resumeMirroring = fakeStep("kafka-resume-mirroring", Duration.ofSeconds(30));

    private PlanFragment fakeStep(String id, Duration takes) {
        return PlanFragment.of(Step.named(id).withAction(ctx -> {
            ctx.sleep(takes);
            calls.add(id);
            if (id.equals("rds-restore")) {
                ctx.recordRpo("rds streams-db", Duration.ofMinutes(4));
            }
        }));
    }

    @Test
    void backoff() {
        // JAVADOC:io.streamsdr.core.Backoff:start
        Backoff backoff = Backoff.exponential(Duration.ofSeconds(30), 1.5, Duration.ofSeconds(60)).withJitter(0.1);
        // JAVADOC:io.streamsdr.core.Backoff:end

        Random random = new Random(42);
        assertThat(backoff.delayAfter(1, random)).isBetween(Duration.ofSeconds(27), Duration.ofSeconds(33));
        assertThat(backoff.delayAfter(2, random)).isBetween(Duration.ofMillis(40_500), Duration.ofMillis(49_500));
        assertThat(backoff.delayAfter(5, random)).isBetween(Duration.ofSeconds(54), Duration.ofSeconds(66));
    }

    @Test
    void callFailedException() {
        RuntimeException e = new RuntimeException("Rate exceeded (Service: Rds, Status Code: 400)");
        CallFailedException thrown = assertThrows(() -> {
            // JAVADOC:io.streamsdr.core.CallFailedException:start
            throw new CallFailedException("DescribeDBInstances of RDS instance 'streams-db'", e);
            // "Call failed: DescribeDBInstances of RDS instance 'streams-db': Rate exceeded (Service: Rds, Status Code: 400)"
            // JAVADOC:io.streamsdr.core.CallFailedException:end
        });

        assertThat(thrown).hasMessage("Call failed: DescribeDBInstances of RDS instance 'streams-db': Rate exceeded (Service: Rds, Status Code: 400)")
                .hasCause(e);
    }

    private static CallFailedException assertThrows(Runnable r) {
        try {
            r.run();
        } catch (CallFailedException e) {
            return e;
        }
        throw new AssertionError("nothing thrown");
    }

    /** Rows of a table, as a data check sees them: what production held before the disaster, what came back. */
    private final class Rows implements DataCheck {
        final List<String> production = new ArrayList<>(List.of("order 1", "order 2", "order 3"));
        final List<String> restored = new ArrayList<>();

        @Override
        public String component() {
            return "rds streams-db";
        }

        @Override
        public DataBaseline capture(RunContext ctx) {
            return DataBaseline.of(component(), "rows", ctx.now(),
                    List.of(new DataBaseline.Item("orders", production.size(), String.valueOf(production.hashCode()))), Optional.of(ctx.now()));
        }

        @Override
        public DataEvidence verify(RunContext ctx, DataBaseline before) {
            DataEvidence.Builder evidence = DataEvidence.against(before).restoredHeartbeat(before.takenAt()).compared(restored.size());
            production.stream().filter(r -> !restored.contains(r))
                    .forEach(r -> evidence.difference(DataEvidence.Kind.MISSING, "orders", r, false));
            return evidence.build();
        }
    }

    @Test
    void dataCheck() {
        Rows rdsCheck = new Rows();
        RunContext run = RunContext.of(options.poller());
        Failover failover = Installation.named("streams").protect(database).build().failover("streams-failover")
                .restore(PlanFragment.of(Step.named("rds-restore").withAction(ctx -> rdsCheck.restored.addAll(rdsCheck.production))))
                .repoint(helmUpgrade)
                .build();
        // JAVADOC:io.streamsdr.core.DataCheck:start
        DataBaseline rows = rdsCheck.capture(run);      // production, just before the disaster
        DrillReport report = failover.drill().withDataCheck(rdsCheck, rows).run(options);
        // JAVADOC:io.streamsdr.core.DataCheck:end

        assertThat(rows.count()).isEqualTo(3);
        assertThat(report).passed().dataCheckPassed("rds streams-db", 3);
    }

    @Test
    void drillHistory(@TempDir Path dir) throws Exception {
        Failover failover = Installation.named("streams").protect(database).build().failover("streams-failover")
                .restore(rdsRestore).repoint(helmUpgrade).build();
        DrillHistory earlier = DrillHistory.inDirectory(dir.resolve("drill-history"));
        for (int i = 0; i < 5; i++) {
            earlier.append(failover.drill().run(options));
        }
        DrillReport report = failover.drill().run(options);
        Path trend = dir.resolve("trend.html");
        // JAVADOC:io.streamsdr.core.DrillHistory:start
        DrillHistory history = DrillHistory.inDirectory(dir.resolve("drill-history"));
        history.append(report);                                   // drill-history/streams-failover-20261205T181500.123Z.json
        Files.writeString(trend, history.toHtml());
        assertThat(history).rtoWithinOfMedian("streams-failover", 5, 0.20);   // dr-testkit: no more than 20 % worse
        // JAVADOC:io.streamsdr.core.DrillHistory:end

        assertThat(history.entries("streams-failover")).hasSize(6);
        assertThat(trend).content().contains("streams-failover", "<svg");
        assertThat(Files.list(dir.resolve("drill-history")).map(p -> p.getFileName().toString()))
                .allMatch(name -> name.matches("streams-failover-\\d{8}T\\d{6}\\.\\d{3}Z\\.json"));
    }

    @Test
    void failover() {
        Installation streams = Installation.named("streams").protect(database).protect(kafka).protect(namespace).build();
        // JAVADOC:io.streamsdr.core.Failover:start
        Failover failover = streams.failover("streams-failover")
            .restore(veleroRestore)        // velero.restoreStep("velero-restore", request): these three in parallel
            .restore(rdsRestore)           // rdsRestore.fragment() (dr-aws)
            .restore(kafkaRestore)         // kafkaFailback.restoreSteps() (dr-kafka)
            .repoint(helmUpgrade)          // upgrade.fragment("helm-upgrade") (dr-helm): then one Helm upgrade
            .then(resumeMirroring)         // kafkaFailback.resumeMirroringSteps(): then the forward mirror again
            .withObjectives(Objectives.none().withRto(Duration.ofMinutes(45)))
            .build();
        FailoverPreview preview = failover.preview(options);   // the plan, its preconditions checked read-only
        PlanReport report = failover.execute(options);         // refuses to start when a precondition fails
        // JAVADOC:io.streamsdr.core.Failover:end

        assertThat(preview.ready()).isTrue();
        assertThat(report).succeeded().rtoAtMost(Duration.ofMinutes(21).plusSeconds(30));
        assertThat(calls).startsWith("kafka-failback").endsWith("rds-restore", "helm-upgrade", "kafka-resume-mirroring");
    }

    @Test
    void installation() {
        // JAVADOC:io.streamsdr.core.Installation:start
        Installation streams = Installation.named("streams")
            .protect(database)                          // an RdsDatabase (dr-aws)
            .protect(kafka)                             // a KafkaBackupTarget (dr-kafka)
            .protect(namespace)                         // velero.namespaceTarget("streams") (dr-velero)
            .build();
        BackupSet backups = streams.backupAll(options); // all three in parallel, on the options' time
        backups.rpo();                                  // {rds streams-db=PT7M, kafka=PT2S, namespace streams=PT2M}
        // JAVADOC:io.streamsdr.core.Installation:end

        assertThat(backups.succeeded()).isTrue();
        assertThat(backups.rpo()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "rds streams-db", Duration.ofMinutes(7), "kafka", Duration.ofSeconds(2), "namespace streams", Duration.ofMinutes(2)));
        assertThat(backups.elapsed()).isEqualTo(Duration.ofMinutes(7));
    }

    @Test
    void objectives() {
        // JAVADOC:io.streamsdr.core.Objectives:start
        Objectives objectives = Objectives.none().withRto(Duration.ofMinutes(30)).withRpo(Duration.ofMinutes(15)).withRpo("kafka", Duration.ofSeconds(5));
        // JAVADOC:io.streamsdr.core.Objectives:end

        assertThat(objectives.rpoFor("kafka")).contains(Duration.ofSeconds(5));
        assertThat(objectives.rpoFor("rds")).contains(Duration.ofMinutes(15));
        assertThat(objectives.rto()).contains(Duration.ofMinutes(30));
    }

    @Test
    void planFragment() {
        String masterPassword = "s3cr3t-master";
        // JAVADOC:io.streamsdr.core.PlanFragment:start
        PlanFragment rds = PlanFragment.builder("rds")                 // what a provider hands out, e.g. rdsRestore.fragment()
            .withStep(Step.named("rds").publishes(DB_HOST)             // its outputs are named "rds.<name>"
                .withAction(ctx -> ctx.publish(DB_HOST, restoreDb(masterPassword))))
            .withSecret(Secret.of(masterPassword))                     // masked in every log and report of the plan
            .build();
        RestorePlan plan = RestorePlan.builder("failover")
            .withFragment(rds)
            .withFragment(veleroRestore)                               // in parallel with "rds"
            .withFragment(helmUpgrade.dependsOn(rds, veleroRestore))   // "helm-upgrade" waits for both
            .build();                                                  // the secret came with the fragment
        // JAVADOC:io.streamsdr.core.PlanFragment:end

        assertThat(plan.step("helm-upgrade").orElseThrow().dependencies()).containsExactlyInAnyOrder("rds", "velero-restore");
        assertThat(plan.secrets()).containsExactly(Secret.of(masterPassword));
        PlanReport report = plan.execute(options);
        assertThat(report).succeeded();
        assertThat(report.step("rds").orElseThrow().outputs()).containsEntry("rds.endpoint.address", "streams-dr.abc.eu-west-1.rds.amazonaws.com");
        assertThat(report.toText()).doesNotContain(masterPassword);
    }

    private String restoreDb(String password) {
        return "streams-dr.abc.eu-west-1.rds.amazonaws.com";
    }

    @Test
    void restorePlan() {
        // JAVADOC:io.streamsdr.core.RestorePlan:start
        StepOutput<String> dbHost = StepOutput.string("rds.endpoint.address");
        RestorePlan plan = RestorePlan.builder("streams-failover")
            .withStep(Step.named("rds-restore").publishes(dbHost).withAction(ctx -> ctx.publish(dbHost, restoreDb())))
            .withStep(Step.named("velero-restore").withAction(ctx -> restoreNamespace()))
            .withStep(Step.named("helm-upgrade").dependsOn("rds-restore", "velero-restore").consumes(dbHost)
                .withAction(ctx -> upgrade(Map.of("externalizedMariadb.host", ctx.input(dbHost)))))
            .build();
        plan.preview();                              // what would happen; changes nothing
        PlanReport report = plan.execute(options);   // rds-restore and velero-restore run in parallel
        // JAVADOC:io.streamsdr.core.RestorePlan:end

        assertThat(report).succeeded();
        assertThat(calls).containsExactlyInAnyOrder("restoreDb", "restoreNamespace", "upgrade {externalizedMariadb.host=streams-dr.abc}");
        assertThat(calls.get(2)).startsWith("upgrade");
    }

    private String restoreDb() {
        calls.add("restoreDb");
        return "streams-dr.abc";
    }

    private void restoreNamespace() {
        calls.add("restoreNamespace");
    }

    private void upgrade(Map<String, String> values) {
        calls.add("upgrade " + values);
    }

    @Test
    void retryPolicy() {
        // JAVADOC:io.streamsdr.core.RetryPolicy:start
        RetryPolicy retry = RetryPolicy.attempts(3).withBackoff(Backoff.exponential(Duration.ofSeconds(5), 2, Duration.ofMinutes(1)));
        // JAVADOC:io.streamsdr.core.RetryPolicy:end

        assertThat(retry.maxAttempts()).isEqualTo(3);
        assertThat(retry.backoff().delayAfter(2, new Random(1))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void runContext() {
        // JAVADOC:io.streamsdr.core.RunContext:start
        RunContext run = RunContext.of(Poller.using(clock, clock));   // a test's virtual time; RunContext.system() is real time
        RecoveryPoint snapshot = database.takeRecoveryPoint(run);    // waits on the run's clock, not the system's
        ProtectionStatus status = database.protectionStatus(run);
        // JAVADOC:io.streamsdr.core.RunContext:end

        assertThat(snapshot.capturedAt()).isEqualTo(VirtualClock.DEFAULT_START);
        assertThat(clock.instant()).isEqualTo(VirtualClock.DEFAULT_START.plus(Duration.ofMinutes(7)));
        assertThat(status.rpo()).contains(Duration.ofMinutes(7));
    }

    @Test
    void runOptions(@TempDir Path dir) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        // JAVADOC:io.streamsdr.core.RunOptions:start
        RunOptions options = RunOptions.defaults()
            .withJournal(Journal.file(dir.resolve("failover.journal.json")))
            .withParallelism(8)
            .onEvents(PlanListener.console(out));
        // JAVADOC:io.streamsdr.core.RunOptions:end

        PlanReport report = RestorePlan.builder("p").withStep(Step.named("s").withAction(ctx -> { })).build().execute(options);
        assertThat(report).succeeded();
        assertThat(options.parallelism()).isEqualTo(8);
        assertThat(dir.resolve("failover.journal.json")).exists();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("s");
    }

    @Test
    void step() {
        // JAVADOC:io.streamsdr.core.Step:start
        Step.Builder helmUpgrade = Step.named("helm-upgrade")
            .withDescription("helm upgrade streams, setting externalizedMariadb.host")
            .dependsOn("rds-restore")
            .consumes(DB_HOST)
            .withTimeout(Duration.ofMinutes(10))
            .withAction(ctx -> upgrade(Map.of("externalizedMariadb.host", ctx.input(DB_HOST))));
        // JAVADOC:io.streamsdr.core.Step:end

        PlanReport report = RestorePlan.builder("p")
                .withStep(Step.named("rds-restore").publishes(DB_HOST).withAction(ctx -> ctx.publish(DB_HOST, "db.example")))
                .withStep(helmUpgrade).build().execute(options);
        assertThat(report).succeeded();
        assertThat(calls).containsExactly("upgrade {externalizedMariadb.host=db.example}");
    }

    @Test
    void stepOutput() {
        assertThat(StepOutputExample.DB_HOST.name()).isEqualTo("rds.endpoint.address");
        assertThat(StepOutputExample.DB_HOST.type()).isEqualTo(String.class);
    }

    static final class StepOutputExample {
        // JAVADOC:io.streamsdr.core.StepOutput:start
        static final StepOutput<String> DB_HOST = StepOutput.string("rds.endpoint.address");
        // JAVADOC:io.streamsdr.core.StepOutput:end
    }

    private final List<String> statuses = new ArrayList<>(List.of("creating", "creating", "backing-up", "available"));

    private String describeStatus(String instance) {
        return statuses.size() > 1 ? statuses.remove(0) : statuses.get(0);
    }

    @Test
    void waitUntil() {
        // JAVADOC:io.streamsdr.core.Wait:start
        Wait<String> available = Wait.until("RDS instance 'streams-dr' to be available", () -> describeStatus("streams-dr"))
            .withAcceptor(Acceptor.successWhen("available"::equals))
            .withAcceptor(Acceptor.failureWhen(Set.of("failed", "incompatible-restore")::contains, s -> "status is " + s));
        WaitResult<String> result = options.poller().await(available, PollPolicy.defaults());
        // JAVADOC:io.streamsdr.core.Wait:end

        assertThat(result.value()).contains("available");
        assertThat(result.attempts()).isEqualTo(4);

        statuses.addAll(0, List.of("creating", "incompatible-restore"));
        assertThatThrownBy(() -> options.poller().await(available, PollPolicy.defaults()))
                .hasMessageContaining("RDS instance 'streams-dr' to be available").hasMessageContaining("status is incompatible-restore");
    }

    @Test
    void monitoring() throws Exception {
        Installation installation = Installation.named("streams").protect(database).protect(kafka).build();
        Failover failover = installation.failover("streams-failover").restore(rdsRestore).repoint(helmUpgrade).build();
        installation.backupAll(options);
        // JAVADOC:io.streamsdr.core.monitoring.ProtectionMonitor:start
        ProtectionMonitor monitor = ProtectionMonitor.of(installation)
            .withRefreshInterval(Duration.ofSeconds(30))   // at most one look per component per 30 s
            .withTimeout(Duration.ofSeconds(5))            // a look that takes longer is abandoned: the value goes stale
            .withTime(clock, clock)                        // a test's virtual time; the system's by default
            .build();
        InstallationStatus status = monitor.status();
        System.out.println(status.toText());
        // JAVADOC:io.streamsdr.core.monitoring.ProtectionMonitor:end

        assertThat(status.healthy()).isTrue();
        assertThat(status.toText()).contains("rds streams-db", "kafka");

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // JAVADOC:io.streamsdr.core.monitoring.ProtectionMeters:start
        ProtectionMeters meters = monitor.meters()
            .withPlan(failover.plan())        // its runs and drills are counted under plan="streams-failover"
            .withTag("env", "prod")
            .build();
        meters.bindTo(registry);                          // e.g. a PrometheusMeterRegistry
        failover.drill().onEvents(meters).run(options);   // drills
        failover.plan().execute(options.onEvents(meters)); // a real failover
        // JAVADOC:io.streamsdr.core.monitoring.ProtectionMeters:end

        assertThat(registry.scrape()).contains("plan=\"streams-failover\"", "env=\"prod\"");
        monitor.close();
    }

    @Test
    void webhookNotifier() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/services/T0/B0/xoxb-token", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        try {
            String webhookUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T0/B0/xoxb-token";
            Failover failover = Installation.named("streams").protect(database).build().failover("streams-failover")
                    .restore(rdsRestore).repoint(helmUpgrade).build();
            // JAVADOC:io.streamsdr.core.monitoring.WebhookNotifier:start
            WebhookNotifier slack = WebhookNotifier.to(Secret.of(webhookUrl))   // e.g. System.getenv("SLACK_WEBHOOK_URL")
                .withReportLink(URI.create("https://ci.example.com/job/dr-drill/42/artifact/report.html"))
                .build();
            failover.drill().onEvents(slack).run(options);       // a drill: one message when it ends (and one per failed step)
            failover.plan().execute(options.onEvents(slack));     // a real failover: the same, on the plan's end
            // JAVADOC:io.streamsdr.core.monitoring.WebhookNotifier:end
        } finally {
            server.stop(0);
        }
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(0)).contains("streams-failover", "https://ci.example.com/job/dr-drill/42/artifact/report.html");
    }

    @Test
    void packageOverview() {
        List<String> checked = new CopyOnWriteArrayList<>();
        // JAVADOC:io.streamsdr.core.package-info:start
        Installation streams = Installation.named("streams")
            .protect(database).protect(kafka).protect(namespace)   // three BackupTargets
            .build();
        BackupSet backups = streams.backupAll(options);

        Failover failover = streams.failover("streams-failover")
            .restore(veleroRestore, rdsRestore, kafkaRestore)      // the providers' fragments, in parallel
            .repoint(helmUpgrade)                                  // reads the restores' outputs
            .then(resumeMirroring)
            .withObjectives(Objectives.none().withRto(Duration.ofMinutes(45)))
            .build();

        DrillReport report = failover.drill()
            .verify("restored database answers", () -> "SELECT 1 returned " + selectOne())
            .teardownIfRan(rdsRestore, "delete the restored instance", () -> deleteRestored())
            .run(options);
        // JAVADOC:io.streamsdr.core.package-info:end

        assertThat(backups.succeeded()).isTrue();
        assertThat(report).passed().meetsRto(Duration.ofMinutes(45)).verificationHeld("restored database answers").tornDown("delete the restored instance");
        assertThat(calls).endsWith("rds-restore", "helm-upgrade", "kafka-resume-mirroring", "deleted");
    }

    private String selectOne() {
        return "1";
    }

    private String deleteRestored() {
        calls.add("deleted");
        return "deletion of streams-dr requested";
    }

    /** A definition whose constructor checks its input, as library code does. */
    static final class TimedStep {
        private final Duration timeout;

        TimedStep(String id, Duration timeout) {
            // JAVADOC:io.streamsdr.core.spi.Check:start
            this.timeout = Check.positive("timeout of step '" + id + "'", timeout);
            // JAVADOC:io.streamsdr.core.spi.Check:end
        }
    }

    @Test
    void check() {
        assertThat(new TimedStep("rds-restore", Duration.ofMinutes(1)).timeout).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> new TimedStep("rds-restore", Duration.ZERO)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("timeout of step 'rds-restore'");
    }
}
