package io.streamsdr.javadoc.optional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.OptionalDependency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link OptionalDependency}'s Javadoc example, run where the driver is absent. */
class OptionalDependencyExampleTest {

    /** The example's declarations, as a provider would write them. */
    static final class DatabaseChecks {
        // JAVADOC:io.streamsdr.core.spi.OptionalDependency:start
        static final List<OptionalDependency> NEEDS = List.of(
                OptionalDependency.ofClass("org.mariadb.jdbc.Driver", "org.mariadb.jdbc:mariadb-java-client", "3.5.7"));

        static void requireDriver(ClassLoader loader) {   // first thing the feature does, before any connection
            OptionalDependency.require("the database checks", OptionalDependency.Scope.RUNTIME, "dr-aws declares it optional",
                    NEEDS, loader);
            // without the driver: Invalid class path of the database checks: lacks org.mariadb.jdbc:mariadb-java-client
            // (class org.mariadb.jdbc.Driver not found): add org.mariadb.jdbc:mariadb-java-client:3.5.7 in runtime scope
            // (dr-aws declares it optional)
        }
        // JAVADOC:io.streamsdr.core.spi.OptionalDependency:end
    }

    @Test
    void withoutTheDriverTheExampleSaysWhatToAdd() {
        ClassLoader bootstrapOnly = new ClassLoader(null) {
        };

        assertThatThrownBy(() -> DatabaseChecks.requireDriver(bootstrapOnly))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid class path of the database checks: lacks org.mariadb.jdbc:mariadb-java-client"
                        + " (class org.mariadb.jdbc.Driver not found): add org.mariadb.jdbc:mariadb-java-client:3.5.7 in runtime scope"
                        + " (dr-aws declares it optional)");
    }
}
