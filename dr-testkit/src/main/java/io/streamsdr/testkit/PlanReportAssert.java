package io.streamsdr.testkit;

import io.streamsdr.core.ObjectiveResult;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link PlanReport}; start with {@link DrAssertions#assertThat(PlanReport)}.
 * Every failure message says what was expected and what the report shows.
 */
public final class PlanReportAssert extends AbstractAssert<PlanReportAssert, PlanReport> {

    /** Prefer {@link DrAssertions#assertThat(PlanReport)}. */
    public PlanReportAssert(PlanReport actual) {
        super(actual, PlanReportAssert.class);
    }

    /** The run ended with every step done. */
    public PlanReportAssert succeeded() {
        return hasOutcome(PlanReport.Outcome.SUCCEEDED, "succeed");
    }

    /** A step failed. */
    public PlanReportAssert failed() {
        return hasOutcome(PlanReport.Outcome.FAILED, "fail");
    }

    /** The run was cancelled. */
    public PlanReportAssert wasCancelled() {
        return hasOutcome(PlanReport.Outcome.CANCELLED, "be cancelled");
    }

    private PlanReportAssert hasOutcome(PlanReport.Outcome expected, String verb) {
        isNotNull();
        if (actual.outcome() != expected) {
            failWithMessage("Expected plan '%s' to %s, but it ended %s.%nSteps:%n%s", actual.planName(), verb, actual.outcome(),
                    steps(actual));
        }
        return this;
    }

    /**
     * The RTO (first step start to the end of the run) is at most {@code limit}.
     *
     * @throws NullPointerException when {@code limit} is null
     */
    public PlanReportAssert rtoAtMost(Duration limit) {
        isNotNull();
        if (actual.rto().compareTo(limit) > 0) {
            failWithMessage("Expected plan '%s' to have an RTO of at most %s, but it was %s (outcome %s, critical path %s)",
                    actual.planName(), Durations.format(limit), Durations.format(actual.rto()), actual.outcome(),
                    path(actual.criticalPath()));
        }
        return this;
    }

    /** The RPO the run recorded for {@code component} is at most {@code limit}. */
    public PlanReportAssert rpoAtMost(String component, Duration limit) {
        isNotNull();
        Duration rpo = actual.rpo().get(component);
        if (rpo == null) {
            failWithMessage("Expected plan '%s' to have recorded an RPO for '%s' of at most %s, but no step recorded one "
                    + "(recorded: %s)", actual.planName(), component, Durations.format(limit), rpos(actual));
        } else if (rpo.compareTo(limit) > 0) {
            failWithMessage("Expected plan '%s' to have an RPO for '%s' of at most %s, but it was %s", actual.planName(), component,
                    Durations.format(limit), Durations.format(rpo));
        }
        return this;
    }

    /** Every objective of the plan was met (as {@link PlanReport#objectivesMet()}: true when there are none). */
    public PlanReportAssert meetsObjectives() {
        isNotNull();
        List<ObjectiveResult> missed = actual.objectives().stream().filter(o -> !o.met()).toList();
        if (!missed.isEmpty()) {
            failWithMessage("Expected plan '%s' to meet its objectives, but it missed %s:%n%s%n(outcome %s)", actual.planName(),
                    missed.size() == 1 ? "one" : missed.size() + " of them",
                    missed.stream().map(o -> "  " + o.describe())
                            .collect(Collectors.joining(System.lineSeparator())),
                    actual.outcome());
        }
        return this;
    }

    /** The critical path is exactly these steps, first to last. */
    public PlanReportAssert criticalPathIs(String... stepIds) {
        isNotNull();
        List<String> expected = Arrays.asList(stepIds);
        if (!actual.criticalPath().equals(expected)) {
            failWithMessage("Expected the critical path of plan '%s' to be %s, but it was %s", actual.planName(), path(expected),
                    path(actual.criticalPath()));
        }
        return this;
    }

    /**
     * Assertions on one step of the report.
     *
     * @throws AssertionError when the plan has no such step
     */
    public StepReportAssert step(String stepId) {
        isNotNull();
        StepReport step = actual.steps().stream().filter(s -> s.id().equals(stepId)).findFirst().orElse(null);
        if (step == null) {
            failWithMessage("Expected plan '%s' to have a step '%s', but its steps are: %s", actual.planName(), stepId,
                    actual.steps().stream().map(StepReport::id).collect(Collectors.joining(", ")));
        }
        return new StepReportAssert(step, actual);
    }

    static String path(List<String> ids) {
        return ids.isEmpty() ? "(empty)" : String.join(" -> ", ids);
    }

    static String rpos(PlanReport r) {
        return r.rpo().isEmpty() ? "none" : r.rpo().entrySet().stream()
                .map(e -> e.getKey() + " " + Durations.format(e.getValue())).collect(Collectors.joining(", "));
    }

    static String steps(PlanReport r) {
        return r.steps().stream().map(s -> "  " + s.id() + ": " + StepReportAssert.describe(s))
                .collect(Collectors.joining(System.lineSeparator()));
    }
}
