package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.Backoff;
import io.streamsdr.core.CheckResult;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.core.spi.StepRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The runbook's failback, end to end, on three real clusters: old production, backup, new production. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailbackTest {
    static final Poller REAL_TIME = Poller.system();
    static Clusters kafka;
    static KafkaCluster prod;
    static KafkaCluster backup;
    static KafkaCluster newProd;
    static Mirror forward;

    @BeforeAll
    static void backupRunning() {
        kafka = new Clusters("failback");
        prod = kafka.start("prod");
        backup = kafka.start("backup");
        newProd = kafka.start("prod2");
        kafka.createTopics(prod, 3, "streams.a", "streams.b");
        Clusters.produce(prod, "before", 3000, "streams.a", "streams.b");
        Clusters.consumeToEnd(prod, "billing", "streams.a", "streams.b");
        forward = Mirror.inProcess(Clusters.testConfig(prod, backup).build());
        forward.start(REAL_TIME);
        try (MirrorMonitor monitor = MirrorMonitor.of(forward)) {
            monitor.awaitDone(REAL_TIME, Clusters.FAST, Duration.ZERO);
            monitor.awaitGroupsTranslated(REAL_TIME, Clusters.FAST);
        }
    }

    @AfterAll
    static void stop() {
        forward.close();
        kafka.close();
    }

    /** A plan of the whole failback: both halves. */
    private static RestorePlan.Builder plan(String name, KafkaFailback failback) {
        return RestorePlan.builder(name).withFragment(failback.restoreSteps()).withFragment(failback.resumeMirroringSteps());
    }

    @Test
    @Order(1)
    void refusesToCopyOntoANewProductionThatAlreadyHoldsData() {
        KafkaCluster notEmpty = prod.withAlias("prod-again");
        KafkaFailback failback = KafkaFailback.of(forward).to(notEmpty).build();
        assertThatThrownBy(failback::checkNewProductionIsEmpty)
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessage("Refused by guard rail 'failback target topics must be empty': new production cluster 'prod-again' ("
                        + prod.bootstrapServers() + ") already holds data in {streams.a=1500, streams.b=1500}; copying the backup onto it"
                        + " would mix old and new records. To proceed anyway:"
                        + " KafkaFailback.of(forward).to(newProduction).withExistingData(ExistingDataPolicy.COPY_ANYWAY)");

        // In a plan: the forward mirror is stopped, then the reverse is refused and nothing is copied.
        PlanReport report = plan("refused-failback", failback).build().execute();
        assertThat(report.succeeded()).isFalse();
        StepReport refused = report.step("kafka.start-reverse").orElseThrow();
        assertThat(refused.status()).isEqualTo(StepReport.Status.FAILED);
        assertThat(refused.error()).hasValueSatisfying(e -> assertThat(e).contains("failback target topics must be empty"));
        assertThat(failback.mirrors().reverse()).isEmpty();
        assertThat(failback.mirrors().stopAll(REAL_TIME)).isEqualTo("no mirror of this failback was running");
        forward.start(REAL_TIME); // back to normal for the next test
    }

    @Test
    @Order(2)
    void failsBackEndToEndWithGroupsExactAndProtectsNewProductionAgain() throws Exception {
        Instant lateWrittenFrom = Instant.now();
        Clusters.produce(prod, "late", 500, "streams.a", "streams.b"); // still mirrored before the failback starts
        Clusters.consumeToEnd(prod, "billing", "streams.a", "streams.b");
        try (MirrorMonitor monitor = MirrorMonitor.of(forward)) {
            monitor.awaitDone(REAL_TIME, Clusters.FAST, Duration.ZERO);
            monitor.awaitGroupsTranslated(REAL_TIME, Clusters.FAST);
        }
        // production is lost here; prod2 is the rebuilt, empty production cluster
        KafkaFailback failback = KafkaFailback.of(forward).to(newProd).withStableWindow(Duration.ofSeconds(1)).build();

        // Two fragments scoped by the default id "kafka": the restore, then (after the rollout) the resumed mirroring.
        PlanFragment restore = failback.restoreSteps();
        PlanFragment resume = failback.resumeMirroringSteps();
        assertThat(restore.id()).isEqualTo("kafka");
        assertThat(restore.steps()).extracting(Step::id).containsExactly("kafka.stop-forward", "kafka.start-reverse", "kafka.await-reverse",
                "kafka.stop-reverse", "kafka.verify", "kafka.publish-bootstrap");
        assertThat(restore.entries()).containsExactly("kafka.stop-forward");
        assertThat(restore.exits()).containsExactly("kafka.publish-bootstrap");
        assertThat(restore.outputs()).extracting(StepOutput::name).containsExactly("kafka.forward-start-offsets", "kafka.bootstrap-servers");
        assertThat(failback.bootstrapServers().name()).isEqualTo("kafka.bootstrap-servers");
        assertThat(resume.steps()).extracting(Step::id).containsExactly("kafka.restart-forward");
        assertThat(resume.steps().get(0).dependencies()).containsExactly("kafka.publish-bootstrap");
        assertThat(resume.steps().get(0).consumes()).containsExactly(failback.forwardStartOffsets());
        assertThat(failback.restoreSteps()).isSameAs(restore); // one definition, one fragment: a drill's teardown can name it

        // On the fresh new production, read-only: the backup holds the data, new production's topics are empty.
        List<CheckResult> fresh = preconditions(failback);
        assertThat(fresh).extracting(CheckResult::name).containsExactly("backup cluster 'backup' holds the mirrored topics",
                "new production 'prod2' holds no data in the mirrored topics");
        assertThat(fresh).allSatisfy(r -> assertThat(r.passed()).as(r.toString()).isTrue());
        assertThat(fresh.get(0).detail()).startsWith("3500 records in 2 topics on 'backup': {streams.a=1750, streams.b=1750}; "
                + "newest record written at ");
        Instant newest = Instant.parse(fresh.get(0).detail().substring(fresh.get(0).detail().lastIndexOf(' ') + 1));
        assertThat(newest).isBetween(lateWrittenFrom.truncatedTo(ChronoUnit.MILLIS), Instant.now());
        assertThat(fresh.get(1).detail()).isEqualTo("no records in streams.* on prod2");
        assertThat(forward.isRunning()).isTrue(); // checking stopped nothing
        assertThat(failback.mirrors().reverse()).isEmpty(); // and started nothing

        AtomicReference<String> helmSaw = new AtomicReference<>();
        RestorePlan.Builder plan = RestorePlan.builder("kafka-failback").withFragment(restore)
                .withStep(Step.named("helm-upgrade").dependsOn(restore.exits().toArray(String[]::new)).consumes(failback.bootstrapServers())
                        .withAction(ctx -> helmSaw.set(ctx.input(failback.bootstrapServers()))))
                .withFragment(resume.dependsOn("helm-upgrade"));
        PlanReport report = plan.build().execute();
        assertThat(report.succeeded()).as(report.toText()).isTrue();
        assertThat(report.steps()).extracting(StepReport::id).containsExactly("kafka.stop-forward", "kafka.start-reverse",
                "kafka.await-reverse", "kafka.stop-reverse", "kafka.verify", "kafka.publish-bootstrap", "helm-upgrade",
                "kafka.restart-forward");
        assertThat(helmSaw.get()).isEqualTo(newProd.bootstrapServers());
        // The RPO: from the newest record on the backup (the "late" batch) to when the forward mirror was stopped.
        Duration rpo = report.rpo().get("kafka");
        assertThat(rpo).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
        StepReport stopForward = report.step("kafka.stop-forward").orElseThrow();
        assertThat(newest.plus(rpo)).isBetween(stopForward.startedAt().orElseThrow(), stopForward.endedAt().orElseThrow());
        assertThat(forward.isRunning()).isFalse();
        assertThat(failback.mirrors().reverse().orElseThrow().isRunning()).isFalse();

        VerificationReport copied = ZeroLossVerifier.between(backup, newProd).verify(REAL_TIME);
        assertThat(copied.exact()).as(copied.toString()).isTrue();
        assertThat(copied.sourceRecords()).isEqualTo(3500);
        assertThat(Clusters.groupOffsets(newProd, "billing")).isEqualTo(Clusters.groupOffsets(prod, "billing"));

        // Streams now writes to new production; the restarted forward mirror copies only that, once.
        Mirror again = failback.mirrors().restartedForward().orElseThrow();
        assertThat(again.isRunning()).isTrue();
        assertThat(again.config().flow()).isEqualTo("prod2->backup");
        Clusters.produce(newProd, "after", 400, "streams.a", "streams.b");
        try (MirrorMonitor monitor = MirrorMonitor.of(again)) {
            monitor.awaitDone(REAL_TIME, Clusters.FAST, Duration.ofMillis(500));
        }
        assertThat(failback.mirrors().stopAll(REAL_TIME)).isEqualTo("stopped MirrorMaker 2 prod2->backup");
        assertThat(again.isRunning()).isFalse();
        VerificationReport protectedAgain = ZeroLossVerifier.between(newProd, backup).verify(REAL_TIME);
        assertThat(protectedAgain.exact()).as(protectedAgain.toString()).isTrue();
        assertThat(protectedAgain.sourceRecords()).isEqualTo(3900);

        // New production now holds records: a second failback onto it is refused before it starts, unless told to copy anyway.
        CheckResult holdsData = preconditions(KafkaFailback.of(forward).to(newProd).build()).get(1);
        assertThat(holdsData.passed()).isFalse();
        assertThat(holdsData.detail()).isEqualTo("Refused by guard rail 'failback target topics must be empty': new production cluster"
                + " 'prod2' (" + newProd.bootstrapServers() + ") already holds data in {streams.a=1950, streams.b=1950}; copying the backup"
                + " onto it would mix old and new records. To proceed anyway:"
                + " KafkaFailback.of(forward).to(newProduction).withExistingData(ExistingDataPolicy.COPY_ANYWAY)");
        List<CheckResult> anyway = preconditions(KafkaFailback.of(forward).to(newProd).withExistingData(ExistingDataPolicy.COPY_ANYWAY).build());
        assertThat(anyway).extracting(CheckResult::name).containsExactly("backup cluster 'backup' holds the mirrored topics",
                "new production 'prod2' may hold data (copy anyway)");
        assertThat(anyway).allMatch(CheckResult::passed, "passed");
        assertThat(anyway.get(1).detail()).isEqualTo("not checked: copy anyway");
    }

    /** The failback's preconditions, checked as a failover's preview does: without running a step. */
    private static List<CheckResult> preconditions(KafkaFailback failback) {
        List<CheckResult> results = RestorePlan.builder("failback-preview").withFragment(failback.restoreSteps()).build().checkPreconditions();
        assertThat(results).allSatisfy(r -> assertThat(r.subject()).isEqualTo(failback.id() + ".stop-forward"));
        return results;
    }

    @Test
    @Order(3)
    void aFailbackThatDiedWhileWaitingResumesFromItsJournal(@TempDir Path dir) {
        KafkaCluster prod3 = kafka.start("prod3");
        RunOptions journal = RunOptions.defaults().withJournal(Journal.file(dir.resolve("failback-journal.json")));

        // First run: the wait gives up at once, as if the process died while waiting; the reverse MM2 dies with it.
        KafkaFailback first = KafkaFailback.of(forward).to(prod3)
                .withPollPolicy(new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(1)), Duration.ofMillis(1))).build();
        PlanReport died = plan("kafka-failback-resumed", first).build().execute(journal);
        assertThat(died.step("kafka.await-reverse").orElseThrow().status()).isEqualTo(StepReport.Status.FAILED);
        first.mirrors().reverse().orElseThrow().stop(REAL_TIME);

        // Second run, a changed copy with mirrors of its own, same journal: the finished steps are skipped (the guard rail
        // too, although prod3 now holds part of the data); the reverse mirror resumes from its committed offsets.
        KafkaFailback second = first.toBuilder().withStableWindow(Duration.ofMillis(500)).withPollPolicy(Clusters.FAST).build();
        assertThat(second.mirrors()).isNotSameAs(first.mirrors());
        assertThat(second.mirrors().reverse()).isEmpty();
        PlanReport resumed = plan("kafka-failback-resumed", second).build().execute(journal);
        assertThat(resumed.succeeded()).as(resumed.toText()).isTrue();
        assertThat(resumed.step("kafka.start-reverse").orElseThrow().status()).isEqualTo(StepReport.Status.DONE_EARLIER);
        assertThat(resumed.step("kafka.await-reverse").orElseThrow().status()).isEqualTo(StepReport.Status.SUCCEEDED);
        second.mirrors().stopAll(REAL_TIME);

        VerificationReport copied = ZeroLossVerifier.between(backup, prod3).verify(REAL_TIME);
        assertThat(copied.exact()).as(copied.toString()).isTrue();
        assertThat(copied.sourceRecords()).isEqualTo(3900);
    }

    /** The process dies at one journal write: what a killed JVM leaves, for resume tests of a provider's step. */
    private static final class ProcessDied extends Error {
        private static final long serialVersionUID = 1L;

        ProcessDied(String message) {
            super(message);
        }
    }

    /** A journal that lands every write in {@code onDisk}, and dies at the first write {@code where} matches: after it lands, or before. */
    private static Journal dyingAt(Journal onDisk, java.util.function.Predicate<StepRecord> where, boolean afterTheWrite) {
        java.util.concurrent.atomic.AtomicBoolean dead = new java.util.concurrent.atomic.AtomicBoolean();
        return new Journal() {
            @Override
            public java.util.Optional<io.streamsdr.core.spi.JournalRecord> load() {
                return onDisk.load();
            }

            @Override
            public void record(String planName, String fingerprint, StepRecord step) {
                if (dead.get()) {
                    throw new ProcessDied("already dead");
                }
                boolean here = where.test(step);
                if (here && !afterTheWrite) {
                    dead.set(true);
                    throw new ProcessDied("died before writing " + step.stepId() + " " + step.state());
                }
                onDisk.record(planName, fingerprint, step);
                if (here) {
                    dead.set(true);
                    throw new ProcessDied("died just after writing " + step.stepId() + " " + step.state() + " " + step.checkpoints().keySet());
                }
            }
        };
    }

    @Test
    @Order(4)
    void theRestartedForwardMirrorCopiesEveryRecordOnceAfterCrashesAroundItsStart(@TempDir Path dir) {
        KafkaCluster prod4 = kafka.start("prod4");
        Journal onDisk = Journal.file(dir.resolve("failback-journal.json"));
        long onBackup = ZeroLossVerifier.between(backup, prod4).verify(REAL_TIME).sourceRecords(); // what the failback copies
        KafkaFailback first = KafkaFailback.of(forward).to(prod4).withStableWindow(Duration.ofMillis(500)).withPollPolicy(Clusters.FAST).build();

        // 1. The process dies just after restart-forward saved its checkpoint, before it wrote MM2's start offsets.
        assertThatThrownBy(() -> plan("kafka-failback-crashed", first).build().execute(RunOptions.defaults().withJournal(dyingAt(onDisk,
                        r -> r.stepId().equals("kafka.restart-forward") && r.checkpoints().containsKey("forward-restarted"), true))))
                .isInstanceOf(ProcessDied.class).hasMessage("died just after writing kafka.restart-forward RUNNING [forward-restarted]");
        assertThat(first.mirrors().restartedForward().orElseThrow().isRunning()).isFalse();

        // 2. The next process sets the offsets and starts MM2, then dies before the step's end is written.
        KafkaFailback second = first.toBuilder().build();
        assertThatThrownBy(() -> plan("kafka-failback-crashed", second).build().execute(RunOptions.defaults().withJournal(dyingAt(onDisk,
                        r -> r.stepId().equals("kafka.restart-forward") && r.state() == StepRecord.State.SUCCEEDED, false))))
                .isInstanceOf(ProcessDied.class).hasMessage("died before writing kafka.restart-forward SUCCEEDED");
        assertThat(second.mirrors().restartedForward().orElseThrow().isRunning()).isTrue();
        Clusters.produce(prod4, "while-restarting", 150, "streams.a", "streams.b");
        try (MirrorMonitor monitor = MirrorMonitor.of(second.mirrors().restartedForward().orElseThrow())) {
            monitor.awaitDone(REAL_TIME, Clusters.FAST, Duration.ZERO); // copied and committed: setting the offsets again would copy them twice
        }
        second.mirrors().stopAll(REAL_TIME); // its MM2 dies with it

        // 3. The third process finds MM2's offsets committed and starts it where it stood: nothing twice, nothing skipped.
        KafkaFailback third = first.toBuilder().build();
        PlanReport resumed = plan("kafka-failback-crashed", third).build().execute(RunOptions.defaults().withJournal(onDisk));
        assertThat(resumed.succeeded()).as(resumed.toText()).isTrue();
        assertThat(resumed.step("kafka.restart-forward").orElseThrow().status()).isEqualTo(StepReport.Status.SUCCEEDED);
        assertThat(resumed.step("kafka.publish-bootstrap").orElseThrow().status()).isEqualTo(StepReport.Status.DONE_EARLIER);
        Clusters.produce(prod4, "after-restart", 150, "streams.a", "streams.b");
        Mirror again = third.mirrors().restartedForward().orElseThrow();
        try (MirrorMonitor monitor = MirrorMonitor.of(again)) {
            monitor.awaitDone(REAL_TIME, Clusters.FAST, Duration.ofMillis(500));
        } finally {
            third.mirrors().stopAll(REAL_TIME);
        }
        VerificationReport protectedAgain = ZeroLossVerifier.between(prod4, backup).verify(REAL_TIME);
        assertThat(protectedAgain.exact()).as(protectedAgain.toString()).isTrue();
        assertThat(protectedAgain.sourceRecords()).isEqualTo(onBackup + 300);
    }
}
