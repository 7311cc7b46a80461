package io.streamsdr.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.Backoff;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RetryPolicy;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.testkit.RecordingPlanListener.Event;
import io.streamsdr.testkit.RecordingPlanListener.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one recording listener: every event, in order, with what it said; readable while and after a run. */
class RecordingPlanListenerTest {
    private static final Instant T0 = VirtualClock.DEFAULT_START;
    private final VirtualClock clock = VirtualClock.create();

    private RunOptions options(RecordingPlanListener events) {
        return RunOptions.defaults().withTime(clock, clock).onEvents(events);
    }

    /** a (1m, with progress) -> b (fails once, retried after 10s) -> c (fails) -> d (never starts). */
    private static RestorePlan plan() {
        return RestorePlan.builder("recorded")
                .withStep(Step.named("a").withDescription("restore the database").withAction(ctx -> {
                    ctx.progress("restore requested");
                    ctx.sleep(Duration.ofMinutes(1));
                    ctx.progress("restore done");
                }))
                .withStep(Step.named("b").dependsOn("a").withRetry(RetryPolicy.attempts(2).withBackoff(Backoff.fixed(Duration.ofSeconds(10))))
                        .withAction(ctx -> {
                            if (ctx.attempt() == 1) {
                                throw new IllegalStateException("throttled");
                            }
                        }))
                .withStep(Step.named("c").dependsOn("b").withAction(ctx -> {
                    throw new IllegalStateException("broken");
                }))
                .withStep(Step.named("d").dependsOn("c").withAction(ctx -> { }))
                .build();
    }

    @Test
    void recordsEveryEventInOrderWithItsStepMessageAndTime() {
        RecordingPlanListener events = RecordingPlanListener.create();

        PlanReport report = plan().execute(options(events));

        assertThat(events.lines()).containsExactly(
                "planStarted recorded",
                "started a",
                "progress a: restore requested",
                "progress a: restore done",
                "succeeded a",
                "started b",
                "retrying b after attempt 1: throttled",
                "succeeded b",
                "started c",
                "failed c: IllegalStateException: broken",
                "skipped d: not started: an earlier step failed",
                "planFinished FAILED");
        assertThat(events.events()).extracting(Event::at).containsExactly(T0, T0, T0, T0.plusSeconds(60), T0.plusSeconds(60),
                T0.plusSeconds(60), T0.plusSeconds(60), T0.plusSeconds(70), T0.plusSeconds(70), T0.plusSeconds(70), T0.plusSeconds(70),
                T0.plusSeconds(70));
        assertThat(events.started()).containsExactly("a", "b", "c");
        assertThat(events.ended()).containsExactly("a", "b", "c");
        assertThat(events.skipped()).containsExactly("d");
        assertThat(events.progress("a")).containsExactly("restore requested", "restore done");
        assertThat(events.progress("b")).isEmpty();
        assertThat(events.report()).containsSame(report);
        assertThat(events.toString()).startsWith("planStarted recorded\nstarted a\n").endsWith("\nplanFinished FAILED");
    }

