package io.streamsdr.testkit;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.Backoff;
import io.streamsdr.core.ObjectiveResult;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RetryPolicy;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.spi.Journal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Each assertion passes on a matching report and fails, saying why, on one that does not match. */
class DrAssertionsTest {
    private static final Instant T0 = VirtualClock.DEFAULT_START;
    private static final StepOutput<String> DB_HOST = StepOutput.string("rds.endpoint.address");

    /** restore (5m, publishes the host) -> flaky (fails twice, 1m backoff) ; side (1m) in parallel. RTO 7m. */
    private static PlanReport succeededRun() {
        VirtualClock clock = VirtualClock.create();
        AtomicInteger tries = new AtomicInteger();
        RestorePlan plan = RestorePlan.builder("good")
                .withObjectives(Objectives.none().withRto(Duration.ofHours(1)).withRpo(Duration.ofMinutes(15)))
                .withStep(Step.named("restore").publishes(DB_HOST).withAction(ctx -> {
                    ctx.sleep(Duration.ofMinutes(5));
                    ctx.recordRpo("rds", Duration.ofMinutes(4));
                    ctx.publish(DB_HOST, "db.example");
                }))
                .withStep(Step.named("flaky").dependsOn("restore")
                        .withRetry(RetryPolicy.attempts(3).withBackoff(Backoff.fixed(Duration.ofMinutes(1))))
                        .withAction(ctx -> {
                            if (tries.incrementAndGet() < 3) {
                                throw new IllegalStateException("not yet");
                            }
                        }))
                .withStep(Step.named("side").withAction(ctx -> ctx.sleep(Duration.ofMinutes(1))))
                .build();
        return plan.execute(RunOptions.defaults().withTime(clock, clock));
    }

    /** broken fails at once with "disk full"; after never starts. */
    private static PlanReport failedRun() {
        VirtualClock clock = VirtualClock.create();
        RestorePlan plan = RestorePlan.builder("broken")
                .withObjectives(Objectives.none().withRto(Duration.ofMinutes(30)))
                .withStep(Step.named("broken").withAction(ctx -> {
                    ctx.sleep(Duration.ofMinutes(2));
                    throw new IllegalStateException("disk full");
                }))
                .withStep(Step.named("after").dependsOn("broken").withAction(ctx -> { }))
                .build();
        return plan.execute(RunOptions.defaults().withTime(clock, clock));
    }

    /** A second run with the journal of a first one that failed at 'second': 'first' is skipped. */
    private static PlanReport resumedRun() {
        VirtualClock clock = VirtualClock.create();
        Journal journal = Journal.inMemory();
        AtomicInteger runs = new AtomicInteger();
        RestorePlan plan = RestorePlan.builder("resumed")
                .withStep(Step.named("first").withAction(ctx -> ctx.sleep(Duration.ofMinutes(1))))
                .withStep(Step.named("second").dependsOn("first").withAction(ctx -> {
                    if (runs.incrementAndGet() == 1) {
                        throw new IllegalStateException("crashed");
                    }
                }))
                .build();
        plan.execute(RunOptions.defaults().withTime(clock, clock).withJournal(journal));
        return plan.execute(RunOptions.defaults().withTime(clock, clock).withJournal(journal));
    }

    private static PlanReport handMade(PlanReport.Outcome outcome, StepReport... steps) {
        return new PlanReport("made", outcome, T0, T0.plus(Duration.ofMinutes(10)), T0, List.of(steps), List.of(), Map.of(),
                List.of(ObjectiveResult.measured("RTO", Duration.ofMinutes(5), Duration.ofMinutes(10)),
                        ObjectiveResult.unmeasured("RPO kafka", Duration.ofSeconds(5), "nothing was recorded for 'kafka'; recorded: nothing")),
                null);
    }

    private static StepReport step(String id, StepReport.Status status, int attempts, boolean resumed, String error) {
        return new StepReport(id, id, List.of(), status, T0, T0.plus(Duration.ofMinutes(10)), attempts, resumed, Map.of(), error, false);
    }

    private static void failsWith(ThrowingCallable assertion, String... messageParts) {
        assertThatThrownBy(assertion).isInstanceOf(AssertionError.class).hasMessageContainingAll(messageParts);
    }

    // ---------------------------------------------------------------- plan

