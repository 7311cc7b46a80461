package io.streamsdr.core.drill;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamsdr.core.BackupSet;
import io.streamsdr.core.CheckResult;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.Failover;
import io.streamsdr.core.FailoverPreview;
import io.streamsdr.core.Installation;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.testkit.FakeBackupTarget;
import io.streamsdr.testkit.ScaledClock;
import io.streamsdr.testkit.VirtualClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * Installation, Failover and Drill on virtual time with fake components: backups in parallel, the
 * staged plan's shape, preconditions that refuse before anything changes, resume, verifications,
 * teardown that always runs, and the drill report in its three forms.
 */
class FailoverDrillTest {
    static final StepOutput<String> DB_HOST = StepOutput.string("rds-restore.host");
    static final StepOutput<String> BOOTSTRAP = StepOutput.string("kafka.bootstrap");

    private final VirtualClock clock = VirtualClock.create();
    private final FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock).withKind(RecoveryPoint.Kind.MANUAL_SNAPSHOT)
            .withRecoveryPointLatency(Duration.ofMinutes(10));
    private final FakeBackupTarget kafka = FakeBackupTarget.named("kafka").withClock(clock).withKind(RecoveryPoint.Kind.SYNC_POINT)
            .withRecoveryPointLatency(Duration.ofSeconds(3));
    private final FakeBackupTarget namespace = FakeBackupTarget.named("namespace streams").withClock(clock)
            .withKind(RecoveryPoint.Kind.BACKUP).withRecoveryPointLatency(Duration.ofMinutes(2));
    private final Installation streams = Installation.named("streams").protect(rds).protect(kafka).protect(namespace).build();
    private final List<String> ran = new CopyOnWriteArrayList<>();
    /** The context of calls outside a plan (preconditions read the fakes through it). */
    private final RunContext outside = RunContext.of(Poller.using(clock, clock));
    private final AtomicBoolean namespaceExists = new AtomicBoolean();

    private RunOptions options() {
        return RunOptions.defaults().withTime(clock, clock);
    }

    private Step.Builder sleeping(String id, Duration d) {
        return Step.named(id).withAction(ctx -> {
            ran.add(id);
            ctx.sleep(d);
        });
    }

    /** What a provider's restore step records: the age of its component's newest point when the failover started. */
    private static void recordAge(StepContext ctx, FakeBackupTarget target) {
        recordAge(ctx, target, Duration.ZERO);
    }

    private static void recordAge(StepContext ctx, FakeBackupTarget target, Duration sinceFailoverStart) {
        if (!target.recoveryPoints(ctx).isEmpty()) {
            ctx.recordRpo(target.name(), Duration.between(target.recoveryPoints(ctx).get(0).capturedAt(), ctx.now().minus(sinceFailoverStart)));
        }
    }

    /** The Streams failover's shape, with simulated work: restores in parallel, one re-point, then the forward mirror. */
    private Failover.Builder failover(Secret... secrets) {
        return streams.failover("streams-failover")
                .restore(PlanFragment.of(sleeping("velero-restore", Duration.ofMinutes(3))
                        .withPrecondition(Precondition.of("namespace 'streams' is absent", () -> {
                            if (namespaceExists.get()) {
                                throw new PreconditionFailedException("restore into an empty namespace", "namespace 'streams' exists", null);
                            }
                            return "absent";
                        }))
                        .withAction(ctx -> {
                            ran.add("velero-restore");
                            recordAge(ctx, namespace);
                            namespaceExists.set(true);
                            ctx.sleep(Duration.ofMinutes(3));
                        })))
                .restore(PlanFragment.builder("rds-restore").withStep(Step.named("rds-restore").publishes(DB_HOST)
                        .withPrecondition(Precondition.of("instance 'streams-db' has a snapshot", () -> {
                            if (rds.recoveryPoints(outside).isEmpty()) {
                                throw new PreconditionFailedException("a snapshot must exist", "instance 'streams-db' has none", null);
                            }
                            return "newest: " + rds.recoveryPoints(outside).get(0).id();
                        }))
                        .withAction(ctx -> {
                    ran.add("rds-restore");
                    recordAge(ctx, rds);
                    ctx.sleep(Duration.ofMinutes(20));
                    ctx.publish(DB_HOST, "streams-dr.local");
                })).withSecrets(secrets).build())
                .restore(PlanFragment.builder("kafka")
                        .withStep(sleeping("kafka.stop-forward", Duration.ofSeconds(2)))
                        .withStep(Step.named("kafka.publish").dependsOn("kafka.stop-forward").publishes(BOOTSTRAP).withAction(ctx -> {
                            ran.add("kafka.publish");
                            recordAge(ctx, kafka, Duration.ofSeconds(2));
                            ctx.sleep(Duration.ofMinutes(8));
                            ctx.publish(BOOTSTRAP, "new-prod:9092");
                        })).build())
                .repoint(PlanFragment.of(Step.named("helm-upgrade").consumes(DB_HOST, BOOTSTRAP).withAction(ctx -> {
                    ran.add("helm-upgrade " + ctx.input(DB_HOST) + " " + ctx.input(BOOTSTRAP));
                    ctx.sleep(Duration.ofMinutes(2));
                })))
                .then(PlanFragment.builder("kafka").withStep(sleeping("kafka.restart-forward", Duration.ofSeconds(5)).dependsOn("kafka.publish"))
                        .build());
    }

    // ------------------------------------------------------------ installation

    @Test
    void backupAllTakesEveryComponentsRecoveryPointInParallelAndReadsEachRpo() {
        BackupSet backups = streams.backupAll(options());

        assertThat(backups.succeeded()).isTrue();
        assertThat(backups.points()).containsOnlyKeys("rds", "kafka", "namespace streams");
        assertThat(backups.points().get("kafka").kind()).isEqualTo(RecoveryPoint.Kind.SYNC_POINT);
        // as long as the slowest component (10 minutes), not the sum (12m03s)
        assertThat(backups.elapsed()).isEqualTo(Duration.ofMinutes(10));
        assertThat(backups.rpo()).containsOnlyKeys("rds", "kafka", "namespace streams");
        assertThat(rds.takeRecoveryPointCalls()).isEqualTo(1);
        assertThat(backups.toText()).contains("SUCCEEDED", "kafka", backups.points().get("rds").id());
    }

    @Test
    void backupAllReportsAFailedComponentAndKeepsTheOthersPoints() {
        kafka.failingNextRecoveryPoints(1);

        BackupSet backups = streams.backupAll(options());

        assertThat(backups.succeeded()).isFalse();
        assertThat(backups.points()).containsOnlyKeys("rds", "namespace streams");
        assertThat(backups.toText()).contains("FAILED", "backup-kafka failed");
    }

    @Test
    void backupAllLeavesTheRunsJournalToTheFailover() {
        Journal journal = Journal.inMemory();
        RunOptions options = options().withJournal(journal);

        assertThat(streams.backupAll(options).succeeded()).isTrue();
        assertThat(journal.load()).as("the backup wrote nothing into the failover's journal").isEmpty();
        assertThat(failover().build().execute(options)).succeeded();
        assertThat(journal.load()).hasValueSatisfying(r -> assertThat(r.planName()).isEqualTo("streams-failover"));
    }

    @Test
    void backupAllOfA45MinuteSnapshotOnVirtualTimeTakesMillisecondsAndHonoursTheBackupTimeout() {
        rds.withRecoveryPointLatency(Duration.ofMinutes(45));
        Installation timed = Installation.named("streams").protect(rds).protect(kafka).protect(namespace)
                .withBackupTimeout(Duration.ofMinutes(30)).build();

        long realStart = System.nanoTime();
        BackupSet untimed = streams.backupAll(options());
        long realMillis = (System.nanoTime() - realStart) / 1_000_000;
        assertThat(untimed.succeeded()).isTrue();
        assertThat(untimed.elapsed()).isEqualTo(Duration.ofMinutes(45));
        assertThat(realMillis).as("45 simulated minutes in real milliseconds").isLessThan(5_000);

        Instant before = clock.instant();
        BackupSet backups = timed.backupAll(options());

        assertThat(backups.succeeded()).isFalse();
        assertThat(backups.points()).containsOnlyKeys("kafka", "namespace streams");
        assertThat(backups.report().step("backup-rds").orElseThrow().error())
                .contains("step 'backup-rds' did not complete within 30m");
        assertThat(clock.instant()).as("the RDS wait stopped at the timeout").isEqualTo(before.plus(Duration.ofMinutes(30)));
        assertThat(timed.backupTimeout()).contains(Duration.ofMinutes(30));
        assertThatThrownBy(() -> Installation.named("x").protect(rds).withBackupTimeout(Duration.ZERO))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("Invalid backup timeout: must be positive, was 0s");
    }

    @Test
    void backupAllStopsWhenTheCallingThreadIsInterrupted() throws Exception {
        FakeBackupTarget slow = FakeBackupTarget.named("rds").withRecoveryPointLatency(Duration.ofHours(1));
        Installation one = Installation.named("streams").protect(slow).build();
        ScaledClock scaled = ScaledClock.start(60); // real time, scaled: the hour is a real minute, unless cancelled
        java.util.concurrent.atomic.AtomicReference<BackupSet> result = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = new Thread(() -> result.set(one.backupAll(RunOptions.defaults().withTime(scaled, scaled))));

        long realStart = System.nanoTime();
        caller.start();
        while (slow.takeRecoveryPointCalls() == 0) {
            Thread.onSpinWait();
        }
        caller.interrupt();
        caller.join(10_000);
        long realMillis = (System.nanoTime() - realStart) / 1_000_000;

        assertThat(caller.isAlive()).isFalse();
        assertThat(result.get().report().outcome()).isEqualTo(PlanReport.Outcome.CANCELLED);
        assertThat(result.get().points()).isEmpty();
        assertThat(slow.recoveryPoints(outside)).as("the cancelled take left no point").isEmpty();
        assertThat(realMillis).as("cancelled, not waited out").isLessThan(30_000);
    }

    @Test
    void anInstallationNeedsComponentsWithDistinctNames() {
        assertThatThrownBy(() -> Installation.named("streams").build()).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("protects nothing");
        assertThatThrownBy(() -> Installation.named("streams").protect(rds).protect(FakeBackupTarget.named("rds")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("backup target 'rds'");
        assertThatThrownBy(() -> Installation.named("bad name")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("installation name");
        assertThatThrownBy(() -> Installation.named("s".repeat(57))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("installation name").hasMessageContaining("at most 56 characters");
    }

    // ------------------------------------------------------------ failover shape

    @Test
    void restoresRunInParallelThenOneRepointThenTheStepsAfterIt() {
        rds.withExistingRecoveryPoint(Duration.ofMinutes(5));
        kafka.withExistingRecoveryPoint(Duration.ofSeconds(4));
        namespace.withExistingRecoveryPoint(Duration.ofHours(1));
        Failover failover = failover().build();

        assertThat(failover.plan().step("helm-upgrade").orElseThrow().dependencies())
                .containsExactlyInAnyOrder("velero-restore", "rds-restore", "kafka.publish");
        assertThat(failover.plan().step("kafka.restart-forward").orElseThrow().dependencies()).containsExactly("kafka.publish", "helm-upgrade");
        assertThat(failover.plan().step("kafka.publish").orElseThrow().dependencies()).containsExactly("kafka.stop-forward");

        PlanReport report = failover.execute(options());

        assertThat(report).succeeded().criticalPathIs("rds-restore", "helm-upgrade", "kafka.restart-forward");
        assertThat(report.rto()).isEqualTo(Duration.ofMinutes(22).plusSeconds(5));
        assertThat(ran).contains("helm-upgrade streams-dr.local new-prod:9092");
        // each restore step records what its component's newest point held when it started
        assertThat(report.rpo()).containsEntry("rds", Duration.ofMinutes(5)).containsEntry("kafka", Duration.ofSeconds(4))
                .containsEntry("namespace streams", Duration.ofHours(1));
    }

    @Test
    void aFailoverHasRestoresAndExactlyOneRepointStep() {
        PlanFragment a = PlanFragment.of(sleeping("a", Duration.ZERO));
        PlanFragment b = PlanFragment.of(sleeping("b", Duration.ZERO));
        assertThatThrownBy(() -> streams.failover("f").repoint(a).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid failover 'f': restores nothing: add fragments with restore(...)");
        assertThatThrownBy(() -> streams.failover("f").restore(a).build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("Invalid failover 'f': has no re-point: add the fragment"
                        + " that points the application at the restored parts with repoint(...)");
        assertThatThrownBy(() -> streams.failover("f").repoint(a).repoint(b))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid re-point fragment 'b': a failover has ONE re-point, and 'a' is it: set every value in that one upgrade,"
                        + " so the application rolls out once");
    }

    // ------------------------------------------------------------ preview and preconditions

    @Test
    void thePreviewChecksEveryPreconditionReadOnlyAndRunsNoStep() {
        rds.withExistingRecoveryPoint(Duration.ofMinutes(5));
        kafka.withExistingRecoveryPoint(Duration.ofSeconds(4));
        namespace.withExistingRecoveryPoint(Duration.ofHours(1));
        Failover failover = failover().build();

        FailoverPreview preview = failover.preview(options());

        assertThat(ran).isEmpty();
        assertThat(preview.ready()).isTrue();
        assertThat(preview.preconditions()).extracting(CheckResult::subject, CheckResult::name).contains(
                org.assertj.core.groups.Tuple.tuple("rds-restore", "instance 'streams-db' has a snapshot"),
                org.assertj.core.groups.Tuple.tuple("velero-restore", "namespace 'streams' is absent"));
        assertThat(preview.estimatedDataLoss()).containsEntry("rds", Duration.ofMinutes(5))
                .containsEntry("kafka", Duration.ofSeconds(4));
        assertThat(preview.estimatedDataLoss("namespace streams")).contains(Duration.ofHours(1));
        assertThat(preview.toText()).contains("preview: nothing is changed", "requires: namespace 'streams' is absent",
                "[ok]", "Ready: every precondition holds");
        assertThat(clock.instant()).isEqualTo(VirtualClock.DEFAULT_START);
    }

    @Test
    void aFailedPreconditionShowsInThePreviewAndTheFailoverRefusesToStart() {
        namespace.withExistingRecoveryPoint(Duration.ofHours(1));
        namespaceExists.set(true); // and rds has no snapshot, kafka no sync point
        Failover failover = failover().build();

        FailoverPreview preview = failover.preview(options());
        assertThat(preview.ready()).isFalse();
        assertThat(preview.failedPreconditions()).extracting(CheckResult::subject).containsExactly("velero-restore", "rds-restore");
        assertThat(preview.estimatedDataLoss("kafka")).isEmpty();
        assertThat(preview.components()).containsExactly("rds", "kafka", "namespace streams");
        assertThat(preview.toText()).contains("[FAILED] velero-restore", "namespace 'streams' exists", "NOT ready",
                "instance 'streams-db' has none", "unknown: no readable recovery point");

        assertThatThrownBy(() -> failover.execute(options())).isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("2 of them do not hold")
                .hasMessageContaining("velero-restore: namespace 'streams' is absent")
                .hasMessageContaining("rds-restore: instance 'streams-db' has a snapshot");
        assertThat(ran).isEmpty();
    }

    @Test
    void aComponentWithoutARecoveryPointDoesNotBlockTheFailoverAndHasNoRpo() {
        rds.withExistingRecoveryPoint(Duration.ofMinutes(5));
        namespace.withExistingRecoveryPoint(Duration.ofHours(1)); // kafka: a mirror nobody took a sync point of

        PlanReport report = failover().build().execute(options());

        assertThat(report).succeeded();
        assertThat(report.rpo()).containsOnlyKeys("rds", "namespace streams");
    }

    @Test
    void aPreconditionThatCannotBeCheckedCountsAsFailed() {
        Precondition broken = Precondition.of("the API answers", () -> {
            throw new IllegalStateException("connection refused");
        });
        CheckResult r = broken.evaluate("step-a", clock);
        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).isEqualTo("could not be checked: connection refused");
        assertThatThrownBy(() -> Precondition.of(" ", () -> "x")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("precondition description");
    }

    @Test
    void aResumedFailoverDoesNotRecheckThePreconditionsOfStepsThatAlreadyRan() {
        rds.withExistingRecoveryPoint(Duration.ofMinutes(5));
        kafka.withExistingRecoveryPoint(Duration.ofSeconds(4));
        namespace.withExistingRecoveryPoint(Duration.ofHours(1));
        AtomicInteger helmAttempts = new AtomicInteger();
        Failover failover = streams.failover("streams-failover")
                .restore(PlanFragment.of(Step.named("velero-restore")
                        .withPrecondition(Precondition.of("namespace 'streams' is absent", () -> {
                            if (namespaceExists.get()) {
                                throw new PreconditionFailedException("restore into an empty namespace", "namespace 'streams' exists", null);
                            }
                            return "absent";
                        }))
                        .withAction(ctx -> namespaceExists.set(true))))
                .repoint(PlanFragment.of(Step.named("helm-upgrade").withAction(ctx -> {
                    if (helmAttempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("helm: connection reset");
                    }
                })))
                .build();
        Journal journal = Journal.inMemory();

        PlanReport first = failover.execute(options().withJournal(journal));
        assertThat(first).failed();
        assertThat(namespaceExists).isTrue();

        PlanReport second = failover.execute(options().withJournal(journal));
        assertThat(second).succeeded();
        assertThat(second).step("velero-restore").wasSkipped();
        assertThat(helmAttempts).hasValue(2);
    }

    // ------------------------------------------------------------ drill

    @Test
    void aDrillRunsThePlanThenItsVerificationsThenTheTeardownLastFirst() {
        rds.withExistingRecoveryPoint(Duration.ofMinutes(5));
        kafka.withExistingRecoveryPoint(Duration.ofSeconds(4));
        namespace.withExistingRecoveryPoint(Duration.ofMinutes(30));
        List<String> order = new CopyOnWriteArrayList<>();

        DrillReport report = failover().withObjectives(Objectives.none().withRto(Duration.ofMinutes(45)).withRpo(Duration.ofHours(1)))
                .build().drill()
                .verify("restored database answers", () -> {
                    order.add("verify db");
                    return "SELECT 1 = 1";
                })
                .verify("pods are ready", () -> {
                    order.add("verify pods");
                    return "8/8 ready";
                })
                .teardown("delete restored instance", () -> {
                    order.add("teardown db");
                    return "deleted streams-dr";
                })
                .teardown("delete restored namespace", () -> {
                    order.add("teardown ns");
                    return null;
                })
                .withEnvironment("kafka", "4.3.1")
                .run(options());

        assertThat(report).passed().meetsRto(Duration.ofMinutes(45)).meetsRpo(Duration.ofHours(1)).meetsRpo("kafka", Duration.ofSeconds(5))
                .verificationHeld("restored database answers").tornDown("delete restored instance");
        assertThat(order).containsExactly("verify db", "verify pods", "teardown ns", "teardown db");
        assertThat(report.teardown().get(0).detail()).isEqualTo("done");
        assertThat(report.rto()).contains(Duration.ofMinutes(22).plusSeconds(5));

        // and the AssertJ assertions fail with a message that says why
        assertThatThrownBy(() -> assertThat(report).meetsRto(Duration.ofMinutes(20))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("meet an RTO of 20m").hasMessageContaining("recovery took 22m5s")
                .hasMessageContaining("rds-restore -> helm-upgrade -> kafka.restart-forward");
        assertThatThrownBy(() -> assertThat(report).meetsRpo(Duration.ofMinutes(10))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("namespace streams 30m");
    }

    @Test
    void aFailedPlanSkipsTheVerificationsButStillTearsDown() {
        rds.withExistingRecoveryPoint(Duration.ofMinutes(5));
        kafka.withExistingRecoveryPoint(Duration.ofSeconds(4));
        namespace.withExistingRecoveryPoint(Duration.ofMinutes(30));
        AtomicInteger verified = new AtomicInteger();
        AtomicInteger tornDown = new AtomicInteger();

        DrillReport report = streams.failover("streams-failover")
                .restore(PlanFragment.of(Step.named("rds-restore").withAction(ctx -> {
                    throw new IllegalStateException("RDS said: InsufficientDBInstanceCapacity");
                })))
                .repoint(PlanFragment.of(sleeping("helm-upgrade", Duration.ofMinutes(1))))
                .build().drill()
                .verify("database answers", () -> "yes " + verified.incrementAndGet())
                .teardownIfRan("rds-restore", "delete restored instance", () -> "deleted " + tornDown.incrementAndGet())
                .teardownIfRan("helm-upgrade", "roll back the upgrade", () -> "rolled back " + tornDown.incrementAndGet())
                .teardown("a teardown that fails", () -> {
                    throw new IllegalStateException("namespace stuck in Terminating");
                })
                .run(options());

        assertThat(report).didNotPass();
        assertThat(verified).hasValue(0);
        // the failed restore started (it may have made half an instance): undone; the upgrade never started: skipped
        assertThat(tornDown).hasValue(1);
        assertThat(report.teardown()).extracting(CheckResult::name).containsExactly("a teardown that fails", "roll back the upgrade",
                "delete restored instance");
        assertThat(report.teardown().get(1).detail()).startsWith("skipped: step 'helm-upgrade' did not run");
        assertThat(report.failures()).anySatisfy(f -> assertThat(f).startsWith("the plan failed").contains("InsufficientDBInstanceCapacity"))
                .anySatisfy(f -> assertThat(f).isEqualTo("teardown failed: a teardown that fails (namespace stuck in Terminating)"));
        assertThatThrownBy(() -> assertThat(report).meetsRto(Duration.ofHours(1))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not recover (FAILED)");
    }

    @Test
    void aRefusedDrillRunsNoStepButStillTearsDown() {
        namespaceExists.set(true);
        AtomicInteger tornDown = new AtomicInteger();

        AtomicInteger restoredNamespaceDeleted = new AtomicInteger();
        DrillReport report = failover().build().drill()
                .teardown("clean up", () -> "ok " + tornDown.incrementAndGet())
                .teardownIfRan("velero-restore", "delete the restored namespace", () -> "deleted " + restoredNamespaceDeleted.incrementAndGet())
                .run(options());

        assertThat(ran).isEmpty();
        assertThat(report.plan()).isEmpty();
        assertThat(tornDown).hasValue(1);
        // the namespace that made the drill refuse is not the drill's to delete
        assertThat(restoredNamespaceDeleted).hasValue(0);
        assertThat(report.teardown()).extracting(CheckResult::name, CheckResult::passed, CheckResult::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("delete the restored namespace", true,
                        "skipped: step 'velero-restore' did not run, so there is nothing of it to undo"),
                org.assertj.core.groups.Tuple.tuple("clean up", true, "ok 1"));
        assertThat(report.failures()).anySatisfy(f -> assertThat(f).contains("precondition of velero-restore does not hold"));
        assertThatThrownBy(() -> assertThat(report).meetsRto(Duration.ofHours(1))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("its plan did not run");
        assertThat(report.toHtml()).contains("The plan did not run.");
    }

    @Test
    void aTeardownTiedToAStepNeedsAStepOfThePlan() {
        Failover failover = failover().build();
        assertThatThrownBy(() -> failover.drill().teardownIfRan("rds-restor", "delete", () -> "x"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("step of teardown 'delete'").hasMessageContaining("'rds-restor' is not a step of plan 'streams-failover'")
                .hasMessageContaining("rds-restore");
    }

    @Test
    void aMissedObjectiveFailsTheDrill() {
        rds.withExistingRecoveryPoint(Duration.ofMinutes(5));
        kafka.withExistingRecoveryPoint(Duration.ofSeconds(4));
        namespace.withExistingRecoveryPoint(Duration.ofMinutes(30));

        DrillReport report = failover().withObjectives(Objectives.none().withRto(Duration.ofMinutes(15))).build().drill().run(options());

        assertThat(report.plan().orElseThrow().succeeded()).isTrue();
        assertThat(report).didNotPass();
        assertThat(report.failures()).containsExactly("objective missed: RTO 22m5s is over the 15m objective");
    }

    @Test
    void theDrillReportRedactsSecretsAndRendersAsJsonTextAndWellFormedHtml() throws Exception {
        Secret password = Secret.of("hunter2-drill-password");
        rds.withExistingRecoveryPoint(Duration.ofMinutes(5));
        kafka.withExistingRecoveryPoint(Duration.ofSeconds(4));
        namespace.withExistingRecoveryPoint(Duration.ofMinutes(30));

        DrillReport report = failover(password)
                .withObjectives(Objectives.none().withRto(Duration.ofMinutes(45)).withRpo("kafka", Duration.ofSeconds(5)))
                .build().drill()
                .verify("login with " + password.reveal(), () -> "logged in with password " + password.reveal())
                .verify("a check that fails", () -> {
                    throw new AssertionError("expected 3 rows but found 2 (password " + password.reveal() + ")");
                })
                .withEnvironment("jdbc url", "jdbc:mariadb://db/streams?password=" + password.reveal())
                .run(options());

        String json = report.toJson();
        String text = report.toText();
        String html = report.toHtml();
        for (String out : List.of(json, text, html, report.toString())) {
            assertThat(out).doesNotContain(password.reveal());
        }
        assertThat(text).contains("Drill 'streams-failover': FAILED", "verification failed: a check that fails", "RPO achieved by component (simulated):",
                "[ok]     verification: login with " + Secret.MASK);

        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.get("drillSchemaVersion").asInt()).isEqualTo(2);
        assertThat(root.get("passed").asBoolean()).isFalse();
        assertThat(root.get("rtoMillis").asLong()).isEqualTo(Duration.ofMinutes(22).plusSeconds(5).toMillis());
        assertThat(root.get("rpoMillis").get("kafka").asLong()).isEqualTo(4_000);
        assertThat(root.get("plan").get("steps")).hasSize(6);
        assertThat(root.get("plan").get("criticalPath").toString()).contains("rds-restore");
        assertThat(root.get("preconditions")).hasSize(2);
        assertThat(root.get("verifications").get(1).get("passed").asBoolean()).isFalse();
        assertThat(root.get("environment").get("jdbc url").asText()).endsWith("password=" + Secret.MASK);

        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("svg").getLength()).isEqualTo(1);
        assertThat(html).contains("<table class=\"rpo-objectives\">", "<table class=\"verifications\">", "<table class=\"preconditions\">",
                "<table class=\"environment\">", "id=\"verdict\">FAILED", "class=\"bar critical");
        Map<String, Duration> rpo = report.rpo();
        assertThat(rpo).containsEntry("kafka", Duration.ofSeconds(4));
    }
}