    @Test
    void eachEventKeepsWhatItSaid() {
        RecordingPlanListener events = RecordingPlanListener.create();

        plan().execute(options(events));

        Event planStarted = events.events().get(0);
        assertThat(planStarted.type()).isEqualTo(Type.PLAN_STARTED);
        assertThat(planStarted.stepId()).isEmpty();
        assertThat(planStarted.message()).isEqualTo("recorded");
        assertThat(planStarted.plannedSteps()).isEqualTo(4);

        assertThat(events.events("a")).extracting(Event::type)
                .containsExactly(Type.STEP_STARTED, Type.STEP_PROGRESS, Type.STEP_PROGRESS, Type.STEP_SUCCEEDED);
        Event started = events.events("a").get(0);
        assertThat(started.message()).isEqualTo("restore the database");
        assertThat(started.resuming()).isFalse();
        Event succeeded = events.events("a").get(3);
        assertThat(succeeded.attempts()).isEqualTo(1);
        assertThat(succeeded.duration()).contains(Duration.ofMinutes(1));
        assertThat(succeeded.message()).isEmpty();

        Event retrying = events.events(Type.STEP_RETRYING).get(0);
        assertThat(retrying.stepId()).contains("b");
        assertThat(retrying.attempts()).as("the attempt that failed").isEqualTo(1);
        assertThat(retrying.duration()).as("the backoff").contains(Duration.ofSeconds(10));
        assertThat(events.events("b")).filteredOn(e -> e.type() == Type.STEP_SUCCEEDED).extracting(Event::attempts).containsExactly(2);

        Event failed = events.events(Type.STEP_FAILED).get(0);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.duration()).isEmpty();
        assertThat(events.events(Type.PLAN_FINISHED)).singleElement().satisfies(e -> {
            assertThat(e.message()).isEqualTo("FAILED");
            assertThat(e.at()).isEqualTo(T0.plusSeconds(70));
        });
        assertThat(events.messages()).containsExactly("recorded", "restore the database", "restore requested", "restore done", "b",
                "throttled", "c", "IllegalStateException: broken", "not started: an earlier step failed", "FAILED");
    }

    @Test
    void aResumedRunShowsTheStepsDoneEarlierAndTheOneThatResumed() {
        Journal journal = Journal.inMemory();
        RestorePlan plan = RestorePlan.builder("resumed")
                .withStep(Step.named("a").withAction(ctx -> { }))
                .withStep(Step.named("b").dependsOn("a").withAction(ctx -> ctx.sleep(Duration.ofMinutes(5))))
                .build();
        // a: RUNNING, SUCCEEDED; b: RUNNING, then the process dies before b's end is recorded
        CrashingJournal crashing = CrashingJournal.crashingBeforeWrite(journal, 3);
        assertThatThrownBy(() -> plan.execute(RunOptions.defaults().withTime(clock, clock).withJournal(crashing)))
                .isInstanceOf(CrashingJournal.SimulatedCrash.class);
        RecordingPlanListener events = RecordingPlanListener.create();

        plan.execute(options(events).withJournal(journal));

        assertThat(events.lines()).containsExactly("planStarted resumed", "skipped a: done in an earlier run", "started b (resuming)",
                "succeeded b", "planFinished SUCCEEDED");
        assertThat(events.events(Type.STEP_STARTED)).singleElement().extracting(Event::resuming).isEqualTo(true);
    }

    @Test
    void parallelStepsAreRecordedWholeAndEachStepInItsOwnOrder() {
        RestorePlan.Builder b = RestorePlan.builder("wide");
        for (int i = 0; i < 40; i++) {
            b.withStep(Step.named("s" + i).withAction(ctx -> {
                ctx.progress("one");
                ctx.sleep(Duration.ofSeconds(1));
                ctx.progress("two");
            }));
        }
        RecordingPlanListener events = RecordingPlanListener.create();

        b.build().execute(options(events).withParallelism(8));

        assertThat(events.events()).hasSize(2 + 40 * 4);
        assertThat(events.started()).hasSize(40).doesNotHaveDuplicates();
        assertThat(events.ended()).hasSize(40).doesNotHaveDuplicates();
        for (int i = 0; i < 40; i++) {
            assertThat(events.events("s" + i)).extracting(Event::toString)
                    .containsExactly("started s" + i, "progress s" + i + ": one", "progress s" + i + ": two", "succeeded s" + i);
        }
    }

    @Test
    void beforeAnyRunItHasRecordedNothing() {
        RecordingPlanListener events = RecordingPlanListener.create();

        assertThat(events.events()).isEmpty();
        assertThat(events.lines()).isEmpty();
        assertThat(events.report()).isEqualTo(Optional.empty());
        assertThat(events.started()).isEqualTo(List.of());
    }
}
