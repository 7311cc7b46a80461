package io.streamsdr.kafka.javadoc;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.Drill;
import io.streamsdr.core.Installation;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PlanPreview;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.kafka.DeliveryGuarantee;
import io.streamsdr.kafka.KafkaBackupTarget;
import io.streamsdr.kafka.KafkaCluster;
import io.streamsdr.kafka.KafkaFailback;
import io.streamsdr.kafka.Mirror;
import io.streamsdr.kafka.MirrorConfig;
import io.streamsdr.kafka.MirrorMonitor;
import io.streamsdr.kafka.MskIam;
import io.streamsdr.kafka.StrimziMirror;
import io.streamsdr.testkit.k8s.MockCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Javadoc examples of dr-kafka that build definitions (clusters, mirrors, failbacks), compiled and run
 * without a broker: what they build is asserted, and plans are previewed. The examples that talk to Kafka run
 * in {@code EmbeddedKafkaJavadocExamplesTest}. {@code JavadocExamplesTest} keeps each {@code // JAVADOC:}
 * region identical to its example.
 */
class KafkaJavadocExamplesTest {
    private final KafkaCluster prod = KafkaCluster.named("prod").withBootstrapServers("127.0.0.1:19092").build();
    private final KafkaCluster production = prod;
    private final KafkaCluster backup = KafkaCluster.named("backup").withBootstrapServers("127.0.0.1:29092").build();
    private final KafkaCluster newProd = KafkaCluster.named("prod2").withBootstrapServers("127.0.0.1:39092").build();

    @Test
    void kafkaAuth() {
        // JAVADOC:io.streamsdr.kafka.KafkaAuth:start
        KafkaCluster prod = KafkaCluster.named("prod")
            .withBootstrapServers("b-1.prod.kafka.eu-west-1.amazonaws.com:9098")
            .withAuth(MskIam.builder().withRole("arn:aws:iam::123456789012:role/streams-mm2").withStsRegion("eu-west-1").build())
            .build();
        // JAVADOC:io.streamsdr.kafka.KafkaAuth:end

        assertThat(prod.clientProperties()).containsEntry("sasl.mechanism", "AWS_MSK_IAM").containsEntry("security.protocol", "SASL_SSL");
        assertThat(prod.clientProperties().get("sasl.jaas.config").toString()).contains("awsRoleArn=\"arn:aws:iam::123456789012:role/streams-mm2\"",
                "awsStsRegion=\"eu-west-1\"");
    }

    @Test
    void kafkaCluster(@TempDir Path dir) throws Exception {
        Secret kafkaPassword = Secret.of("prod-password");
        Secret truststorePassword = Secret.of("truststore-password");
        Path truststore = Files.createFile(dir.resolve("truststore.jks"));
        // JAVADOC:io.streamsdr.kafka.KafkaCluster:start
        KafkaCluster production = KafkaCluster.named("prod")
            .withBootstrapServers("b-1.msk.example:9096,b-2.msk.example:9096")
            .withScram("streams", kafkaPassword)                  // e.g. Secret.of(System.getenv("KAFKA_PASSWORD"))
            .withTruststore(truststore, truststorePassword)       // e.g. Path.of("/etc/kafka/truststore.jks")
            .build();
        // JAVADOC:io.streamsdr.kafka.KafkaCluster:end

        assertThat(production.clientProperties()).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", truststore.toString());
        assertThat(production.toString()).doesNotContain("prod-password", "truststore-password");
    }

    @Test
    void mirrorConfig(@TempDir Path dir) throws Exception {
        Path properties = dir.resolve("mm2.properties");
        // JAVADOC:io.streamsdr.kafka.MirrorConfig:start
        MirrorConfig forward = MirrorConfig.from(production).to(backup)
            .withTopics("streams.*")
            .withReplicationFactor(3)
            .withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .build();
        forward.writeTo(properties);   // e.g. Path.of("mm2.properties"), for connect-mirror-maker.sh, rw------- only
        // JAVADOC:io.streamsdr.kafka.MirrorConfig:end

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(properties))).isEqualTo("rw-------");
        assertThat(Files.readString(properties)).contains("prod->backup.topics=streams.*", "backup.exactly.once.source.support=enabled", "replication.factor=3");
    }

    @Test
    void kafkaFailbackTwice() {
        Mirror forwardEu = Mirror.inProcess(MirrorConfig.from(prod).to(backup).build());
        Mirror forwardUs = Mirror.inProcess(MirrorConfig.from(KafkaCluster.named("prod-us").withBootstrapServers("127.0.0.1:19093").build())
                .to(KafkaCluster.named("backup-us").withBootstrapServers("127.0.0.1:29093").build()).build());
        KafkaCluster newProductionEu = newProd;
        KafkaCluster newProductionUs = KafkaCluster.named("prod2-us").withBootstrapServers("127.0.0.1:39093").build();
        List<String> upgrades = new CopyOnWriteArrayList<>();
        // JAVADOC:io.streamsdr.kafka.KafkaFailback:start
        KafkaFailback eu = KafkaFailback.of(forwardEu).to(newProductionEu).withId("kafka-eu").build();
        KafkaFailback us = KafkaFailback.of(forwardUs).to(newProductionUs).withId("kafka-us").build();
        RestorePlan plan = RestorePlan.builder("failback")
            .withFragment(eu.restoreSteps())
            .withFragment(us.restoreSteps())
            .withStep(Step.named("helm-upgrade").dependsOn(eu.restoreSteps().exits().get(0), us.restoreSteps().exits().get(0))
                .consumes(eu.bootstrapServers(), us.bootstrapServers())
                .withAction(ctx -> upgrades.add(ctx.input(eu.bootstrapServers()) + " " + ctx.input(us.bootstrapServers()))))
            .withFragment(eu.resumeMirroringSteps().dependsOn("helm-upgrade"))
            .withFragment(us.resumeMirroringSteps().dependsOn("helm-upgrade"))
            .build();
        // JAVADOC:io.streamsdr.kafka.KafkaFailback:end

        PlanPreview preview = plan.preview();
        assertThat(preview.steps()).extracting(PlanPreview.StepPreview::id).contains("kafka-eu.stop-forward", "kafka-us.stop-forward",
                "helm-upgrade", "kafka-eu.restart-forward", "kafka-us.restart-forward");
        assertThat(plan.step("helm-upgrade").orElseThrow().dependencies()).containsExactlyInAnyOrder("kafka-eu.publish-bootstrap",
                "kafka-us.publish-bootstrap");
    }

    @Test
    void failbackMirrors() {
        Mirror forward = Mirror.inProcess(MirrorConfig.from(prod).to(backup).build());
        KafkaFailback failback = KafkaFailback.of(forward).to(newProd).build();
        Drill.Builder drill = Installation.named("streams").protect(KafkaBackupTarget.watching(MirrorMonitor.of(forward)).build()).build()
                .failover("streams-failover").restore(failback.restoreSteps())
                .repoint(PlanFragment.of(Step.named("helm-upgrade").withAction(ctx -> { })))
                .then(failback.resumeMirroringSteps()).build().drill();
        // JAVADOC:io.streamsdr.kafka.FailbackMirrors:start
        drill.teardownIfRan(failback.resumeMirroringSteps(), "stop the restarted forward mirror",
            () -> failback.mirrors().stopAll(Poller.system()));
        // JAVADOC:io.streamsdr.kafka.FailbackMirrors:end

        assertThat(failback.mirrors().reverse()).isEmpty();
        assertThat(failback.mirrors().stopAll(Poller.system())).isNotBlank();
        assertThat(drill.build().toString()).contains("1 teardown actions");
    }

    @Test
    void strimziMirror() {
        try (MockCluster cluster = MockCluster.start()) {
            KubernetesClient client = cluster.client();
            // JAVADOC:io.streamsdr.kafka.StrimziMirror:start
            Mirror forward = StrimziMirror.on(client, "kafka", MirrorConfig.from(prod).to(backup).build()).withReplicas(2);
            KafkaFailback failback = KafkaFailback.of(forward).to(newProd)
                .withMirrors(c -> StrimziMirror.on(client, "kafka", c))   // the reverse and restarted mirrors on Strimzi too
                .build();
            // JAVADOC:io.streamsdr.kafka.StrimziMirror:end

            assertThat(((StrimziMirror) forward).resource().toString()).contains("replicas=2");
            assertThat(failback.restoreSteps().steps()).isNotEmpty();
        }
    }
}
