package io.streamsdr.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.Acceptor;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.FailurePolicy;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanExecution;
import io.streamsdr.core.PlanListener;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RetryPolicy;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepFailedException;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.Wait;
import io.streamsdr.testkit.RecordingPlanListener;
import io.streamsdr.testkit.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FailureHandlingTest {
    private static final Instant T0 = VirtualClock.DEFAULT_START;
    private final VirtualClock clock = VirtualClock.create();

    private RunOptions options() {
        return RunOptions.defaults().withTime(clock, clock);
    }

    @Test
    void retriesWithExponentialBackoffOnVirtualTime() {
        List<Instant> attemptsAt = new CopyOnWriteArrayList<>();
        RestorePlan plan = RestorePlan.builder("retry")
                .withStep(Step.named("flaky")
                        .withRetry(RetryPolicy.attempts(4).withBackoff(Backoff.exponential(Duration.ofSeconds(5), 2.0, Duration.ofSeconds(15))))
                        .withAction(ctx -> {
                            attemptsAt.add(ctx.now());
                            if (ctx.attempt() < 4) {
                                throw new IllegalStateException("throttled, attempt " + ctx.attempt());
                            }
                        }))
                .build();

        PlanReport report = plan.execute(options());

        assertThat(report.succeeded()).isTrue();
        assertThat(attemptsAt).containsExactly(T0, T0.plusSeconds(5), T0.plusSeconds(15), T0.plusSeconds(30));
        assertThat(report.step("flaky").orElseThrow().attempts()).isEqualTo(4);
    }

    @Test
    void retriesStopAtMaxAttemptsAndTheFailureNamesStepAndAttempt() {
        AtomicInteger calls = new AtomicInteger();
        RestorePlan plan = RestorePlan.builder("exhausted")
                .withStep(Step.named("always-fails").withRetry(RetryPolicy.attempts(3))
                        .withAction(ctx -> {
                            calls.incrementAndGet();
                            throw new IllegalStateException("RDS said InternalFailure");
                        }))
                .build();

        PlanReport report = plan.execute(options());

        assertThat(calls).hasValue(3);
        assertThat(report.outcome()).isEqualTo(PlanReport.Outcome.FAILED);
        assertThatThrownBy(report::throwIfFailed).isInstanceOf(StepFailedException.class)
                .hasMessage("Step 'always-fails' of plan 'exhausted' failed on attempt 3 of 3: IllegalStateException: RDS said InternalFailure")
                .satisfies(e -> {
                    assertThat(((StepFailedException) e).stepId()).isEqualTo("always-fails");
                    assertThat(((StepFailedException) e).attempt()).isEqualTo(3);
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
                });
    }

    @Test
    void guardRailsAndBadConfigurationAreNeverRetried() {
        AtomicInteger calls = new AtomicInteger();
        RestorePlan plan = RestorePlan.builder("no-retry")
                .withStep(Step.named("guarded").withRetry(RetryPolicy.attempts(5)).withAction(ctx -> {
                    calls.incrementAndGet();
                    throw new PreconditionFailedException("restore target must not exist", "instance 'db' exists", "withOverwrite()");
                }))
                .build();

        PlanReport report = plan.execute(options());

        assertThat(calls).hasValue(1);
        assertThat(report.step("guarded").orElseThrow().error().orElseThrow()).startsWith("Refused by guard rail 'restore target must not exist'");
    }

    @Test
    void aStepTimeoutStopsItsWaitOnVirtualTime() {
        RestorePlan plan = RestorePlan.builder("timeout")
                .withStep(Step.named("slow-restore").withTimeout(Duration.ofMinutes(30)).withAction(ctx ->
                        ctx.poller().await(Wait.until("instance 'db' to be available", () -> "creating")
                                .withAcceptor(Acceptor.successWhen("available"::equals)),
                                PollPolicy.defaults().withTimeout(Duration.ofHours(2)))))
                .withStep(Step.named("after").dependsOn("slow-restore").withAction(ctx -> { }))
                .build();

        PlanReport report = plan.execute(options());

        assertThat(report.outcome()).isEqualTo(PlanReport.Outcome.FAILED);
        assertThat(report.step("slow-restore").orElseThrow().error()).contains("step 'slow-restore' did not complete within 30m");
        assertThat(report.step("slow-restore").orElseThrow().duration()).contains(Duration.ofMinutes(30));
        assertThat(report.step("after").orElseThrow().status()).isEqualTo(StepReport.Status.NOT_STARTED);
        assertThat(report.failure()).get().extracting(Throwable::getCause).isInstanceOf(TimedOutException.class);
    }

    @Test
    void onRealTimeAStepThatBlocksPastItsTimeoutIsInterrupted() {
        CountDownLatch never = new CountDownLatch(1);
        RestorePlan plan = RestorePlan.builder("watchdog")
                .withStep(Step.named("stuck").withTimeout(Duration.ofMillis(200)).withAction(ctx -> never.await()))
                .build();

        PlanReport report = plan.execute(RunOptions.defaults());

        assertThat(report.step("stuck").orElseThrow().status()).isEqualTo(StepReport.Status.FAILED);
        assertThat(report.step("stuck").orElseThrow().error()).contains("step 'stuck' did not complete within 200ms");
    }

    @Test
    void failFastStartsNoNewStepAndLetsRunningStepsFinishByDefault() {
        List<String> started = new CopyOnWriteArrayList<>();
        RestorePlan plan = RestorePlan.builder("fail-fast")
                .withStep(Step.named("fails-at-1m").withAction(ctx -> {
                    started.add("fails-at-1m");
                    ctx.sleep(Duration.ofMinutes(1));
                    throw new IllegalStateException("boom");
                }))
                .withStep(Step.named("long-20m").withAction(ctx -> {
                    started.add("long-20m");
                    ctx.sleep(Duration.ofMinutes(20));
                }))
                .withStep(Step.named("after-long").dependsOn("long-20m").withAction(ctx -> started.add("after-long")))
                .withStep(Step.named("independent-but-queued").withAction(ctx -> started.add("independent-but-queued")))
                .build();

        PlanReport report = plan.execute(options().withParallelism(2));

        assertThat(started).containsExactlyInAnyOrder("fails-at-1m", "long-20m");
        assertThat(report.step("long-20m").orElseThrow().status()).isEqualTo(StepReport.Status.SUCCEEDED);
        assertThat(report.step("after-long").orElseThrow().status()).isEqualTo(StepReport.Status.NOT_STARTED);
        assertThat(report.step("independent-but-queued").orElseThrow().status()).isEqualTo(StepReport.Status.NOT_STARTED);
        assertThat(report.outcome()).isEqualTo(PlanReport.Outcome.FAILED);
        assertThat(report.elapsed()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void failFastWithCancelRunningInterruptsRunningSteps() {
        RestorePlan plan = RestorePlan.builder("cancel-running")
                .withStep(Step.named("fails-at-1m").withAction(ctx -> {
                    ctx.sleep(Duration.ofMinutes(1));
                    throw new IllegalStateException("boom");
                }))
                .withStep(Step.named("long-20m").withAction(ctx -> ctx.sleep(Duration.ofMinutes(20))))
                .build();

        PlanReport report = plan.execute(options().withFailurePolicy(FailurePolicy.CANCEL_RUNNING));

        assertThat(report.step("long-20m").orElseThrow().status()).isEqualTo(StepReport.Status.CANCELLED);
        assertThat(report.step("fails-at-1m").orElseThrow().status()).isEqualTo(StepReport.Status.FAILED);
        assertThat(report.elapsed()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void cancellationStopsRunningStepsAndStartsNoOther() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger afterRan = new AtomicInteger();
        RestorePlan plan = RestorePlan.builder("cancel")
                .withStep(Step.named("blocking").withAction(ctx -> {
                    inside.countDown();
                    never.await();
                }))
                .withStep(Step.named("after").dependsOn("blocking").withAction(ctx -> afterRan.incrementAndGet()))
                .build();

        PlanExecution execution = plan.start(options());
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        execution.cancel();
        PlanReport report = execution.awaitCompletion();

        assertThat(report.outcome()).isEqualTo(PlanReport.Outcome.CANCELLED);
        assertThat(report.step("blocking").orElseThrow().status()).isEqualTo(StepReport.Status.CANCELLED);
        assertThat(report.step("after").orElseThrow().status()).isEqualTo(StepReport.Status.NOT_STARTED);
        assertThat(afterRan).hasValue(0);
        assertThat(execution.isDone()).isTrue();
        assertThatThrownBy(report::throwIfFailed).isInstanceOf(CancellationException.class);
    }

    @Test
    void aThrowingListenerCannotBreakARunAndOthersStillHearEverything() {
        PlanListener throwing = new PlanListener() {
            @Override
            public void planStarted(String planName, int steps, Instant at) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void stepStarted(String stepId, String description, boolean resuming, Instant at) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void stepSucceeded(String stepId, int attempts, Duration took, Instant at) {
                throw new AssertionError("listener bug");
            }

            @Override
            public void planFinished(PlanReport report) {
                throw new IllegalStateException("listener bug");
            }
        };
        RecordingPlanListener recording = RecordingPlanListener.create();
        RestorePlan plan = RestorePlan.builder("listeners")
                .withStep(Step.named("a").withAction(ctx -> ctx.sleep(Duration.ofSeconds(1))))
                .withStep(Step.named("b").dependsOn("a").withAction(ctx -> { }))
                .build();

        PlanReport report = plan.execute(options().onEvents(throwing).onEvents(recording));

        assertThat(report.succeeded()).isTrue();
        assertThat(recording.lines()).containsExactly("planStarted listeners", "started a", "succeeded a", "started b", "succeeded b",
                "planFinished SUCCEEDED");
    }

    @Test
    void everyStartedStepGetsExactlyOneEndEventAndSkippedStepsAreAnnounced() {
        RecordingPlanListener recording = RecordingPlanListener.create();
        RestorePlan plan = RestorePlan.builder("events")
                .withStep(Step.named("a").withRetry(RetryPolicy.attempts(2)).withAction(ctx -> {
                    throw new IllegalStateException("no");
                }))
                .withStep(Step.named("b").dependsOn("a").withAction(ctx -> { }))
                .build();

        plan.execute(options().onEvents(recording));

        assertThat(recording.lines()).containsExactly("planStarted events", "started a", "retrying a after attempt 1: no",
                "failed a: IllegalStateException: no", "skipped b: not started: an earlier step failed", "planFinished FAILED");
    }

    @Test
    void invalidRunOptionsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> RunOptions.defaults().withParallelism(0))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("Invalid parallelism: must be between 1 and 256, was 0");
        assertThatThrownBy(() -> RunOptions.defaults().withJournal(null))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("Invalid journal: must not be null");
        assertThatThrownBy(() -> RunOptions.defaults().withTime(clock, null))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("Invalid sleeper: must not be null");
    }

    /**
     * Regression: a cancelled step still counted as asleep until its thread woke, so the coordinator's
     * workFinished() could move virtual time to that step's wake-up (20 minutes instead of 1).
     */
    @org.junit.jupiter.api.RepeatedTest(50)
    void regressionACancelledSleeperDoesNotDragVirtualTimeForward() {
        VirtualClock c = VirtualClock.create();
        RestorePlan plan = RestorePlan.builder("cancel-running")
                .withStep(Step.named("fails-at-1m").withAction(ctx -> {
                    ctx.sleep(Duration.ofMinutes(1));
                    throw new IllegalStateException("boom");
                }))
                .withStep(Step.named("long-20m").withAction(ctx -> ctx.sleep(Duration.ofMinutes(20))))
                .build();

        PlanReport report = plan.execute(RunOptions.defaults().withTime(c, c).withFailurePolicy(FailurePolicy.CANCEL_RUNNING));

        assertThat(report.elapsed()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.instant()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    }
}
