package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.Secret;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.mirror.MirrorCheckpointConnector;
import org.apache.kafka.connect.mirror.MirrorMakerConfig;
import org.apache.kafka.connect.mirror.MirrorSourceConnector;
import org.apache.kafka.connect.mirror.SourceAndTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated file, read back by MirrorMaker 2's own {@link MirrorMakerConfig}. */
class MirrorConfigTest {
    private static final String PASSWORD = "s3cr3t-\"pa=ss\\word";
    private static final String TRUST_PASSWORD = "trust-me-42";

    @TempDir
    Path dir;
    private KafkaCluster prod;
    private KafkaCluster backup;

    @BeforeEach
    void clusters() throws Exception {
        Path truststore = Files.writeString(dir.resolve("truststore.jks"), "not really a keystore");
        prod = KafkaCluster.named("prod").withBootstrapServers("b-1.prod:9096, b-2.prod:9096")
                .withScram("streams", Secret.of(PASSWORD)).withTruststore(truststore, Secret.of(TRUST_PASSWORD)).build();
        backup = KafkaCluster.named("backup").withBootstrapServers("b-1.backup:9096")
                .withScram("streams-backup", Secret.of(PASSWORD)).withTruststore(truststore, Secret.of(TRUST_PASSWORD)).build();
    }

