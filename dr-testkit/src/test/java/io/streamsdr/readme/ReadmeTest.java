package io.streamsdr.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** README snippets come from code that compiles and runs in the build. */
class ReadmeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theQuickstartInTheReadmeIsTheOneTheBuildRuns() throws Exception {
        String source = Files.readString(ROOT.resolve("dr-testkit/src/test/java/io/streamsdr/readme/QuickstartTest.java"));
        String region = source.substring(source.indexOf("// README:quickstart:start\n") + "// README:quickstart:start\n".length(),
                source.indexOf("        // README:quickstart:end"));
        String dedented = Arrays.stream(region.split("\n")).map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(ROOT.resolve("README.md"));

        assertThat(readme).as("README.md must contain the quickstart from QuickstartTest verbatim (dedented by 8)")
                .contains("```java\n" + dedented + "\n```");
    }

    @Test
    void theReadmeNamesTheTwoCommandsAndCiRunsTheTestCommand() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String ci = Files.readString(ROOT.resolve(".ci/run"));

        assertThat(readme).contains("./mvnw -B verify");
        assertThat(ci).contains("./mvnw -B verify");
        assertThat(readme).containsPattern("\\./mvnw -B -q -P(demo|drill) -DskipTests verify -pl dr-testkit -am");
    }
}
