package io.streamsdr.core;

import io.streamsdr.core.internal.HtmlReport;
import io.streamsdr.core.internal.JsonReport;
import io.streamsdr.core.internal.TextReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The evidence of a plan run: each step's times, attempts and outputs, the RTO, the critical path,
 * the RPO each component achieved, and the objectives met or missed. Immutable. Secrets are masked.
 *
 * <p>Render it with {@link #toJson()} (schema in {@code docs/report-schema.md}), {@link #toText()}
 * or {@link #toHtml()} (one self-contained page with an SVG timeline).
 *
 * <p><b>RTO</b> runs from the first start of any step recorded in the journal (an earlier run, when
 * this one resumed) to the end of this run, so the time lost to a crash counts.
 * {@link #elapsed()} is this run alone.
 */
public final class PlanReport {

    /** How a run ended. */
    public enum Outcome {
        /** Every step is done. */
        SUCCEEDED,
        /** A step failed. */
        FAILED,
        /** The run was cancelled. */
        CANCELLED
    }

    private final String planName;
    private final Outcome outcome;
    private final Instant startedAt;
    private final Instant finishedAt;
    private final Instant firstStartedAt;
    private final List<StepReport> steps;
    private final List<String> criticalPath;
    private final Map<String, Duration> rpo;
    private final List<ObjectiveResult> objectives;
    private final transient Throwable failure;

    /**
     * Made by the plan engine; public so that tools can rebuild a report (from JSON, say).
     *
     * @param failure the first failed step's exception, or null
     * @throws InvalidConfigurationException when the critical path names a step the report does not hold
     */
    public PlanReport(String planName, Outcome outcome, Instant startedAt, Instant finishedAt, Instant firstStartedAt,
            List<StepReport> steps, List<String> criticalPath, Map<String, Duration> rpo, List<ObjectiveResult> objectives,
            Throwable failure) {
        this.planName = Objects.requireNonNull(planName, "planName");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.finishedAt = Objects.requireNonNull(finishedAt, "finishedAt");
        this.firstStartedAt = firstStartedAt == null || firstStartedAt.isAfter(startedAt) ? startedAt : firstStartedAt;
        this.steps = List.copyOf(steps);
        this.criticalPath = List.copyOf(criticalPath);
        this.rpo = Collections.unmodifiableMap(new LinkedHashMap<>(rpo));
        this.objectives = List.copyOf(objectives);
        this.failure = failure;
        for (String id : this.criticalPath) {
            if (this.steps.stream().noneMatch(st -> st.id().equals(id))) {
                throw new InvalidConfigurationException("critical path of report '" + planName + "'", "names step '" + id + "', which is not among the report's steps");
            }
        }
    }

    /** The plan's name. */
    public String planName() {
        return planName;
    }

    /** How the run ended. */
    public Outcome outcome() {
        return outcome;
    }

    /** Whether every step is done. */
    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }

    /** When this run started. */
    public Instant startedAt() {
        return startedAt;
    }

    /** When this run ended. */
    public Instant finishedAt() {
        return finishedAt;
    }

    /** This run alone, start to end. */
    public Duration elapsed() {
        return Duration.between(startedAt, finishedAt);
    }

    /** The recovery time: from the first recorded step start, in this run or one it resumed, to this run's end. */
    public Duration rto() {
        return Duration.between(firstStartedAt, finishedAt);
    }

    /** When the first step of the plan started, in this run or an earlier one it resumed. */
    public Instant firstStartedAt() {
        return firstStartedAt;
    }

    /** Every step, in the plan's order (dependencies first). */
    public List<StepReport> steps() {
        return steps;
    }

    /** The step with this id, if the plan has one. */
    public Optional<StepReport> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * The chain of steps that decided the run's length, first to last: the step that ended last,
     * then the dependency that held it back longest, and so on back.
     */
    public List<String> criticalPath() {
        return criticalPath;
    }

    /** From the start of the critical path's first step to the end of its last. */
    public Duration criticalPathDuration() {
        if (criticalPath.isEmpty()) {
            return Duration.ZERO;
        }
        Optional<Instant> start = step(criticalPath.get(0)).flatMap(StepReport::startedAt);
        Optional<Instant> end = step(criticalPath.get(criticalPath.size() - 1)).flatMap(StepReport::endedAt);
        return start.isEmpty() || end.isEmpty() ? Duration.ZERO : Duration.between(start.get(), end.get());
    }

    /** The RPO each component achieved, as steps recorded it with {@link StepContext#recordRpo}. */
    public Map<String, Duration> rpo() {
        return rpo;
    }

    /** Each objective, met or missed. */
    public List<ObjectiveResult> objectives() {
        return objectives;
    }

    /** Whether every objective was met (true when there are none). */
    public boolean objectivesMet() {
        return objectives.stream().allMatch(ObjectiveResult::met);
    }

    /** The first failed step's exception (a {@link StepFailedException}), if any. Not part of the rendered report. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * This report when the run succeeded.
     *
     * @throws StepFailedException when a step failed (the first one's)
     * @throws java.util.concurrent.CancellationException when the run was cancelled
     */
    public PlanReport throwIfFailed() {
        if (outcome == Outcome.CANCELLED) {
            throw new java.util.concurrent.CancellationException("Plan '" + planName + "' was cancelled");
        }
        if (outcome == Outcome.FAILED) {
            if (failure instanceof StepFailedException e) {
                throw e;
            }
            StepReport failed = steps.stream().filter(s -> s.status() == StepReport.Status.FAILED).findFirst().orElse(null);
            throw new StepFailedException(failed == null ? "?" : failed.id(), failed == null ? 0 : failed.attempts(),
                    "Plan '" + planName + "' failed" + (failed == null ? "" : " at step '" + failed.id() + "': " + failed.error().orElse("?")),
                    failure);
        }
        return this;
    }

    /** The report as JSON, following the documented schema (docs/report-schema.md). */
    public String toJson() {
        return JsonReport.render(this);
    }

    /** The report as a plain-text table. */
    public String toText() {
        return TextReport.render(this);
    }

    /**
     * The report as one self-contained HTML page with an SVG timeline: nothing fetched from elsewhere; one
     * inline script links each step's bar and table row, and the page reads the same without it.
     */
    public String toHtml() {
        return HtmlReport.render(this);
    }

    @Override
    public String toString() {
        return "PlanReport[" + planName + ", " + outcome + ", rto=" + rto() + "]";
    }
}
