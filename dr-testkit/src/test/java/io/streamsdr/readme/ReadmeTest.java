package io.streamsdr.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README snippets come from code that compiles and runs in the build. */
class ReadmeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String START = "// README:quickstart:start\n";
    private static final String END = "// README:quickstart:end";

    @Test
    void theQuickstartInTheReadmeIsTheOneTheBuildRuns() throws Exception {
        String source = Files.readString(ROOT.resolve("dr-testkit/src/test/java/io/streamsdr/readme/QuickstartTest.java"));
        String snippet = source.substring(source.indexOf(START) + START.length(), source.indexOf(END)).stripTrailing();
        String readme = Files.readString(ROOT.resolve("README.md"));

        assertThat(readme).as("README.md must hold QuickstartTest's marked region verbatim in a java block")
                .contains("```java\n" + snippet + "\n```");
    }

    @Test
    void theReadmeNamesTheTwoCommandsAndCiRunsTheTestCommand() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String ci = Files.readString(ROOT.resolve(".ci/run"));

        assertThat(readme).contains("./mvnw -B verify", "./mvnw -B -q -Pdemo -DskipTests verify -pl dr-testkit -am");
        assertThat(ci).contains("./mvnw -B verify");
        assertThat(ROOT.resolve("dr-testkit/pom.xml")).content().contains("<id>demo</id>");
    }
}