    private static Map<String, String> load(Path file) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in); // what connect-mirror-maker.sh does (Utils.loadProps)
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    @Test
    void fileIsOwnerOnlyAndResolvesAsTheRunbookSays() throws Exception {
        MirrorConfig config = MirrorConfig.from(prod).to(backup).withReplicationFactor(3).withInternalReplicationFactor(3).build();
        Path file = config.writeTo(dir.resolve("mm2.properties"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Map<String, String> props = load(file);
        assertThat(props).isEqualTo(config.toProperties());

        MirrorMakerConfig mm2 = new MirrorMakerConfig(props);
        SourceAndTarget flow = new SourceAndTarget("prod", "backup");
        assertThat(mm2.clusters()).containsExactlyInAnyOrder("prod", "backup");
        assertThat(mm2.connectorBaseConfig(flow, MirrorSourceConnector.class)).containsEntry("enabled", "true");
        assertThat(mm2.connectorBaseConfig(new SourceAndTarget("backup", "prod"), MirrorSourceConnector.class))
                .containsEntry("enabled", "false"); // never both directions: no replication loop

        Map<String, String> worker = mm2.workerConfig(flow);
        assertThat(worker)
                .containsEntry("bootstrap.servers", "b-1.backup:9096")
                .containsEntry("offset.flush.interval.ms", "1000")
                .containsEntry("plugin.discovery", "service_load")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("offset.storage.topic", "mm2-offsets.prod.internal")
                .containsEntry("offset.storage.replication.factor", "3")
                .doesNotContainKey("exactly.once.source.support");

        Map<String, String> source = mm2.connectorBaseConfig(flow, MirrorSourceConnector.class);
        assertThat(source)
                .containsEntry("topics", "streams.*")
                .containsEntry("replication.policy.class", MirrorConfig.IDENTITY_POLICY)
                .containsEntry("replication.factor", "3")
                .containsEntry("offset-syncs.topic.location", "target")
                .containsEntry("offset-syncs.topic.replication.factor", "3")
                .containsEntry("source.cluster.bootstrap.servers", "b-1.prod:9096,b-2.prod:9096")
                .containsEntry("target.cluster.bootstrap.servers", "b-1.backup:9096")
                .containsEntry("source.cluster.ssl.truststore.password", TRUST_PASSWORD)
                .containsEntry("source.cluster.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"streams\" password=\"s3cr3t-\\\"pa=ss\\\\word\";");
        Map<String, String> checkpoints = mm2.connectorBaseConfig(flow, MirrorCheckpointConnector.class);
        assertThat(checkpoints).containsEntry("sync.group.offsets.enabled", "true").containsEntry("checkpoints.topic.replication.factor", "3");

        // Kafka's own JAAS parser reads the password back exactly, quotes and backslash included.
        String jaasLine = source.get("source.cluster.sasl.jaas.config");
        var entries = org.apache.kafka.common.security.JaasContext.loadClientContext(
                Map.of("sasl.jaas.config", new org.apache.kafka.common.config.types.Password(jaasLine))).configurationEntries();
        assertThat(org.apache.kafka.common.security.JaasContext.configEntryOption(entries, "password", null)).isEqualTo(PASSWORD);
        assertThat(org.apache.kafka.common.security.JaasContext.configEntryOption(entries, "username", null)).isEqualTo("streams");
    }

    @Test
    void exactlyOnceSettingsReachTheWorkerWithTheTargetPrefix() {
        MirrorConfig config = MirrorConfig.from(prod).to(backup).withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .withTransactionTimeout(Duration.ofSeconds(10)).withOffsetFlushInterval(Duration.ofMillis(200))
                .withProperty("backup.producer.linger.ms", "5").withProperty("prod.consumer.fetch.min.bytes", "65536").build();
        MirrorMakerConfig mm2 = new MirrorMakerConfig(config.toProperties());
        SourceAndTarget flow = new SourceAndTarget("prod", "backup");
        assertThat(mm2.workerConfig(flow))
                .containsEntry("exactly.once.source.support", "enabled")
                .containsEntry("producer.transaction.timeout.ms", "10000")
                .containsEntry("producer.linger.ms", "5")
                .containsEntry("offset.flush.interval.ms", "200");
        assertThat(mm2.connectorBaseConfig(flow, MirrorSourceConnector.class))
                .containsEntry("source.consumer.isolation.level", "read_committed")
                .containsEntry("source.consumer.fetch.min.bytes", "65536")
                .containsEntry("consumer.poll.timeout.ms", "200"); // commits between polls: within the flush interval
    }

    @Test
    void secretsNeverInToString() {
        MirrorConfig config = MirrorConfig.from(prod).to(backup).build();
        for (String shown : new String[] {config.toString(), prod.toString(), backup.toString()}) {
            assertThat(shown).doesNotContain("s3cr3t").doesNotContain(TRUST_PASSWORD).contains("****");
        }
        assertThat(config.toString()).contains("prod->backup", "streams.*");
        assertThat(config.secrets()).extracting(Secret::reveal).contains(PASSWORD, TRUST_PASSWORD);
    }

    @Test
    void withClustersKeepsTheTuningAndRenamesPrefixes() {
        MirrorConfig forward = MirrorConfig.from(prod).to(backup).withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .withProperty("backup.producer.linger.ms", "5").withProperty("prod.consumer.max.poll.records", "2000").build();
        MirrorConfig reverse = forward.withClusters(backup, prod.withAlias("prod2"));
        assertThat(reverse.flow()).isEqualTo("backup->prod2");
        assertThat(reverse.toProperties())
                .containsEntry("prod2.producer.linger.ms", "5")
                .containsEntry("backup.consumer.max.poll.records", "2000")
                .containsEntry("prod2.exactly.once.source.support", "enabled")
                .containsEntry("prod2->backup.enabled", "false")
                .doesNotContainKey("prod->backup.enabled");
        assertThat(reverse.offsetsTopic()).isEqualTo("mm2-offsets.backup.internal");
        assertThat(forward.toProperties()).doesNotContainKey("emit.heartbeats.enabled");
        MirrorConfig quiet = reverse.toBuilder().withHeartbeats(Heartbeats.OFF).build();
        assertThat(quiet.heartbeats()).isEqualTo(Heartbeats.OFF);
        assertThat(quiet.toProperties()).containsEntry("emit.heartbeats.enabled", "false").containsEntry("prod2.producer.linger.ms", "5");
        assertThat(quiet.toBuilder().withHeartbeats(Heartbeats.EMIT).build().toProperties()).doesNotContainKey("emit.heartbeats.enabled");
        assertThat(reverse.heartbeats()).isEqualTo(Heartbeats.EMIT); // the copies changed, not the original
    }

    @Test
    void toBuilderCopiesEverySettingAndTheCopyIsIndependent() {
        MirrorConfig tuned = MirrorConfig.from(prod).to(backup).withTopics("orders\\..*").withGroups("billing.*").withReplicationFactor(2)
                .withInternalReplicationFactor(2).withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .withTransactionTimeout(Duration.ofSeconds(7)).withOffsetFlushInterval(Duration.ofMillis(300))
                .withSyncInterval(Duration.ofSeconds(2)).withRefreshInterval(Duration.ofSeconds(9)).withTasksMax(4)
                .withHeartbeats(Heartbeats.OFF).withProperty("backup.producer.linger.ms", "7").build();
        MirrorConfig.Builder builder = tuned.toBuilder();
        assertThat(builder.build().toProperties()).isEqualTo(tuned.toProperties());
        assertThat(builder.build().toString()).isEqualTo(tuned.toString());
        MirrorConfig changed = builder.withTopics("payments").withProperty("backup.producer.batch.size", "1024").build();
        assertThat(changed.topics()).isEqualTo("payments");
        assertThat(changed.toProperties()).containsEntry("backup.producer.linger.ms", "7").containsEntry("backup.producer.batch.size", "1024")
                .containsEntry("backup.exactly.once.source.support", "enabled").containsEntry("tasks.max", "4");
        assertThat(tuned.topics()).isEqualTo("orders\\..*"); // the original is untouched
        assertThat(tuned.toProperties()).doesNotContainKey("backup.producer.batch.size");
        assertThat(tuned.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    }

    @Test
    void clusterToBuilderAndWithAliasKeepServersAndCredentials() {
        KafkaCluster again = prod.withAlias("prod2");
        assertThat(again.alias()).isEqualTo("prod2");
        assertThat(again.clientProperties()).isEqualTo(prod.clientProperties());
        assertThat(again.secrets()).extracting(Secret::reveal).containsExactlyElementsOf(prod.secrets().stream().map(Secret::reveal).toList());
        KafkaCluster moved = prod.toBuilder().withBootstrapServers("b-9.prod:9096").build();
        assertThat(moved.alias()).isEqualTo("prod");
        assertThat(moved.bootstrapServers()).isEqualTo("b-9.prod:9096");
        assertThat(moved.username()).hasValue("streams");
        assertThat(prod.bootstrapServers()).isEqualTo("b-1.prod:9096,b-2.prod:9096");
    }
}
