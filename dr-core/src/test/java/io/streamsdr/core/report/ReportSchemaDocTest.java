package io.streamsdr.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/report-schema.md is the contract tools read: its example and its field tables must match
 * what {@code PlanReport.toJson()} writes. Surefire runs in the module folder, hence {@code ../docs}.
 */
class ReportSchemaDocTest {
    private static final Path DOC = Path.of("..", "docs", "report-schema.md");
    private static String doc;
    private static JsonNode example;
    private static JsonNode rendered;

    @BeforeAll
    static void read() throws IOException {
        assertThat(DOC).as("the schema document, relative to the module folder").exists();
        doc = Files.readString(DOC);
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as("a ```json example in " + DOC).isTrue();
        example = new ObjectMapper().readTree(m.group(1));
        rendered = JsonReportTest.json(Reports.resumedRun());
    }

    @Test
    void theExampleHasEveryTopLevelFieldTheRendererWrites() {
        assertThat(JsonReportTest.fieldNames(example)).containsExactlyElementsOf(JsonReportTest.fieldNames(rendered));
    }

    @Test
    void theExampleHasEveryStepAndObjectiveField() {
        for (JsonNode step : example.get("steps")) {
            assertThat(JsonReportTest.fieldNames(step)).as(step.get("id").asText())
                    .containsExactlyElementsOf(JsonReportTest.fieldNames(rendered.get("steps").get(0)));
        }
        for (JsonNode objective : example.get("objectives")) {
            assertThat(JsonReportTest.fieldNames(objective))
                    .containsExactlyElementsOf(JsonReportTest.fieldNames(rendered.get("objectives").get(0)));
        }
    }

    @Test
    void theExampleIsWhatTheRendererWritesForThatRun() {
        // Reports.resumedRun() is the run the document describes; the example is its real output
        assertThat(example).isEqualTo(rendered);
        assertThat(example.get("schemaVersion").asInt()).isEqualTo(rendered.get("schemaVersion").asInt());
        assertThat(doc).contains("**`schemaVersion` " + rendered.get("schemaVersion").asInt() + "**");
    }

    @Test
    void everyFieldHasARowInTheTables() {
        Set<String> fields = new LinkedHashSet<>(JsonReportTest.fieldNames(rendered));
        fields.addAll(JsonReportTest.fieldNames(rendered.get("steps").get(0)));
        fields.addAll(JsonReportTest.fieldNames(rendered.get("objectives").get(0)));

        for (String f : fields) {
            assertThat(doc).as("a table row for '%s'", f).contains("\n| `" + f + "` |");
        }
        for (String status : List.of("SUCCEEDED", "DONE_EARLIER", "FAILED", "CANCELLED", "NOT_STARTED")) {
            assertThat(doc).contains("`" + status + "`");
        }
    }
}
