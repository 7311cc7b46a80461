package io.streamsdr.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrResourcesTest {

    @Test
    void closesInReverseOrderAndOnlyOnce() throws Exception {
        List<String> closed = new ArrayList<>();
        DrResources resources = new DrResources();
        AutoCloseable first = () -> closed.add("first");
        assertThat(resources.register(first)).isSameAs(first);
        resources.register(() -> closed.add("second"));

        resources.close();
        resources.close();

        assertThat(closed).containsExactly("second", "first");
        assertThat(resources.size()).isZero();
    }

    @Test
    void closesEveryResourceAndThrowsTheFirstFailureWithTheOthersSuppressed() {
        List<String> closed = new ArrayList<>();
        DrResources resources = new DrResources();
        resources.register(() -> {
            throw new IOException("first failed");
        });
        resources.register(() -> closed.add("middle"));
        resources.register(() -> {
            throw new IllegalStateException("last failed");
        });

        assertThatThrownBy(resources::close).isInstanceOf(IllegalStateException.class).hasMessage("last failed")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("first failed"));
        assertThat(closed).containsExactly("middle");
    }

    @Test
    void refusesNullAndRegistrationAfterTheTest() throws Exception {
        DrResources resources = new DrResources();
        assertThatThrownBy(() -> resources.register(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid resource: must not be null");
        resources.close();
        assertThatThrownBy(() -> resources.register(() -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DrResources are closed: the test they belong to is over");
    }
}
