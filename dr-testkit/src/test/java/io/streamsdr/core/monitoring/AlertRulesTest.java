package io.streamsdr.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.DrillReport;
import io.streamsdr.testkit.prometheus.Promtool;
import io.streamsdr.testkit.prometheus.SeriesRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped alert rules (docs/monitoring/streams-dr-alerts.yaml), checked and unit-tested by Prometheus' own
 * promtool on series the library's meters produced: an installation on fakes is scraped through Micrometer's
 * Prometheus registry at every step of a virtual clock that starts at the epoch (promtool's time 0), while its
 * components age, go unhealthy and stale, and its drills pass, fail and run slow; the scrapes become promtool's
 * input series, and the test says which alert must fire when, with its labels and its whole annotations.
 */
class AlertRulesTest {
    static final Path RULES = Path.of("..", "docs", "monitoring", "streams-dr-alerts.yaml").toAbsolutePath().normalize();
    private static Promtool promtool;

    @TempDir
    Path dir;

    @BeforeAll
    static void promtool() {
        promtool = Promtool.installedOrSkip();
    }

    @Test
    void theRuleFileIsValid() {
        Promtool.Result r = promtool.checkRules(RULES);
        assertThat(r.succeeded()).as(r.output()).isTrue();
        assertThat(r.output()).isEqualTo("Checking " + RULES + "\n  SUCCESS: 8 rules found\n\n");
    }

    @Test
    void protectionAlertsFireOnSeriesTheMetersProduced() throws IOException {
        SeriesRecorder series = SeriesRecorder.every(Duration.ofMinutes(1));
        try (MonitoredStreams s = new MonitoredStreams(Instant.EPOCH)) {
            s.namespace.withExistingRecoveryPoint(Duration.ofMinutes(50)); // unhealthy (over its 1h threshold) from minute 11
            for (int minute = 0; minute <= 60; minute++) {
                if (minute <= 10 && minute % 5 == 0) {
                    s.rds.takeRecoveryPoint(s.ctx); // then the log uploads stop: too old (> 2 x 5m) from minute 21
                }
                if (minute <= 30) {
                    s.kafka.takeRecoveryPoint(s.ctx); // then the mirror stops: over its 5m objective from minute 36
                }
                if (minute == 40) {
                    s.namespace.failingNextStatusLooks(1_000, () -> new CallFailedException("list Velero backups",
                            new IOException("connection refused"))); // stale from minute 40
                }
                series.record(s.scrape());
                s.clock.advance(Duration.ofMinutes(1));
            }
        }
        assertThat(series.series()).contains("streamsdr_mirror_lag_seconds{component=\"kafka\",kind=\"kafka\"}");
        assertThat(series.values("streamsdr_recovery_point_age_seconds{component=\"rds\",kind=\"rds\"}").subList(19, 23))
                .containsExactly("540.0", "600.0", "660.0", "720.0");
        assertThat(series.values("streamsdr_protection_stale{component=\"namespace streams\",kind=\"velero\"}").subList(39, 41))
                .containsExactly("0.0", "1.0");

        List<String> tests = new ArrayList<>();
        tests.add(expect("25m", "StreamsDrRecoveryPointTooOld"));
        tests.add(expect("26m", "StreamsDrRecoveryPointTooOld", alert(Map.of("component", "rds", "kind", "rds", "severity", "critical"),
                "Newest recovery point of rds is 16m 0s old",
                "The newest recovery point of rds (rds) is 16m 0s old: more than twice its expected interval, or more than its RPO "
                        + "objective. A disaster now would lose that much. Check the component's backup schedule or automated backups "
                        + "(monitor.status() says why).")));
        tests.add(expect("15m", "StreamsDrProtectionUnhealthy"));
        Alert unhealthy = alert(Map.of("component", "namespace streams", "kind", "velero", "severity", "warning"),
                "Protection of namespace streams is unhealthy",
                "namespace streams (velero) reports unhealthy protection. Its reason is in the status call "
                        + "(ProtectionMonitor.status().toText()).");
        tests.add(expect("16m", "StreamsDrProtectionUnhealthy", unhealthy));
        tests.add(expect("39m", "StreamsDrProtectionUnhealthy", unhealthy));
        tests.add(expect("40m", "StreamsDrProtectionUnhealthy")); // stale: healthy is NaN, the stale alert takes over
        tests.add(expect("49m", "StreamsDrProtectionStale"));
        tests.add(expect("50m", "StreamsDrProtectionStale", alert(Map.of("component", "namespace streams", "kind", "velero",
                "severity", "warning"), "Protection of namespace streams cannot be checked",
                "The last looks at namespace streams (velero) failed or timed out for 10 minutes: nobody knows how well it is "
                        + "protected. The stale reason is in the status call.")));
        tests.add(expect("37m", "StreamsDrMirrorLagOverObjective"));
        tests.add(expect("38m", "StreamsDrMirrorLagOverObjective", alert(Map.of("component", "kafka", "kind", "kafka",
                "severity", "critical"), "Mirror kafka is 8m 0s behind",
                "The oldest record mirror kafka has not copied yet is 8m 0s old, more than its RPO objective: a failover now would "
                        + "lose that much.")));
        tests.add(expect("60m", "StreamsDrRecoveryPointTooOld", alert(Map.of("component", "rds", "kind", "rds", "severity", "critical"),
                "Newest recovery point of rds is 50m 0s old",
                "The newest recovery point of rds (rds) is 50m 0s old: more than twice its expected interval, or more than its RPO "
                        + "objective. A disaster now would lose that much. Check the component's backup schedule or automated backups "
                        + "(monitor.status() says why).")));
        runPromtool("protection", "1m", series, tests);
    }

    @Test
    void drillAlertsFireOnSeriesTheMetersProduced() throws IOException {
        SeriesRecorder series = SeriesRecorder.every(Duration.ofHours(1));
        List<DrillReport> drills = new ArrayList<>();
        try (MonitoredStreams s = new MonitoredStreams(Instant.EPOCH)) {
            for (int hour = 0; hour <= 1010; hour++) {
                series.record(s.scrape());
                switch (hour) {
                    case 0 -> drills.add(s.drill(Duration.ofMinutes(19), false));   // passes, RTO 20m
                    case 240 -> drills.add(s.drill(Duration.ofMinutes(19), true));  // day 10: the restore fails
                    case 264 -> drills.add(s.drill(Duration.ofMinutes(49), false)); // day 11: RTO 50m, over the 45m objective
                    case 288 -> drills.add(s.drill(Duration.ofMinutes(29), false)); // day 12: passes, RTO 30m; then none for 30 days
                    default -> { }
                }
                s.clock.advance(Duration.between(s.clock.instant(), Instant.EPOCH.plus(Duration.ofHours(hour + 1))));
            }
        }
        assertThat(drills).extracting(DrillReport::passed).containsExactly(true, false, false, true);
        assertThat(drills.get(2).failures()).containsExactly("objective missed: RTO 50m is over the 45m objective");
        assertThat(series.values("streamsdr_drill_last_passed_timestamp_seconds{drill=\"streams-failover\"}").subList(0, 2))
                .containsExactly("0.0", "1200.0");

        Map<String, String> drill = Map.of("drill", "streams-failover", "severity", "warning");
        Alert failed = alert(drill, "The last drill of streams-failover failed",
                "The last DR drill of streams-failover did not pass (a step or a check failed, or an objective was missed). "
                        + "Its report says why.");
        List<String> tests = new ArrayList<>();
        tests.add(expect("240h", "StreamsDrLastDrillFailed"));
        tests.add(expect("241h", "StreamsDrLastDrillFailed", failed));
        tests.add(expect("265h", "StreamsDrLastDrillFailed", failed));
        tests.add(expect("289h", "StreamsDrLastDrillFailed"));
        tests.add(expect("240h", "StreamsDrPlanRunFailed"));
        tests.add(expect("241h", "StreamsDrPlanRunFailed", alert(Map.of("plan", "streams-failover", "outcome", "failed",
                "severity", "warning"), "A run of streams-failover failed",
                "A run of streams-failover failed in the last hour. Its report names the failed step.")));
        tests.add(expect("243h", "StreamsDrPlanRunFailed"));
        tests.add(expect("264h", "StreamsDrRtoOverObjective"));
        tests.add(expect("265h", "StreamsDrRtoOverObjective", alert(Map.of("plan", "streams-failover", "severity", "warning"),
                "The last run of streams-failover took 50m 0s, over its RTO objective",
                "The last successful run (drill or failover) of streams-failover recovered in 50m 0s, more than its RTO objective. "
                        + "Its report shows the critical path.")));
        tests.add(expect("289h", "StreamsDrRtoOverObjective"));
        tests.add(expect("1009h", "StreamsDrNoPassedDrill")); // 30 days after the last pass (288h30m): pending
        tests.add(expect("1010h", "StreamsDrNoPassedDrill", alert(drill, "No passed drill of streams-failover for 30d 1h 30m 0s",
                "No DR drill of streams-failover has passed for 30d 1h 30m 0s (the limit is 30 days). An untested failover is a "
                        + "guess: run the drill.")));
        runPromtool("drills", "1h", series, tests);
    }

    // ------------------------------------------------------------------ promtool's test file

    private record Alert(Map<String, String> labels, Map<String, String> annotations) {
    }

    private static Alert alert(Map<String, String> labels, String summary, String description) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("summary", summary);
        a.put("description", description);
        return new Alert(labels, a);
    }

    private static String expect(String evalTime, String alertname, Alert... alerts) {
        StringBuilder sb = new StringBuilder();
        sb.append("      - eval_time: ").append(evalTime).append('\n');
        sb.append("        alertname: ").append(alertname).append('\n');
        if (alerts.length == 0) {
            return sb.append("        exp_alerts: []\n").toString();
        }
        sb.append("        exp_alerts:\n");
        for (Alert a : alerts) {
            sb.append("          - exp_labels:\n");
            a.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> sb.append("              ").append(e.getKey()).append(": ").append(quote(e.getValue())).append('\n'));
            sb.append("            exp_annotations:\n");
            a.annotations().forEach((k, v) -> sb.append("              ").append(k).append(": ").append(quote(v)).append('\n'));
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private void runPromtool(String name, String interval, SeriesRecorder series, List<String> tests) throws IOException {
        String file = "rule_files:\n  - " + RULES + "\n"
                + "evaluation_interval: " + interval + "\n"
                + "tests:\n"
                + "  - name: " + name + " (series scraped from the library's Prometheus registry)\n"
                + "    interval: " + interval + "\n"
                + "    input_series:\n"
                + series.inputSeries(n -> n.startsWith("streamsdr_"), "      ")
                + "    alert_rule_test:\n"
                + String.join("", tests);
        Path test = dir.resolve(name + "-test.yaml");
        Files.writeString(test, file);
        Promtool.Result r = promtool.testRules(test);
        assertThat(r.succeeded()).as("promtool test rules %s:%n%s", test, r.output()).isTrue();
        assertThat(r.output()).isEqualTo("Unit Testing:  " + test + "\n  SUCCESS\n\n");
    }
}
