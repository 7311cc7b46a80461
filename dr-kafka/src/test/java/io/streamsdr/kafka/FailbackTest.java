package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepReport;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
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
        KafkaPair.produce(prod, "late", 500, "streams.a", "streams.b"); // still mirrored before the failback starts
        KafkaPair.consumeToEnd(prod, "billing", "streams.a", "streams.b");
        try (MirrorMonitor monitor = MirrorMonitor.of(forward)) {
            monitor.awaitDone(Poller.system(), MirrorBackupTest.FAST, Duration.ZERO);
            monitor.awaitGroupsTranslated(Poller.system(), MirrorBackupTest.FAST);
        }
        // production is lost here; prod2 is the rebuilt, empty production cluster
        KafkaFailback failback = KafkaFailback.of(forward).to(newProd).withStableWindow(Duration.ofSeconds(1)).build();
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
