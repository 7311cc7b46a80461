package io.streamsdr.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.OptionalDependency;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/** dr-testkit declares Kafka's test kit optional: {@link EmbeddedKafka#named} names what is missing before anything starts. */
class EmbeddedKafkaClasspathTest {

    @Test
    void aMissingTestKitIsNamedWithItsVersionAndScope() {
        List<OptionalDependency> needs = List.of(
                OptionalDependency.ofClass("org.apache.kafka.common.test.NoSuchKafkaClusterTestKit", "org.apache.kafka:kafka-test-common-runtime",
                        "4.3.1"),
                EmbeddedKafka.TEST_KIT.get(1),
                OptionalDependency.ofClass("kafka.server.NoSuchKafkaRaftServer", "org.apache.kafka:kafka_2.13", "4.3.1"));
        assertThatThrownBy(() -> EmbeddedKafka.requireTestKit(needs, getClass().getClassLoader()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid class path of EmbeddedKafka: lacks org.apache.kafka:kafka-test-common-runtime (class"
                        + " org.apache.kafka.common.test.NoSuchKafkaClusterTestKit not found), org.apache.kafka:kafka_2.13 (class"
                        + " kafka.server.NoSuchKafkaRaftServer not found): add org.apache.kafka:kafka-test-common-runtime:4.3.1,"
                        + " org.apache.kafka:kafka_2.13:4.3.1 in test scope (dr-testkit declares Kafka's test kit optional; keep every"
                        + " org.apache.kafka artifact on one version)");
    }

    @Test
    void withTheTestKitPresentNamedPassesAndTheVersionIsTheOneTheBuildTestsWith() throws Exception {
        EmbeddedKafka.requireTestKit(EmbeddedKafka.TEST_KIT, getClass().getClassLoader());
        assertThat(EmbeddedKafka.named("prod")).isNotNull();
        assertThat(AppInfoParser.getVersion()).isEqualTo(EmbeddedKafka.KAFKA_VERSION);
        assertThat(Path.of(org.apache.kafka.common.test.KafkaClusterTestKit.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getFileName()).hasToString("kafka-test-common-runtime-" + EmbeddedKafka.KAFKA_VERSION + ".jar");
        assertThat(EmbeddedKafka.TEST_KIT).extracting(OptionalDependency::version).containsOnly(EmbeddedKafka.KAFKA_VERSION);
    }
}
