package io.streamsdr.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console display prints one plain line per event when the output is not a terminal (CI logs, files). */
class ConsoleProgressTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void printsPlainTimestampedLinesWhenNotATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PlanListener console = PlanListener.console(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        console.planStarted("failover", 2, T0);
        console.stepStarted("rds", "restore snapshot", false, T0);
        console.stepProgress("rds", "instance 'db' to be available: creating (check 1, 0s, next in 30s)", T0.plusSeconds(30));
        console.stepRetrying("rds", 1, "Throttling", Duration.ofSeconds(5), T0.plusSeconds(65));
        console.stepSucceeded("rds", 2, Duration.ofMinutes(20), T0.plus(Duration.ofMinutes(20)));
        console.stepFailed("helm", 1, "release not found", T0.plus(Duration.ofMinutes(21)));
        console.stepSkipped("verify", "not started: an earlier step failed", T0.plus(Duration.ofMinutes(21)));
        console.planFinished(new PlanReport("failover", PlanReport.Outcome.FAILED, T0, T0.plus(Duration.ofMinutes(21)), T0,
                List.of(new StepReport("rds", "restore snapshot", List.of(), StepReport.Status.SUCCEEDED, T0,
                        T0.plus(Duration.ofMinutes(20)), 2, false, Map.of(), null, true)),
                List.of("rds"), Map.of(), List.of(), null));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("\r", "\033");
        assertThat(out.lines()).containsExactly(
                "[00:00:00] plan failover: 2 steps",
                "[00:00:00] > rds: restore snapshot",
                "[00:00:30]   rds: instance 'db' to be available: creating",
                "[00:01:05] ! rds attempt 1 failed (Throttling), retry in 5s",
                "[00:20:00] ok rds in 20m",
                "[00:21:00] FAILED helm: release not found",
                "[00:21:00] - verify skipped: not started: an earlier step failed",
                "[00:21:00] plan failover FAILED: RTO 21m, critical path rds");
    }
}
