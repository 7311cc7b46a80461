package io.streamsdr.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** README snippets come from code that compiles and runs in the build. */
class ReadmeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @ParameterizedTest(name = "{1} from {0}")
    @CsvSource({
        "dr-testkit/src/test/java/io/streamsdr/readme/QuickstartTest.java, quickstart",
        "dr-aws/src/test/java/io/streamsdr/aws/AwsReadmeExampleTest.java, aws-rds",
        "dr-aws/src/test/java/io/streamsdr/aws/AwsReadmeExampleTest.java, aws-velero",
        "dr-testkit/src/test/java/io/streamsdr/testkit/velero/VeleroDocsExampleTest.java, k8s-velero",
        "dr-testkit/src/test/java/io/streamsdr/testkit/velero/VeleroDocsExampleTest.java, k8s-restore",
        "dr-testkit/src/test/java/io/streamsdr/testkit/velero/VeleroDocsExampleTest.java, k8s-helm",
        "dr-kafka/src/test/java/io/streamsdr/kafka/readme/KafkaReadmeExampleTest.java, kafka",
        "dr-drill/src/main/java/io/streamsdr/drill/StreamsDrill.java, drill-recipe",
        "dr-drill/src/main/java/io/streamsdr/drill/StreamsDrill.java, drill-failover",
        "dr-drill/src/test/java/io/streamsdr/drill/readme/StreamsDrillExampleTest.java, drill-junit",
        "dr-aws/src/test/java/io/streamsdr/aws/DrillReadmeExampleTest.java, aws-fake",
        "dr-aws/src/test/java/io/streamsdr/aws/DrillReadmeExampleTest.java, drill-generic",
    })
    void everyJavaSnippetInTheReadmeIsCodeTheBuildRuns(String file, String region) throws Exception {
        String source = Files.readString(ROOT.resolve(file));
        String start = "// README:" + region + ":start\n";
        String end = "// README:" + region + ":end";
        assertThat(source).contains(start, end);
        String body = source.substring(source.indexOf(start) + start.length(), source.lastIndexOf("\n", source.indexOf(end)));
        int indent = body.lines().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        String snippet = body.lines().map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
                .collect(java.util.stream.Collectors.joining("\n"));
        String readme = Files.readString(ROOT.resolve("README.md"));

        assertThat(readme).as("README.md must hold region '%s' of %s verbatim in a java block", region, file)
                .contains("```java\n" + snippet + "\n```");
    }

    @Test
    void theReadmeNamesTheTwoCommandsAndCiRunsTheTestCommand() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String ci = Files.readString(ROOT.resolve(".ci/run"));

        assertThat(readme).contains("./mvnw -B verify", "./mvnw -B -q -Pdrill -DskipTests verify -pl dr-drill -am");
        assertThat(ci).contains("./mvnw -B verify");
        assertThat(ROOT.resolve("dr-drill/pom.xml")).content().contains("<id>drill</id>", "io.streamsdr.drill.LocalDrill");
    }
}
