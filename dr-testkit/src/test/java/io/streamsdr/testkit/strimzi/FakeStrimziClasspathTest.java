package io.streamsdr.testkit.strimzi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.OptionalDependency;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dr-testkit declares Kafka Connect optional: {@link FakeStrimzi#install} names what is missing before it starts. */
class FakeStrimziClasspathTest {

    @Test
    void aMissingConnectArtifactIsNamedWithItsVersionAndScope() {
        List<OptionalDependency> needs = List.of(FakeStrimzi.CONNECT.get(0),
                OptionalDependency.ofClass("org.apache.kafka.connect.mirror.NoSuchConnector", "org.apache.kafka:connect-mirror", "4.3.1"));
        assertThatThrownBy(() -> FakeStrimzi.requireConnect(needs, getClass().getClassLoader()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid class path of FakeStrimzi: lacks org.apache.kafka:connect-mirror (class"
                        + " org.apache.kafka.connect.mirror.NoSuchConnector not found): add org.apache.kafka:connect-mirror:4.3.1 in test scope"
                        + " (dr-testkit declares Kafka Connect optional; keep every org.apache.kafka artifact on one version)");
    }

    @Test
    void withConnectPresentItPassesAndTheVersionIsTheOneTheBuildTestsWith() throws Exception {
        FakeStrimzi.requireConnect(FakeStrimzi.CONNECT, getClass().getClassLoader());
        for (OptionalDependency d : FakeStrimzi.CONNECT) {
            Class<?> type = Class.forName(d.probe(), false, getClass().getClassLoader());
            assertThat(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName())
                    .hasToString(d.artifact().substring(d.artifact().indexOf(':') + 1) + "-" + d.version() + ".jar");
        }
    }
}
