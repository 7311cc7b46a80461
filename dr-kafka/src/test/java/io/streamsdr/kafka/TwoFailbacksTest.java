package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.CheckResult;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.Failover;
import io.streamsdr.core.Installation;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Kafka pairs, two failbacks ("kafka-eu" and "kafka-us"), ONE plan: their steps and outputs are
 * scoped by their ids, the one re-point step (the stand-in for the Helm upgrade) consumes both
 * bootstrap outputs, and both copies arrive with real records and nothing lost. Each backup holds
 * what the lost production wrote (the productions themselves are gone: their mirrors only describe
 * the flows).
 */
class TwoFailbacksTest {
    static final Poller REAL_TIME = Poller.system();
    static Clusters kafka;
    static KafkaCluster backupEu;
    static KafkaCluster newEu;
    static KafkaCluster backupUs;
    static KafkaCluster newUs;

    @BeforeAll
    static void backupsHoldingData() {
        kafka = new Clusters("two-failbacks");
        backupEu = kafka.start("backup-eu");
        newEu = kafka.start("prod2-eu");
        backupUs = kafka.start("backup-us");
        newUs = kafka.start("prod2-us");
        kafka.createTopics(backupEu, 3, "streams.a", "streams.b");
        kafka.createTopics(backupUs, 2, "streams.a", "streams.b");
        Clusters.produce(backupEu, "eu", 1200, "streams.a", "streams.b");
        Clusters.produce(backupUs, "us", 800, "streams.a", "streams.b");
        Clusters.consumeToEnd(backupEu, "billing", "streams.a", "streams.b");
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    /** The forward mirror of a lost production: it no longer runs, only its configuration matters. */
    private static Mirror lostForward(String alias, String servers, KafkaCluster backup) {
        return Mirror.inProcess(Clusters.testConfig(KafkaCluster.named(alias).withBootstrapServers(servers).build(), backup).build());
    }

    @Test
    void twoFailbacksShareOnePlanAndOneRepointThatConsumesBothBootstrapServers() throws Exception {
        KafkaFailback eu = KafkaFailback.of(lostForward("prod-eu", "127.0.0.1:1", backupEu)).to(newEu).withId("kafka-eu")
                .withStableWindow(Duration.ofMillis(500)).withPollPolicy(Clusters.FAST).build();
        KafkaFailback us = KafkaFailback.of(lostForward("prod-us", "127.0.0.1:2", backupUs)).to(newUs).withId("kafka-us")
                .withStableWindow(Duration.ofMillis(500)).withPollPolicy(Clusters.FAST).build();
        assertThat(eu.bootstrapServers()).isNotEqualTo(us.bootstrapServers());
        assertThat(eu.bootstrapServers().name()).isEqualTo("kafka-eu.bootstrap-servers");
        assertThat(us.bootstrapServers().name()).isEqualTo("kafka-us.bootstrap-servers");

        Map<String, String> helmValues = new TreeMap<>();
        PlanFragment helmUpgrade = PlanFragment.of(Step.named("helm-upgrade").consumes(eu.bootstrapServers(), us.bootstrapServers())
                .withAction(ctx -> {
                    helmValues.put("externalizedKafka.eu.bootstrapServers", ctx.input(eu.bootstrapServers()));
                    helmValues.put("externalizedKafka.us.bootstrapServers", ctx.input(us.bootstrapServers()));
                }));
        Installation streams = Installation.named("streams")
                .protect(KafkaBackupTarget.watching(MirrorMonitor.of(lostForward("prod-eu", "127.0.0.1:1", backupEu))).withName("kafka-eu").build())
                .protect(KafkaBackupTarget.watching(MirrorMonitor.of(lostForward("prod-us", "127.0.0.1:2", backupUs))).withName("kafka-us").build())
                .build();
        Failover failover = streams.failover("two-kafka-failover")
                .restore(eu.restoreSteps(), us.restoreSteps())
                .repoint(helmUpgrade)
                .then(eu.resumeMirroringSteps(), us.resumeMirroringSteps())
                .build();
        assertThat(failover.plan().steps()).hasSize(15);
        assertThat(failover.plan().step("kafka-eu.restart-forward").orElseThrow().dependencies())
                .containsExactlyInAnyOrder("kafka-eu.publish-bootstrap", "helm-upgrade");

        DrillReport drill = failover.drill()
                .teardownIfRan(eu.resumeMirroringSteps(), "stop kafka-eu's restarted forward mirror", () -> eu.mirrors().stopAll(REAL_TIME))
                .teardownIfRan(us.resumeMirroringSteps(), "stop kafka-us's restarted forward mirror", () -> us.mirrors().stopAll(REAL_TIME))
                .run(RunOptions.defaults());
        PlanReport report = drill.plan().orElseThrow();
        assertThat(drill.passed()).as(drill.toText()).isTrue();
        assertThat(helmValues).containsExactly(
                Map.entry("externalizedKafka.eu.bootstrapServers", newEu.bootstrapServers()),
                Map.entry("externalizedKafka.us.bootstrapServers", newUs.bootstrapServers()));
        assertThat(report.step("kafka-eu.publish-bootstrap").orElseThrow().outputs())
                .containsEntry("kafka-eu.bootstrap-servers", newEu.bootstrapServers());
        assertThat(report.step("kafka-us.publish-bootstrap").orElseThrow().outputs())
                .containsEntry("kafka-us.bootstrap-servers", newUs.bootstrapServers());
        assertThat(report.rpo()).containsKeys("kafka-eu", "kafka-us"); // each failback records under its own id
        assertThat(drill.teardown()).extracting(CheckResult::detail).containsExactly(
                "stopped MirrorMaker 2 prod2-us->backup-us", "stopped MirrorMaker 2 prod2-eu->backup-eu");

        // Zero loss on both: every record of each backup is on its new production, exactly once; the group came along.
        VerificationReport copiedEu = ZeroLossVerifier.between(backupEu, newEu).verify(REAL_TIME);
        VerificationReport copiedUs = ZeroLossVerifier.between(backupUs, newUs).verify(REAL_TIME);
        assertThat(copiedEu.exact()).as(copiedEu.toString()).isTrue();
        assertThat(copiedEu.sourceRecords()).isEqualTo(1200);
        assertThat(copiedUs.exact()).as(copiedUs.toString()).isTrue();
        assertThat(copiedUs.sourceRecords()).isEqualTo(800);
        assertThat(Clusters.groupOffsets(newEu, "billing")).isEqualTo(Clusters.groupOffsets(backupEu, "billing"));
        assertThat(eu.mirrors().restartedForward().orElseThrow().isRunning()).isFalse(); // the teardown stopped them
        assertThat(us.mirrors().restartedForward().orElseThrow().isRunning()).isFalse();
    }
}
