package io.streamsdr.testkit;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on one step of a {@link PlanReport}; start with
 * {@code DrAssertions.assertThat(report).step("id")}. Failure messages show the step's status,
 * attempts and error.
 */
public final class StepReportAssert extends AbstractAssert<StepReportAssert, StepReport> {
    private final PlanReport report;

    /**
     * Prefer {@code DrAssertions.assertThat(report).step("id")}.
     *
     * @param actual the step
     * @param report the report it belongs to, for assertions that compare it with other steps
     */
    public StepReportAssert(StepReport actual, PlanReport report) {
        super(actual, StepReportAssert.class);
        this.report = report;
    }

    /** It ran in this run, in exactly one attempt, and succeeded. */
    public StepReportAssert ranOnce() {
        isNotNull();
        if (actual.status() != StepReport.Status.SUCCEEDED || actual.attempts() != 1) {
            fail("to have run once in this run and succeeded");
        }
        return this;
    }

    /** It ran in this run and succeeded (in any number of attempts). */
    public StepReportAssert succeeded() {
        return hasStatus(StepReport.Status.SUCCEEDED, "to have succeeded in this run");
    }

    /** It failed (after its retries) or timed out. */
    public StepReportAssert failed() {
        return hasStatus(StepReport.Status.FAILED, "to have failed");
    }

    /** It was skipped because an earlier run recorded in the journal finished it ({@code DONE_EARLIER}). */
    public StepReportAssert wasSkipped() {
        return hasStatus(StepReport.Status.DONE_EARLIER, "to have been skipped as done in an earlier run");
    }

    /** It never started (a step before it failed, or the run was cancelled). */
    public StepReportAssert notStarted() {
        return hasStatus(StepReport.Status.NOT_STARTED, "not to have started");
    }

    /** It was running when the run was cancelled. */
    public StepReportAssert wasCancelled() {
        return hasStatus(StepReport.Status.CANCELLED, "to have been cancelled");
    }

    private StepReportAssert hasStatus(StepReport.Status expected, String what) {
        isNotNull();
        if (actual.status() != expected) {
            fail(what);
        }
        return this;
    }

    /** It started exactly {@code expected} attempts in this run. */
    public StepReportAssert attempts(int expected) {
        isNotNull();
        if (actual.attempts() != expected) {
            fail("to have made " + expected + (expected == 1 ? " attempt" : " attempts"));
        }
        return this;
    }

    /** It ran again after a run that died while it was running. */
    public StepReportAssert resumed() {
        isNotNull();
        if (!actual.resumed()) {
            fail("to have resumed after a run that died while it was running");
        }
        return this;
    }

    /** It published output {@code name} with this value, as the report shows it (secrets masked). */
    public StepReportAssert hasOutput(String name, String expected) {
        isNotNull();
        String value = actual.outputs().get(name);
        if (!actual.outputs().containsKey(name) || !Objects.equals(value, expected)) {
            failWithMessage("Expected step '%s' to have published %s = \"%s\", but its outputs are %s (%s)", actual.id(), name,
                    expected, actual.outputs().isEmpty() ? "none" : actual.outputs(), describe(actual));
        }
        return this;
    }

    /** Its error contains {@code text}. */
    public StepReportAssert errorContains(String text) {
        isNotNull();
        if (actual.error().filter(e -> e.contains(text)).isEmpty()) {
            failWithMessage("Expected the error of step '%s' to contain \"%s\", but %s (%s)", actual.id(), text,
                    actual.error().map(e -> "it is \"" + e + "\"").orElse("it has no error"), describe(actual));
        }
        return this;
    }

    /**
     * It started at or after the end of step {@code otherStepId}: it waited for it.
     *
     * @throws AssertionError also when either step did not start or the other did not end
     */
    public StepReportAssert startedAfter(String otherStepId) {
        isNotNull();
        StepReport other = report.steps().stream().filter(s -> s.id().equals(otherStepId)).findFirst().orElse(null);
        if (other == null) {
            failWithMessage("Expected step '%s' to have started after step '%s', but plan '%s' has no step '%s'", actual.id(),
                    otherStepId, report.planName(), otherStepId);
        } else if (actual.startedAt().isEmpty() || other.endedAt().isEmpty() || actual.startedAt().get().isBefore(other.endedAt().get())) {
            failWithMessage("Expected step '%s' to have started at or after the end of step '%s', but '%s' started %s and '%s' "
                    + "ended %s", actual.id(), otherStepId, actual.id(), at(actual.startedAt().orElse(null), "never"), otherStepId,
                    at(other.endedAt().orElse(null), "never (" + describe(other) + ")"));
        }
        return this;
    }

    private String at(Instant t, String otherwise) {
        return t == null ? otherwise : "at +" + Durations.format(Duration.between(report.firstStartedAt(), t));
    }

    private void fail(String expectation) {
        failWithMessage("Expected step '%s' %s, but it shows %s", actual.id(), expectation, describe(actual));
    }

    /** "status FAILED, 2 attempts, error: ..." */
    static String describe(StepReport s) {
        StringBuilder sb = new StringBuilder("status ").append(s.status()).append(", ").append(s.attempts())
                .append(s.attempts() == 1 ? " attempt" : " attempts");
        if (s.resumed()) {
            sb.append(", resumed");
        }
        s.error().ifPresent(e -> sb.append(", error: ").append(e));
        return sb.toString();
    }
}
