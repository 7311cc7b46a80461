package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.CheckResult;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepReport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The runbook's failback, end to end, on three real clusters: old production, backup, new production. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailbackTest {
    static KafkaPair kafka;
    static KafkaCluster prod;
    static KafkaCluster backup;
    static KafkaCluster newProd;
    static Mirror forward;

    @BeforeAll
    static void backupRunning() throws Exception {
        kafka = new KafkaPair("failback");
        prod = kafka.start("prod");
        backup = kafka.start("backup");
        newProd = kafka.start("prod2");
        KafkaPair.createTopics(prod, 3, "streams.a", "streams.b");
        KafkaPair.produce(prod, "before", 3000, "streams.a", "streams.b");
        KafkaPair.consumeToEnd(prod, "billing", "streams.a", "streams.b");
        forward = Mirror.inProcess(KafkaPair.testConfig(prod, backup).build());
        forward.start();
        try (MirrorMonitor monitor = MirrorMonitor.of(forward)) {
            monitor.awaitDone(Poller.system(), MirrorBackupTest.FAST, Duration.ZERO);
            monitor.awaitGroupsTranslated(Poller.system(), MirrorBackupTest.FAST);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        forward.close();
        kafka.close();
    }

    @Test
    @Order(1)
    void refusesToCopyOntoANewProductionThatAlreadyHoldsData() {
        KafkaCluster notEmpty = prod.withAlias("prod-again");
        KafkaFailback failback = KafkaFailback.of(forward).to(notEmpty).build();
        assertThatThrownBy(failback::checkNewProductionIsEmpty)
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("failback target topics must be empty")
                .hasMessageContaining("already holds data in {streams.a=")
                .hasMessageContaining("withForce(true)");

        // In a plan: the forward mirror is stopped, then the reverse is refused and nothing is copied.
        RestorePlan.Builder plan = RestorePlan.builder("refused-failback");
        failback.steps().forEach(plan::withStep);
        PlanReport report = plan.build().execute();
        assertThat(report.succeeded()).isFalse();
        assertThat(report.step(KafkaFailback.START_REVERSE).status()).isEqualTo(StepReport.Status.FAILED);
        assertThat(report.step(KafkaFailback.START_REVERSE).error()).contains("failback target topics must be empty");
        assertThat(failback.reverseMirror()).isEmpty();
        forward.start(); // back to normal for the next test
    }

    @Test
    @Order(2)
    void failsBackEndToEndWithGroupsExactAndProtectsNewProductionAgain() throws Exception {
        Instant lateWrittenFrom = Instant.now();
        KafkaPair.produce(prod, "late", 500, "streams.a", "streams.b"); // still mirrored before the failback starts
        KafkaPair.consumeToEnd(prod, "billing", "streams.a", "streams.b");
        try (MirrorMonitor monitor = MirrorMonitor.of(forward)) {
            monitor.awaitDone(Poller.system(), MirrorBackupTest.FAST, Duration.ZERO);
            monitor.awaitGroupsTranslated(Poller.system(), MirrorBackupTest.FAST);
        }
        // production is lost here; prod2 is the rebuilt, empty production cluster
        KafkaFailback failback = KafkaFailback.of(forward).to(newProd).withStableWindow(Duration.ofSeconds(1)).build();

        // The failback in two parts: restore, then (after the rollout) resume mirroring; only the first carries preconditions.
        assertThat(failback.steps()).extracting(Step::id).containsExactlyElementsOf(Stream.concat(failback.restoreSteps().stream(),
                failback.resumeMirroringSteps().stream()).map(Step::id).toList());
        assertThat(failback.restoreSteps()).extracting(Step::id).doesNotContain(KafkaFailback.RESTART_FORWARD);
        assertThat(failback.resumeMirroringSteps()).extracting(Step::id).containsExactly(KafkaFailback.RESTART_FORWARD);
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
        assertThat(failback.reverseMirror()).isEmpty(); // and started nothing

        AtomicReference<String> helmSaw = new AtomicReference<>();
        RestorePlan.Builder plan = RestorePlan.builder("kafka-failback");
        failback.steps().forEach(plan::withStep);
        plan.withStep(Step.named("helm-upgrade").dependsOn(KafkaFailback.PUBLISH).consumes(KafkaFailback.BOOTSTRAP_SERVERS)
                .withAction(ctx -> helmSaw.set(ctx.input(KafkaFailback.BOOTSTRAP_SERVERS))));
        PlanReport report = plan.build().execute();
        assertThat(report.succeeded()).as(report.toText()).isTrue();
        assertThat(report.steps()).extracting(StepReport::id).containsExactly(KafkaFailback.STOP_FORWARD, KafkaFailback.START_REVERSE,
                KafkaFailback.AWAIT_REVERSE, KafkaFailback.STOP_REVERSE, KafkaFailback.VERIFY, KafkaFailback.PUBLISH,
                KafkaFailback.RESTART_FORWARD, "helm-upgrade");
        assertThat(helmSaw.get()).isEqualTo(newProd.bootstrapServers());
        // The RPO: from the newest record on the backup (the "late" batch) to when the forward mirror was stopped.
        Duration rpo = report.rpo().get("kafka");
        assertThat(rpo).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(newest.plus(rpo)).isBetween(report.step(KafkaFailback.STOP_FORWARD).startedAt(),
                report.step(KafkaFailback.STOP_FORWARD).endedAt());
        assertThat(forward.isRunning()).isFalse();
        assertThat(failback.reverseMirror().orElseThrow().isRunning()).isFalse();

        VerificationReport copied = ZeroLossVerifier.between(backup, newProd).verify();
        assertThat(copied.exact()).as(copied.toString()).isTrue();
        assertThat(copied.sourceRecords()).isEqualTo(3500);
        assertThat(KafkaPair.groupOffsets(newProd, "billing")).isEqualTo(KafkaPair.groupOffsets(prod, "billing"));

        // Streams now writes to new production; the restarted forward mirror copies only that, once.
        Mirror again = failback.restartedForward().orElseThrow();
        assertThat(again.isRunning()).isTrue();
        assertThat(again.config().flow()).isEqualTo("prod2->backup");
        KafkaPair.produce(newProd, "after", 400, "streams.a", "streams.b");
        try (MirrorMonitor monitor = MirrorMonitor.of(again)) {
            monitor.awaitDone(Poller.system(), MirrorBackupTest.FAST, Duration.ofMillis(500));
        } finally {
            again.close();
        }
        VerificationReport protectedAgain = ZeroLossVerifier.between(newProd, backup).verify();
        assertThat(protectedAgain.exact()).as(protectedAgain.toString()).isTrue();
        assertThat(protectedAgain.sourceRecords()).isEqualTo(3900);

        // New production now holds records: a second failback onto it is refused before it starts, unless forced.
        CheckResult holdsData = preconditions(KafkaFailback.of(forward).to(newProd).build()).get(1);
        assertThat(holdsData.passed()).isFalse();
        assertThat(holdsData.detail()).startsWith("Refused by guard rail 'failback target topics must be empty': new production cluster"
                + " 'prod2' (" + newProd.bootstrapServers() + ") already holds data in {streams.a=1950, streams.b=1950}")
                .endsWith("To proceed anyway: KafkaFailback.of(forward).to(newProduction).withForce(true)");
        List<CheckResult> forced = preconditions(KafkaFailback.of(forward).to(newProd).withForce(true).build());
        assertThat(forced).extracting(CheckResult::name).containsExactly("backup cluster 'backup' holds the mirrored topics",
                "new production 'prod2' may hold data (forced)");
        assertThat(forced).allMatch(CheckResult::passed, "passed");
        assertThat(forced.get(1).detail()).isEqualTo("not checked: forced");
    }

    /** The failback's preconditions, checked as a failover's preview does: without running a step. */
    private static List<CheckResult> preconditions(KafkaFailback failback) {
        RestorePlan.Builder plan = RestorePlan.builder("failback-preview");
        failback.restoreSteps().forEach(plan::withStep);
        List<CheckResult> results = plan.build().checkPreconditions();
        assertThat(results).allSatisfy(r -> assertThat(r.subject()).isEqualTo(KafkaFailback.STOP_FORWARD));
        return results;
    }

    @Test
    @Order(3)
    void aFailbackThatDiedWhileWaitingResumesFromItsJournal(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        KafkaCluster prod3 = kafka.start("prod3");
        io.streamsdr.core.RunOptions journal = io.streamsdr.core.RunOptions.defaults()
                .withJournal(io.streamsdr.core.spi.Journal.file(dir.resolve("failback-journal.json")));

        // First run: the wait gives up at once, as if the process died while waiting; the reverse MM2 dies with it.
        KafkaFailback first = KafkaFailback.of(forward).to(prod3).withPollPolicy(
                new io.streamsdr.core.PollPolicy(Duration.ZERO, io.streamsdr.core.Backoff.fixed(Duration.ofMillis(1)), Duration.ofMillis(1))).build();
        RestorePlan.Builder plan1 = RestorePlan.builder("kafka-failback-resumed");
        first.steps().forEach(plan1::withStep);
        PlanReport died = plan1.build().execute(journal);
        assertThat(died.step(KafkaFailback.AWAIT_REVERSE).status()).isEqualTo(StepReport.Status.FAILED);
        first.reverseMirror().orElseThrow().stop();

        // Second run, new objects, same journal: the finished steps are skipped (the guard rail too, although
        // prod3 now holds part of the data); the reverse mirror resumes from its committed offsets.
        KafkaFailback second = KafkaFailback.of(forward).to(prod3).withStableWindow(Duration.ofMillis(500)).build();
        RestorePlan.Builder plan2 = RestorePlan.builder("kafka-failback-resumed");
        second.steps().forEach(plan2::withStep);
        PlanReport resumed = plan2.build().execute(journal);
        assertThat(resumed.succeeded()).as(resumed.toText()).isTrue();
        assertThat(resumed.step(KafkaFailback.START_REVERSE).status()).isEqualTo(StepReport.Status.DONE_EARLIER);
        assertThat(resumed.step(KafkaFailback.AWAIT_REVERSE).status()).isEqualTo(StepReport.Status.SUCCEEDED);
        second.restartedForward().orElseThrow().close();

        VerificationReport copied = ZeroLossVerifier.between(backup, prod3).verify();
        assertThat(copied.exact()).as(copied.toString()).isTrue();
        assertThat(copied.sourceRecords()).isEqualTo(3900);
    }
}
