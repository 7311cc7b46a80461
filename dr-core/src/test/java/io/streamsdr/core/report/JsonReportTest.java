package io.streamsdr.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.StepReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON report: the fields docs/report-schema.md documents, with their values, units and nulls. */
class JsonReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(PlanReport r) {
        try {
            return JSON.readTree(r.toJson());
        } catch (JsonProcessingException e) {
            throw new AssertionError("toJson() is not JSON: " + e.getMessage(), e);
        }
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void topLevelFieldsOfAResumedRun() {
        JsonNode root = json(Reports.resumedRun());

        assertThat(fieldNames(root)).containsExactly("schemaVersion", "plan", "outcome", "startedAt", "finishedAt",
                "firstStartedAt", "elapsedMillis", "rtoMillis", "criticalPath", "criticalPathMillis", "steps", "rpoMillis",
                "objectives", "objectivesMet");
        assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(root.get("plan").asText()).isEqualTo("failover");
        assertThat(root.get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(root.get("startedAt").asText()).isEqualTo("2026-03-01T10:10:00Z");
        assertThat(root.get("finishedAt").asText()).isEqualTo("2026-03-01T10:25:00Z");
        assertThat(root.get("firstStartedAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(root.get("elapsedMillis").asLong()).isEqualTo(15 * 60_000L);
        assertThat(root.get("rtoMillis").asLong()).isEqualTo(25 * 60_000L);
        assertThat(root.get("criticalPath")).extracting(JsonNode::asText)
                .containsExactly("velero.restore", "rds.restore", "helm.upgrade");
        assertThat(root.get("criticalPathMillis").asLong()).isEqualTo(25 * 60_000L);
        assertThat(root.get("steps")).hasSize(4);
        assertThat(fieldNames(root.get("rpoMillis"))).containsExactly("rds", "kafka");
        assertThat(root.get("rpoMillis").get("rds").asLong()).isEqualTo(5 * 60_000L);
        assertThat(root.get("rpoMillis").get("kafka").asLong()).isEqualTo(2_000L);
        assertThat(root.get("objectivesMet").asBoolean()).isFalse();
    }

    @Test
    void stepFieldsOfADoneEarlierAndAResumedStep() {
        JsonNode steps = json(Reports.resumedRun()).get("steps");
        JsonNode earlier = steps.get(0);
        JsonNode resumed = steps.get(1);

        assertThat(fieldNames(earlier)).containsExactly("id", "description", "dependsOn", "status", "startedAt", "endedAt",
                "durationMillis", "attempts", "resumed", "onCriticalPath", "outputs", "error");
        assertThat(earlier.get("id").asText()).isEqualTo("velero.restore");
        assertThat(earlier.get("status").asText()).isEqualTo("DONE_EARLIER");
        assertThat(earlier.get("attempts").asInt()).isZero();
        assertThat(earlier.get("startedAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(earlier.get("durationMillis").asLong()).isEqualTo(4 * 60_000L);
        assertThat(earlier.get("onCriticalPath").asBoolean()).isTrue();
        assertThat(earlier.get("outputs").get("namespace").asText()).isEqualTo("streams");
        assertThat(earlier.get("error").isNull()).isTrue();

        assertThat(resumed.get("resumed").asBoolean()).isTrue();
        assertThat(resumed.get("dependsOn")).extracting(JsonNode::asText).containsExactly("velero.restore");
        assertThat(resumed.get("outputs").get("password").asText()).isEqualTo("****");
        assertThat(steps.get(2).get("onCriticalPath").asBoolean()).isFalse();
        assertThat(steps.get(2).get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void stepsThatDidNotStartOrEndHaveNullTimesNotMissingFields() {
        JsonNode steps = json(Reports.failedRun()).get("steps");
        JsonNode failed = steps.get(1);
        JsonNode cancelled = steps.get(2);
        JsonNode notStarted = steps.get(3);

        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("error").asText()).contains("incompatible-restore").contains("\n");
        assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("endedAt").isNull()).isTrue();
        assertThat(cancelled.get("durationMillis").isNull()).isTrue();
        assertThat(notStarted.get("status").asText()).isEqualTo("NOT_STARTED");
        for (String f : List.of("startedAt", "endedAt", "durationMillis", "error")) {
            assertThat(notStarted.has(f)).as(f).isTrue();
            assertThat(notStarted.get(f).isNull()).as(f).isTrue();
        }
        assertThat(notStarted.get("dependsOn")).extracting(JsonNode::asText).containsExactly("b", "c");
    }

    @Test
    void objectivesCarryTargetAchievedAndMet() {
        JsonNode met = json(Reports.resumedRun()).get("objectives");
        assertThat(met).hasSize(3);
        assertThat(fieldNames(met.get(0))).containsExactly("name", "objectiveMillis", "achievedMillis", "met");
        assertThat(met.get(0).get("name").asText()).isEqualTo("RTO");
        assertThat(met.get(0).get("objectiveMillis").asLong()).isEqualTo(30 * 60_000L);
        assertThat(met.get(0).get("achievedMillis").asLong()).isEqualTo(25 * 60_000L);
        assertThat(met.get(0).get("met").asBoolean()).isTrue();
        assertThat(met.get(2).get("name").asText()).isEqualTo("RPO kafka");
        assertThat(met.get(2).get("met").asBoolean()).isFalse();

        JsonNode root = json(Reports.failedRun());
        JsonNode unmeasured = root.get("objectives").get(0);
        assertThat(unmeasured.get("achievedMillis").isNull()).isTrue();
        assertThat(unmeasured.get("met").asBoolean()).isFalse();
        assertThat(root.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(root.get("rpoMillis").isEmpty()).isTrue();
        assertThat(root.get("objectivesMet").asBoolean()).isFalse();
    }

    @Test
    void outputsAreWrittenInNameOrderSoTheDocumentIsTheSameOnEveryJvm() {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String k : List.of("zeta", "alpha", "mu", "beta", "omega", "gamma", "kappa", "delta", "epsilon", "eta")) {
            outputs.put(k, k.toUpperCase(java.util.Locale.ROOT));
        }
        PlanReport r = new PlanReport("p", PlanReport.Outcome.SUCCEEDED, Reports.T0, Reports.T0, Reports.T0,
                List.of(Reports.step("s", "d", List.of(), StepReport.Status.SUCCEEDED, Reports.min(0), Reports.min(0), 1, false,
                        outputs, null, true)),
                List.of("s"), Map.of(), List.of(), null);

        JsonNode out = json(r).get("steps").get(0).get("outputs");

        assertThat(fieldNames(out)).isSorted().hasSize(10);
        assertThat(r.toJson()).doesNotContain("\r");
    }

    @Test
    void stringsAreJsonEscapedNotHtmlEscaped() {
        JsonNode root = json(Reports.hostileRun());

        assertThat(root.get("plan").asText()).isEqualTo(Reports.HOSTILE_PLAN);
        assertThat(root.get("steps").get(0).get("description").asText()).isEqualTo(Reports.HOSTILE_DESCRIPTION);
        assertThat(root.get("steps").get(1).get("error").asText()).isEqualTo(Reports.HOSTILE_ERROR);
    }
}