    @Test
    void outcome() {
        PlanReport good = succeededRun();
        PlanReport bad = failedRun();
        assertThat(good).succeeded();
        assertThat(bad).failed();
        assertThat(handMade(PlanReport.Outcome.CANCELLED)).wasCancelled();

        failsWith(() -> assertThat(bad).succeeded(), "Expected plan 'broken' to succeed, but it ended FAILED.",
                "broken: status FAILED, 1 attempt, error: IllegalStateException: disk full", "after: status NOT_STARTED, 0 attempts");
        failsWith(() -> assertThat(good).failed(), "Expected plan 'good' to fail, but it ended SUCCEEDED.",
                "flaky: status SUCCEEDED, 3 attempts");
        failsWith(() -> assertThat(good).wasCancelled(), "Expected plan 'good' to be cancelled, but it ended SUCCEEDED.");
    }

    @Test
    void rto() {
        PlanReport good = succeededRun();
        assertThat(good.rto()).isEqualTo(Duration.ofMinutes(7));
        assertThat(good).rtoAtMost(Duration.ofMinutes(7));

        failsWith(() -> assertThat(good).rtoAtMost(Duration.ofMinutes(6)),
                "Expected plan 'good' to have an RTO of at most 6m, but it was 7m (outcome SUCCEEDED, critical path restore -> flaky)");
    }

    @Test
    void rpo() {
        PlanReport good = succeededRun();
        assertThat(good).rpoAtMost("rds", Duration.ofMinutes(4));

        failsWith(() -> assertThat(good).rpoAtMost("rds", Duration.ofMinutes(3)),
                "Expected plan 'good' to have an RPO for 'rds' of at most 3m, but it was 4m");
        failsWith(() -> assertThat(good).rpoAtMost("kafka", Duration.ofMinutes(3)),
                "Expected plan 'good' to have recorded an RPO for 'kafka' of at most 3m, but no step recorded one (recorded: rds 4m)");
    }

    @Test
    void objectives() {
        assertThat(succeededRun()).meetsObjectives();

        failsWith(() -> assertThat(failedRun()).meetsObjectives(),
                "Expected plan 'broken' to meet its objectives, but it missed one:", "RTO not measured (objective 30m): the plan failed",
                "(outcome FAILED)");
        failsWith(() -> assertThat(handMade(PlanReport.Outcome.SUCCEEDED)).meetsObjectives(), "missed 2 of them",
                "RTO 10m is over the 5m objective",
                "RPO kafka not measured (objective 5s): nothing was recorded for 'kafka'; recorded: nothing");
    }

    @Test
    void criticalPath() {
        PlanReport good = succeededRun();
        assertThat(good).criticalPathIs("restore", "flaky");

        failsWith(() -> assertThat(good).criticalPathIs("side"),
                "Expected the critical path of plan 'good' to be side, but it was restore -> flaky");
    }

    @Test
    void aMissingStepIsNamedWithTheStepsThereAre() {
        failsWith(() -> assertThat(succeededRun()).step("nope"),
                "Expected plan 'good' to have a step 'nope', but its steps are: restore, side, flaky");
    }

    // ---------------------------------------------------------------- step

    @Test
    void ranOnce() {
        PlanReport good = succeededRun();
        assertThat(good).step("restore").ranOnce();

        failsWith(() -> assertThat(good).step("flaky").ranOnce(),
                "Expected step 'flaky' to have run once in this run and succeeded, but it shows status SUCCEEDED, 3 attempts");
        failsWith(() -> assertThat(failedRun()).step("broken").ranOnce(),
                "but it shows status FAILED, 1 attempt, error: IllegalStateException: disk full");
        failsWith(() -> assertThat(resumedRun()).step("first").ranOnce(), "but it shows status DONE_EARLIER, 0 attempts");
    }

    @Test
    void statuses() {
        PlanReport good = succeededRun();
        PlanReport bad = failedRun();
        PlanReport resumed = resumedRun();
        assertThat(good).step("flaky").succeeded();
        assertThat(bad).step("broken").failed();
        assertThat(bad).step("after").notStarted();
        assertThat(resumed).step("first").wasSkipped();
        assertThat(resumed).step("second").succeeded();
        assertThat(handMade(PlanReport.Outcome.CANCELLED, step("x", StepReport.Status.CANCELLED, 1, false, "cancelled")))
                .step("x").wasCancelled();

        failsWith(() -> assertThat(bad).step("broken").succeeded(),
                "Expected step 'broken' to have succeeded in this run, but it shows status FAILED, 1 attempt, error: "
                        + "IllegalStateException: disk full");
        failsWith(() -> assertThat(good).step("restore").failed(),
                "Expected step 'restore' to have failed, but it shows status SUCCEEDED, 1 attempt");
        failsWith(() -> assertThat(good).step("restore").wasSkipped(),
                "Expected step 'restore' to have been skipped as done in an earlier run, but it shows status SUCCEEDED");
        failsWith(() -> assertThat(bad).step("broken").notStarted(),
                "Expected step 'broken' not to have started, but it shows status FAILED");
        failsWith(() -> assertThat(good).step("side").wasCancelled(),
                "Expected step 'side' to have been cancelled, but it shows status SUCCEEDED");
    }

