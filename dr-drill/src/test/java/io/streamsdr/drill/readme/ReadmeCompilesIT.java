package io.streamsdr.drill.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's first hour, on every {@code ./mvnw verify}: a clean Maven project that imports only the
 * BOM and the modules the README tells it to (the README's own dependency block, verbatim) compiles every
 * Java snippet of the README, each with the imports its section shows (see {@link ReadmeSnippets}).
 *
 * <p>The project is built by a separate Maven run (this repository's wrapper) against the artifacts this
 * build just packaged, put in a file repository, with every other artifact taken from the local Maven
 * repository through a file mirror: nothing is downloaded, and the user's local repository is not
 * written to. So a snippet that does not compile, an import the README forgot, or a dependency the
 * README does not name fails the build here, with the README line in the message.
 */
class ReadmeCompilesIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern XML_BLOCK = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL);

    @Test
    void aCleanProjectWithOnlyTheBomAndTheReadmesDependenciesCompilesEveryReadmeSnippet(@TempDir Path tmp) throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String version = version();
        Path staging = tmp.resolve("staging");
        for (String module : List.of("dr-core", "dr-aws", "dr-kafka", "dr-velero", "dr-helm", "dr-testkit", "dr-drill")) {
            stage(staging, module, version, ROOT.resolve(module).resolve("target").resolve(module + "-" + version + ".jar"),
                    ROOT.resolve(module).resolve("target/.flattened-pom.xml"));
        }
        stage(staging, "dr-bom", version, null, ROOT.resolve("dr-bom/pom.xml"));

        Path project = tmp.resolve("newcomer");
        List<ReadmeSnippets.Source> sources = ReadmeSnippets.sources(readme, "readme");
        assertThat(sources).as("Java snippets in the README").hasSizeGreaterThan(5);
        Path dir = project.resolve("src/test/java/readme");
        Files.createDirectories(dir);
        for (ReadmeSnippets.Source s : sources) {
            Files.writeString(dir.resolve(s.className() + ".java"), s.text());
        }
        // The drill section's example runs the local drill, whose LocalStreams lives in this repository's dr-drill
        // (not published): the one dependency the README does not list, added for that example only.
        String dependencies = dependencyBlock(readme).replace("</dependencies>", """
                  <dependency>
                    <groupId>io.streamsdr</groupId>
                    <artifactId>dr-drill</artifactId>
                    <version>%s</version>
                    <scope>test</scope>
                  </dependency>
                </dependencies>""".formatted(version));
        Files.writeString(project.resolve("pom.xml"), pom(dependencies));
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, settings(staging));

        List<String> command = List.of(ROOT.resolve("mvnw").toString(), "-B", "-q", "-f", project.resolve("pom.xml").toString(),
                "-s", settings.toString(), "-Dmaven.repo.local=" + tmp.resolve("repository"), "test-compile");
        Process p = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).start();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        boolean ended = p.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        String where = sources.stream().map(s -> "  " + s.className() + ".java = README.md line " + s.readmeLine() + " (" + s.section() + ")")
                .collect(Collectors.joining("\n"));
        assertThat(ended && p.exitValue() == 0)
                .as("a clean project compiling the README's snippets:%n%s%nwhere the files come from:%n%s", output, where).isTrue();
    }

    /** The README's dependency block: the one that imports dr-bom. */
    static String dependencyBlock(String readme) {
        Matcher m = XML_BLOCK.matcher(readme);
        while (m.find()) {
            if (m.group(1).contains("<artifactId>dr-bom</artifactId>")) {
                return m.group(1);
            }
        }
        throw new AssertionError("README.md has no ```xml block that imports io.streamsdr:dr-bom");
    }

    private static String pom(String readmeDependencies) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>newcomer</artifactId>
                  <version>1</version>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                %s
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.13.0</version>
                        <configuration>
                          <release>17</release>
                        </configuration>
                      </plugin>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>3.3.1</version>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(readmeDependencies.indent(2));
    }

    /** Everything from the local repository through a file mirror, our artifacts from the staging repository. */
    private static String settings(Path staging) {
        return """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>local-as-remote</id>
                      <mirrorOf>*,!staging</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                  <profiles>
                    <profile>
                      <id>staging</id>
                      <repositories>
                        <repository>
                          <id>staging</id>
                          <url>%s</url>
                          <snapshots><enabled>true</enabled></snapshots>
                        </repository>
                      </repositories>
                    </profile>
                  </profiles>
                  <activeProfiles>
                    <activeProfile>staging</activeProfile>
                  </activeProfiles>
                </settings>
                """.formatted(localRepository().toUri(), staging.toUri());
    }

    private static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** Puts one artifact (jar, pom) in Maven's repository layout. */
    private static void stage(Path staging, String artifactId, String version, Path jar, Path pom) throws IOException {
        Path dir = staging.resolve("io/streamsdr").resolve(artifactId).resolve(version);
        Files.createDirectories(dir);
        assertThat(pom).as("%s's pom (run ./mvnw -B verify: this check runs after every module was packaged)", artifactId).isRegularFile();
        Files.copy(pom, dir.resolve(artifactId + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            assertThat(jar).as("%s's jar", artifactId).isRegularFile();
            Files.copy(jar, dir.resolve(artifactId + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String version() throws IOException {
        Matcher m = Pattern.compile("<artifactId>streams-dr-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        if (!m.find()) {
            throw new AssertionError("no version in the parent pom");
        }
        return m.group(1);
    }
}
