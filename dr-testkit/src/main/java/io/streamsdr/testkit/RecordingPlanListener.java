package io.streamsdr.testkit;

import io.streamsdr.core.PlanListener;
import io.streamsdr.core.PlanReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A {@link PlanListener} that records every event of a run, in the order the engine sent them: the
 * one recording listener for tests, drills and benchmarks, so that they cannot drift apart.
 *
 * <pre>{@code
 * RecordingPlanListener events = RecordingPlanListener.create();
 * PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock).onEvents(events));
 *
 * assertThat(events.started()).containsExactly("velero", "rds", "helm");
 * assertThat(events.progress("rds")).contains("restore of 'streams-dr' requested");
 * assertThat(events.lines()).anyMatch(line -> line.contains("retrying rds after attempt 1: Throttling: Rate exceeded"));
 * }</pre>
 *
 * <p>Each {@link Event} keeps its {@link Type}, its step (none for the plan's start and end), its
 * message, its time on the run's clock, and what else the event said (attempts, backoff or duration,
 * whether the step resumed, how many steps the plan has). What a listener hears is already redacted, so these are also what a
 * secret-leak test scans.
 *
 * <p>Thread-safe: the engine calls it from its threads while a test reads it from its own; every
 * accessor returns a snapshot. It records one run or several, one after the other.
 */
public final class RecordingPlanListener implements PlanListener {

    /** The kind of an event: one per {@link PlanListener} method. */
    public enum Type {
        /** {@link PlanListener#planStarted}. */
        PLAN_STARTED,
        /** {@link PlanListener#stepStarted}. */
        STEP_STARTED,
        /** {@link PlanListener#stepProgress}. */
        STEP_PROGRESS,
        /** {@link PlanListener#stepRetrying}. */
        STEP_RETRYING,
        /** {@link PlanListener#stepSucceeded}. */
        STEP_SUCCEEDED,
        /** {@link PlanListener#stepFailed}. */
        STEP_FAILED,
        /** {@link PlanListener#stepSkipped}. */
        STEP_SKIPPED,
        /** {@link PlanListener#planFinished}. */
        PLAN_FINISHED;

        /** Whether this event ends a step that started: it succeeded or failed. */
        public boolean endsAStep() {
            return this == STEP_SUCCEEDED || this == STEP_FAILED;
        }
    }

    /** One recorded event. Immutable. */
    public static final class Event {
        private final Type type;
        private final String stepId;
        private final String message;
        private final Instant at;
        private final int attempts;
        private final Duration duration;
        private final boolean resuming;
        private final int plannedSteps;

        private Event(Type type, String stepId, String message, Instant at, int attempts, Duration duration, boolean resuming) {
            this(type, stepId, message, at, attempts, duration, resuming, 0);
        }

        private Event(Type type, String stepId, String message, Instant at, int attempts, Duration duration, boolean resuming,
                int plannedSteps) {
            this.type = type;
            this.stepId = stepId;
            this.message = message == null ? "" : message;
            this.at = at;
            this.attempts = attempts;
            this.duration = duration;
            this.resuming = resuming;
            this.plannedSteps = plannedSteps;
        }

        /** What happened. */
        public Type type() {
            return type;
        }

        /** The step it happened to; empty for {@link Type#PLAN_STARTED} and {@link Type#PLAN_FINISHED}. */
        public Optional<String> stepId() {
            return Optional.ofNullable(stepId);
        }

        /**
         * What the event said, never null: the plan's name ({@link Type#PLAN_STARTED}), the step's
         * description ({@link Type#STEP_STARTED}), the progress message, the reason (retrying,
         * failed, skipped), the outcome ({@link Type#PLAN_FINISHED}); empty for
         * {@link Type#STEP_SUCCEEDED}.
         */
        public String message() {
            return message;
        }

        /** When, on the run's clock ({@link PlanReport#finishedAt()} for {@link Type#PLAN_FINISHED}). */
        public Instant at() {
            return at;
        }

        /**
         * The attempt that failed ({@link Type#STEP_RETRYING}), or the attempts made in this run
         * ({@link Type#STEP_SUCCEEDED}, {@link Type#STEP_FAILED}); 0 for the others.
         */
        public int attempts() {
            return attempts;
        }

        /** The backoff before the next attempt ({@link Type#STEP_RETRYING}), or how long the step took ({@link Type#STEP_SUCCEEDED}). */
        public Optional<Duration> duration() {
            return Optional.ofNullable(duration);
        }

        /** For {@link Type#PLAN_STARTED}: how many steps the plan has; 0 for the others. */
        public int plannedSteps() {
            return plannedSteps;
        }

        /** For {@link Type#STEP_STARTED}: whether the step resumed an earlier run's attempt. */
        public boolean resuming() {
            return resuming;
        }

