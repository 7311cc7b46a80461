package io.streamsdr.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamsdr.core.DrillReport;
import io.streamsdr.testkit.browser.HeadlessChromium;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * README command 1's main class, run in this JVM: with an RTO objective the failover cannot meet,
 * it runs the whole drill, says why it failed, writes both reports and the meters' snapshot (metrics.txt),
 * serves the meters on loopback while it runs (scraped once by the test), and returns 1 (the build fails);
 * its report.html renders in a real browser without script errors. The passing drill is
 * {@code StreamsDrillExampleTest}.
 */
class LocalDrillTest {

    @Test
    @Timeout(300)
    void aMissedObjectiveFailsTheDrillWithReportsThatSayWhy(@TempDir Path out) throws Exception {
        // While the drill runs (once the disaster struck), scrape its meters endpoint once, as Prometheus would.
        CompletableFuture<Integer> disasterWithEndpoint = new CompletableFuture<>();
        ByteArrayOutputStream console = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                super.write(b, off, len);
                String sofar = toString(StandardCharsets.UTF_8);
                Matcher m = SERVED.matcher(sofar);
                if (!disasterWithEndpoint.isDone() && sofar.contains("DISASTER at") && m.find()) {
                    disasterWithEndpoint.complete(Integer.parseInt(m.group(1)));
                }
            }
        };
        int code;
        CompletableFuture<String> midRunScrape = new CompletableFuture<>();
        Thread scraper = new Thread(() -> scrapeOnce(disasterWithEndpoint, midRunScrape), "test-scraper");
        scraper.setDaemon(true);
        scraper.start();
        try (PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            code = LocalDrill.run(new String[] {"--out", out.toString(), "--rto-minutes", "15", "--records", "5000", "--metrics-port", "0", "--history",
                    out.resolve("history").toString()}, ps);
        }
        String text = console.toString(StandardCharsets.UTF_8);
        System.out.println(text);

        // The meters: served on loopback while it ran, written next to the reports, the port closed after.
        Matcher served = SERVED.matcher(text);
        assertThat(served.find()).as("the console names the endpoint").isTrue();
        String scrape = midRunScrape.get(10, TimeUnit.SECONDS);
        assertThat(scrape).contains("# TYPE streamsdr_protection_healthy gauge", "streamsdr_protection_stale{component=\"kafka\",kind=\"kafka\"}",
                "streamsdr_plan_runs_total{outcome=\"succeeded\",plan=\"streams-backup\"} 1.0");
        assertThat(text).contains("Protection of 'streams' at ", "  rds  ", "  namespace streams  ");
        String metrics = Files.readString(out.resolve("metrics.txt"));
        assertThat(metrics).contains("streamsdr_drill_runs_total{drill=\"streams-failover\",outcome=\"failed\"} 1.0",
                "streamsdr_drill_last_status{drill=\"streams-failover\"} 0.0",
                "streamsdr_plan_runs_total{outcome=\"succeeded\",plan=\"streams-failover\"} 1.0",
                "streamsdr_plan_rto_objective_seconds{plan=\"streams-failover\"} 900.0",
                "streamsdr_recovery_point_expected_interval_seconds{component=\"rds\",kind=\"rds\"} 300.0",
                "streamsdr_rpo_objective_seconds{component=\"kafka\",kind=\"kafka\"} 900.0")
                .doesNotContain("plan=\"other\"", "drill=\"other\"");
        assertThat(Double.parseDouble(value(metrics, "streamsdr_plan_last_rto_seconds{plan=\"streams-failover\"}")))
                .as("the RTO the report measured, in seconds").isGreaterThan(15 * 60);
        int port = Integer.parseInt(served.group(1));
        assertThatThrownBy(() -> new java.net.Socket(InetAddress.getLoopbackAddress(), port).close())
                .as("the endpoint is closed with the drill").isInstanceOf(java.net.ConnectException.class);

        assertThat(code).as("exit code").isEqualTo(1);
        assertThat(text).contains("Backup of every component: SUCCEEDED", "DISASTER at", "Ready: every precondition holds",
                "> velero-restore", "ok rds-restore", "ok helm-upgrade", "plan streams-failover SUCCEEDED",
                "Drill 'streams-failover': FAILED", "objective missed: RTO", "Wall time (real): drill");
        // The reason comes last, with its numbers, and says which time they are in.
        List<String> lines = text.lines().toList();
        assertThat(lines.get(lines.size() - 1))
                .matches("Failover drill FAILED: objective missed: RTO \\d+m[\\d.]*s? is over the 15m objective \\(simulated time\\)\\.");
        assertThat(text).contains("plan streams-failover: 10 steps (times simulated, clock x60: 1 real second = 60 simulated seconds)",
                "Times are simulated (clock x60: 1 real second = 60 simulated seconds); check durations are real.");
        assertThat(text).as("console timestamps to the second").doesNotContainPattern("T\\d\\d:\\d\\d:\\d\\d\\.\\d+Z");
        // The history: this run appended, the trend page written next to it.
        assertThat(lines).anyMatch(l -> l.matches("History: appended streams-failover-\\S+\\.json to " + Pattern.quote(out.resolve("history").toString())
                + "; " + Pattern.quote(out.resolve("history").resolve("history.html").toString())
                + " shows a trend of 1 run \\(run the drill again for a trend of two\\)\\."));
        assertThat(io.streamsdr.core.DrillHistory.inDirectory(out.resolve("history")).entries("streams-failover")).hasSize(1);
        assertThat(Files.readString(out.resolve("history").resolve("history.html"))).contains("streams-failover");

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

    private static final Pattern SERVED = Pattern.compile("Meters served at http://127\\.0\\.0\\.1:(\\d+)/metrics while the drill runs");

    /** Once the console named the endpoint and the disaster struck, GETs the endpoint once and completes {@code scrape} with the body. */
    private static void scrapeOnce(CompletableFuture<Integer> port, CompletableFuture<String> scrape) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port.get(240, TimeUnit.SECONDS) + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
            scrape.complete(r.body());
        } catch (Exception | AssertionError e) {
            scrape.completeExceptionally(e);
        }
    }

    private static String value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        assertThat(m.find()).as(series).isTrue();
        return m.group(1);
    }

    @Test
    void aSecondRunInTheHistoryMakesATrendOfTwo(@TempDir Path dir) throws Exception {
        Instant t0 = Instant.parse("2026-12-05T10:00:00Z");
        for (int run = 1; run <= 2; run++) {
            DrillReport report = new DrillReport("streams-failover", t0.plusSeconds(3600L * run), t0.plusSeconds(3600L * run + 1500), List.of(), null,
                    List.of(), List.of(), Map.of(), null);
            String said = LocalDrill.appendToHistory(report, dir);
            assertThat(said).isEqualTo("History: appended streams-failover-" + DrillHistoryNames.file(report) + " to " + dir + "; "
                    + dir.resolve("history.html") + " shows a trend of " + (run == 1 ? "1 run (run the drill again for a trend of two)." : "2 runs."));
        }
        assertThat(Files.readString(dir.resolve("history.html"))).contains("streams-failover");
        assertThat(LocalDrill.verdict(new DrillReport("d", t0, t0, List.of(), null, List.of(), List.of(), Map.of(), "boom")))
                .isEqualTo("Failover drill FAILED: the drill stopped: boom.");
        assertThat(LocalDrill.toTheSecond("restored 2026-12-05T21:10:17.440157340Z, then 2026-12-05T21:10:18Z"))
                .isEqualTo("restored 2026-12-05T21:10:17Z, then 2026-12-05T21:10:18Z");
    }

    /** The history's file name of a report: its drill and when it finished, UTC to the millisecond. */
    private static final class DrillHistoryNames {
        static String file(DrillReport r) {
            return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(java.time.ZoneOffset.UTC).format(r.finishedAt())
                    + ".json";
        }
    }

    @Test
    void helpListsEveryFlagWithItsDefaultAndExitsZero() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int code = LocalDrill.run(new String[] {"--help"}, new PrintStream(console, true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(console.toString(StandardCharsets.UTF_8).lines()).startsWith(
                "Usage: LocalDrill [flags]   (through Maven: ./mvnw -B -q -Pdrill -DskipTests verify -pl dr-drill -am -Ddrill.args='<flags>')")
                .contains("  --out <dir>                        where report.json, report.html, metrics.txt and run/ go (default target/local-drill)",
                        "  --history <dir>                    the drill history: each run's report.json is appended there, and history.html"
                                + " shows RTO and RPO across runs (default target/history)",
                        "  --rds-restore-minutes <1..9999>    how long the simulated RDS restore takes, in simulated minutes (50 misses the RTO) (default 20)",
                        "  --rto-minutes <1..9999>            the RTO objective, in simulated minutes (default 45)",
                        "  --records <1..9999999>             how many records production holds before the disaster (default 20000)",
                        "  --rds-strategy <strategy>          how the database comes back: restore (the newest snapshot into a new"
                                + " instance) or promote-replica (a read replica made before the disaster, promoted; its lag is the RPO) (default restore)",
                        "  --metrics-port <0..65535>          also serve the meters at http://127.0.0.1:<port>/metrics while the drill runs"
                                + " (0: any free port) (default off)",
                        "  --help                             print this usage and exit 0")
                .endsWith("Exit codes: 0 the drill passed; 1 a step or check failed or an objective was missed; 2 a bad flag (nothing started).")
                .noneMatch(l -> l.startsWith("Starting Streams"));
        assertThat(LocalDrill.FLAGS).allSatisfy(f -> assertThat(console.toString(StandardCharsets.UTF_8)).contains(f.line()));
    }

    @Test
    void aBadValuePrintsTheFlagsUsageLineAndExitsTwoBeforeAnythingStarts() {
        Map<List<String>, List<String>> cases = new LinkedHashMap<>();
        cases.put(List.of("--rto-minutes", "0"), List.of("Bad value '0' for --rto-minutes: expected <1..9999>.",
                "  --rto-minutes <1..9999>            the RTO objective, in simulated minutes (default 45)", "Run with --help for every flag."));
        cases.put(List.of("--records"), List.of("--records needs a value <1..9999999>.",
                "  --records <1..9999999>             how many records production holds before the disaster (default 20000)",
                "Run with --help for every flag."));
        cases.put(List.of("--rds-restore-minutes", "-3"), List.of("Bad value '-3' for --rds-restore-minutes: expected <1..9999>.",
                flag("--rds-restore-minutes"), "Run with --help for every flag."));
        cases.put(List.of("--metrics-port", "70000"), List.of("Bad value '70000' for --metrics-port: expected <0..65535>.",
                flag("--metrics-port"), "Run with --help for every flag."));
        cases.put(List.of("--metrics-port", "http"), List.of("Bad value 'http' for --metrics-port: expected <0..65535>.",
                flag("--metrics-port"), "Run with --help for every flag."));
        cases.put(List.of("--rds-strategy", "promote"), List.of("Bad value 'promote' for --rds-strategy: expected <strategy>.",
                flag("--rds-strategy"), "Run with --help for every flag."));
        cases.forEach((args, expected) -> {
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            int code = LocalDrill.run(args.toArray(String[]::new), new PrintStream(console, true, StandardCharsets.UTF_8));
            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
            assertThat(console.toString(StandardCharsets.UTF_8).lines()).as(String.join(" ", args)).containsExactlyElementsOf(expected);
        });
    }

    private static String flag(String name) {
        return LocalDrill.FLAGS.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow().line();
    }

    @Test
    void anUnknownFlagPrintsTheWholeUsageAndExitsTwo() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int code = LocalDrill.run(new String[] {"--records", "100", "--colour", "red"}, new PrintStream(console, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("Unknown flag '--colour'.\n" + LocalDrill.usage());
    }
}
