package io.streamsdr.kafka;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.DataBaseline;
import io.streamsdr.core.DataEvidence;
import io.streamsdr.core.Poller;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.BackupTarget;
import io.streamsdr.testkit.k8s.MockCluster;
import io.streamsdr.testkit.kafka.EmbeddedKafka;
import io.streamsdr.testkit.strimzi.FakeStrimzi;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Javadoc examples that talk to Kafka, run on two embedded KRaft clusters (dr-testkit's fixture) with a
 * real MirrorMaker 2 behind the fake Strimzi operator: {@code EmbeddedKafka}, {@code FakeStrimzi},
 * {@code KafkaBackupTarget}, {@code ZeroLossVerifier}, {@code KafkaDataCheck}. {@code JavadocExamplesTest} keeps
 * each {@code // JAVADOC:} region identical to its example.
 */
class KafkaJavadocExamplesOnBrokersTest {
    private KafkaCluster production;
    private KafkaCluster backup;
    private MirrorConfig config;

    @Test
    void theExamplesRunOnRealClusters(@TempDir Path dir) {
        try (EmbeddedKafka prod = EmbeddedKafka.named("prod").withDirectory(dir.resolve("prod")).start()) {
            prod.createTopics(3, "streams.a", "streams.b");
            production = KafkaCluster.named("prod").withBootstrapServers(prod.bootstrapServers()).build();
            Clusters.produce(production, "before", 500, "streams.a", "streams.b");
            // JAVADOC:io.streamsdr.testkit.kafka.EmbeddedKafka:start
            try (EmbeddedKafka backup = EmbeddedKafka.named("backup").withDirectory(dir.resolve("backup")).start()) {
                backup.createTopics(3, "streams.a", "streams.b");       // returns once every partition has a leader
                KafkaCluster cluster = KafkaCluster.named("backup").withBootstrapServers(backup.bootstrapServers()).build();
                examplesWith(cluster);                                 // the test's code
            }
            // JAVADOC:io.streamsdr.testkit.kafka.EmbeddedKafka:end
        }
    }

    private void examplesWith(KafkaCluster backupCluster) {
        backup = backupCluster;
        config = Clusters.testConfig(production, backup).withTopics("streams.*").build();
        // JAVADOC:io.streamsdr.testkit.strimzi.FakeStrimzi:start
        try (MockCluster cluster = MockCluster.start(); FakeStrimzi strimzi = FakeStrimzi.install(cluster, Clock.systemUTC())) {
            Mirror forward = StrimziMirror.on(cluster.client(), "kafka", config);
            forward.start(Poller.system());   // Ready once the real connectors run
            mirroring(forward);               // the test's code
        }
        // JAVADOC:io.streamsdr.testkit.strimzi.FakeStrimzi:end
    }

    private void mirroring(Mirror forward) {
        try (MirrorMonitor monitor = MirrorMonitor.of(forward)) {
            monitor.awaitDone(Poller.system(), Clusters.FAST, Duration.ofMillis(500));
        }
        // JAVADOC:io.streamsdr.kafka.KafkaBackupTarget:start
        BackupTarget kafka = KafkaBackupTarget.watching(MirrorMonitor.of(forward))
            .withName("kafka")
            .withMaxLag(Duration.ofMinutes(1))
            .build();
        ProtectionStatus status = kafka.protectionStatus(RunContext.of(Poller.system()));
        // JAVADOC:io.streamsdr.kafka.KafkaBackupTarget:end
        assertThat(status).isHealthy().rpoAtMost(Duration.ofMinutes(1));

        // JAVADOC:io.streamsdr.kafka.ZeroLossVerifier:start
        VerificationReport report = ZeroLossVerifier.between(production, backup).withTopics("streams.*").verify(Poller.system());
        assertThat(report.exact()).as(report.toString()).isTrue();
        // JAVADOC:io.streamsdr.kafka.ZeroLossVerifier:end
        assertThat(report.sourceRecords()).isEqualTo(500);

        KafkaCluster newProduction = backup;   // a failback would make a new production; the backup holds the same records
        RunContext run = RunContext.of(Poller.system());
        // JAVADOC:io.streamsdr.kafka.KafkaDataCheck:start
        KafkaDataCheck records = KafkaDataCheck.builder("kafka", production).restoredOn(newProduction).withTopics("streams\\..*").build();
        DataBaseline before = records.capture(run);    // production, just before the disaster
        // JAVADOC:io.streamsdr.kafka.KafkaDataCheck:end
        DataEvidence evidence = records.verify(run, before);
        assertThat(before.count()).isEqualTo(500);
        assertThat(evidence.passed()).as(evidence.summary()).isTrue();

        forward.stop(Poller.system());
    }
}
