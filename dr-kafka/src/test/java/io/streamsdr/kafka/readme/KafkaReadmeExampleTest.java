package io.streamsdr.kafka.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.BackupTarget;
import io.streamsdr.core.PlanPreview;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.kafka.KafkaBackupTarget;
import io.streamsdr.kafka.KafkaCluster;
import io.streamsdr.kafka.KafkaFailback;
import io.streamsdr.kafka.Mirror;
import io.streamsdr.kafka.MirrorConfig;
import io.streamsdr.kafka.MirrorMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Kafka snippet, compiled and run by the build (ReadmeTest in dr-testkit keeps the two
 * identical). Nothing here connects: the mirror is built, not started, and the plan is previewed.
 * The running parts are covered against real clusters by MirrorBackupTest and FailbackTest.
 */
class KafkaReadmeExampleTest {

    @Test
    void theReadmeSnippetBuildsTheMirrorAndTheFailbackPlan(@TempDir Path dir) throws Exception {
        Path truststore = Files.createFile(dir.resolve("truststore.jks"));
        // README:kafka:start
        // given: Path truststore; Path dir
        KafkaCluster prod = KafkaCluster.named("prod")
                .withBootstrapServers("127.0.0.1:19096")
                .withScram("streams", Secret.of("prod-password"))
                .withTruststore(truststore, Secret.of("truststore-password"))
                .build();
        KafkaCluster backup = KafkaCluster.named("backup").withBootstrapServers("127.0.0.1:29096").build();
        KafkaCluster newProd = KafkaCluster.named("prod2").withBootstrapServers("127.0.0.1:39096").build();

        MirrorConfig forward = MirrorConfig.from(prod).to(backup).withTopics("streams.*").build();
        forward.writeTo(dir.resolve("mm2.properties"));    // owner-only: connect-mirror-maker.sh mm2.properties --clusters backup
        Mirror mirror = Mirror.inProcess(forward);          // mirror.start(Poller.system()) runs MirrorMaker 2 in this JVM
        BackupTarget kafka = KafkaBackupTarget.watching(MirrorMonitor.of(mirror)).build(); // RPO = lag in time

        KafkaFailback failback = KafkaFailback.of(mirror).to(newProd).build(); // steps "kafka.stop-forward" ... "kafka.restart-forward"
        RestorePlan plan = RestorePlan.builder("kafka-failback")
                .withFragment(failback.restoreSteps())        // brings the clusters' passwords along: reports mask them
                .withStep(Step.named("helm-upgrade").dependsOn("kafka.publish-bootstrap").consumes(failback.bootstrapServers())
                        .withAction(ctx -> ctx.progress("externalizedKafka.bootstrapServers=" + ctx.input(failback.bootstrapServers()))))
                .withFragment(failback.resumeMirroringSteps().dependsOn("helm-upgrade"))
                .build();
        PlanPreview preview = plan.preview();
        // README:kafka:end

        assertThat(kafka.name()).isEqualTo("kafka");
        assertThat(preview.steps()).extracting(PlanPreview.StepPreview::id).containsExactly("kafka.stop-forward", "kafka.start-reverse",
                "kafka.await-reverse", "kafka.stop-reverse", "kafka.verify", "kafka.publish-bootstrap", "helm-upgrade", "kafka.restart-forward");
        assertThat(plan.secrets()).extracting(Secret::reveal).contains("prod-password", "truststore-password");
        Path written = dir.resolve("mm2.properties");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-------");
        assertThat(Files.readString(written)).contains("IdentityReplicationPolicy", "streams.*", "prod-password");
        assertThat(forward.toString()).doesNotContain("prod-password", "truststore-password");
        assertThat(preview.toText()).doesNotContain("prod-password", "truststore-password");
    }
}
