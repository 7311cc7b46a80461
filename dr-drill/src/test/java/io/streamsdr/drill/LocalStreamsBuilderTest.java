package io.streamsdr.drill;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad settings fail in the builder, naming the field, before anything starts. */
class LocalStreamsBuilderTest {
    private final LocalStreams.Builder builder = LocalStreams.builder(Path.of("target", "local-drill"));

    @Test
    void rejectsBadSettingsNamingTheField() {
        assertThatThrownBy(() -> LocalStreams.builder(null))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("Invalid base directory: must not be null");
        assertThatThrownBy(() -> builder.withClock(null))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("Invalid clock: must not be null");
        assertThatThrownBy(() -> builder.withRecords(-1))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("Invalid records: must not be negative, was -1");
        assertThatThrownBy(() -> builder.withRdsRestoreDuration(Duration.ZERO))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("Invalid RDS restore duration: must be positive");
        assertThatThrownBy(() -> builder.withVeleroRestoreDuration(Duration.ofMinutes(-1)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("Invalid Velero restore duration: must not be negative");
        assertThatThrownBy(() -> builder.withRolloutTime(null))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("Invalid rollout time: must not be null");
    }
}