        /**
         * One line, as {@link RecordingPlanListener#lines()} shows it:
         * <pre>
         * planStarted &lt;plan&gt;
         * started &lt;step&gt;                       ("started &lt;step&gt; (resuming)" when it resumed)
         * progress &lt;step&gt;: &lt;message&gt;
         * retrying &lt;step&gt; after attempt &lt;n&gt;: &lt;reason&gt;
         * succeeded &lt;step&gt;
         * failed &lt;step&gt;: &lt;reason&gt;
         * skipped &lt;step&gt;: &lt;reason&gt;
         * planFinished &lt;OUTCOME&gt;
         * </pre>
         */
        @Override
        public String toString() {
            return switch (type) {
                case PLAN_STARTED -> "planStarted " + message;
                case STEP_STARTED -> "started " + stepId + (resuming ? " (resuming)" : "");
                case STEP_PROGRESS -> "progress " + stepId + ": " + message;
                case STEP_RETRYING -> "retrying " + stepId + " after attempt " + attempts + ": " + message;
                case STEP_SUCCEEDED -> "succeeded " + stepId;
                case STEP_FAILED -> "failed " + stepId + ": " + message;
                case STEP_SKIPPED -> "skipped " + stepId + ": " + message;
                case PLAN_FINISHED -> "planFinished " + message;
            };
        }
    }

    private final List<Event> events = new ArrayList<>();
    private PlanReport report;

    private RecordingPlanListener() {
    }

    /** A listener that has recorded nothing yet. */
    public static RecordingPlanListener create() {
        return new RecordingPlanListener();
    }

    // ---------------------------------------------------------------- what the engine calls

    @Override
    public void planStarted(String planName, int steps, Instant at) {
        add(new Event(Type.PLAN_STARTED, null, planName, at, 0, null, false, steps));
    }

    @Override
    public void stepStarted(String stepId, String description, boolean resuming, Instant at) {
        add(new Event(Type.STEP_STARTED, stepId, description, at, 0, null, resuming));
    }

    @Override
    public void stepProgress(String stepId, String message, Instant at) {
        add(new Event(Type.STEP_PROGRESS, stepId, message, at, 0, null, false));
    }

    @Override
    public void stepRetrying(String stepId, int failedAttempt, String reason, Duration backoff, Instant at) {
        add(new Event(Type.STEP_RETRYING, stepId, reason, at, failedAttempt, backoff, false));
    }

    @Override
    public void stepSucceeded(String stepId, int attempts, Duration took, Instant at) {
        add(new Event(Type.STEP_SUCCEEDED, stepId, "", at, attempts, took, false));
    }

    @Override
    public void stepFailed(String stepId, int attempts, String reason, Instant at) {
        add(new Event(Type.STEP_FAILED, stepId, reason, at, attempts, null, false));
    }

    @Override
    public void stepSkipped(String stepId, String reason, Instant at) {
        add(new Event(Type.STEP_SKIPPED, stepId, reason, at, 0, null, false));
    }

    @Override
    public void planFinished(PlanReport report) {
        synchronized (events) {
            this.report = report;
            events.add(new Event(Type.PLAN_FINISHED, null, report.outcome().name(), report.finishedAt(), 0, null, false));
        }
    }

    private void add(Event e) {
        synchronized (events) {
            events.add(e);
        }
    }

    // ---------------------------------------------------------------- what a test reads

    /** Every event so far, in order. */
    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The events of one step, in order. */
    public List<Event> events(String stepId) {
        Objects.requireNonNull(stepId, "stepId");
        return select(e -> stepId.equals(e.stepId));
    }

    /** The events of one type, in order. */
    public List<Event> events(Type type) {
        Objects.requireNonNull(type, "type");
        return select(e -> e.type == type);
    }

    /** Every event as one line ({@link Event#toString()}), in order: what {@code containsExactly} reads best. */
    public List<String> lines() {
        return events().stream().map(Event::toString).toList();
    }

    /** The steps that started, in the order they started. */
    public List<String> started() {
        return select(e -> e.type == Type.STEP_STARTED).stream().map(e -> e.stepId).toList();
    }

    /** The steps that ended (succeeded or failed), in the order they ended. */
    public List<String> ended() {
        return select(e -> e.type.endsAStep()).stream().map(e -> e.stepId).toList();
    }

    /** The steps that were skipped (done in an earlier run, or not started), in the order they were announced. */
    public List<String> skipped() {
        return select(e -> e.type == Type.STEP_SKIPPED).stream().map(e -> e.stepId).toList();
    }

    /** The progress messages of one step, in order. */
    public List<String> progress(String stepId) {
        Objects.requireNonNull(stepId, "stepId");
        return select(e -> e.type == Type.STEP_PROGRESS && stepId.equals(e.stepId)).stream().map(Event::message).toList();
    }

    /**
     * Every text the run's listeners were given, in order: plan names, step descriptions, progress
     * messages, reasons and outcomes. What a secret-leak test scans.
     */
    public List<String> messages() {
        return events().stream().map(Event::message).filter(m -> !m.isEmpty()).toList();
    }

    /** The report of the last run that finished, if one did. */
    public Optional<PlanReport> report() {
        synchronized (events) {
            return Optional.ofNullable(report);
        }
    }

    private List<Event> select(Predicate<Event> which) {
        synchronized (events) {
            return events.stream().filter(which).toList();
        }
    }

    /** Every event, one per line. */
    @Override
    public String toString() {
        return String.join("\n", lines());
    }
}
