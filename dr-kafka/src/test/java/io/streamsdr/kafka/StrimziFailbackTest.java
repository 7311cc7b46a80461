package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.TerminalStateException;
import io.streamsdr.testkit.k8s.MockCluster;
import io.streamsdr.testkit.strimzi.FakeStrimzi;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka failback's seven steps through Strimzi: every mirror is a {@code KafkaMirrorMaker2} on fabric8's mock
 * API server, run by dr-testkit's fake Strimzi operator as real MirrorMaker 2 connectors on a real Connect worker
 * between real embedded KRaft clusters. Zero loss is counted record by record, and every object the library
 * created is checked against Strimzi's CRD.
 */
class StrimziFailbackTest {
    static Clusters kafka;
    static KafkaCluster prod;
    static KafkaCluster backup;
    static KafkaCluster prod2;
    static MockCluster cluster;
    static FakeStrimzi strimzi;
    static KubernetesClient client;

    @BeforeAll
    static void start() {
        kafka = new Clusters("strimzi");
        prod = kafka.start("prod");
        backup = kafka.start("backup");
        prod2 = kafka.start("prod2");
        cluster = MockCluster.start();
        client = cluster.client();
        strimzi = FakeStrimzi.install(cluster, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (strimzi != null) {
            strimzi.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        kafka.close();
    }

    @Test
    void theFailbackRunsItsSevenStepsThroughStrimziWithZeroLoss() throws Exception {
        kafka.createTopics(prod, 3, "streams.a", "streams.b");
        Clusters.produce(prod, "before", 3000, "streams.a", "streams.b");
        Clusters.consumeToEnd(prod, "billing", "streams.a", "streams.b");
        StrimziMirror forward = StrimziMirror.on(client, "kafka", Clusters.testConfig(prod, backup).build());
        assertThat(forward.isRunning()).isFalse();
        forward.start(Poller.system());
        assertThat(forward.isRunning()).isTrue();
        try (MirrorMonitor monitor = MirrorMonitor.of(forward)) {
            monitor.awaitDone(Poller.system(), Clusters.FAST, Duration.ofMillis(500));
            monitor.awaitGroupsTranslated(Poller.system(), Clusters.FAST);
        }
        assertThat(ZeroLossVerifier.between(prod, backup).verify(Poller.system()).exact()).isTrue();

        // production is lost; the backup is copied onto a new production cluster, through Strimzi
        KafkaFailback failback = KafkaFailback.of(forward).to(prod2)
                .withMirrors(c -> StrimziMirror.on(client, "kafka", c))
                .withStableWindow(Duration.ofMillis(500)).withPollPolicy(Clusters.FAST).build();
        List<String> helmSets = new ArrayList<>();
        PlanReport report = RestorePlan.builder("strimzi-failback")
                .withFragment(failback.restoreSteps())
                .withStep(Step.named("helm-upgrade").dependsOn("kafka.publish-bootstrap").consumes(failback.bootstrapServers())
                        .withAction(ctx -> helmSets.add("externalizedKafka.bootstrapServers=" + ctx.input(failback.bootstrapServers()))))
                .withFragment(failback.resumeMirroringSteps().dependsOn("helm-upgrade"))
                .build().execute(RunOptions.defaults());
        assertThat(report.succeeded()).as(report.toText()).isTrue();
        assertThat(report.steps().stream().map(s -> s.id()).toList()).containsExactly("kafka.stop-forward", "kafka.start-reverse",
                "kafka.await-reverse", "kafka.stop-reverse", "kafka.verify", "kafka.publish-bootstrap", "helm-upgrade", "kafka.restart-forward");
        assertThat(helmSets).containsExactly("externalizedKafka.bootstrapServers=" + prod2.bootstrapServers());

        VerificationReport copied = ZeroLossVerifier.between(backup, prod2).verify(Poller.system());
        assertThat(copied.exact()).as(copied.toString()).isTrue();
        assertThat(copied.targetRecords()).isEqualTo(3000);
        assertThat(Clusters.groupOffsets(prod2, "billing")).isEqualTo(Clusters.groupOffsets(prod, "billing"));

        // the three resources Strimzi ran: forward stopped, reverse stopped, restarted forward running
        assertThat(state("prod-backup-mm2")).isEqualTo("stopped");
        assertThat(state("backup-prod2-mm2")).isEqualTo("stopped");
        assertThat(state("prod2-backup-mm2")).isEqualTo("running");
        assertThat(connectorStates("backup-prod2-mm2")).containsExactly("STOPPED", "STOPPED");
        Mirror restarted = failback.mirrors().restartedForward().orElseThrow();
        assertThat(restarted).isInstanceOf(StrimziMirror.class);
        assertThat(restarted.isRunning()).isTrue();

        // protection is back: what new production gets from now on reaches the backup once
        Clusters.produce(prod2, "after", 500, "streams.a", "streams.b");
        try (MirrorMonitor monitor = MirrorMonitor.of(restarted)) {
            monitor.awaitDone(Poller.system(), Clusters.FAST, Duration.ofMillis(500));
        }
        VerificationReport back = ZeroLossVerifier.between(prod2, backup).verify(Poller.system());
        assertThat(back.exact()).as(back.toString()).isTrue();
        assertThat(back.targetRecords()).isEqualTo(3500);
        assertThat(failback.mirrors().stopAll(Poller.system())).isEqualTo("stopped MirrorMaker 2 prod2->backup");
        assertThat(state("prod2-backup-mm2")).isEqualTo("stopped");

        for (GenericKubernetesResource r : client.genericKubernetesResources(StrimziMirror.KAFKA_MIRROR_MAKER_2).inNamespace("kafka").list().getItems()) {
            assertThat(StrimziCrd.violations(r)).as(r.getMetadata().getName()).isEmpty();
        }
        assertThat(strimzi.workersStarted()).isEqualTo(3);
    }

    @Test
    void aFailedConnectorFailsTheWaitAtOnceWithItsTrace() {
        KafkaCluster source = KafkaCluster.named("broken").withBootstrapServers(prod.bootstrapServers()).build();
        MirrorConfig bad = Clusters.testConfig(source, backup).withTopics("streams\\..*")
                .withProperty("broken.consumer.isolation.level", "bogus").build();
        StrimziMirror mirror = StrimziMirror.on(client, "kafka", bad).withReadyTimeout(Duration.ofMinutes(2));
        assertThatThrownBy(() -> mirror.start(Poller.system()))
                .isInstanceOf(TerminalStateException.class)
                .hasMessageStartingWith("KafkaMirrorMaker2 'broken-backup-mm2' in namespace kafka to be Ready with its connectors RUNNING"
                        + " cannot complete: ")
                .hasMessageContaining("broken->backup.Mirror")
                .hasMessageContaining("is FAILED: org.apache.kafka.common.config.ConfigException: Invalid value bogus for configuration isolation.level");
        mirror.delete(Poller.system());
        assertThat(mirror.isRunning()).isFalse();
    }

    private static String state(String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(StrimziMirror.KAFKA_MIRROR_MAKER_2).inNamespace("kafka").withName(name).get();
        return StrimziResource.desiredState(r);
    }

    @SuppressWarnings("unchecked")
    private static List<String> connectorStates(String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(StrimziMirror.KAFKA_MIRROR_MAKER_2).inNamespace("kafka").withName(name).get();
        List<String> out = new ArrayList<>();
        for (Object c : (List<Object>) ((Map<String, Object>) r.getAdditionalProperties().get("status")).get("connectors")) {
            out.add(String.valueOf(((Map<String, Object>) ((Map<String, Object>) c).get("connector")).get("state")));
        }
        return out;
    }
}
