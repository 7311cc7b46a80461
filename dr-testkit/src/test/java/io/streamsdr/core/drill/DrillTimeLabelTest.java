package io.streamsdr.core.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.DrillReport;
import io.streamsdr.core.Failover;
import io.streamsdr.core.Installation;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PlanListener;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.testkit.FakeBackupTarget;
import io.streamsdr.testkit.ScaledClock;
import io.streamsdr.testkit.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Which time a drill's figures are in is said wherever it could be either: the console's plan lines, the text and the
 * HTML say "simulated" or "real" from the run's sleeper (ScaledClock, VirtualClock, real time), and a check's duration
 * under a scaled clock is shown in real time. The console shows a step's progress once per state, short, with
 * timestamps to the second.
 */
class DrillTimeLabelTest {
    private static final String MIRROR = "MirrorMaker 2 to catch up, for 30s: backup->new-production: 20051 records in 6"
            + " of 6 partitions to copy; replication lag 27m41.283s (the oldest of them); first: streams.audit-0 behind by 3314 records /"
            + " 27m41.283s (next 0, end 3314)";
    private final Installation streams = Installation.named("streams").protect(FakeBackupTarget.named("rds")).build();

    private Failover failover() {
        return streams.failover("streams-failover")
                .restore(PlanFragment.of(Step.named("rds-restore").withAction(c -> {
                    for (int check = 1; check <= 4; check++) {
                        c.progress("RDS instance 'streams-dr' to be available: status creating (check " + check + ", " + (check * 30)
                                + "s, next in 30s)");
                    }
                    c.progress("restore requested from snapshot s1 as of 2026-12-05T21:10:17.440157340Z");
                    c.progress("restore requested from snapshot s1 as of 2026-12-05T21:10:18.440157340Z");
                    c.progress("a long message " + "word ".repeat(40));
                    c.progress(MIRROR);
                    c.progress("RDS instance 'streams-dr' is available");
                })))
                .repoint(PlanFragment.of(Step.named("helm-upgrade").withAction(c -> c.progress("rolled out"))))
                .build();
    }

    @Test
    void aScaledClockLabelsTimesSimulatedAndShowsACheckDurationInRealTime() {
        ScaledClock clock = ScaledClock.start(600);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DrillReport report = failover().drill().verify("takes a simulated minute", () -> {
            clock.sleep(Duration.ofMinutes(1)); // 100 ms of real time at x600
            return "done";
        }).run(RunOptions.defaults().withTime(clock, clock).onEvents(PlanListener.console(new PrintStream(bytes, true, StandardCharsets.UTF_8))));

        List<String> console = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(console.get(0)).isEqualTo("[00:00:00] plan streams-failover: 2 steps (times simulated, clock x600: 1 real second = 600 simulated seconds)");
        assertThat(console.subList(2, 7)).extracting(l -> l.substring(11)).containsExactly(
                "  rds-restore: RDS instance 'streams-dr' to be available: status creating",
                "  rds-restore: restore requested from snapshot s1 as of 2026-12-05T21:10:17Z",
                "  rds-restore: a long message " + "word ".repeat(29).trim() + "\u2026",
                "  rds-restore: " + MIRROR.substring(0, MIRROR.indexOf("; first")) + "; \u2026",
                "  rds-restore: RDS instance 'streams-dr' is available");
        assertThat(console.get(console.size() - 1)).matches("\\[\\d\\d:\\d\\d:\\d\\d] plan streams-failover SUCCEEDED: RTO [^ ]+ \\(simulated\\), critical path rds-restore -> helm-upgrade");

        assertThat(report.simulatedTime()).isTrue();
        assertThat(report.timeScale()).isEqualTo(600);
        assertThat(report.timeLabel()).isEqualTo("simulated");
        assertThat(report.toText().lines()).contains("Times are simulated (clock x600: 1 real second = 600 simulated seconds); check durations are real.",
                "RPO achieved by component (simulated):");
        assertThat(report.toJson()).contains("\"simulatedTime\" : true", "\"timeScale\" : 600.0");
        String html = report.toHtml();
        assertThat(html).contains("<dd id=\"time-note\" class=\"simulated\">Times are simulated (clock x600: 1 real second = 600 simulated seconds);"
                + " check durations are real.</dd>", "<th>Took (real)</th>");
        Matcher rto = Pattern.compile("<dt>RTO</dt><dd id=\"rto\">[^<]+ \\(simulated\\)</dd>").matcher(html);
        assertThat(rto.find()).as(html).isTrue();
        Matcher took = Pattern.compile("<td class=\"pre\">done</td><td class=\"num\">(\\d+)ms</td>").matcher(html);
        assertThat(took.find()).as("the check took a simulated minute, 100 ms of real time: shown in ms, not as 1m").isTrue();
        assertThat(Integer.parseInt(took.group(1))).isBetween(90, 999);
    }

    @Test
    void aVirtualClockIsSimulatedTooAndRealTimeIsSaidToBeReal() {
        VirtualClock clock = VirtualClock.create();
        DrillReport virtual = failover().drill().verify("answers", () -> "yes").run(RunOptions.defaults().withTime(clock, clock));
        assertThat(virtual.simulatedTime()).isTrue();
        assertThat(virtual.timeScale()).isEqualTo(1);
        assertThat(virtual.toText().lines()).contains("Times are simulated (virtual clock).");
        assertThat(virtual.toHtml()).contains("<th>Took (simulated)</th>");

        DrillReport real = failover().drill().verify("answers", () -> "yes").run(RunOptions.defaults());
        assertThat(real.simulatedTime()).isFalse();
        assertThat(real.timeLabel()).isEqualTo("real");
        assertThat(real.toText().lines()).contains("Times are real.", "RPO achieved by component (real):");
        assertThat(real.toHtml()).contains("<dd id=\"time-note\" class=\"real\">Times are real.</dd>", "<th>Took (real)</th>");
    }
}
