package io.streamsdr.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded-KRaft fixture: a real broker, on loopback, with the reconciled settings, in a directory of its own. */
class EmbeddedKafkaTest {

    @Test
    void startsOnLoopbackWithTheReconciledSettingsAndCloseDeletesItsDirectory(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("backup");
        EmbeddedKafka kafka = EmbeddedKafka.named("backup").withDirectory(data).withBrokerProperty("log.retention.hours", "1").start();
        try {
            assertThat(kafka.name()).isEqualTo("backup");
            assertThat(kafka.isRunning()).isTrue();
            assertThat(kafka.bootstrapServers()).matches("localhost:\\d+");
            assertThat(kafka.directory()).isEqualTo(data.toAbsolutePath());
            assertThat(data).isNotEmptyDirectory();

            kafka.createTopics(3, "streams.a", "streams.b");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("streams.a", "streams.b");
                assertThat(admin.describeTopics(List.of("streams.a")).allTopicNames().get(30, TimeUnit.SECONDS).get("streams.a")
                        .partitions()).hasSize(3);
                String broker = String.valueOf(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().id());
                Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, broker))).all()
                        .get(30, TimeUnit.SECONDS).values().iterator().next();
                assertThat(config.get("listeners").value()).contains("localhost:").doesNotContain("0.0.0.0");
                assertThat(config.get("log.message.timestamp.after.max.ms").value()).isEqualTo(String.valueOf(Long.MAX_VALUE));
                assertThat(config.get("offsets.topic.num.partitions").value()).isEqualTo("5");
                assertThat(config.get("transaction.state.log.num.partitions").value()).isEqualTo("5");
                assertThat(config.get("log.retention.hours").value()).isEqualTo("1");
            }
            // The topics are ready for an idempotent producer at once.
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "key.serializer", StringSerializer.class.getName(), "value.serializer", StringSerializer.class.getName()))) {
                RecordMetadata written = producer.send(new ProducerRecord<>("streams.b", 2, "k", "v")).get(30, TimeUnit.SECONDS);
                assertThat(written.offset()).isZero();
            }
            assertThatThrownBy(() -> kafka.createTopics(1, "streams.a"))
                    .isInstanceOf(CallFailedException.class)
                    .hasMessageStartingWith("Call failed: CreateTopics [streams.a] on embedded Kafka cluster 'backup' (" + kafka.bootstrapServers()
                            + "): Topic 'streams.a' already exists.");

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            kafka.stop(); // a second time does nothing
            assertThat(kafka.isRunning()).isFalse();
        } finally {
            kafka.close();
        }
        assertThat(data).doesNotExist();
        kafka.close();
    }

    @Test
    void refusesADirectoryThatHoldsSomethingElse(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EmbeddedKafka.named("prod").withDirectory(dir))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid directory of embedded Kafka cluster 'prod' (" + dir + "): must not exist yet or be an empty directory:"
                        + " the cluster deletes it when closed");
        assertThatThrownBy(() -> EmbeddedKafka.named("prod.eu/1"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid embedded Kafka cluster name 'prod.eu/1': must be 1 to 63 characters, start with a letter or digit"
                        + " and contain only letters, digits, '.', '_' and '-'");
    }
}
