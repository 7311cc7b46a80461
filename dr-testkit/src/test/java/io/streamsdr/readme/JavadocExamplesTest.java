package io.streamsdr.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code <pre>{@code ...}</pre>} example in the Javadoc of the library's main code is a region of test code the
 * build compiles (and, where cheap, runs): {@code // JAVADOC:<type>:start} ... {@code // JAVADOC:<type>:end}, where
 * {@code <type>} is the fully qualified name of the file's type ({@code io.streamsdr.core.package-info} for a package),
 * with {@code #2}, {@code #3} for a type's second and third example. The regions may live in any module's tests.
 */
class JavadocExamplesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The modules whose main code is published as a library (dr-drill is not), and whose examples are checked. */
    private static final List<String> LIBRARY_MODULES = List.of("dr-core", "dr-aws", "dr-kafka", "dr-velero", "dr-helm", "dr-testkit");
    private static final Pattern REGION_START = Pattern.compile("^[ \\t]*// JAVADOC:(\\S+):start[ \\t]*$", Pattern.MULTILINE);

    record Example(String name, Path file, int line, String code) {}

    @Test
    void everyJavadocExampleIsARegionOfCompiledTestCode() throws IOException {
        List<Example> examples = examples();
        Map<String, Example> regions = regions();
        List<String> problems = new ArrayList<>();
        int matched = 0;
        for (Example example : examples) {
            Example region = regions.get(example.name());
            String where = ROOT.relativize(example.file()) + ":" + example.line() + " (" + example.name() + ")";
            if (region == null) {
                problems.add(where + ": no region '// JAVADOC:" + example.name() + ":start' in any module's tests; the example:\n"
                        + example.code());
            } else if (!region.code().equals(example.code())) {
                problems.add(where + ": differs from the region at " + ROOT.relativize(region.file()) + ":" + region.line()
                        + "\n--- Javadoc:\n" + example.code() + "\n--- region:\n" + region.code());
            } else {
                matched++;
            }
        }
        List<String> names = examples.stream().map(Example::name).toList();
        regions.values().stream().filter(r -> !names.contains(r.name()))
                .forEach(r -> problems.add(ROOT.relativize(r.file()) + ":" + r.line() + ": region '" + r.name()
                        + "' matches no Javadoc example"));

        assertThat(problems).as(problems.size() + " problem(s):\n\n" + String.join("\n\n", problems)).isEmpty();
        assertThat(matched).as("examples found = regions matched").isEqualTo(examples.size()).isEqualTo(regions.size());
        assertThat(examples).as("examples found in %s", LIBRARY_MODULES).hasSizeGreaterThan(50);
    }

    @Test
    void theExtractorUnescapesJavadocAndStripsTheCommentPrefix() {
        String comment = String.join("\n",
                "/**",
                " * <pre>{@code",
                " * &#64;Test",
                " * void x() {",
                " *     List&lt;String&gt; a = b &amp;&amp; c ? {@literal <T>} : null;",
                " *",
                " * }",
                " * }</pre>",
                " */");
        List<Example> found = examplesIn(Path.of("io/x/A.java"), "io.x.A", comment);

        assertThat(found).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.code()).isEqualTo("@Test\nvoid x() {\n    List<String> a = b && c ? <T> : null;\n\n}");
        });
    }

    private static List<Example> examples() throws IOException {
        List<Example> all = new ArrayList<>();
        for (String module : LIBRARY_MODULES) {
            Path sources = ROOT.resolve(module).resolve("src/main/java");
            for (Path file : javaFiles(sources)) {
                if (sources.relativize(file).toString().replace('\\', '/').contains("/internal/")) {
                    continue;
                }
                String type = sources.relativize(file).toString().replace('\\', '/').replaceAll("\\.java$", "").replace('/', '.');
                all.addAll(examplesIn(file, type, Files.readString(file)));
            }
        }
        return all;
    }

    static List<Example> examplesIn(Path file, String type, String source) {
        List<Example> found = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].contains("<pre>{@code")) {
                continue;
            }
            int start = i;
            List<String> body = new ArrayList<>();
            for (i++; i < lines.length && !lines[i].contains("}</pre>"); i++) {
                body.add(lines[i].replaceFirst("^\\s*\\*( |$)", ""));
            }
            String name = found.isEmpty() ? type : type + "#" + (found.size() + 1);
            found.add(new Example(name, file, start + 1, normalise(body.stream().map(JavadocExamplesTest::unescape).toList())));
        }
        return found;
    }

    private static Map<String, Example> regions() throws IOException {
        Map<String, Example> regions = new LinkedHashMap<>();
        for (Path module : modules()) {
            for (Path file : javaFiles(module.resolve("src/test/java"))) {
                String source = Files.readString(file);
                Matcher start = REGION_START.matcher(source);
                while (start.find()) {
                    String name = start.group(1);
                    String end = "// JAVADOC:" + name + ":end";
                    int endAt = source.indexOf(end, start.end());
                    assertThat(endAt).as("%s: region '%s' has no end marker", file, name).isPositive();
                    String body = source.substring(start.end() + 1, source.lastIndexOf('\n', endAt));
                    int line = (int) source.substring(0, start.start()).chars().filter(c -> c == '\n').count() + 1;
                    Example previous = regions.put(name, new Example(name, file, line, normalise(List.of(body.split("\n", -1)))));
                    assertThat(previous).as("region '%s' is defined twice: %s and %s", name, previous == null ? null : previous.file(), file)
                            .isNull();
                }
            }
        }
        return regions;
    }

    /** Strips trailing whitespace, the common indentation and blank lines at either end. */
    private static String normalise(List<String> lines) {
        List<String> stripped = lines.stream().map(String::stripTrailing).toList();
        int indent = stripped.stream().filter(l -> !l.isEmpty()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> dedented = stripped.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).toList();
        int from = 0;
        int to = dedented.size();
        while (from < to && dedented.get(from).isEmpty()) {
            from++;
        }
        while (to > from && dedented.get(to - 1).isEmpty()) {
            to--;
        }
        return String.join("\n", dedented.subList(from, to));
    }

    private static String unescape(String line) {
        return line.replaceAll("\\{@literal ([^}]*)}", "$1")
                .replace("&#64;", "@").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static List<Path> modules() throws IOException {
        try (Stream<Path> children = Files.list(ROOT)) {
            return children.filter(p -> Files.isDirectory(p.resolve("src/test/java"))).sorted().toList();
        }
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
