package io.streamsdr.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/own-component.md holds the guide's code verbatim, cut from the classes the build compiles and runs. */
class GuideTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @ParameterizedTest(name = "{1} from {0}")
    @CsvSource({
        "dr-testkit/src/test/java/io/streamsdr/guide/DirectoryTarget.java, target",
        "dr-testkit/src/test/java/io/streamsdr/guide/DirectoryRestore.java, restore",
        "dr-testkit/src/test/java/io/streamsdr/guide/OwnComponentGuideTest.java, drill",
    })
    void theGuideHoldsTheCodeTheBuildRuns(String file, String region) throws Exception {
        String source = Files.readString(ROOT.resolve(file));
        String start = "// GUIDE:" + region + ":start\n";
        String end = "// GUIDE:" + region + ":end";
        assertThat(source).contains(start, end);
        String body = source.substring(source.indexOf(start) + start.length(), source.lastIndexOf("\n", source.indexOf(end)));
        int indent = body.lines().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        String snippet = body.lines().map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
                .collect(java.util.stream.Collectors.joining("\n"));

        assertThat(ROOT.resolve("docs/own-component.md")).content()
                .as("docs/own-component.md must hold region '%s' of %s verbatim in a java block", region, file)
                .contains("```java\n" + snippet + "\n```");
    }
}
