package io.streamsdr.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamsdr.testkit.browser.HeadlessChromium;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * README command 1's main class, run in this JVM: with an RTO objective the failover cannot meet,
 * it runs the whole drill, says why it failed, writes both reports, and returns 1 (the build fails);
 * its report.html renders in a real browser without script errors. The passing drill is
 * {@code StreamsDrillExampleTest}.
 */
class LocalDrillTest {

    @Test
    @Timeout(300)
    void aMissedObjectiveFailsTheDrillWithReportsThatSayWhy(@TempDir Path out) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int code;
        try (PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            code = LocalDrill.run(new String[] {"--out", out.toString(), "--rto-minutes", "15", "--records", "5000"}, ps);
        }
        String text = console.toString(StandardCharsets.UTF_8);
        System.out.println(text);

        assertThat(code).as("exit code").isEqualTo(1);
        assertThat(text).contains("Backup of every component: SUCCEEDED", "DISASTER at", "Ready: every precondition holds",
                "> velero-restore", "ok rds-restore", "ok helm-upgrade", "plan streams-failover SUCCEEDED",
                "Drill 'streams-failover': FAILED", "objective missed: RTO", "Failover drill FAILED", "Wall time: drill");

        JsonNode report = new ObjectMapper().readTree(Files.readString(out.resolve("report.json")));
        assertThat(report.get("passed").asBoolean()).isFalse();
        assertThat(report.get("failures").toString()).contains("objective missed: RTO");
        assertThat(report.get("plan").get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(report.get("rtoMillis").asLong()).isGreaterThan(15 * 60_000L);
        assertThat(report.get("verifications")).hasSize(3).allMatch(v -> v.get("passed").asBoolean());
        assertThat(report.get("teardown")).hasSize(3).allMatch(v -> v.get("passed").asBoolean());
        List<String> components = new ArrayList<>();
        report.get("rpoMillis").fieldNames().forEachRemaining(components::add);
        assertThat(components).containsExactlyInAnyOrder("rds", "kafka", "namespace streams");
        assertThat(report.get("environment").get("kafka").asText()).contains("Apache Kafka 4.3.1");
        // Evidence from data for every component: an RPO measured from data, and something compared; rds's by real SQL.
        assertThat(report.get("drillSchemaVersion").asInt()).isEqualTo(2);
        assertThat(report.get("evidence")).hasSize(3).allSatisfy(e -> {
            assertThat(e.get("passed").asBoolean()).as(e.toString()).isTrue();
            assertThat(e.get("compared").asLong()).as(e.toString()).isPositive();
            assertThat(e.get("dataRpoMillis").isNumber()).as(e.toString()).isTrue();
            assertThat(e.get("metadataRpoMillis").isNumber()).as(e.toString()).isTrue();
        });
        assertThat(report.get("evidence").get(0).get("component").asText()).isEqualTo("rds");
        assertThat(report.get("evidence").get(0).get("unit").asText()).isEqualTo("rows");
        assertThat(report.get("verifications").get(0).get("detail").asText()).startsWith("SELECT 1 answered by MariaDB 11.4.5-MariaDB at 127.0.0.");
        List<String> measured = new ArrayList<>();
        report.get("dataRpoMillis").fieldNames().forEachRemaining(measured::add);
        assertThat(measured).containsExactly("rds", "kafka", "namespace streams");

        HeadlessChromium.Result page = HeadlessChromium.installedOrSkip().withWindowSize(1400, 3000)
                .render(out.resolve("report.html"), Path.of("target", "browser", "local-drill.png"));
        assertThat(page.exitCode()).as(page.log()).isZero();
        assertThat(page.scriptErrors()).isEmpty();
        assertThat(page.console()).isEmpty();
        assertThat(page.dom()).contains("id=\"verdict\">FAILED", "<svg id=\"timeline\"", "class=\"bar critical",
                "objective missed: RTO", "<table class=\"verifications\">", "data-ready=\"true\"", "<table class=\"evidence\">",
                "<tr data-component=\"rds\">", "<tr data-component=\"kafka\">", "<tr data-component=\"namespace streams\">");
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingStarts() {
        for (String[] args : List.of(new String[] {"--rto-minutes", "0"}, new String[] {"--records"}, new String[] {"--colour", "red"},
                new String[] {"--rds-restore-minutes", "-3"})) {
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            int code = LocalDrill.run(args, new PrintStream(console, true, StandardCharsets.UTF_8));
            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("Unknown or incomplete argument '" + args[0] + "'", "Usage: LocalDrill")
                    .doesNotContain("Starting Streams");
        }
    }
}
