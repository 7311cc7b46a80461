package io.streamsdr.drill.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How README snippets become sources: the conventions {@link ReadmeCompilesIT} relies on. */
class ReadmeSnippetsTest {
    private static final String README = """
            # Title

            ## Quick start

            ```java
            import io.streamsdr.core.Step;
            // a comment in an import block is fine
            import java.time.Duration;
            ```

            ```java
            // given: VirtualClock clock; Path dir
            Step step = Step.named("a").withTimeout(Duration.ofMinutes(1)).withAction(ctx -> { }).build();
            ```

            ```java
            // given: void whatTheDrillDid(String report); String objectives
            @Test
            void drill() {
                whatTheDrillDid(objectives);
            }
            ```

            ## Other section

            ```java
            class Whole {
            }
            ```
            """;

    @Test
    void sectionsImportsGivensAndShapes() {
        List<ReadmeSnippets.Source> sources = ReadmeSnippets.sources(README, "readme");

        assertThat(sources).extracting(ReadmeSnippets.Source::className).containsExactly("ReadmeQuickStart", "ReadmeQuickStart2", "Whole");
        ReadmeSnippets.Source statements = sources.get(0);
        assertThat(statements.text()).startsWith("package readme;\n\nimport io.streamsdr.core.Step;\nimport java.time.Duration;\n")
                .contains("class ReadmeQuickStart {", "void snippet(VirtualClock clock, Path dir) throws Exception {",
                        "        Step step = Step.named(\"a\")");
        assertThat(statements.readmeLine()).isEqualTo(12);
        assertThat(statements.section()).isEqualTo("Quick start");

        ReadmeSnippets.Source methods = sources.get(1);
        assertThat(methods.text()).contains("class ReadmeQuickStart2 {",
                "    void whatTheDrillDid(String report) {\n        throw new UnsupportedOperationException();\n    }",
                "    String objectives;", "    @Test\n    void drill() {");

        ReadmeSnippets.Source whole = sources.get(2);
        assertThat(whole.text()).as("another section's snippets do not get the first section's imports")
                .doesNotContain("import io.streamsdr.core.Step;").contains("class Whole {");
    }

    @Test
    void anImportBlockHoldsOnlyImports() {
        assertThat(ReadmeSnippets.isImportBlock("import a.B;\n// why\nimport static c.D.e;\n")).isTrue();
        assertThat(ReadmeSnippets.isImportBlock("import a.B;\nB b = new B();\n")).isFalse();
        assertThat(ReadmeSnippets.isImportBlock("// nothing\n")).isFalse();
        assertThat(ReadmeSnippets.givens("// given: A a; B b;\nx();\n// given: C c\n")).containsExactly("A a", "B b", "C c");
    }
}