    @Test
    void attemptsAndResumed() {
        assertThat(succeededRun()).step("flaky").attempts(3);
        PlanReport resumed = handMade(PlanReport.Outcome.SUCCEEDED, step("db", StepReport.Status.SUCCEEDED, 1, true, null));
        assertThat(resumed).step("db").resumed();

        failsWith(() -> assertThat(succeededRun()).step("flaky").attempts(1),
                "Expected step 'flaky' to have made 1 attempt, but it shows status SUCCEEDED, 3 attempts");
        failsWith(() -> assertThat(succeededRun()).step("restore").resumed(),
                "Expected step 'restore' to have resumed after a run that died while it was running, but it shows status "
                        + "SUCCEEDED, 1 attempt");
    }

    @Test
    void outputs() {
        PlanReport good = succeededRun();
        assertThat(good).step("restore").hasOutput("rds.endpoint.address", "db.example");

        failsWith(() -> assertThat(good).step("restore").hasOutput("rds.endpoint.address", "other.example"),
                "Expected step 'restore' to have published rds.endpoint.address = \"other.example\", but its outputs are "
                        + "{rds.endpoint.address=db.example}");
        failsWith(() -> assertThat(good).step("side").hasOutput("x", "y"), "but its outputs are none (status SUCCEEDED, 1 attempt)");
    }

    @Test
    void errors() {
        PlanReport bad = failedRun();
        assertThat(bad).step("broken").errorContains("disk full");

        failsWith(() -> assertThat(bad).step("broken").errorContains("quota"),
                "Expected the error of step 'broken' to contain \"quota\", but it is \"IllegalStateException: disk full\"");
        failsWith(() -> assertThat(succeededRun()).step("restore").errorContains("quota"), "but it has no error");
    }

    @Test
    void order() {
        PlanReport good = succeededRun();
        assertThat(good).step("flaky").startedAfter("restore");

        failsWith(() -> assertThat(good).step("side").startedAfter("restore"),
                "Expected step 'side' to have started at or after the end of step 'restore', but 'side' started at +0s and "
                        + "'restore' ended at +5m");
        failsWith(() -> assertThat(failedRun()).step("after").startedAfter("broken"), "'after' started never");
        failsWith(() -> assertThat(good).step("side").startedAfter("ghost"), "plan 'good' has no step 'ghost'");
    }

    // ---------------------------------------------------------------- protection status

    @Test
    void protectionStatus() {
        ProtectionStatus healthy = ProtectionStatus.healthy("rds", T0, Duration.ofMinutes(5));
        ProtectionStatus stale = ProtectionStatus.unhealthy("rds", T0, Duration.ofHours(30), "RPO 30h exceeds the threshold");
        ProtectionStatus empty = ProtectionStatus.unhealthy("kafka", T0, "no recovery point");
        assertThat(healthy).isHealthy().rpoAtMost(Duration.ofMinutes(5));
        assertThat(stale).isUnhealthy().isUnhealthyBecause("exceeds");

        failsWith(() -> assertThat(stale).isHealthy(),
                "Expected protection of 'rds' to be healthy, but it is not: RPO 30h exceeds the threshold (RPO 1d6h)");
        failsWith(() -> assertThat(healthy).isUnhealthy(), "Expected protection of 'rds' to be unhealthy, but it is healthy (RPO 5m)");
        failsWith(() -> assertThat(stale).isUnhealthyBecause("quota"),
                "to be unhealthy because of \"quota\", but the reason is \"RPO 30h exceeds the threshold\"");
        failsWith(() -> assertThat(healthy).rpoAtMost(Duration.ofMinutes(4)), "Expected 'rds' to have an RPO of at most 4m, but it is 5m");
        failsWith(() -> assertThat(empty).rpoAtMost(Duration.ofMinutes(4)),
                "Expected 'kafka' to have an RPO of at most 4m, but it has no recovery point (no recovery point)");
    }

    @Test
    void aNullReportFailsClearly() {
        failsWith(() -> assertThat((PlanReport) null).succeeded(), "Expecting actual not to be null");
    }
}
